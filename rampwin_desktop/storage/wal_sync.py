"""Putting a SQLite database's WAL on disk, now or in the background.

In WAL mode a commit is written to the ``-wal`` file before it returns; ``synchronous=FULL``
then syncs that file, and that sync is all FULL adds (SQLite's unix build calls
``fdatasync``, as here; ``fsync`` where there is none, e.g. macOS). A connection at
``synchronous=NORMAL`` commits without it; syncing the ``-wal`` file afterwards, from any
file descriptor of it, puts every commit made before the call on disk, as FULL would have.
``fdatasync`` writes the file's data and what is needed to read it back (its size), not
its modification time: no journal commit of the file system when only that changed.
Doing it here lets the caller choose when to wait: at once (``sync``), or after other
work, such as a request over the network, has been done meanwhile (``start`` then
``wait``).

The ``-wal`` file must already be on disk when this opens it: its creation is made durable
by a first ``synchronous=FULL`` commit (SQLite fsyncs the folder with the new file's first
sync), which the caller does before ``WalSync`` is made.
"""

from __future__ import annotations

import os
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path


def _sync_file(fd: int) -> None:
    sync = os.fdatasync if hasattr(os, "fdatasync") else os.fsync
    sync(fd)


class WalSync:
    """fsyncs of ``database``'s ``-wal`` file; one in flight at a time."""

    def __init__(self, database: Path) -> None:
        self._fd = os.open(f"{database}-wal", os.O_RDWR)  # write access: Windows needs it
        self._worker: ThreadPoolExecutor | None = None
        self._running: Future[None] | None = None

    def sync(self) -> None:
        """Every commit made so far is on disk when this returns."""
        self.wait()
        _sync_file(self._fd)

    def start(self) -> None:
        """Start putting every commit made so far on disk, in a helper thread; ``wait``
        returns once it is."""
        self.wait()
        if self._worker is None:
            self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wal-sync")
        self._running = self._worker.submit(_sync_file, self._fd)

    def wait(self) -> None:
        """Until the sync ``start`` began is done (raises what it raised)."""
        running, self._running = self._running, None
        if running is not None:
            running.result()

    def close(self) -> None:
        try:
            self.wait()
        finally:
            if self._worker is not None:
                self._worker.shutdown()
            os.close(self._fd)
