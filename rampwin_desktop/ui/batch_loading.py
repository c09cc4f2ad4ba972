"""Send to a list's slow parts before sending, done off the GUI thread: reading the CSV,
checking every row (``core/recipients.plan``), and, for a batch being resumed, whether its
journal still matches the CSV and the message (``app/batch.check_batch``), read only: the
journal is opened for writing only by the run itself. For a new batch, whether an earlier
one already sent this message to this list (``app/batch_again``: Start asks first).

``load`` and ``load_journal`` are plain Python, run by ``ui/background.BackgroundTask``;
they return ``Loaded`` or raise ``CsvError``, ``JournalError`` or ``BatchError``, each a
sentence for the user.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rampwin_desktop.app import batch
from rampwin_desktop.app.batch_again import (
    EarlierBatch,
    SentBefore,
    Server,
    earlier_batch,
    sent_before,
)
from rampwin_desktop.core.model import Message
from rampwin_desktop.core.recipients import (
    DEFAULT_PHONE_COLUMN,
    Plan,
    RecipientTable,
    numbers_column,
    plan,
    read_csv,
)
from rampwin_desktop.storage.journal import JournalError, JournalRow, RowState
from rampwin_desktop.storage.journal_read import peek, peek_counts, peek_rows, peek_unknown


@dataclass(frozen=True)
class Resuming:
    """What the journal of a batch being resumed holds."""

    batch_id: str
    sent: int
    left: int  # pending or failed: Start sends them
    unknown: int  # may have been delivered: sent again only when the user asks
    unknown_rows: tuple[int, ...] = ()  # which (the CSV's row numbers)
    profile: str = ""  # the profile it was started with
    server: str = ""  # where it sent ("" in a journal from before journals kept it)
    rows_now: tuple[JournalRow, ...] = ()  # every row as the journal has it, shown at once


NOT_KNOWN = Server("")  # every batch counts


@dataclass(frozen=True)
class Loaded:
    table: RecipientTable
    plan: Plan
    phone_column: str
    message: Message  # the message the rows were checked with
    csv: Path
    resuming: Resuming | None = None  # for a journal being resumed: what it holds
    earlier: EarlierBatch | None = None  # a new batch: one that sent this list this message
    sent_before: SentBefore | None = None  # else: numbers batches of other lists sent it


def load(
    csv_path: Path | None,
    message: Message,
    phone_column: str | None,
    *,
    table: RecipientTable | None = None,
    journal: Path | None = None,
    preferred: str = "",
    home: str = "",
    server: Server = NOT_KNOWN,
) -> Loaded:
    """Read ``csv_path`` (unless ``table`` is given) and check every row for ``message``.
    ``phone_column`` None: ``preferred`` (the column used last time) when the list has it,
    else "phone" when there is one, else the column of numbers. ``csv_path`` None: the
    batch in ``journal`` is resumed, its CSV is the one the journal names. ``server``: where
    a new batch would send, for the batches that sent it before."""
    if csv_path is None:
        if journal is None:
            raise ValueError("a CSV or a journal is needed")
        return load_journal(journal, message, home)
    if table is None:
        table = read_csv(csv_path)
    if phone_column is None or phone_column not in table.columns:
        choices = (preferred, numbers_column(table))
        phone_column = next(name for name in choices if name in table.columns)
    planned = plan(message, table, phone_column=phone_column, home_region=home)
    if journal is not None:
        resuming = _check_journal(journal, message, table)
        return Loaded(table, planned, phone_column, message, csv_path, resuming)
    earlier = earlier_batch(message, table, server)  # journals read here, off the GUI thread
    before = sent_before(message, planned, server) if earlier is None else None
    return Loaded(
        table, planned, phone_column, message, csv_path, earlier=earlier, sent_before=before
    )


def left_out(plan: Plan, row: int) -> str:
    """Why spreadsheet row ``row`` is not sent (its first problem, a repeat), or ""."""
    return left_out_rows(plan, (row,)).get(row, "")


def left_out_rows(plan: Plan, rows: Iterable[int]) -> dict[int, str]:
    """``left_out`` for those of ``rows`` that are not sent, the plan read once."""
    first: dict[int, str] = {}
    for problem in plan.problems:
        first.setdefault(problem.row, f"{problem.field}: {problem.message}")
    repeats = set(plan.duplicates)
    return {
        row: first.get(row) or batch.repeat_of(plan, row)
        for row in rows
        if row in first or row in repeats
    }


def load_journal(journal: Path, message: Message, home: str = "") -> Loaded:
    """The batch in ``journal`` to resume: its CSV read and checked for ``message`` with
    the phone column it was started with."""
    info = peek(journal)
    if info is None:
        raise JournalError(f"{journal} is not a batch journal.")
    column = str(info.options.get("phone_column", DEFAULT_PHONE_COLUMN))
    return load(Path(info.csv_path), message, column, journal=journal, home=home)


def _check_journal(path: Path, message: Message, table: RecipientTable) -> Resuming:
    """Read only: the journal is neither locked nor changed (this runs again after each
    edit). Only Start opens it for writing, and turns rows a crash left ``sending`` into
    ``unknown``; they are counted as unknown here already."""
    if not path.is_file():
        raise JournalError(f"There is no journal at {path}.")
    info, counts = peek(path), peek_counts(path)
    if info is None or counts is None:
        raise JournalError(f"{path} is not a batch journal.")
    batch.check_batch(path, info, message, table)
    unknown = counts[RowState.UNKNOWN] + counts[RowState.SENDING]
    left = batch.still_to_send(counts)
    rows = tuple(peek_unknown(path)) if unknown else ()
    server = str(info.options.get("server", ""))
    sent = counts[RowState.SENT]
    now = tuple(peek_rows(path))
    return Resuming(info.batch_id, sent, left, unknown, rows, info.profile, server, now)
