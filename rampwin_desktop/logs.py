"""Logging to a rotating file, with every secret the app knows redacted from every record.

Secrets (the API key, the cookie) are registered with :func:`register_secret` when they are
read or entered; the filter replaces them, and anything that looks like an ``X-API-Key`` or
``Cookie`` header, in messages, arguments and exception text alike.
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

REDACTED = "[redacted]"
LOG_FILE = "rampwin-desktop.log"
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


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info:
            formatter = logging.Formatter()
            record.exc_text = redact(formatter.formatException(record.exc_info))
            record.exc_info = None
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def setup_logging(folder: Path, *, level: int = logging.INFO) -> Path:
    """Log to ``folder/rampwin-desktop.log`` (1 MB, 3 old files kept). Returns the file."""
    from logging.handlers import RotatingFileHandler  # 6 ms: not imported until needed

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "rampwin", False):
            root.removeHandler(handler)
            handler.close()
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.rampwin = True  # type: ignore[attr-defined]
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    return path
