"""A journal read without opening it: what a preview, a dry run or a new batch asks.

Read only: nothing is locked or changed, so a batch may be running on the journal. Rows a
run left ``sending`` stay so (``Journal.open`` turns them ``unknown`` when a batch
resumes); each function says what it counts them as. A file that is not a journal answers
None, an empty list or an empty set.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager, closing
from pathlib import Path

from rampwin_desktop.storage.journal import (
    ROW_COLUMNS,
    BatchInfo,
    JournalRow,
    RowState,
    batch_info,
    journal_row,
    written_this_boot,
)


def peek(path: Path) -> BatchInfo | None:
    """The batch in the journal at ``path``."""
    try:
        with _reading(path) as db:
            found = db.execute("SELECT * FROM batch").fetchone()
    except sqlite3.Error:
        return None
    return batch_info(found) if found is not None else None


def peek_counts(path: Path) -> dict[RowState, int] | None:
    """How many rows are in each state (rows left ``sending`` counted as such, and so are
    rows left ahead by a run before the machine restarted)."""
    try:
        with _reading(path) as db:
            found = dict(db.execute("SELECT state, count(*) FROM rows GROUP BY state"))
            for state, count in _ahead_before_restart(db).items():
                found[state] -= count
                found[RowState.SENDING.value] = found.get(RowState.SENDING.value, 0) + count
    except sqlite3.Error:
        return None
    return {state: int(found.get(state.value, 0)) for state in RowState}


def peek_rows(path: Path) -> list[JournalRow]:
    """Every row, in order: pending, skipped, or handled by a run (a row left ``sending``
    as it is: the results say it is unknown)."""
    query = f"SELECT {ROW_COLUMNS} FROM rows ORDER BY row"
    try:
        with _reading(path) as db:
            return [journal_row(found) for found in db.execute(query)]
    except sqlite3.Error:
        return []


def peek_unknown(path: Path) -> list[int]:
    """The rows a resume reports ``unknown`` (unknown, left ``sending``, or left ahead
    before a restart)."""
    return _rows(path, _unsure)


def peek_left(path: Path, *, resend_unknown: bool = False) -> list[int]:
    """The rows a resume sends, in order: pending and failed ones, and with
    ``resend_unknown`` those it reports unknown."""

    def left(db: sqlite3.Connection) -> str:
        unsure = _unsure(db)
        left = f"state IN ('pending', 'failed') AND NOT ({unsure})"
        return f"({left}) OR {unsure}" if resend_unknown else left

    return _rows(path, left)


def peek_reached(path: Path) -> set[str]:
    """The numbers the batch sent its message to, or may have (sent, or unknown to a
    resume)."""
    try:
        with _reading(path) as db:
            reached = f"state = 'sent' OR {_unsure(db)}"
            return {phone for (phone,) in db.execute(f"SELECT phone FROM rows WHERE {reached}")}
    except sqlite3.Error:
        return set()


def _reading(path: Path) -> AbstractContextManager[sqlite3.Connection]:
    return closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True))


def _rows(path: Path, where: Callable[[sqlite3.Connection], str]) -> list[int]:
    """The rows, in order, matching the condition ``where`` gives for the open file."""
    try:
        with _reading(path) as db:
            return [
                row for (row,) in db.execute(f"SELECT row FROM rows WHERE {where(db)} ORDER BY row")
            ]
    except sqlite3.Error:
        return []


def _unsure(db: sqlite3.Connection) -> str:
    """The condition for rows a resume reports unknown."""
    unsure = "state IN ('unknown', 'sending')"
    return f"{unsure} OR ahead = 1" if _ahead_before_restart(db) else unsure


def _ahead_before_restart(db: sqlite3.Connection) -> dict[str, int]:
    """The rows, by state, that a run on an earlier boot left marked ahead (``Journal.open``
    makes them unknown); none in a journal from before rows were marked ahead."""
    columns = {column for _, column, *_ in db.execute("PRAGMA table_info(rows)")}
    if "ahead" not in columns:
        return {}
    if written_this_boot(db):
        return {}
    query = "SELECT state, count(*) FROM rows WHERE ahead = 1 AND state != 'sending' GROUP BY state"
    return dict(db.execute(query))
