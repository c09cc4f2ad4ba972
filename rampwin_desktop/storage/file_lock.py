"""Exclusive locks on files, held across processes: the window and the command line both
write the settings file (``locked``, waited for); each window holds the lock of its own
recovery file while it lives (``HeldLock``, never waited for). The operating system drops a
process's locks when it ends, however it ends, so a free lock means its owner is gone.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

if sys.platform == "win32":
    import msvcrt

    def _lock(descriptor: int) -> None:
        msvcrt.locking(descriptor, msvcrt.LK_LOCK, 1)  # retries for 10 s, then raises OSError

    def _try_lock(descriptor: int) -> bool:
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(descriptor: int) -> None:
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_EX)

    def _try_lock(descriptor: int) -> bool:
        try:  # flock: per open file, so two holders in one process exclude each other too
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold ``<path>.lock`` while the block runs (another process holding it is waited for)."""
    descriptor = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _lock(descriptor)
        try:
            yield
        finally:
            _unlock(descriptor)
    finally:
        os.close(descriptor)


class HeldLock:
    """An exclusive lock on ``path`` kept until ``release`` (or ``remove``), or until the
    process ends, however it ends (a kill -9 included): nothing to clean up after a crash,
    and a reused process id cannot make a dead owner look alive."""

    ATTEMPTS = 5

    def __init__(self, path: Path, descriptor: int) -> None:
        self.path = path
        self._descriptor: int | None = descriptor

    @classmethod
    def take(cls, path: Path) -> HeldLock | None:
        """The lock on ``path`` (the file is made if missing), or ``None`` when someone else
        holds it. Never waits. Raises ``OSError`` when the file cannot be made or opened."""
        for _ in range(cls.ATTEMPTS):
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            if not _try_lock(descriptor):
                os.close(descriptor)
                return None
            if _still_at(path, descriptor):
                return cls(path, descriptor)
            # Its holder removed the file between our open and our lock: that file is no
            # one's lock any more. Try again with the one at ``path`` now.
            os.close(descriptor)
        return None

    def release(self) -> None:
        """Let go, leaving the file for its next holder."""
        if self._descriptor is not None:
            descriptor, self._descriptor = self._descriptor, None
            try:
                _unlock(descriptor)
            finally:
                os.close(descriptor)

    def remove(self) -> None:
        """Delete the file and let go; whoever opened it meanwhile sees it is gone."""
        if os.name == "posix":
            self._unlink()  # while held: no one can take it in between
            self.release()
        else:
            self.release()  # Windows deletes no open file
            self._unlink()

    def _unlink(self) -> None:
        with contextlib.suppress(OSError):  # an empty file left: the next taker removes it
            self.path.unlink(missing_ok=True)


def _still_at(path: Path, descriptor: int) -> bool:
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(descriptor)
    return (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino)
