"""Is this the same batch? A batch's message is the composed message without its own "To":
each row brings its number (``as_batch``), so a batch started in the window and resumed from
the command line, whose draft has a To, is the same batch, and one started again with only
that To changed is the same message to the same list.

Has this list had this message already? Before a new batch starts, the journals in the
data folder are read (read only: ``storage/journal_read.peek`` and ``peek_counts``) for one with
the same CSV contents (its SHA-256) and the same message that sent at least one row. The
command line refuses such a batch without ``--again``; the window asks first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from rampwin_desktop.core.draft import DraftError, loads_draft
from rampwin_desktop.core.model import Message
from rampwin_desktop.core.recipients import Plan, RecipientTable
from rampwin_desktop.storage import journal as journals
from rampwin_desktop.storage import journal_read
from rampwin_desktop.storage.journal import BatchInfo, RowState
from rampwin_desktop.storage.profiles import SANDBOX

PARTS = (  # a batch's message, part by part, as a change to it is named
    "body",
    "footer",
    "header",
    "buttons",
    "channel_id",
    "hide_from_chat",
    "dont_show_in_chat_list",
)


def as_batch(message: Message) -> Message:
    """The message a batch sends, whatever the composed message's own To."""
    return message.with_changes(recipient="")


def batch_message(draft: str) -> Message | None:
    """A journal's message (``BatchInfo.draft``) as a batch sends it; None if unreadable."""
    try:
        return as_batch(loads_draft(draft))
    except DraftError:
        return None


def changes(info: BatchInfo, message: Message, table: RecipientTable) -> list[str]:
    """What differs between the journal's batch and this message and CSV (empty: none)."""
    found = []
    if info.csv_sha256 != table.sha256:
        found.append("the CSV's contents")
    was, now = batch_message(info.draft), as_batch(message)
    if was != now:
        parts = [name for name in PARTS if was is None or getattr(was, name) != getattr(now, name)]
        found.append("the message (" + ", ".join(parts) + ")")
    return found


@dataclass(frozen=True)
class EarlierBatch:
    """A batch that already sent this message to this list."""

    path: Path
    batch_id: str
    started: float  # seconds since the epoch
    sent: int
    left: int = 0  # rows a resume sends: pending and failed
    unknown: int = 0  # rows that may have been delivered (or were left sending): resent only
    # when asked (``--resend-unknown``; the window asks)

    @property
    def when(self) -> str:
        """E.g. "2026-11-30 13:15"."""
        return datetime.fromtimestamp(self.started).strftime("%Y-%m-%d %H:%M")


class Server(NamedTuple):
    """Where a batch sends: a base URL ("" when not known), and whether it is the window's
    built-in sandbox, which starts on a new port each time: a batch sent to it in an
    earlier session, on another port, was sent to the same place."""

    url: str
    built_in_sandbox: bool = False


def earlier_batch(message: Message, table: RecipientTable, server: Server) -> EarlierBatch | None:
    """The newest journal in the data folder whose batch sent ``message`` to ``table``'s
    rows (same CSV contents, same message, at least one row sent) through ``server``; None
    when there is none."""
    wanted = as_batch(message)
    for path in journals.journals():  # newest first
        info = journal_read.peek(path)
        if info is None or info.csv_sha256 != table.sha256 or not _sent_to(info, server):
            continue
        if batch_message(info.draft) != wanted:
            continue
        counts = journal_read.peek_counts(path)
        if counts is not None and counts[RowState.SENT]:
            left = counts[RowState.PENDING] + counts[RowState.FAILED]
            unknown = counts[RowState.UNKNOWN] + counts[RowState.SENDING]
            sent = counts[RowState.SENT]
            return EarlierBatch(path, info.batch_id, info.created_at, sent, left, unknown)
    return None


@dataclass(frozen=True)
class SentBefore:
    """Rows of a new list whose numbers earlier batches sent this message (or may have:
    their row was left unknown), from another CSV: a list fixed and sent again, or one
    that shares customers with an earlier one."""

    rows: tuple[int, ...]  # this list's rows (the CSV's row numbers), in order
    batch_id: str  # the newest batch that sent one of them
    started: float

    @property
    def when(self) -> str:
        return datetime.fromtimestamp(self.started).strftime("%Y-%m-%d %H:%M")


def sent_before(message: Message, plan: Plan, server: Server) -> SentBefore | None:
    """The planned rows whose numbers a batch in the data folder already sent ``message``
    through ``server`` (read only); None when there are none."""
    wanted = as_batch(message)
    waiting = {row.phone: row.row for row in plan.rows}
    rows: list[int] = []
    newest: BatchInfo | None = None
    for path in journals.journals():  # newest first
        info = journal_read.peek(path)
        if info is None or batch_message(info.draft) != wanted or not _sent_to(info, server):
            continue
        reached = journal_read.peek_reached(path) & waiting.keys()
        if reached:
            rows += [waiting.pop(phone) for phone in reached]
            newest = newest or info
    if newest is None:
        return None
    return SentBefore(tuple(sorted(rows)), newest.batch_id, newest.created_at)


def _sent_to(info: BatchInfo, server: Server) -> bool:
    """Whether the batch of ``info`` sent through ``server``: a batch sent to a sandbox
    reached no one. A journal from before batches kept their server is taken as sent, and
    so is every batch when the URL is "" (not known)."""
    if server.built_in_sandbox:  # whatever port it had then
        return info.profile == SANDBOX
    url = server.url
    return not url or str(info.options.get("server", url)) == url


def leave_out(plan: Plan, rows: Sequence[int]) -> Plan:
    """``plan`` without ``rows``, which are kept as left out (``Plan.sent_before``)."""
    gone = set(rows)
    kept = tuple(row for row in plan.rows if row.row not in gone)
    return replace(plan, rows=kept, sent_before=tuple(sorted(gone)))
