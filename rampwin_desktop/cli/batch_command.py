"""``rampwin-desktop batch``: one draft, a CSV of recipients, a personalised message per row.

Every row is checked before anything is sent (``core/recipients.py``); the rows then go,
one at a time and at a steady rate, through the same engine as ``send`` (``app/batch.py``),
with a journal that lets an interrupted batch resume without sending anyone a message twice.
Exit codes: ``cli/exit_codes.py`` (0 all sent, 4 any refused, 5 any unknown or network
failure, 2 invalid input, nothing sent; 130 stopped by Ctrl+C).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

from rampwin_desktop.app import header_files
from rampwin_desktop.app.credentials import ENV_API_KEY, ENV_BASE_URL
from rampwin_desktop.cli import batch_output, batch_resume, exit_codes
from rampwin_desktop.cli.options import known_profile, profile_store
from rampwin_desktop.core import row_problems
from rampwin_desktop.core.counts import counted
from rampwin_desktop.core.draft import DraftError, load_draft
from rampwin_desktop.core.model import Message
from rampwin_desktop.core.recipients import (
    DEFAULT_PHONE_COLUMN,
    CsvError,
    Plan,
    RecipientTable,
    holds_numbers,
    numbers_column,
    plan,
    read_csv,
)
from rampwin_desktop.core.variables import placeholders

MIN_RATE = 0.001  # messages per second: below it, a "rate" is a mistake (1e-9: 31 years)
LISTED_ROWS = 5  # rows named when numbers already got this message; then how many more


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "batch",
        parents=[common],
        help="send a draft to every row of a CSV, personalised with {{column}}",
        description=(
            "Send one draft to every recipient in a CSV, with {{column}} placeholders filled "
            "in from each row. Every row is checked first; nothing is sent while any row has a "
            "problem (unless --skip-invalid). A journal records each row's state so that an "
            f"interrupted batch can --resume. The API key comes from ${ENV_API_KEY}, else the "
            "profile's keyring entry."
        ),
        epilog=(
            "exit codes: 0 all sent; 2 invalid input (nothing sent); 3 no key or key refused; "
            "4 the API refused some messages; 5 some outcomes unknown or network failures; "
            "130 stopped by Ctrl+C (resumable); 141 its output's reader went away (resumable)"
        ),
    )
    parser.add_argument("--draft", type=Path, required=True, metavar="FILE", help="the message")
    parser.add_argument("--csv", type=Path, required=True, metavar="FILE", help="the recipients")
    parser.add_argument(
        "--profile", default=None, help="the profile to send from (default: default)"
    )
    parser.add_argument("--base-url", metavar="URL", help=f"API address (or ${ENV_BASE_URL})")
    parser.add_argument(
        "--rate",
        type=float,
        default=batch_output.DEFAULT_RATE,
        metavar="N",
        help="messages per second, steady (default 1; fractions allowed; 0: no limit)",
    )
    parser.add_argument(
        "--phone-column",
        default=None,
        metavar="NAME",
        help="the column of numbers (default: phone, else the first column of numbers)",
    )
    parser.add_argument(
        "--skip-invalid", action="store_true", help="send the valid rows, report the others"
    )
    parser.add_argument(
        "--allow-duplicates", action="store_true", help="send to a number each time it appears"
    )
    parser.add_argument(
        "--allow-outside-files",
        action="store_true",
        help="send a header file the draft names outside its own folder (refused without this)",
    )
    parser.add_argument(
        "--journal", type=Path, metavar="FILE", help="the batch's journal (default: data folder)"
    )
    parser.add_argument("--resume", action="store_true", help="continue the batch in the journal")
    parser.add_argument(
        "--again",
        action="store_true",
        help="send a new batch even if this list already got this message",
    )
    parser.add_argument(
        "--skip-sent",
        action="store_true",
        help="leave out the numbers an earlier batch already sent this message (from "
        "another CSV: a list fixed and sent again)",
    )
    parser.add_argument(
        "--resend-unknown",
        action="store_true",
        help="when resuming, send again the rows whose outcome is unknown",
    )
    parser.add_argument(
        "--other-server",
        action="store_true",
        help="when resuming, send the rest through this run's server though the batch began "
        "on another",
    )
    parser.add_argument(
        "--results", type=Path, metavar="FILE", help="write each row's result to this CSV"
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="check every row, print the first three requests and the counts; send nothing",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    err = sys.stderr
    if not (args.rate == 0 or MIN_RATE <= args.rate < math.inf):  # NaN fails both
        print(
            f"rate: give a number of messages per second from {MIN_RATE:g} (one every 16 "
            "minutes or so) up, or 0 for no limit.",
            file=err,
        )
        return exit_codes.INVALID
    if said := _options_problem(args):
        print(f"{said} Nothing was sent.", file=err)
        return exit_codes.INVALID
    results = (
        batch_output.results_problem(args.results, args.csv, args.journal) if args.results else ""
    )
    if results:
        print(f"{results} Nothing was sent.", file=err)
        return exit_codes.INVALID
    profiles = profile_store()
    name = known_profile(profiles, args.profile)
    if name is None:
        return exit_codes.INVALID
    profile = profiles.load(name)
    loaded = _load(args)
    if loaded is None:
        return exit_codes.INVALID
    from rampwin_desktop.app.defaults import home_region, with_profile_defaults

    message, table = loaded
    message = with_profile_defaults(message, profile, flags=False)
    column = _phone_column(args.phone_column, table, args.csv)
    if column is None:
        return exit_codes.INVALID
    args.phone_column = column
    try:
        planned = plan(
            message,
            table,
            phone_column=args.phone_column,
            allow_duplicates=args.allow_duplicates,
            home_region=home_region(profile),
        )
    except CsvError as exc:
        print(f"csv: {exc}", file=err)
        return exit_codes.INVALID
    print(f"{args.csv.name}: {table.describe()}.", file=err)
    skipped_before = (
        args.resume and not args.skip_invalid and batch_resume.skipped_before(args, planned)
    )
    why = "skipped by the batch's first run too" if skipped_before else "--skip-invalid"
    if not _report_problems(
        message, table, planned, skip=args.skip_invalid or skipped_before, why=why
    ):
        return exit_codes.INVALID
    if not planned.rows:
        print("Nothing was sent: no row is left to send.", file=err)
        return exit_codes.INVALID
    from rampwin_desktop.cli.send_command import checked_base_url, resolve_credentials

    base_url = checked_base_url(profile, args.base_url)
    if base_url is None:
        return exit_codes.INVALID
    if not args.resume:
        new_plan = _first_time(message, table, planned, args, base_url)
        if new_plan is None:
            return exit_codes.INVALID
        planned = new_plan
        if not planned.rows:
            print("Nothing was sent: no row is left to send.", file=err)
            return exit_codes.INVALID
    if args.dry_run:
        left = (
            batch_resume.left_to_resume(args, message, table, planned) if args.resume else planned
        )
        if left is None:
            return exit_codes.INVALID
        _dry_run(left, base_url)
        return exit_codes.OK
    found = resolve_credentials(profile, profiles, args.base_url)
    if isinstance(found, int):
        return found
    return batch_output.send_all(args, name, found, message, table, planned)


def _phone_column(named: str | None, table: RecipientTable, csv: Path) -> str | None:
    """The column of numbers: ``named``, else guessed as the window guesses it (and said);
    None, with the reason printed, when it is not in the list or none looks like numbers
    (the window shows the rows and asks; here the guess would fail every row)."""
    err = sys.stderr
    there = ", ".join(f'"{column}"' for column in table.columns)
    if named is not None:
        if named in table.columns:
            return named
        print(
            f'csv: The list has no column named "{named}"; its columns are {there}. Give the '
            "one that holds the phone numbers with --phone-column NAME.",
            file=err,
        )
        return None
    guessed = numbers_column(table)
    if guessed == DEFAULT_PHONE_COLUMN:
        return guessed
    if not holds_numbers(table, guessed):
        print(
            f"csv: No column of {csv.name} looks like phone numbers (its columns are "
            f"{there}). Name the one that holds them with --phone-column NAME.",
            file=err,
        )
        return None
    print(f'Numbers from the column "{guessed}" (--phone-column NAME for another).', file=err)
    return guessed


def _options_problem(args: argparse.Namespace) -> str:
    """An option given where it means nothing, said (it was ignored without a word, so a
    user believed it had done something), or ""."""
    for starting, option in ((args.again, "--again"), (args.skip_sent, "--skip-sent")):
        if starting and args.resume:  # each is about starting a batch
            return f"{option} starts a new batch; --resume goes on with one: give one of them."
    for given, option in (
        (args.resend_unknown, "--resend-unknown"),
        (args.other_server, "--other-server"),
    ):
        if given and not args.resume:
            return f"{option} goes with --resume: it is about the rest of a batch sent before."
    if args.again and args.skip_sent:
        return "--again sends to everyone; --skip-sent leaves out who got it: give one of them."
    journal = args.journal
    if journal is not None and not args.resume and not journal.absolute().parent.is_dir():
        return f"journal: the folder {journal.absolute().parent} does not exist."
    return ""


def _load(args: argparse.Namespace) -> tuple[Message, RecipientTable] | None:
    err = sys.stderr
    try:
        message = load_draft(args.draft)
    except DraftError as exc:
        print(f"draft: {exc}", file=err)
        return None
    if not placeholders(message.with_changes(body="", footer="", buttons=())):
        outside = header_files.file_outside_draft(message, args.draft)
        if outside is not None and not args.allow_outside_files:
            print(
                f"draft: the header file {outside} is outside the draft's folder "
                f"({args.draft.absolute().parent}); nothing was sent. Put it beside the "
                "draft, or, if you mean to send that file, add --allow-outside-files.",
                file=err,
            )
            return None
    try:
        return message, read_csv(args.csv)
    except CsvError as exc:
        print(f"csv: {exc}", file=err)
        return None


def _first_time(
    message: Message, table: RecipientTable, planned: Plan, args: argparse.Namespace, server: str
) -> Plan | None:
    """The plan for a new batch, or None (said why) when it must not start: a batch in the
    data folder already sent this message to this list (unless --again; a dry run only
    says so), or to some of its numbers from another CSV (unless --skip-sent leaves them
    out, or --again)."""
    from rampwin_desktop.app.batch_again import Server, earlier_batch, leave_out, sent_before

    err = sys.stderr
    where = Server(server)
    earlier = earlier_batch(message, table, where)  # batches sent through the same server
    if earlier is not None:
        said = (
            f"This list got this message on {earlier.when} (batch {earlier.batch_id}: "
            f"{counted(earlier.sent, 'row')} sent; journal {earlier.path})."
        )
        if args.again:
            print(f"{said} Sending it again (--again).", file=err)
            return planned
        if args.dry_run:
            print(
                f"{said} Sending it needs --again{batch_resume.resume_hint(earlier, args.csv)}.",
                file=err,
            )
            return planned
        hint = batch_resume.resume_hint(earlier, args.csv)
        print(f"{said} Nothing was sent: add --again to send it to everyone again{hint}.", file=err)
        return None
    before = None if args.again else sent_before(message, planned, where)
    if before is None:
        return planned
    count = len(before.rows)
    rows = ", ".join(str(row) for row in before.rows[:LISTED_ROWS])
    rows += f" and {count - LISTED_ROWS:,} more" if count > LISTED_ROWS else ""
    said = (
        f"{counted(count, 'number')} on this list already got this message (rows {rows}; "
        f"the newest batch that sent one: {before.batch_id}, {before.when})."
    )
    if args.skip_sent:
        print(f"{said} Left out (--skip-sent).", file=err)
        return leave_out(planned, before.rows)
    others = len(planned.rows) - count
    choice = (
        f"add --skip-sent to send only to the {counted(others, 'other')}, or --again to "
        "send to everyone"
        if others
        else "add --again to send it to them again"
    )
    if args.dry_run:
        print(f"{said} Sending it needs a choice: {choice}.", file=err)
        return planned
    print(f"{said} Nothing was sent: {choice}.", file=err)
    return None


def _report_problems(
    message: Message, table: RecipientTable, planned: Plan, *, skip: bool, why: str
) -> bool:
    """Print the problems (an unknown placeholder once, not once a row); whether the
    batch may go on (``skip``: without the rows with problems, ``why``)."""
    err = sys.stderr
    lines = row_problems.problem_lines(message, table, planned.problems)
    for line in lines + row_problems.empty_lines(planned):  # problems, then what is empty
        print(line, file=err)
    rows = planned.problem_rows
    if rows and not skip:
        fix = "Fix it" if rows == 1 else "Fix them"
        # --skip-invalid only when it would send something (every row may have the problem)
        then = ", or add --skip-invalid to send the other rows." if planned.rows else "."
        said = row_problems.rows_with_problems(rows, len(lines))
        print(f"Nothing was sent: {said}. {fix}{then}", file=err)
        return False
    if rows:
        print(f"Skipping {counted(rows, 'row')} with problems ({why}).", file=err)
    if planned.duplicates:
        listed = ", ".join(str(row) for row in planned.duplicates)
        print(
            f"Leaving out {counted(len(planned.duplicates), 'row')} repeating an earlier number "
            f"({'row' if len(planned.duplicates) == 1 else 'rows'} {listed}; "
            "--allow-duplicates sends them).",
            file=err,
        )
    return True


def _dry_run(planned: Plan, base_url: str) -> None:
    from rampwin_desktop.core.payload import send_body

    for row in planned.rows[:3]:
        print(f"# row {row.row}")
        print(json.dumps(send_body(row.message), ensure_ascii=False, indent=2))
    skipped = planned.problem_rows
    print(
        f"(dry run: would POST {counted(len(planned.rows), 'message')} to {base_url}; "
        f"{counted(skipped, 'row')} with problems, {counted(len(planned.duplicates), 'repeat')} "
        "left out)",
        file=sys.stderr,
    )
