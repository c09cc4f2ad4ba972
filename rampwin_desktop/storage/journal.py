"""One batch's journal: its message, its CSV's hash and every row's state, in SQLite.

A row is marked ``sending`` (and committed) before its request is made, then ``sent``,
``failed`` or ``unknown``. Whatever kills the process, the journal says which rows may
have reached the server: opening it again turns rows left ``sending`` into ``unknown``
(they may have been delivered), and those are never sent again unless the user asks.
The file is 0600, like the history; ``batches/<id>.sqlite3`` in the data folder unless
the user names one.

Durability where it matters, and only there (SQLite in WAL mode, ``synchronous=NORMAL``:
a commit is written to the WAL, which a SIGKILL cannot undo; the WAL is synced only where
said, ``storage/wal_sync.py``):

- Before a row's request a mark of it is on disk, so that even a power cut cannot make a
  resume send it again: the one promise that keeps anyone from being messaged twice.
  With a rate limit, each row is marked and synced in its turn (the wait for the turn
  hides the sync). With none, rows follow at once: ``mark_sending(row, upcoming=...)``
  marks the next ``AHEAD`` rows *ahead* (the ``ahead`` column: "may be requested from
  now on") and syncs them in a helper thread while this row's request is made, so one
  sync serves several rows and none is waited for. A row's own ``sending`` is committed
  right before its request, without a sync of its own.
- After a crash: rows left ``sending`` are ``unknown``. A row left *ahead* was not
  requested (a request starts only after its ``sending`` commit) if the machine has not
  restarted since (the commits are still in the operating system's hands): it is just
  unmarked. After a restart (a power cut, a kernel crash) its ``sending`` may have been
  lost, so it is ``unknown`` too. ``boot_id`` tells the two apart (Linux; elsewhere a
  row left ahead is always ``unknown``).
- Every other write (a row's outcome, a row put back to ``pending`` after a 429) is
  committed without a sync of its own: the next sync puts it on disk. A power cut can
  lose the outcomes written since then, whose rows fall back to ``sending`` or ahead:
  ``unknown``, never resent on their own. ``sync`` (called when a run ends, and by
  ``close``) puts the last ones on disk too. So after a power cut in a run with no rate
  limit, up to about ``2 * AHEAD`` rows may be ``unknown`` that were not sent or whose
  answer was lost; after a crash of the app alone, only the row whose request was out.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from rampwin_desktop.storage import paths
from rampwin_desktop.storage.file_lock import HeldLock
from rampwin_desktop.storage.private import create_file, private_folder
from rampwin_desktop.storage.wal_sync import WalSync


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


ROW_COLUMNS = "row, phone, state, kind, detail, message_id, at"  # a JournalRow's, in order


def journal_row(found: tuple[Any, ...]) -> JournalRow:
    """A row as ``SELECT {ROW_COLUMNS}`` reads it."""
    row, phone, state, kind, detail, message_id, at = found
    return JournalRow(row, phone, RowState(state), kind, detail, message_id, at)


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
AHEAD = 8  # rows marked ahead with one sync, when rows follow at once (no rate limit)
# A row's mark rewrites the page that holds it, whole, into the WAL: small pages, small
# writes (a row takes about 100 bytes; SQLite's default page is 4,096).
PAGE_SIZE = 1024

_SCHEMA = """
CREATE TABLE IF NOT EXISTS batch (
    batch_id TEXT NOT NULL, draft TEXT NOT NULL, csv_sha256 TEXT NOT NULL,
    csv_path TEXT NOT NULL, profile TEXT NOT NULL, options TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS rows (
    row INTEGER PRIMARY KEY, phone TEXT NOT NULL, state TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '',
    message_id TEXT NOT NULL DEFAULT '', at REAL, ahead INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS boot (id TEXT NOT NULL);
"""
BOOT_ID = Path("/proc/sys/kernel/random/boot_id")


def boot_id() -> str:
    """This run of the operating system (Linux: the kernel's boot id); "" where unknown."""
    try:
        return BOOT_ID.read_text(encoding="ascii").strip()
    except OSError:
        return ""


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
        self._wal: WalSync | None = None  # from ``_start_writing`` on
        self._ahead: set[int] = set()  # rows marked ahead (on disk once ``_wal`` is waited for)
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
        try:
            db = _connect(path)
        except BaseException:
            lock.remove()
            raise
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
        journal = cls(path, db, lock)
        journal._start_writing()
        return journal

    @classmethod
    def open(cls, path: Path) -> Journal:
        """The journal at ``path``, for resuming: rows left ``sending`` become ``unknown``,
        and so do rows left ahead by a run before the machine restarted."""
        path = Path(path)
        if not path.is_file():
            raise JournalError(f"There is no journal at {path}.")
        lock = _take_lock(path)
        try:
            journal = cls(path, _connect(path), lock)
        except sqlite3.DatabaseError as exc:
            lock.remove()
            raise JournalError(f"{path} is not a batch journal ({exc}).") from None
        except BaseException:
            lock.remove()
            raise
        db = journal._db
        with db:
            if written_this_boot(db):  # a row marked ahead was not requested: as it was
                db.execute("UPDATE rows SET ahead = 0 WHERE ahead = 1")
            unsure = "state = 'sending' OR ahead = 1"
            left = [row for (row,) in db.execute(f"SELECT row FROM rows WHERE {unsure}")]
            db.execute(
                "UPDATE rows SET state = 'unknown', kind = 'unknown', detail = ?, at = ?,"
                f" ahead = 0 WHERE {unsure}",
                (INTERRUPTED, time.time()),
            )
        journal.recovered = tuple(left)
        journal._start_writing()
        return journal

    def _start_writing(self) -> None:
        """This boot recorded, committed with an fsync (``synchronous=FULL``, as the
        connection starts: it also puts the ``-wal`` file's creation on disk); from now on
        commits are ``NORMAL`` and the marks are fsync'd by ``WalSync``."""
        with self._db:
            self._db.execute("DELETE FROM boot")
            self._db.execute("INSERT INTO boot VALUES (?)", (boot_id(),))
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._wal = WalSync(self.path)

    def _read_info(self) -> BatchInfo:
        found = self._db.execute("SELECT * FROM batch").fetchone()
        if found is None:
            raise JournalError(f"{self.path} holds no batch.")
        return batch_info(found)

    def rows(self) -> list[JournalRow]:
        query = f"SELECT {ROW_COLUMNS} FROM rows ORDER BY row"
        return [journal_row(found) for found in self._db.execute(query)]

    def row(self, number: int) -> JournalRow | None:
        """Row ``number``'s state now, or None when the journal has no such row."""
        query = f"SELECT {ROW_COLUMNS} FROM rows WHERE row = ?"
        found = self._db.execute(query, (number,)).fetchone()
        return None if found is None else journal_row(found)

    def counts(self) -> dict[RowState, int]:
        found = dict(self._db.execute("SELECT state, count(*) FROM rows GROUP BY state"))
        return {state: int(found.get(state.value, 0)) for state in RowState}

    def mark_sending(self, row: int, *, upcoming: Sequence[int] = ()) -> None:
        """Right before row ``row``'s request: when this returns, a mark of the row is on
        disk (with every outcome written before it) and the row is ``sending``.

        ``upcoming``: the rows to be sent right after this one, in order, when they follow
        at once (no rate limit). When the row after this one is the last marked ahead, the
        next ``AHEAD`` rows are marked ahead and synced in a helper thread while this row's
        request is made: one sync for every ``AHEAD - 1`` rows, not waited for."""
        assert self._wal is not None
        self._wal.wait()  # what was marked ahead is on disk
        on_disk = row in self._ahead
        self._ahead.discard(row)
        more: list[int] = []
        if upcoming and len(self._ahead) <= 1:  # the next row is the last marked ahead
            more = [r for r in upcoming[:AHEAD] if r not in self._ahead]
        with self._db:
            self._db.execute(
                "UPDATE rows SET state = 'sending', kind = '', detail = '', message_id = '',"
                " at = ?, ahead = 0 WHERE row = ?",
                (time.time(), row),
            )
            self._db.executemany("UPDATE rows SET ahead = 1 WHERE row = ?", [(r,) for r in more])
        self._ahead.update(more)
        if not on_disk:
            self._wal.sync()  # this row's mark (and the rows marked ahead) on disk now
        elif more:
            self._wal.start()  # the rows marked ahead, during this row's request

    def mark(
        self, row: int, state: RowState, *, kind: str = "", detail: str = "", message_id: str = ""
    ) -> None:
        """Committed without an fsync of its own: the next ``mark_sending`` or ``sync``
        puts it on disk; a power cut before then leaves the row ``sending`` (unknown),
        never sent again on its own."""
        with self._db:
            self._db.execute(
                "UPDATE rows SET state = ?, kind = ?, detail = ?, message_id = ?, at = ?"
                " WHERE row = ?",
                (state.value, kind, detail, message_id, time.time(), row),
            )

    def sync(self) -> None:
        """The end of a run: a row still marked ahead was not requested and is unmarked;
        then every committed write is put on disk: a checkpoint fsyncs the WAL, copies it
        into the database file and fsyncs that (FULL: it waits for a reader, e.g. the
        window's read-only peek, rather than skip)."""
        if self._wal is not None:
            self._wal.wait()
        if self._ahead:
            with self._db:
                self._db.execute("UPDATE rows SET ahead = 0 WHERE ahead = 1")
            self._ahead.clear()
        self._db.execute("PRAGMA wal_checkpoint(FULL)")

    def close(self) -> None:
        """Every write put on disk (``sync``), then the file closed and its lock released."""
        try:
            self.sync()
        finally:
            self._release()

    def _release(self) -> None:
        try:
            if self._wal is not None:
                self._wal.close()
            # Closed, the journal needs no write-ahead log: the batches that read it later
            # (is this list sent before?) then leave no -wal and -shm files beside it. A
            # resume turns the log on again (``_connect``); should a reader hold the file
            # now, the log stays, which is harmless.
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("PRAGMA journal_mode=DELETE")
        finally:
            self._db.close()
            self._lock.remove()


def written_this_boot(db: sqlite3.Connection) -> bool:
    """Whether the journal's last run was on this boot of the machine (known, on Linux)."""
    found = db.execute("SELECT id FROM boot").fetchone()
    return found is not None and found[0] != "" and found[0] == boot_id()


def batch_info(found: tuple[Any, ...]) -> BatchInfo:
    """The ``batch`` table's one row as a ``BatchInfo``."""
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


INTERRUPTED = (  # said in the window and by the command line alike
    "The batch stopped while this row was being sent: it may have been delivered. "
    "Check the recipient's chat before sending it again."
)


def _connect(path: Path) -> sqlite3.Connection:
    private_folder(path.absolute().parent)
    create_file(path)  # 0600 before SQLite writes anything (its -wal file takes the mode)
    db = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, check_same_thread=False)
    try:
        db.execute(f"PRAGMA page_size={PAGE_SIZE}")  # a new file's; an existing one keeps its own
        (mode,) = db.execute("PRAGMA journal_mode=WAL").fetchone()
        if mode != "wal":
            raise JournalError(
                f"A journal cannot be kept at {path}: this file system does not support "
                "SQLite's write-ahead log. Choose a journal on a local disk (--journal FILE)."
            )
        db.execute("PRAGMA synchronous=FULL")
        db.executescript(_SCHEMA)
        columns = {column for _, column, *_ in db.execute("PRAGMA table_info(rows)")}
        if "ahead" not in columns:  # a journal from before rows were marked ahead
            with db:
                db.execute("ALTER TABLE rows ADD COLUMN ahead INTEGER NOT NULL DEFAULT 0")
    except BaseException:
        db.close()
        raise
    return db
