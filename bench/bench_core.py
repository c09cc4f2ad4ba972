"""How long the core takes for one full message: the window validates on every keystroke."""

from __future__ import annotations

import sys
import timeit
from collections.abc import Callable

from bench.common import Row, parse_args, report
from rampwin_desktop.core.draft import dumps_draft, loads_draft
from rampwin_desktop.core.model import Button, Header, Message
from rampwin_desktop.core.payload import send_body
from rampwin_desktop.core.validation import validate

MESSAGE = Message(
    body="Hello *there* 👋\n" * 60,
    footer="Reply STOP to opt out",
    header=Header.of_text("Big sale"),
    buttons=(Button("buy", "Buy now"), Button("later", "Later"), Button("stop", "Stop")),
    recipient="+91 99999 99999",
    channel_id="channel-1",
)


def per_call_us(statement: Callable[[], object], number: int, runs: int) -> list[float]:
    return [t / number * 1e6 for t in timeit.repeat(statement, number=number, repeat=runs)]


def main() -> int:
    args = parse_args(__doc__ or "", runs=5)
    number = 20 if args.smoke else 2000
    validate(MESSAGE)  # warm phonenumbers' metadata
    rows = []
    for label, call in (
        (f"validate (body of {len(MESSAGE.body)} chars)", lambda: validate(MESSAGE)),
        ("send_body", lambda: send_body(MESSAGE)),
        ("draft dump + load", lambda: loads_draft(dumps_draft(MESSAGE))),
    ):
        samples = per_call_us(call, number, args.runs)
        rows.append(Row(label, min(samples), "µs", samples=samples))
    report("core", rows, args, draft_bytes=len(dumps_draft(MESSAGE).encode()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
