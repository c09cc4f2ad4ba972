"""One batch's journal: its message, its CSV's hash and every row's state, in SQLite.

A row is marked ``sending`` (and committed) before its request is made, then ``sent``,
``failed`` or ``unknown``. Whatever kills the process, the journal says which rows may
have reached the server: opening it again turns rows left ``sending`` into ``unknown``
(they may have been delivered), and those are never sent again unless the user asks.
The file is 0600, like the history; ``batches/<id>.sqlite3`` in the data folder unless
the user names one.

Durability where it matters, and only there (SQLite in WAL mode):

- ``mark_sending`` is the one write that keeps anyone from being messaged twice, so it is
  a ``synchronous=FULL`` commit: the WAL is fsync'd before the request is made.
- Every other write (a row's outcome, a row put back to ``pending`` after a 429) is a
  ``synchronous=NORMAL`` commit: written to the WAL, not fsync'd on its own. A SIGKILL
  loses nothing (the operating system has the data). A power cut can lose only the
  outcomes written since the last fsync, and the next row's ``sending`` mark fsyncs the
  WAL with the outcomes before it in it, so at most the last row's outcome is lost: that
  row falls back to ``sending``, which reopening turns ``unknown``, never resent on its
  own. ``sync`` (called when a run ends, and by ``close``) makes that last one durable too.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from rampwin_desktop.storage import paths
from rampwin_desktop.storage.file_lock import HeldLock
from rampwin_desktop.storage.private import create_file, private_folder


class RowState(StrEnum):
    PENDING = "pending"  # not sent yet
    SENDING = "sending"  # its request was (being) made; left so only by a crash
    SENT = "sent"
    FAILED = "failed"  # certainly not delivered: refused, or the request never went out
    UNKNOWN = "unknown"  # may have been delivered: never resent without being asked
    SKIPPED = "skipped"  # a row with a problem, or a repeat of an earlier number


class JournalError(Exception):
    """A journal that cannot be used; ``str(error)`` is a sentence for the user."""


@dataclass(frozen=True)
class JournalRow:
    row: int  # the CSV's row number (1 is the header)
    phone: str
    state: RowState
    kind: str  # why it failed: "refused", "window closed", "network"...; "" otherwise
    detail: str  # the server's message when sent, else the error
    message_id: str  # the server's id for the message, when it gave one
    at: float | None  # when its state last changed (seconds since the epoch)


@dataclass(frozen=True)
class BatchInfo:
    batch_id: str
    draft: str  # the message, as a draft (core/draft.dumps_draft)
    csv_sha256: str
    csv_path: str
    profile: str
    options: dict[str, Any]
    created_at: float


BUSY_TIMEOUT = 10.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS batch (
    batch_id TEXT NOT NULL, draft TEXT NOT NULL, csv_sha256 TEXT NOT NULL,
    csv_path TEXT NOT NULL, profile TEXT NOT NULL, options TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS rows (
    row INTEGER PRIMARY KEY, phone TEXT NOT NULL, state TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '',
    message_id TEXT NOT NULL DEFAULT '', at REAL
);
"""


def new_batch_id() -> str:
    """E.g. ``20261130-131500-3f9a``: sorts by time, and two batches started in the same
    second still differ."""
    return datetime.now().strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(2)


def journal_file(batch_id: str) -> Path:
    return private_folder(paths.data_dir() / "batches") / f"{batch_id}.sqlite3"


def journals() -> list[Path]:
    """The journals in the data folder, newest first."""
    folder = paths.data_dir() / "batches"
    return sorted(folder.glob("*.sqlite3"), reverse=True) if folder.is_dir() else []


class Journal:
    """An open journal; ``recovered`` lists the rows a crash left ``sending`` (now unknown)."""

    def __init__(self, path: Path, db: sqlite3.Connection, lock: HeldLock) -> None:
        self.path = path
        self._db = db
        self._lock = lock
        self._level = "FULL"  # the connection's synchronous setting (_connect's)
        self.recovered: tuple[int, ...] = ()
        try:
            self.info = self._read_info()
        except BaseException:
            self._release()
            raise

    @classmethod
    def create(
        cls,
        path: Path,
        info: BatchInfo,
        rows: Iterable[tuple[int, str, RowState, str]],
    ) -> Journal:
        """A new journal at ``path`` with ``rows`` as (row, phone, state, detail)."""
        path = Path(path)
        if path.exists() and path.stat().st_size > 0:
            raise JournalError(
                f"The journal {path} already exists: add --resume to continue its batch, "
                "or choose another file."
            )
        lock = _take_lock(path)
        db = _connect(path)
        now = time.time()
        with db:
            db.execute(
                "INSERT INTO batch VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    info.batch_id,
                    info.draft,
                    info.csv_sha256,
                    info.csv_path,
                    info.profile,
                    json.dumps(info.options, sort_keys=True),
                    info.created_at,
                ),
            )
            db.executemany(
                "INSERT INTO rows (row, phone, state, detail, at) VALUES (?, ?, ?, ?, ?)",
                ((row, phone, state.value, detail, now) for row, phone, state, detail in rows),
            )
        return cls(path, db, lock)

    @classmethod
    def open(cls, path: Path) -> Journal:
        """The journal at ``path``, for resuming: rows left ``sending`` become ``unknown``."""
        path = Path(path)
        if not path.is_file():
            raise JournalError(f"There is no journal at {path}.")
        lock = _take_lock(path)
        try:
            journal = cls(path, _connect(path), lock)
        except sqlite3.DatabaseError as exc:
            lock.remove()
            raise JournalError(f"{path} is not a batch journal ({exc}).") from None
        db = journal._db
        with db:
            left = [row for (row,) in db.execute("SELECT row FROM rows WHERE state = 'sending'")]
            db.execute(
                "UPDATE rows SET state = 'unknown', kind = 'unknown', detail = ?, at = ?"
                " WHERE state = 'sending'",
                (INTERRUPTED, time.time()),
            )
        journal.recovered = tuple(left)
        return journal

    def _read_info(self) -> BatchInfo:
        found = self._db.execute("SELECT * FROM batch").fetchone()
        if found is None:
            raise JournalError(f"{self.path} holds no batch.")
        return _info(found)

    def rows(self) -> list[JournalRow]:
        query = "SELECT row, phone, state, kind, detail, message_id, at FROM rows ORDER BY row"
        return [
            JournalRow(row, phone, RowState(state), kind, detail, message_id, at)
            for row, phone, state, kind, detail, message_id, at in self._db.execute(query)
        ]

    def row(self, number: int) -> JournalRow | None:
        """Row ``number``'s state now, or None when the journal has no such row."""
        query = "SELECT row, phone, state, kind, detail, message_id, at FROM rows WHERE row = ?"
        found = self._db.execute(query, (number,)).fetchone()
        if found is None:
            return None
        row, phone, state, kind, detail, message_id, at = found
        return JournalRow(row, phone, RowState(state), kind, detail, message_id, at)

    def counts(self) -> dict[RowState, int]:
        found = dict(self._db.execute("SELECT state, count(*) FROM rows GROUP BY state"))
        return {state: int(found.get(state.value, 0)) for state in RowState}

    def mark_sending(self, row: int) -> None:
        """Committed and fsync'd (``synchronous=FULL``) before the row's request is made:
        on disk whatever happens next, with every outcome written before it."""
        self._write(row, RowState.SENDING, durable=True)

    def mark(
        self, row: int, state: RowState, *, kind: str = "", detail: str = "", message_id: str = ""
    ) -> None:
        """Committed without an fsync of its own (``synchronous=NORMAL``): the next
        ``mark_sending`` or ``sync`` puts it on disk; a power cut before then leaves the row
        ``sending`` (unknown), never sent again on its own."""
        self._write(row, state, kind=kind, detail=detail, message_id=message_id)

    def _write(
        self,
        row: int,
        state: RowState,
        *,
        kind: str = "",
        detail: str = "",
        message_id: str = "",
        durable: bool = False,
    ) -> None:
        self._synchronous("FULL" if durable else "NORMAL")
        with self._db:
            self._db.execute(
                "UPDATE rows SET state = ?, kind = ?, detail = ?, message_id = ?, at = ?"
                " WHERE row = ?",
                (state.value, kind, detail, message_id, time.time(), row),
            )

    def _synchronous(self, level: str) -> None:
        """The fsync level of the next commits (SQLite takes it per connection, outside a
        transaction): FULL fsyncs the WAL at each commit, NORMAL only at checkpoints."""
        if level != self._level:
            self._db.execute(f"PRAGMA synchronous={level}")
            self._level = level

    def sync(self) -> None:
        """Put every committed write on disk: a checkpoint fsyncs the WAL, then copies it
        into the database file and fsyncs that (FULL: it waits for a reader, e.g. the
        window's read-only peek, rather than skip). Called when a run ends or stops."""
        self._db.execute("PRAGMA wal_checkpoint(FULL)")

    def close(self) -> None:
        """Every write put on disk (``sync``), then the file closed and its lock released."""
        try:
            self.sync()
        finally:
            self._release()

    def _release(self) -> None:
        self._db.close()
        self._lock.remove()


def peek(path: Path) -> BatchInfo | None:
    """The batch in the journal at ``path``, read only (rows left as they are); None when
    it is not a journal."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            found = db.execute("SELECT * FROM batch").fetchone()
    except sqlite3.Error:
        return None
    return _info(found) if found is not None else None


def peek_counts(path: Path) -> dict[RowState, int] | None:
    """How many rows of the journal at ``path`` are in each state, read only (rows left
    ``sending`` are counted as such, not turned ``unknown``); None when it is not a journal."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            found = dict(db.execute("SELECT state, count(*) FROM rows GROUP BY state"))
    except sqlite3.Error:
        return None
    return {state: int(found.get(state.value, 0)) for state in RowState}


def _info(found: tuple[Any, ...]) -> BatchInfo:
    return BatchInfo(
        batch_id=found[0],
        draft=found[1],
        csv_sha256=found[2],
        csv_path=found[3],
        profile=found[4],
        options=json.loads(found[5]),
        created_at=found[6],
    )


def _take_lock(path: Path) -> HeldLock:
    """The journal's lock: one process at a time sends a batch."""
    private_folder(path.absolute().parent)
    lock = HeldLock.take(Path(f"{path}.lock"))
    if lock is None:
        raise JournalError(
            f"The batch in {path} is being sent by another process right now; "
            "wait for it to end (or stop it) before resuming."
        )
    return lock


INTERRUPTED = (
    "The batch stopped while this row was being sent: it may have been delivered. "
    "Check the recipient's chat; --resend-unknown sends it again."
)


def _connect(path: Path) -> sqlite3.Connection:
    private_folder(path.absolute().parent)
    create_file(path)  # 0600 before SQLite writes anything (its -wal file takes the mode)
    db = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, check_same_thread=False)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.executescript(_SCHEMA)
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db
