"""What ``batch --resume`` goes on with: the journal of a batch of the list, the rows it
has left (and those a crash left unsure), and the resume a refusal suggests."""

from __future__ import annotations

import argparse
import dataclasses
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rampwin_desktop.app import batch
from rampwin_desktop.cli import batch_output
from rampwin_desktop.core.counts import counted
from rampwin_desktop.core.model import Message
from rampwin_desktop.core.recipients import Plan, RecipientTable

if TYPE_CHECKING:
    from rampwin_desktop.app.batch_again import EarlierBatch


def resume_hint(earlier: EarlierBatch, csv: Path) -> str:
    """How to send only what that batch has left, if it has any: ", or --resume …". The
    batch may be of a copy of ``csv`` elsewhere: ``--resume`` alone looks for a batch of
    ``csv`` itself, so its journal is named then (a newcomer's find)."""
    left, unknown = earlier.left, earlier.unknown
    journal = shlex.quote(str(earlier.path))
    resume = "--resume" if journal_of(csv) == earlier.path else f"--journal {journal} --resume"
    chats = "its chat" if unknown == 1 else "their chats"
    if left and unknown:
        return (
            f", or {resume} to send only the {counted(left, 'row')} left (with "
            f"--resend-unknown also the {counted(unknown, 'row')} that may have been "
            f"delivered: check {chats} first)"
        )
    if left:
        return f", or {resume} to send only the {counted(left, 'row')} left"
    if unknown:
        return (
            f", or {resume} --resend-unknown to send only the {counted(unknown, 'row')} "
            f"that may have been delivered (check {chats} first)"
        )
    return ""


def journal_of(csv: Path) -> Path | None:
    """The journal ``--resume`` would go on with for ``csv``, if any."""
    from rampwin_desktop.storage.journal import JournalError

    try:
        return batch_output.latest_for(str(csv.absolute()))
    except JournalError:
        return None


def skipped_before(args: argparse.Namespace, planned: Plan) -> bool:
    """Whether the batch being resumed skipped every row that has a problem (its first run
    had --skip-invalid): a resume without the option was refused for rows it would never
    send (a newcomer's find)."""
    from rampwin_desktop.storage import journal_read
    from rampwin_desktop.storage.journal import JournalError, RowState

    try:
        path = args.journal or batch_output.latest_for(str(args.csv.absolute()))
    except JournalError:
        return False  # said where the resume looks for its journal
    skipped = {row.row for row in journal_read.peek_rows(path) if row.state is RowState.SKIPPED}
    with_problems = {problem.row for problem in planned.problems}
    return bool(with_problems) and with_problems <= skipped


def left_to_resume(
    args: argparse.Namespace, message: Message, table: RecipientTable, planned: Plan
) -> Plan | None:
    """The plan of what ``--resume`` would send (the journal's rows left), checked as a
    resume is and read only; None (said why) when it would be refused."""
    from rampwin_desktop.storage import journal_read
    from rampwin_desktop.storage.journal import JournalError, RowState

    err = sys.stderr
    try:
        path = args.journal or batch_output.latest_for(str(args.csv.absolute()))
    except JournalError as exc:
        print(str(exc), file=err)
        return None
    info = journal_read.peek(path)
    counts = journal_read.peek_counts(path)
    if info is None or counts is None:
        print(f"{path} is not a batch journal.", file=err)
        return None
    try:
        batch.check_batch(path, info, message, table)
    except batch.BatchError as exc:
        print(str(exc), file=err)
        return None
    left = set(journal_read.peek_left(path, resend_unknown=args.resend_unknown))
    unknown = journal_read.peek_unknown(path)
    held = (
        ""
        if args.resend_unknown or not unknown
        else (
            f"; {counted(len(unknown), 'row')} unknown (may have been delivered: "
            f"{batch_output.rows_said(unknown)}), not sent again without --resend-unknown"
        )
    )
    print(
        f"Resuming batch {info.batch_id} ({path}): {counts[RowState.SENT]} sent "
        f"before, {len(left)} to send{held}.",
        file=err,
    )
    return dataclasses.replace(planned, rows=tuple(r for r in planned.rows if r.row in left))
