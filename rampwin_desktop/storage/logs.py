"""The log file: rotating, in the log folder, with every known secret redacted from every record."""

from __future__ import annotations

import io
import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from rampwin_desktop.redaction import redact
from rampwin_desktop.storage import private
from rampwin_desktop.storage.private import private_folder

LOG_FILE = "rampwin-desktop.log"


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


class PrivateRotatingFileHandler(RotatingFileHandler):
    """Every log file it opens, the first and each one after a rotation, is 0600: the log
    holds phone numbers and message bodies."""

    def _open(self) -> io.TextIOWrapper:
        stream = open(  # noqa: SIM115 - the handler owns the stream and closes it
            self.baseFilename,
            self.mode,
            encoding=self.encoding,
            errors=self.errors,
            opener=private.opener,
        )
        assert isinstance(stream, io.TextIOWrapper)  # text mode: the handler's "a"
        return stream


def setup_logging(folder: Path, *, level: int = logging.INFO) -> Path:
    """Log to ``folder/rampwin-desktop.log`` (1 MB, 3 old files kept). Returns the file."""
    path = private_folder(folder) / LOG_FILE
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "rampwin", False):
            root.removeHandler(handler)
            handler.close()
    handler = PrivateRotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.rampwin = True  # type: ignore[attr-defined]
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    return path
