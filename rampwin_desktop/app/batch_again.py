"""Has this list had this message already? Before a new batch starts, the journals in the
data folder are read (read only: ``storage/journal.peek`` and ``peek_counts``) for one with
the same CSV contents (its SHA-256) and the same message that sent at least one row. The
command line refuses such a batch without ``--again``; the window asks first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rampwin_desktop.core.draft import dumps_draft
from rampwin_desktop.core.model import Message
from rampwin_desktop.core.recipients import RecipientTable
from rampwin_desktop.storage import journal as journals
from rampwin_desktop.storage.journal import RowState

# A journal's rows a resume still has to send (a row left ``sending`` by a crash turns
# ``unknown`` when it is resumed); ``sent`` and ``skipped`` rows are done.
LEFT = (RowState.PENDING, RowState.SENDING, RowState.FAILED, RowState.UNKNOWN)


@dataclass(frozen=True)
class EarlierBatch:
    """A batch that already sent this message to this list."""

    path: Path
    batch_id: str
    started: float  # seconds since the epoch
    sent: int
    left: int = 0  # rows Resume would still send: pending, failed, unknown (or left sending)

    @property
    def when(self) -> str:
        """E.g. "2026-11-30 13:15"."""
        return datetime.fromtimestamp(self.started).strftime("%Y-%m-%d %H:%M")


def earlier_batch(message: Message, table: RecipientTable) -> EarlierBatch | None:
    """The newest journal in the data folder whose batch sent ``message`` to ``table``'s
    rows (same CSV contents, same message, at least one row sent); None when there is none."""
    draft = dumps_draft(message)
    for path in journals.journals():  # newest first
        info = journals.peek(path)
        if info is None or info.csv_sha256 != table.sha256 or info.draft != draft:
            continue
        counts = journals.peek_counts(path)
        if counts is not None and counts[RowState.SENT]:
            left = sum(counts[state] for state in LEFT)
            return EarlierBatch(path, info.batch_id, info.created_at, counts[RowState.SENT], left)
    return None
