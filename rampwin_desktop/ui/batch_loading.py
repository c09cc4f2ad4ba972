"""Send to a list's slow parts before sending, done off the GUI thread: reading the CSV,
checking every row (``core/recipients.plan``), and, for a batch being resumed, whether its
journal still matches the CSV and the message (``app/batch.check_batch``), read only: the
journal is opened for writing only by the run itself.

``load`` is plain Python, run by ``ui/background.BackgroundTask``; it returns ``Loaded``
or raises ``CsvError``, ``JournalError`` or ``BatchError``, each a sentence for the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rampwin_desktop.app import batch
from rampwin_desktop.core.model import Message
from rampwin_desktop.core.recipients import Plan, RecipientTable, plan, read_csv
from rampwin_desktop.storage.journal import JournalError, RowState, peek, peek_counts

DEFAULT_PHONE_COLUMN = "phone"


@dataclass(frozen=True)
class Loaded:
    table: RecipientTable
    plan: Plan
    phone_column: str
    message: Message  # the message the rows were checked with
    resume_note: str = ""  # for a journal being resumed: what it holds


def load(
    csv_path: Path,
    message: Message,
    phone_column: str | None,
    *,
    table: RecipientTable | None = None,
    journal: Path | None = None,
) -> Loaded:
    """Read ``csv_path`` (unless ``table`` is given) and check every row for ``message``.
    ``phone_column`` None: "phone" when there is one, else the first column."""
    if table is None:
        table = read_csv(csv_path)
    if phone_column is None or phone_column not in table.columns:
        found = DEFAULT_PHONE_COLUMN in table.columns
        phone_column = DEFAULT_PHONE_COLUMN if found else table.columns[0]
    planned = plan(message, table, phone_column=phone_column)
    note = _check_journal(journal, message, table) if journal is not None else ""
    return Loaded(table, planned, phone_column, message, note)


def _check_journal(path: Path, message: Message, table: RecipientTable) -> str:
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
    note = f"Batch {info.batch_id}: {counts[RowState.SENT]} sent before, {left} to send"
    if unknown:
        note += f"; {unknown} unknown (they may have been delivered: not sent again)"
    return note + "."
