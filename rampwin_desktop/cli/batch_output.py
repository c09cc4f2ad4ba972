"""``batch``'s sending half: the journal (new or resumed), the run, its progress on the
terminal, the results file, the summary and the exit code."""

from __future__ import annotations

import argparse
import csv
import os
import shlex
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from rampwin_desktop.app import batch, batch_report
from rampwin_desktop.app.credentials import Credentials
from rampwin_desktop.cli import exit_codes, output, wording
from rampwin_desktop.core.model import Message
from rampwin_desktop.core.recipients import DEFAULT_PHONE_COLUMN, Plan, RecipientTable
from rampwin_desktop.storage import journal as journals
from rampwin_desktop.storage import journal_read
from rampwin_desktop.storage.journal import Journal, JournalError, RowState
from rampwin_desktop.storage.private import opener
from rampwin_desktop.storage.profiles import DEFAULT_PROFILE

PLAIN_EVERY = 1.0  # seconds between progress lines when not on a terminal
DEFAULT_RATE = 1.0  # messages per second (``--rate``)
TTY_EVERY = 0.1  # seconds between rewrites of the progress line on a terminal


def send_all(
    args: argparse.Namespace,
    profile: str,
    found: Credentials,
    message: Message,
    table: RecipientTable,
    planned: Plan,
) -> int:
    err = sys.stderr
    try:
        journal = _journal(args, profile, message, table, planned, found.base_url)
    except (JournalError, batch.BatchError) as exc:
        print(str(exc), file=err)
        return exit_codes.INVALID
    from rampwin_desktop.storage.history import open_history
    from rampwin_desktop.storage.settings import open_settings
    from rampwin_desktop.storage.upload_cache import open_upload_cache

    job = batch.BatchJob(
        batch_id=journal.info.batch_id,
        profile=profile,
        credentials=found,
        rate=args.rate or None,
        resend_unknown=args.resend_unknown,
        keep_metadata=open_settings().keep_metadata(),
    )
    stop, restore = install_stop()
    history = open_history()
    printer = Printer(err.isatty(), stop)
    interrupted = False
    try:
        summary = batch.run(
            planned,
            journal,
            job,
            history=history,
            cache=open_upload_cache(),
            stop=stop,
            on_progress=printer.show,
        )
    except KeyboardInterrupt:
        interrupted = True
        summary = batch.summarise(journal, "interrupted")
    finally:
        restore()
        history.close()
        printer.end()
    if args.results is not None:
        try:
            write_results(args.results, journal, table, args.phone_column)
            print(f"Results: {args.results}", file=err)
        except OSError as error:  # checked before the start; a disk may still fill up
            reason = error.strerror or type(error).__name__
            print(f"results: {args.results} could not be written ({reason}).", file=err)
    unsure = (RowState.UNKNOWN, RowState.SENDING)  # left sending: a second Ctrl+C
    unknown = [row.row for row in journal.rows() if row.state in unsure]
    journal.close()
    print(summary_line(summary), file=err)
    if unknown:  # which chats to look at, and how (stopped too: a second Ctrl+C)
        print(
            f"Unknown (they may have been delivered): {rows_said(unknown)}. Check those "
            "chats; --resume --resend-unknown sends them again.",
            file=err,
        )
    if printer.reader_gone:  # stopped as it went: the results and the journal are kept
        return exit_codes.BROKEN_PIPE
    if summary.stopped or interrupted:
        return _stopped(summary, journal.path, args, interrupted or stop.is_set())
    if summary.unknown or summary.network:
        return exit_codes.NETWORK
    return exit_codes.REFUSED if summary.failed else exit_codes.OK


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)  # Ctrl+C; a service manager's or kill's stop


def install_stop() -> tuple[threading.Event, Callable[[], None]]:
    """Ctrl+C (or SIGTERM) sets the returned event: the request in flight finishes, the
    results are written; a second one interrupts at once. Returns the event and what puts
    the handlers it replaced back."""
    stop = threading.Event()

    def on_stop(signum: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        print("\nStopping after the message being sent…", file=sys.stderr)

    previous = {number: signal.signal(number, on_stop) for number in STOP_SIGNALS}

    def restore() -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)

    return stop, restore


def _journal(
    args: argparse.Namespace,
    profile: str,
    message: Message,
    table: RecipientTable,
    planned: Plan,
    server: str,
) -> Journal:
    err = sys.stderr
    csv_path = str(args.csv.absolute())
    journal = batch.open_or_create(
        planned,
        message,
        table,
        resume=(args.journal or latest_for(csv_path)) if args.resume else None,
        new_path=args.journal,
        csv_path=csv_path,
        profile=profile,
        rate=args.rate,
        phone_column=args.phone_column,
        allow_duplicates=args.allow_duplicates,
        server=server,  # where it sends: a batch to a sandbox is no send to Rampwin
    )
    if args.resume:
        began = str(journal.info.options.get("server", server))
        if began != server and not args.other_server:
            journal.close()
            raise batch.BatchError(
                f"This batch began sending through {began}; this run would send the rest "
                f"through {server}. Nothing was sent. Resume with the same --base-url or "
                "profile, or add --other-server to send the rest there."
            )
        if journal.recovered:
            print(recovered_line(journal.recovered, resend=args.resend_unknown), file=err)
        counts = journal.counts()
        left = batch.still_to_send(counts, resend_unknown=args.resend_unknown)
        print(
            f"Resuming batch {journal.info.batch_id} ({journal.path}): "
            f"{counts[RowState.SENT]} sent before, {left} to send.",
            file=err,
        )
        return journal
    print(
        f"Batch {journal.info.batch_id}: {len(planned.rows)} to send; journal {journal.path}",
        file=err,
    )
    return journal


def latest_for(csv_path: str) -> Path:
    """The journal of the newest batch of the list at ``csv_path`` (``JournalError``)."""
    for path in journals.journals():
        info = journal_read.peek(path)
        if info is not None and info.csv_path == csv_path:
            return path
    raise JournalError(
        f"There is no journal of a batch from {csv_path} in the data folder; "
        "name it with --journal FILE."
    )


def _stopped(summary: batch.Summary, path: Path, args: argparse.Namespace, by_user: bool) -> int:
    err = sys.stderr
    if not by_user:
        stopped = wording.for_the_command_line(summary.stopped, args.profile or DEFAULT_PROFILE)
        print(f"The batch stopped: {stopped}", file=err)
    print(f"To send the rest: {shlex.join(resume_command(args, path))}", file=err)
    if by_user:
        return exit_codes.INTERRUPTED
    return exit_codes.AUTH if summary.key_refused else exit_codes.NETWORK


def resume_command(args: argparse.Namespace, journal: Path) -> list[str]:
    """The command that sends the rest of this batch: this run's draft, CSV and options
    (the checks must pass as they did, at the same rate, to the same server, with the same
    settings folder and results file), its journal, and --resume."""
    again = ["rampwin-desktop", "batch", "--draft", str(args.draft), "--csv", str(args.csv)]
    again += ["--journal", str(journal), "--resume"]
    if getattr(args, "config_dir", None):
        again += ["--config-dir", os.path.abspath(args.config_dir)]
    if args.profile:
        again += ["--profile", args.profile]
    if args.base_url:
        again += ["--base-url", args.base_url]
    if args.results is not None:
        again += ["--results", str(args.results)]
    if args.rate != DEFAULT_RATE:
        again += ["--rate", f"{args.rate:g}"]
    if args.phone_column != DEFAULT_PHONE_COLUMN:
        again += ["--phone-column", args.phone_column]
    flags = (
        "skip_invalid",
        "allow_duplicates",
        "allow_outside_files",
        "resend_unknown",
        "other_server",
    )
    again += ["--" + flag.replace("_", "-") for flag in flags if getattr(args, flag)]
    return again


def results_problem(path: Path, csv_path: Path, journal: Path | None = None) -> str:
    """Why ``--results`` cannot be written, said before anything is sent ("" when it can):
    it was found out after the last message, as a traceback (a newcomer's find). Nor may
    it be the list or the batch's ``journal``, which the results would replace."""
    target = path.expanduser()
    if replaced := batch_report.replaced_by_results(path, csv_path, journal):
        return f"results: {path} is {replaced}; give another file for the results."
    if target.is_dir():
        return f"results: {path} is a folder; give a file name, such as {path / 'results.csv'}."
    folder = target.parent
    if not folder.is_dir():
        return f"results: the folder {folder} does not exist."
    if not os.access(target if target.exists() else folder, os.W_OK):
        return f"results: {path} cannot be written (permission denied)."
    return ""


def write_results(path: Path, journal: Journal, table: RecipientTable, phone_column: str) -> None:
    """row, number, status, the server's message or the error, time (ISO 8601, local), then
    the list's other columns. A skipped row's number is the list's, normalised when it
    reads as one (as the window's)."""
    encoding = batch_report.results_encoding(table)
    with open(path, "w", newline="", encoding=encoding, opener=opener) as stream:
        out = csv.writer(stream, delimiter=batch_report.results_delimiter(table))
        out.writerow(
            [*batch_report.RESULT_COLUMNS, *batch_report.list_columns(table, phone_column)]
        )
        for row in journal.rows():
            sent = row.state is not RowState.PENDING  # a row not sent yet has no time
            when = batch_report.result_time(row.at) if sent else ""
            number = row.phone or batch_report.list_number(table, row.row, phone_column)
            status = batch_report.status_of(row)
            detail = batch_report.detail_of(row, over=True)  # written once the run is over
            found = [row.row, number, status, detail, when]
            out.writerow(found + batch_report.list_values(table, row.row, phone_column))


def rows_said(rows: list[int]) -> str:
    """E.g. "row 71", "rows 3, 5, …" (the first ten)."""
    listed = ", ".join(str(row) for row in rows[:10]) + (", …" if len(rows) > 10 else "")
    return f"row {listed}" if len(rows) == 1 else f"rows {listed}"


def summary_line(summary: batch.Summary) -> str:
    parts = [f"{summary.sent} sent", f"{summary.failed} failed"]
    if summary.window_closed:
        parts[-1] += f" ({summary.window_closed} with the 24-hour window closed)"
    parts.append(f"{summary.unknown} unknown")
    if summary.skipped:
        parts.append(f"{summary.skipped} skipped")
    if summary.pending:
        parts.append(f"{summary.pending} not sent yet")
    return "Done: " + ", ".join(parts) + "."


class Printer:
    """The progress: one line rewritten in place on a terminal (at most ten times a second:
    with no rate limit a row takes about a millisecond), else a line a second. When what
    reads it has gone (``2>&1 | head``), the batch stops as Ctrl+C stops it (``stop``): the
    message in flight finishes, the journal and ``--results`` are kept; it exits 141."""

    def __init__(self, tty: bool, stop: threading.Event) -> None:
        self.tty = tty
        self.stop = stop
        self.last = 0.0
        self.pending = ""
        self.reader_gone = False

    def show(self, progress: batch.BatchProgress) -> None:
        if self.reader_gone:
            return
        if output.reader_gone(sys.stderr):  # each row: a line is written once a second, and
            self._gone()  # with no rate limit 460 rows went before one found the pipe closed
            return
        try:
            self._show(progress)
        except BrokenPipeError:
            self._gone()

    def end(self) -> None:
        if self.reader_gone:
            return
        try:
            self._end()
        except BrokenPipeError:
            self._gone()

    def _gone(self) -> None:
        self.reader_gone = True
        self.stop.set()
        output.quiet(sys.stderr)  # the summary and the rest go nowhere, quietly

    def _show(self, progress: batch.BatchProgress) -> None:
        line = progress_line(progress)
        err = sys.stderr
        if progress.note:
            print(("\r\033[K" if self.tty else "") + progress.note, file=err)
            self.pending = ""
            return
        if not self._due(TTY_EVERY if self.tty else PLAIN_EVERY, progress):
            self.pending = line  # said at the next line due, or at the end
            return
        if self.tty:  # cut to the terminal's width: a wrapped line is not rewritten in place
            width = shutil.get_terminal_size().columns
            print(f"\r\033[K{line[: max(width - 1, 1)]}", end="", file=err, flush=True)
        else:
            print(line, file=err, flush=True)
        self.last = time.monotonic()
        self.pending = ""

    def _due(self, every: float, progress: batch.BatchProgress) -> bool:
        """Whether ``every`` seconds have passed since the last line, or this is the last."""
        return time.monotonic() - self.last >= every or progress.done == progress.total

    def _end(self) -> None:
        if self.tty:
            print(("\r\033[K" + self.pending) if self.pending else "", file=sys.stderr)
        elif self.pending:
            print(self.pending, file=sys.stderr)


def progress_line(progress: batch.BatchProgress) -> str:
    left = (
        "" if progress.time_left is None else f", {batch_report.duration(progress.time_left)} left"
    )
    rate = f"; {batch_report.per_second(progress.rate)}/s" if progress.rate else ""
    return (
        f"{progress.done}/{progress.total} done: {progress.sent} sent, {progress.failed} "
        f"failed, {progress.unknown} unknown{rate}{left}"
    )


def recovered_line(rows: tuple[int, ...], *, resend: bool) -> str:
    """The rows a crash left ``sending``, when a resume opens the journal."""
    listed = ", ".join(str(row) for row in rows)
    if len(rows) == 1:
        return (
            f"Row {listed} was being sent when the batch stopped: its outcome is unknown (it "
            "may have been delivered), so it is not sent again"
            + (
                " (--resend-unknown: it will be)."
                if resend
                else "; check that chat, then --resend-unknown if it needs it."
            )
        )
    return (
        f"Rows {listed} were being sent when the batch stopped: their outcome is unknown "
        "(they may have been delivered), so they are not sent again"
        + (
            " (--resend-unknown: they will be)."
            if resend
            else "; check those chats, then --resend-unknown if they need it."
        )
    )
