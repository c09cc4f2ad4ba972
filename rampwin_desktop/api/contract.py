"""What the client and its callers share: endpoint paths, callbacks, timeouts, retries, results.

It does not import ``requests``, so callers that need only these types and constants do not
load the HTTP stack; that comes with ``rampwin_desktop.api.client``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

UPLOAD_PATH = "/api/media/upload"
SEND_PATH = "/api/messages/send"

Progress = Callable[[int, int], None]  # (bytes sent, bytes in all)
Cancel = Callable[[], bool]  # True once the user asked to stop


@dataclass(frozen=True)
class Timeouts:
    connect: float = 10.0
    read: float = 30.0  # waiting for the answer to a send, or after an upload's last byte

    def pair(self) -> tuple[float, float]:
        return (self.connect, self.read)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3  # in all, the first one included
    backoff: float = 1.0  # seconds before the 2nd attempt; doubled each time
    max_backoff: float = 8.0
    max_retry_after: float = 30.0  # a longer Retry-After is reported, not waited for

    def delay(self, attempt: int) -> float:
        return float(min(self.backoff * (2 ** (attempt - 1)), self.max_backoff))


RETRYABLE_UPLOAD_STATUSES = frozenset({429, 502, 503, 504})


@dataclass(frozen=True)
class SendResult:
    message: str  # the server's text, e.g. "Interactive message sent successfully"
    status: int
    body: dict[str, Any]
