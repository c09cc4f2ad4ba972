"""``rampwin-desktop preview``: a draft's preview as a PNG, as the window draws it.

This module parses and checks without Qt; the drawing is ``ui/preview_export.py``, imported
only when a picture is to be made (the command line loads Qt for this command alone).
Exit codes: ``cli/exit_codes.py`` (0 written; 2 an unreadable draft, header image or
option, or an output file that cannot be written). docs/preview.md ("Export").
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from rampwin_desktop.app import header_files
from rampwin_desktop.cli import exit_codes
from rampwin_desktop.core.draft import DraftError, load_draft
from rampwin_desktop.core.model import Message

THEMES = ("light", "dark")
MAX_SCALE = 4.0


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "preview",
        parents=[common],
        help="draw a draft's preview into a PNG (offscreen)",
        description=(
            "Draw the preview of a draft as the window shows it (a phone-width chat, as tall "
            "as the message needs) into a PNG, offscreen: no display is needed. Header links "
            "are never fetched: a placeholder with the file's name stands in, as in the window."
        ),
        epilog=(
            "exit codes: 0 written; 2 the draft, its header image or an option cannot be "
            "used, or the PNG cannot be written"
        ),
    )
    parser.add_argument("--draft", type=Path, metavar="FILE", required=True, help="a draft (JSON)")
    parser.add_argument("--out", type=Path, metavar="PNG", required=True, help="the PNG to write")
    parser.add_argument(
        "--theme", choices=THEMES, default="light", help="the chat's colours (default: light)"
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        metavar="N",
        help="device pixels per pixel: 2 makes a sharp picture for high-density screens "
        "(default: 1)",
    )
    parser.add_argument(
        "--time",
        metavar="HH:MM",
        help="the time shown in the bubble (default: the time now), for pictures that "
        "come out the same on every run",
    )
    parser.add_argument(
        "--allow-outside-files",
        action="store_true",
        help="draw a header image the draft names outside its own folder (refused without this)",
    )
    parser.set_defaults(run=run)


def parse_time(text: str) -> datetime | None:
    """``HH:MM`` as today's time, None when it is not one."""
    try:
        clock = datetime.strptime(text, "%H:%M")
    except ValueError:
        return None
    return datetime.now().replace(hour=clock.hour, minute=clock.minute, second=0, microsecond=0)


def run(args: argparse.Namespace) -> int:
    err = sys.stderr
    at: datetime | None = None
    if args.time is not None:
        at = parse_time(args.time)
        if at is None:
            print(f"time: {args.time!r} is not a time of day as HH:MM (e.g. 09:41)", file=err)
            return exit_codes.INVALID
    if not 0.5 <= args.scale <= MAX_SCALE:
        print(f"scale: {args.scale:g} is not between 0.5 and {MAX_SCALE:g}", file=err)
        return exit_codes.INVALID
    if args.out.suffix.lower() != ".png":
        print(f"out: {args.out} does not end in .png; the picture is a PNG", file=err)
        return exit_codes.INVALID
    try:
        message = load_draft(args.draft)
    except DraftError as exc:
        print(f"draft: {exc}", file=err)
        return exit_codes.INVALID
    outside = (
        None if args.allow_outside_files else header_files.file_outside_draft(message, args.draft)
    )
    if outside is not None:
        print(
            f"draft: the header file {outside} is outside the draft's folder "
            f"({args.draft.absolute().parent}); no picture was made. If you mean to show "
            "that file, add --allow-outside-files.",
            file=err,
        )
        return exit_codes.INVALID

    from rampwin_desktop.ui import boot  # Qt: this command draws, as the window does

    boot.prepare()
    from rampwin_desktop.ui import preview_export
    from rampwin_desktop.ui.theme import DARK, LIGHT

    try:
        size = preview_export.write_preview(
            message, DARK if args.theme == "dark" else LIGHT, at, args.out, scale=args.scale
        )
    except preview_export.PreviewImageError as exc:
        print(f"draft: {exc}; no picture was made", file=err)
        return exit_codes.INVALID
    except OSError as exc:
        print(f"out: {exc}", file=err)
        return exit_codes.INVALID
    print(f"{args.out}: {size.width()} × {size.height()} pixels")
    unsendable = _unsendable(message)
    if unsendable:  # drawn all the same: a draft being worked on is previewed too
        print("Note: this message cannot be sent as it is:", file=err)
        for problem in unsendable:
            print(f"  {problem}", file=err)
    return exit_codes.OK


def _unsendable(message: Message) -> list[str]:
    """What stops the message drawn from being sent, but whom it goes to: a picture handed
    round for approval showed four buttons, or a GIF as a black box, without a word (a
    newcomer's find). Validation reads a local header file as a send does."""
    from rampwin_desktop.core.validation import BATCH_IN_CLI, errors, validate

    return [
        str(problem)
        for problem in errors(validate(message, batch=BATCH_IN_CLI))
        if problem.field not in ("recipient", "channel_id")  # not in the picture
    ]
