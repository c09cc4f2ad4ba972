"""Secrets the app has seen, and text with them taken out.

The API key and the cookie are registered when they are read or entered
(:func:`register_secret`); :func:`redact` replaces them, and anything that looks like an
``X-API-Key`` or ``Cookie`` header, in log records, error dialogs and helper output alike.
No dependencies: every layer may use it.
"""

from __future__ import annotations

import re
import threading

REDACTED = "[redacted]"
_HEADER = re.compile(r"(?i)\b(x-api-key|cookie|set-cookie)(\s*[:=]\s*)([^\s,'\"}]+)")

_lock = threading.Lock()
_secrets: set[str] = set()


def register_secret(value: str | None) -> None:
    """Never let ``value`` reach a log line (ignored when too short to be a secret)."""
    if value and len(value.strip()) >= 6:
        with _lock:
            _secrets.add(value.strip())


def redact(text: str) -> str:
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return _HEADER.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)
