"""A batch's journal after a crash: which rows may have reached the server.

Each crash here is a real one: a child process that works on the journal and ends with
``os._exit`` (no clean-up, as a SIGKILL). A restart of the machine is the journal's boot
record changed to an earlier boot's, which is what a resume after a power cut finds.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from rampwin_desktop.storage import journal as journals
from rampwin_desktop.storage.journal import BatchInfo, Journal, JournalError, RowState
from rampwin_desktop.storage.journal_read import peek_counts, peek_unknown

ROWS = [(row, f"91987650000{row}", RowState.PENDING, "") for row in (2, 3, 4)]
INFO = BatchInfo("b1", "{}", "abc", "people.csv", "default", {}, 0.0)

CRASH_WHILE_ROW_2_IS_SENT = """
import os, sys
from rampwin_desktop.storage.journal import Journal
journal = Journal.open(sys.argv[1])
journal.mark_sending(2, upcoming=[3])  # row 2's request would go out now; 3 is ahead
os._exit(0)
"""


def crashed_journal(tmp_path: Path) -> Path:
    """A journal whose run died while row 2's request was out, with row 3 marked ahead."""
    path = tmp_path / "j.sqlite3"
    Journal.create(path, INFO, ROWS).close()
    subprocess.run(
        [sys.executable, "-c", CRASH_WHILE_ROW_2_IS_SENT, str(path)], check=True, timeout=60
    )
    return path


def states(journal: Journal) -> dict[int, RowState]:
    return {row.row: row.state for row in journal.rows()}


def restart_the_machine(path: Path) -> None:
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE boot SET id = 'an-earlier-boot'")


@pytest.mark.skipif(not journals.boot_id(), reason="this system gives no boot id")
def test_after_a_crash_the_row_marked_ahead_was_not_sent_and_is_sent_on_resume(
    tmp_path: Path,
) -> None:
    path = crashed_journal(tmp_path)
    peeked = peek_counts(path)
    assert peeked is not None and peeked[RowState.SENDING] == 1  # row 2 only
    assert peek_unknown(path) == [2]
    journal = Journal.open(path)
    assert journal.recovered == (2,)
    assert states(journal) == {2: RowState.UNKNOWN, 3: RowState.PENDING, 4: RowState.PENDING}
    journal.close()


def test_after_a_restart_the_row_marked_ahead_may_have_been_sent_too(tmp_path: Path) -> None:
    """A power cut may lose row 3's own "sending" (committed without an fsync) after its
    request went out; its mark ahead was on disk, so it is unknown, never resent."""
    path = crashed_journal(tmp_path)
    restart_the_machine(path)
    peeked = peek_counts(path)
    assert peeked is not None and peeked[RowState.SENDING] == 2
    assert peek_unknown(path) == [2, 3]
    journal = Journal.open(path)
    assert journal.recovered == (2, 3)
    assert states(journal) == {2: RowState.UNKNOWN, 3: RowState.UNKNOWN, 4: RowState.PENDING}
    journal.close()


def test_a_run_that_ends_leaves_no_row_ahead(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    journal = Journal.create(path, INFO, ROWS)
    journal.mark_sending(2, upcoming=[3])
    journal.mark(2, RowState.SENT)  # and then the user stopped the batch
    journal.close()
    restart_the_machine(path)
    reopened = Journal.open(path)
    assert reopened.recovered == ()
    assert states(reopened) == {2: RowState.SENT, 3: RowState.PENDING, 4: RowState.PENDING}
    reopened.close()


def test_a_row_ahead_keeps_its_state_when_it_is_not_sent(tmp_path: Path) -> None:
    """A failed or unknown row marked ahead (a resend) and not sent stays what it was: an
    unknown row never becomes pending, or a later resume would send it again."""
    path = tmp_path / "j.sqlite3"
    rows = [(2, "1", RowState.PENDING, ""), (3, "2", RowState.UNKNOWN, "maybe delivered")]
    journal = Journal.create(path, INFO, rows)
    journal.mark_sending(2, upcoming=[3])
    journal.mark(2, RowState.SENT)
    journal.close()
    reopened = Journal.open(path)
    assert states(reopened) == {2: RowState.SENT, 3: RowState.UNKNOWN}
    assert reopened.rows()[1].detail == "maybe delivered"
    reopened.close()


def test_a_journal_from_before_rows_were_marked_ahead_is_resumed(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with closing(sqlite3.connect(path)) as db, db:
        db.executescript(
            """
            CREATE TABLE batch (batch_id TEXT NOT NULL, draft TEXT NOT NULL,
                csv_sha256 TEXT NOT NULL, csv_path TEXT NOT NULL, profile TEXT NOT NULL,
                options TEXT NOT NULL, created_at REAL NOT NULL);
            CREATE TABLE rows (row INTEGER PRIMARY KEY, phone TEXT NOT NULL,
                state TEXT NOT NULL, kind TEXT NOT NULL DEFAULT '',
                detail TEXT NOT NULL DEFAULT '', message_id TEXT NOT NULL DEFAULT '', at REAL);
            INSERT INTO batch VALUES ('b0', '{}', 'abc', 'people.csv', 'default', '{}', 0);
            INSERT INTO rows (row, phone, state) VALUES (2, '1', 'sent'), (3, '2', 'sending'),
                (4, '3', 'pending');
            """
        )
    peeked = peek_counts(path)
    assert peeked is not None and peeked[RowState.SENDING] == 1
    journal = Journal.open(path)
    assert journal.recovered == (3,)
    assert states(journal) == {2: RowState.SENT, 3: RowState.UNKNOWN, 4: RowState.PENDING}
    journal.mark_sending(4)
    journal.mark(4, RowState.SENT, detail="ok")
    journal.close()


def test_a_file_system_without_a_write_ahead_log_is_refused_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where SQLite cannot use WAL (some network shares), it falls back to another mode;
    the journal says so instead of promising what it cannot keep."""
    real_connect = sqlite3.connect

    class NoWal(sqlite3.Connection):
        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:  # type: ignore[override]
            if sql == "PRAGMA journal_mode=WAL":
                sql = "PRAGMA journal_mode=DELETE"
            return super().execute(sql, *args)

    monkeypatch.setattr(
        journals.sqlite3,
        "connect",
        lambda *args, **kwargs: real_connect(*args, **kwargs, factory=NoWal),
    )
    path = tmp_path / "j.sqlite3"
    with pytest.raises(JournalError, match="does not support SQLite's write-ahead log"):
        Journal.create(path, INFO, ROWS)
    assert not Path(f"{path}.lock").exists()  # nothing held
