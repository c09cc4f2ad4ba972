"""``rampwin-desktop history``: every send attempt, the window's and the command line's,
newest first."""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from rampwin_desktop.cli import exit_codes
from rampwin_desktop.cli.options import whole_number
from rampwin_desktop.storage.history import Attempt, open_history


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "history",
        parents=[common],
        help="list send attempts, newest first",
        description="List every send attempt (from the window and the command line), newest "
        "first. An attempt whose outcome is unknown may have been delivered.",
    )
    parser.add_argument(
        "--limit", type=whole_number(1), default=20, metavar="N", help="at most N (20)"
    )
    parser.add_argument(
        "--search",
        default="",
        metavar="TEXT",
        help="only attempts with each word of TEXT (a number, a date 2026-11-30, a time 14:05)",
    )
    parser.add_argument("--json", action="store_true", help="a JSON array, for programs")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    history = open_history()
    try:
        attempts = history.attempts(args.search, limit=max(0, args.limit))
    finally:
        history.close()
    if args.json:
        print(json.dumps([as_json(attempt) for attempt in attempts], ensure_ascii=False, indent=2))
        return exit_codes.OK
    if not attempts:
        print(
            f"No send attempts match {args.search!r}." if args.search else "No send attempts yet."
        )
    else:
        print("\n".join(table(attempts)))
    return exit_codes.OK


def as_json(attempt: Attempt) -> dict[str, Any]:
    data = attempt._asdict()
    data["created_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(attempt.created_at))
    data["outcome"] = attempt.outcome.value
    return data


HEADINGS = ("When", "Outcome", "To", "Profile", "Batch", "Detail")


def table(attempts: list[Attempt]) -> list[str]:
    """A heading, then a line an attempt, in columns as wide as their widest value (a
    newcomer's lines went out of step where profile names differed in length, and a
    batch's rows could not be told from single sends)."""
    rows = [HEADINGS, *(cells(attempt) for attempt in attempts)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(HEADINGS) - 1)]
    return [
        "  ".join([*(cell.ljust(width) for cell, width in zip(row, widths, strict=False)), row[-1]])
        for row in rows
    ]


def cells(attempt: Attempt) -> tuple[str, ...]:
    when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(attempt.created_at))
    batch = attempt.batch or "-"
    return (when, attempt.outcome.words, attempt.recipient, attempt.profile, batch, attempt.detail)
