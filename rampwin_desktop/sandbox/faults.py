"""Fault switches: make the sandbox misbehave on purpose, the way real networks and servers do."""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from typing import Any


class Drop(StrEnum):
    MID_REQUEST = "mid_request"  # read part of the request body, then reset the connection
    BEFORE_RESPONSE = "before_response"  # handle the request fully (a send is recorded), then close


ENDPOINTS = ("upload", "send", "*")


@dataclass
class Fault:
    """What to do to the next ``times`` requests to ``endpoint`` (0: every one, until cleared).

    - ``status``: answer with this HTTP status instead of handling the request
      (nothing is stored or recorded); ``body`` and ``content_type`` replace the
      default JSON error, ``retry_after`` adds that header.
    - ``delay``: wait this many seconds before answering. Without ``status`` the
      request is handled first, so a delayed send is recorded (delivered) even if
      the client gives up waiting.
    - ``drop``: break the connection (see :class:`Drop`).
    - ``body`` without ``status``: answer 200 with this raw text (not JSON).
    - ``trickle``: send the answer one byte at a time, this many seconds apart.
    """

    endpoint: str = "*"
    status: int | None = None
    body: str | None = None
    content_type: str = "application/json"
    retry_after: str | None = None
    delay: float = 0.0
    trickle: float = 0.0  # seconds between the bytes of the answer (a slow, live connection)
    drop: Drop | None = None
    times: int = 1

    def __post_init__(self) -> None:
        if self.endpoint not in ENDPOINTS:
            raise ValueError(f"endpoint must be one of {', '.join(ENDPOINTS)}")
        for name, kind in _KINDS.items():  # from JSON: a wrong kind would fail when it fires
            value = getattr(self, name)
            if value is None and name in _OPTIONAL:
                continue
            if not isinstance(value, kind) or isinstance(value, bool):
                raise ValueError(f"{name} must be {_KIND_NAMES[kind]}")
        if self.drop is not None:
            self.drop = Drop(self.drop)
        if self.times < 0:
            raise ValueError("times must be 0 (always) or more")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fault:
        known = {item.name for item in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown fault fields: {', '.join(sorted(unknown))}")
        return cls(**data)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


_KINDS: dict[str, type | tuple[type, ...]] = {
    "status": int,
    "body": str,
    "content_type": str,
    "retry_after": str,
    "delay": (int, float),
    "trickle": (int, float),
    "times": int,
}
_OPTIONAL = frozenset({"status", "body", "retry_after"})  # None: not given
_KIND_NAMES = {int: "a whole number", str: "text", (int, float): "a number of seconds"}


class FaultBook:
    """Faults waiting for requests; thread-safe, first match wins."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._left: list[int] = []

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)
            self._left.append(fault.times)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
            self._left.clear()

    def take(self, endpoint: str) -> Fault | None:
        with self._lock:
            for index, fault in enumerate(self._faults):
                if fault.endpoint in (endpoint, "*"):
                    if self._left[index] > 0:
                        self._left[index] -= 1
                        if self._left[index] == 0:
                            del self._faults[index]
                            del self._left[index]
                    return fault
        return None

    def pending(self) -> list[dict[str, Any]]:
        with self._lock:
            return [fault.to_json() for fault in self._faults]
