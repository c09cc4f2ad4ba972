"""Every send attempt, recorded before the request goes out and updated with its outcome.

SQLite in WAL mode: an attempt whose outcome was never written (a crash mid-send) stays
"outcome unknown"; it never disappears. The window and the command line write the same
database (SQLite locks it between processes); one ``History`` may be used from several
threads (the window records from its send thread).

A single send's writes are fsync'd (``synchronous=FULL``): the history is all it has.
A batch row's (``durable=False``) are committed without an fsync of their own
(``synchronous=NORMAL``): they survive a crash of the process, and a power cut may lose
the latest of them, because the batch's journal (``storage/journal.py``), fsync'd before
each request, is the authority on what was sent; ``sync`` puts them on disk at the end.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from contextlib import closing
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

from rampwin_desktop.core.text import fold
from rampwin_desktop.storage import history_search, paths
from rampwin_desktop.storage.atomic import set_aside
from rampwin_desktop.storage.private import create_file, private_folder

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    PENDING = "pending"  # written before sending; still so after a crash = outcome unknown
    SENT = "sent"
    REFUSED = "refused"
    FAILED = "failed"  # certainly not sent
    CANCELLED = "cancelled"  # stopped by the user before it was sent
    UNKNOWN = "unknown"  # may have been delivered

    @property
    def words(self) -> str:
        """As a user reads it: an attempt that never finished may have been delivered too."""
        return "outcome unknown" if self in (Outcome.PENDING, Outcome.UNKNOWN) else self.value


class Attempt(NamedTuple):
    id: int
    created_at: float
    profile: str
    recipient: str
    body: dict[str, Any]
    header_hash: str
    outcome: Outcome
    detail: str
    batch: str = ""  # the batch (``app/batch.py``) this send was part of; "" for a single send


class Finished(NamedTuple):
    """An attempt recorded once, with its outcome: a batch's rows (``app/batch_history.py``)."""

    created_at: float
    profile: str
    recipient: str
    body: str  # the request's JSON, as ``json_text`` writes it
    header_hash: str
    outcome: Outcome
    detail: str
    batch: str


def json_text(body: dict[str, Any]) -> str:
    """A request body as the history stores it."""
    return json.dumps(body, ensure_ascii=False)


BUSY_TIMEOUT = 10.0  # seconds to wait while another process writes
MAPPED_BYTES = 256 * 1024 * 1024  # read through a memory map, up to this much of the file

_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at REAL NOT NULL,
    profile TEXT NOT NULL,
    recipient TEXT NOT NULL,
    body TEXT NOT NULL,
    header_hash TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    batch TEXT NOT NULL DEFAULT ''
)
"""


class History:
    """The history database at ``path``, opened at its first use (``open``)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.moved_aside: Path | None = None  # set when a damaged database was replaced
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = None
        self._level = "FULL"  # the connection's synchronous setting
        self._indexed = False  # every attempt has its words (``_searchable``)

    def open(self) -> sqlite3.Connection:
        """The connection, opened on the first call; a damaged database is moved aside."""
        with self._lock:
            if self._db is None:
                private_folder(self.path.parent)
                try:
                    self._db = self._connect(self.path)
                except sqlite3.DatabaseError:
                    self.moved_aside = set_aside(self.path)
                    for suffix in ("-wal", "-shm"):
                        Path(f"{self.path}{suffix}").unlink(missing_ok=True)
                    self._db = self._connect(self.path)
                self._level = "FULL"
            return self._db

    def index_older(self) -> None:
        """Give their words to the attempts that have none: a history from before them
        (1.5 s for 100,000 attempts, once), or attempts an older version added since. Done
        before the first search or write; the window has it done off the GUI thread."""
        with self._lock:
            self._searchable()

    def _searchable(self) -> sqlite3.Connection:
        """The connection, every attempt in it with its words, as each new one is given
        its own (``history_search``). A history that cannot take them now (a full disk) is
        no damaged one: the filter misses those attempts until it is opened again."""
        db = self.open()
        if not self._indexed:
            self._indexed = True
            try:
                with db:
                    history_search.catch_up(db)
            except sqlite3.OperationalError as error:
                log.warning("older attempts were not indexed for the filter: %s", error)
        return db

    def _synchronous(self, db: sqlite3.Connection, *, durable: bool) -> None:
        """FULL fsyncs the WAL at each commit; NORMAL only at checkpoints. Set outside a
        transaction, before the write."""
        level = "FULL" if durable else "NORMAL"
        if level != self._level:
            db.execute(f"PRAGMA synchronous={level}")
            self._level = level

    def sync(self) -> None:
        """Put the committed writes on disk (a checkpoint fsyncs the WAL, then the
        database); a batch calls it when its run ends. PASSIVE: the window and the command
        line share the history, so this never waits for a reader."""
        with self._lock:
            if self._db is not None:
                self._db.execute("PRAGMA wal_checkpoint(PASSIVE)")

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        create_file(path)  # 0600: SQLite gives its -wal and -shm files the database's mode
        db = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, check_same_thread=False)
        try:
            # A filter that few attempts match reads them all: mapped, the file's pages are
            # read where they lie, not copied through SQLite's own small cache (100,000
            # attempts, ≈ 55 MB: 46 ms, not 52).
            db.execute(f"PRAGMA mmap_size={MAPPED_BYTES}")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute(_SCHEMA)
            columns = {row[1] for row in db.execute("PRAGMA table_info(attempts)")}
            if "batch" not in columns:  # a history from before batches
                db.execute("ALTER TABLE attempts ADD COLUMN batch TEXT NOT NULL DEFAULT ''")
            db.execute("SELECT count(*) FROM attempts").fetchone()  # a damaged file fails here
            history_search.prepare(db)
            db.commit()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
                self._indexed = False  # opened again: what others added meanwhile

    def begin(
        self,
        *,
        profile: str,
        recipient: str,
        body: dict[str, Any],
        header_hash: str = "",
        batch: str = "",
        durable: bool = True,
    ) -> int:
        """Record an attempt before its request; ``durable``: fsync'd (False for a batch's
        rows, whose journal is fsync'd instead)."""
        with self._lock:
            db = self._searchable()
            self._synchronous(db, durable=durable)
            cursor = db.execute(
                "INSERT INTO attempts"
                " (created_at, profile, recipient, body, header_hash, outcome, batch)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    time.time(),
                    profile,
                    recipient,
                    json_text(body),
                    header_hash,
                    Outcome.PENDING.value,
                    batch,
                ),
            )
            attempt_id = int(cursor.lastrowid or 0)
            history_search.index(db, "id = ?", (attempt_id,))
            db.commit()
        return attempt_id

    def finish(
        self,
        attempt_id: int,
        outcome: Outcome,
        detail: str = "",
        *,
        body: dict[str, Any] | None = None,
        header_hash: str = "",
        durable: bool = True,
    ) -> None:
        """Record the outcome; ``body`` replaces the stored one (e.g. with the uploaded URL);
        ``durable`` as for ``begin``."""
        with self._lock:
            db = self._searchable()
            self._synchronous(db, durable=durable)
            db.execute(
                "UPDATE attempts SET outcome = ?, detail = ?,"
                " body = COALESCE(?, body), header_hash = COALESCE(NULLIF(?, ''), header_hash)"
                " WHERE id = ?",
                (
                    outcome.value,
                    detail,
                    json_text(body) if body is not None else None,
                    header_hash,
                    attempt_id,
                ),
            )
            history_search.index(db, "id = ?", (attempt_id,))
            db.commit()

    def add(self, finished: list[Finished]) -> None:
        """Record attempts that have their outcome, in one transaction, without an fsync of
        its own (a batch's rows: its journal is the authority; ``sync`` at its end)."""
        rows = [(*item[:5], item.outcome.value, item.detail, item.batch) for item in finished]
        with self._lock:
            db = self._searchable()
            self._synchronous(db, durable=False)
            db.executemany(
                "INSERT INTO attempts (created_at, profile, recipient, body, header_hash,"
                " outcome, detail, batch) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            history_search.catch_up(db)  # the attempts just added
            db.commit()

    def recipients_of(self, batch: str) -> list[str]:
        """The number of each attempt the history has in ``batch``."""
        query = "SELECT recipient FROM attempts WHERE batch = ?"
        with self._lock:
            return [recipient for (recipient,) in self.open().execute(query, (batch,))]

    def attempts(self, text: str = "", limit: int = 500) -> list[Attempt]:
        """Newest first; ``text`` filters as History's filter does (``_matching``)."""
        return self.page(text, limit=limit)

    def page(self, text: str = "", before: int | None = None, limit: int = 200) -> list[Attempt]:
        """Up to ``limit`` attempts matching ``text``, newest first, older than the attempt
        ``before`` when given (keyset paging: each page costs the same however deep)."""
        bound = before if before is not None else 1 << 62
        matches, args = _matching(text)
        source = "search JOIN attempts USING (id)" if text.strip() else "attempts"
        query = (
            f"SELECT {_COLUMNS} FROM {source} WHERE {matches} AND id < ? ORDER BY id DESC LIMIT ?"
        )
        with self._lock:
            rows = self._searchable().execute(query, (*args, bound, limit)).fetchall()
        return [_attempt(row) for row in rows]

    def position(self, attempt_id: int, text: str = "") -> int | None:
        """The attempt's row among those matching ``text`` (newest first), or None."""
        matches, args = _matching(text)
        table = "search" if text.strip() else "attempts"
        query = f"SELECT count(*) FROM {table} WHERE {matches} AND id >= ?"
        listed = f"SELECT 1 FROM {table} WHERE {matches} AND id = ?"
        with self._lock:
            db = self._searchable()
            if db.execute(listed, (*args, attempt_id)).fetchone() is None:
                return None
            (count,) = db.execute(query, (*args, attempt_id)).fetchone()
        return int(count) - 1


_COLUMNS = "id, created_at, profile, recipient, body, header_hash, attempts.outcome, detail, batch"


def _matching(text: str) -> tuple[str, tuple[str, ...]]:
    """The condition on the ``search`` table for a filter on ``text``, and its arguments:
    each word of ``text`` (a number as one), as written (``%`` and ``_`` too), ignoring
    case and accents, in the words of an attempt (its profile, number, batch, detail and
    message: ``storage/history_search.py``), naming its outcome, or as its time shows in
    History (``2026-11-30``, ``2026-11``, ``14:05``, in part as it is typed). No text: all."""
    return history_search.matching(text, _outcomes_named)


def _outcomes_named(term: str) -> list[str]:
    """The outcomes ``term`` is part of the name of: as History words them (e.g. "outcome
    unknown") or as they are kept ("pending")."""
    folded = fold(term)
    return [o.value for o in Outcome if folded in o.value or folded in fold(o.words)]


def _attempt(row: tuple[Any, ...]) -> Attempt:
    id_, created_at, profile, recipient, body, header_hash, outcome, detail, batch = row
    return Attempt(
        id_, created_at, profile, recipient, json.loads(body), header_hash, Outcome(outcome),
        detail, batch,
    )  # fmt: skip


def open_history() -> History:
    """The history in the data folder."""
    return History(paths.history_file())


def copy_database(source: Path, target: Path) -> None:
    """Copy the history database at ``source`` to ``target`` (read-only on the source)."""
    create_file(private_folder(target.parent) / target.name)
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as old,
        closing(sqlite3.connect(target)) as new,
    ):
        old.backup(new)
