"""How long the core takes for one full message: the window validates on every keystroke."""

from __future__ import annotations

import timeit
from collections.abc import Callable

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


def per_call_us(statement: Callable[[], object], number: int = 2000) -> float:
    return min(timeit.repeat(statement, number=number, repeat=5)) / number * 1e6


def main() -> None:
    validate(MESSAGE)  # warm phonenumbers' metadata
    draft = dumps_draft(MESSAGE)
    rows = [
        (f"validate (body of {len(MESSAGE.body)} chars)", lambda: validate(MESSAGE)),
        ("send_body", lambda: send_body(MESSAGE)),
        ("draft dump + load", lambda: loads_draft(dumps_draft(MESSAGE))),
    ]
    for label, call in rows:
        print(f"{label:<34} {per_call_us(call):8.1f} µs per call")
    print(f"draft size: {len(draft.encode())} bytes")


if __name__ == "__main__":
    main()
