"""Reading a file a user names: only an ordinary file, and never more than a cap.

A FIFO would block the reader, ``/dev/zero`` would never end and a file may say one size
and hold another, so drafts and lists of recipients are read through here, and a file
that cannot be read is said the same way for both.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class UnreadableFileError(ValueError):
    """A file that was not read; ``str(error)`` is a sentence for the user."""


def read_capped(path: Path, max_bytes: int, *, kind: str, limit: str) -> bytes:
    """The bytes of the ordinary file at ``path``, at most ``max_bytes`` of them.

    ``kind`` names what the file should be ("a draft"); ``limit`` is the sentence
    that follows its size when it is too big ("a draft is a small JSON file (at most 1 MB).").
    """
    name = path.name or str(path)
    try:
        _check(os.stat(path), max_bytes)  # before opening: opening a FIFO may block
        # O_NONBLOCK: should the path become a FIFO after the check, opening it does not block.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(path, flags), "rb") as stream:
            _check(os.fstat(stream.fileno()), max_bytes)  # the file that was opened
            raw = stream.read(max_bytes + 1)
        if len(raw) > max_bytes:
            raise _TooBig(None)
    except _NotOrdinary as exc:
        if exc.is_dir:
            raise UnreadableFileError(f"{name} is a folder, not {kind} file.") from None
        raise UnreadableFileError(  # its whole path: "/dev/fd/63", not "63"
            f"{path} is not an ordinary file (a pipe, a device or a socket), so it is not "
            f"{kind}; reading it could wait or run forever."
        ) from None
    except _TooBig as exc:
        size = f"{exc.size / 1_000_000:.1f} MB" if exc.size is not None else "too big"
        raise UnreadableFileError(f"{name} is {size}; {limit}") from None
    except FileNotFoundError:
        raise UnreadableFileError(f"The file {name} does not exist.") from None
    except OSError as exc:
        raise UnreadableFileError(f"The file {name} cannot be read ({exc.strerror}).") from None
    return raw


class _NotOrdinary(Exception):
    def __init__(self, *, is_dir: bool) -> None:
        super().__init__()
        self.is_dir = is_dir


class _TooBig(Exception):
    def __init__(self, size: int | None) -> None:
        super().__init__()
        self.size = size  # as the file system says; None when it said less than was there


def _check(status: os.stat_result, max_bytes: int) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise _NotOrdinary(is_dir=stat.S_ISDIR(status.st_mode))
    if status.st_size > max_bytes:
        raise _TooBig(status.st_size)
