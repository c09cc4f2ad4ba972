"""Reading a file a user names: only an ordinary file, and never more than a cap.

A FIFO would block the reader, ``/dev/zero`` would never end and a file may say one size
and hold another, so the callers (drafts, recipient lists) read through here and word
each failure their own way.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotOrdinaryFileError(OSError):
    """A folder, pipe, device or socket where a file was expected."""

    def __init__(self, *, is_dir: bool) -> None:
        super().__init__("a folder" if is_dir else "not an ordinary file")
        self.is_dir = is_dir


class TooBigError(OSError):
    """More than the cap; ``size`` is what the file system says, None if it said less."""

    def __init__(self, size: int | None) -> None:
        super().__init__("too big")
        self.size = size


def read_capped(path: Path, max_bytes: int) -> bytes:
    """The bytes of the ordinary file at ``path``, at most ``max_bytes`` of them.

    Raises NotOrdinaryFileError, TooBigError, or the OSError of the failed call
    (FileNotFoundError, PermissionError, ...).
    """
    _check(os.stat(path), max_bytes)  # before opening: opening a FIFO may block
    # O_NONBLOCK: should the path become a FIFO after the check, opening it does not block.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as stream:
        _check(os.fstat(stream.fileno()), max_bytes)  # the file that was opened
        raw = stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise TooBigError(None)
    return raw


def _check(status: os.stat_result, max_bytes: int) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise NotOrdinaryFileError(is_dir=stat.S_ISDIR(status.st_mode))
    if status.st_size > max_bytes:
        raise TooBigError(status.st_size)
