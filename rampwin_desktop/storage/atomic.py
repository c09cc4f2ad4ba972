"""Write files so that a crash leaves either the old content or the new, never half of it."""

from __future__ import annotations

import contextlib
import os
import stat
import time
from pathlib import Path

from rampwin_desktop.storage.private import FILE_MODE, POSIX


def write_text_atomically(path: Path, content: str, *, private: bool = True) -> None:
    """Replace ``path`` with ``content``. The app's own files are ``private`` (0600, see
    storage/private.py); a user's document (a draft) keeps the mode it had, or gets the
    user's umask when new."""
    _replace(Path(path), content.encode("utf-8"), private=private)


def write_bytes_atomically(path: Path, content: bytes) -> None:
    """Replace ``path`` with ``content``, a private file (0600) of the app's own."""
    _replace(Path(path), content, private=True)


def _replace(path: Path, content: bytes, *, private: bool) -> None:
    """Write ``content`` beside ``path``, put it on disk, then move it over ``path``."""
    handle, temporary = _temporary(path, private=private)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_directory(path.parent)


def _temporary(path: Path, *, private: bool) -> tuple[int, str]:
    """A new file beside ``path``: 0600 when ``private``, else the mode ``path`` has, or
    0666 less the umask (the kernel applies it: the process umask is never changed)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = str(path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp"))
        try:
            handle = os.open(temporary, flags, FILE_MODE if private else 0o666)
            break
        except FileExistsError:
            continue
    if private:
        mode: int | None = FILE_MODE
    else:
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except OSError:
            mode = None
    if mode is not None and POSIX:
        os.fchmod(handle, mode)
    return handle, temporary


def _fsync_directory(directory: Path) -> None:
    if os.name != "posix":
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def set_aside(path: Path) -> Path:
    """Move a damaged file out of the way, untouched, as ``<name>.corrupt-<time>``; a
    second one in the same second gets ``-2``, ``-3``... Returns where it went."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    path.replace(aside)
    return aside
