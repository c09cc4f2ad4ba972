"""Text that looks fine, or looks like nothing, and is refused: the rows of docs/reliability.md
for text, asserted by tests/test_validation.py."""

from __future__ import annotations

from typing import Any

from rampwin_desktop.core.model import Button, Header, Message

GOOD = Message(
    body="Hello", buttons=(Button("ok", "OK"),), recipient="919999999999", channel_id="ch-1"
)

# (what it is, the fields it changes in GOOD, the field the problem is reported on)
TEXT_CASES: list[tuple[str, dict[str, Any], str]] = [
    ("a body of two zero-width spaces and a BOM", {"body": "\u200b\u200b\ufeff"}, "body"),
    ("a body of combining accents with no letter", {"body": "\u0301\u0308"}, "body"),
    ("a body of variation selectors and tag characters", {"body": "\ufe0f\U000e0067"}, "body"),
    ("a header text of joiners alone", {"header": Header.of_text("\u200d\u200c")}, "header.text"),
    ("a footer of direction marks", {"footer": "\u200e\u200f"}, "footer"),
    (
        "a button title of two right-to-left overrides",
        {"buttons": (Button("b", "\u202e\u202e"),)},
        "button[1].title",
    ),
    (
        'a button title with a right-to-left override ("Yes" + U+202E + "oN")',
        {"buttons": (Button("b", "Yes\u202eoN"),)},
        "button[1].title",
    ),
    ("a channel id with a line break", {"channel_id": "ch\n1"}, "channel_id"),
    ("a channel id with a slash", {"channel_id": "ch/1"}, "channel_id"),
]


def text_case(changes: dict[str, Any]) -> Message:
    return GOOD.with_changes(**changes)
