"""Property tests: any valid message survives a draft round trip and is accepted by the sandbox."""

from __future__ import annotations

import json
import string
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rampwin_desktop.api.client import RampwinClient
from rampwin_desktop.core import limits
from rampwin_desktop.core.draft import dumps_draft, loads_draft
from rampwin_desktop.core.model import Button, Header, HeaderKind, Message
from rampwin_desktop.core.validation import errors, validate
from rampwin_desktop.sandbox import SandboxServer
from tests.helpers import TEST_KEY

# Printable text in any script (no control characters or surrogates), emoji included; the
# blank fillers (Hangul fillers, the blank braille pattern) show nothing although they are
# letters and symbols, so they are left out like spaces.
_chars = st.characters(
    blacklist_categories=("Cc", "Cs", "Co", "Cn"),
    blacklist_characters="\u2028\u2029\x85\u115f\u1160\u3164\uffa0\u2800",
)
# Characters that show nothing on their own (docs/limits.md).
_invisible = st.one_of(
    st.characters(whitelist_categories=("Cf", "Mn", "Mc", "Me", "Zs")),
    st.sampled_from("\u115f\u1160\u3164\uffa0\u2800"),
)


def _shows_something(value: str) -> bool:
    """A letter, digit, punctuation mark or symbol: what the eye sees."""
    return any(unicodedata.category(char)[0] in "LNPS" for char in value)


def visible_text(max_size: int, *, newlines: bool = False) -> st.SearchStrategy[str]:
    alphabet = st.one_of(_chars, st.just("\n")) if newlines else _chars
    return st.text(alphabet, min_size=1, max_size=max_size).filter(_shows_something)


@st.composite
def valid_messages(draw: st.DrawFn) -> Message:
    count = draw(st.integers(limits.BUTTONS_MIN, limits.BUTTONS_MAX))
    titles = draw(
        st.lists(
            visible_text(limits.BUTTON_TITLE_MAX).filter(lambda s: "\n" not in s),
            min_size=count,
            max_size=count,
            unique_by=lambda s: s.strip().casefold(),
        )
    )
    ids = draw(
        st.lists(
            st.text(string.ascii_letters + string.digits + "_-", min_size=1, max_size=40),
            min_size=count,
            max_size=count,
            unique=True,
        )
    )
    header = draw(
        st.one_of(
            st.just(Header()),
            visible_text(limits.HEADER_TEXT_MAX)
            .filter(lambda s: "\n" not in s)
            .map(Header.of_text),
            st.sampled_from(["https://cdn.example.com/a.png", "https://x.example/img.jpg"]).map(
                lambda link: Header.of_media(HeaderKind.IMAGE, link)
            ),
        )
    )
    return Message(
        body=draw(visible_text(limits.BODY_MAX, newlines=True)),
        footer=draw(
            st.one_of(st.just(""), visible_text(limits.FOOTER_MAX).filter(lambda s: "\n" not in s))
        ),
        header=header,
        buttons=tuple(Button(i, t) for i, t in zip(ids, titles, strict=True)),
        recipient=draw(st.sampled_from(["919999999999", "+44 7911 123456", "1 650 253 0000"])),
        channel_id=draw(
            st.text(string.ascii_letters + string.digits + "-_.:", min_size=1, max_size=30)
        ),
        hide_from_chat=draw(st.booleans()),
        dont_show_in_chat_list=draw(st.booleans()),
    )


@settings(max_examples=200, deadline=None)
@given(valid_messages())
def test_valid_messages_survive_a_draft_round_trip(message: Message) -> None:
    assert errors(validate(message)) == []
    assert loads_draft(dumps_draft(message)) == message


@settings(max_examples=200, deadline=None)
@given(
    st.text(_invisible, max_size=limits.FOOTER_MAX),
    st.sampled_from(["body", "footer", "header.text", "button[1].title"]),
)
def test_text_that_shows_nothing_is_refused_in_every_field(value: str, field: str) -> None:
    good = Message(
        body="Hi", buttons=(Button("b1", "OK"),), recipient="919999999999", channel_id="c"
    )
    message = {
        "body": good.with_changes(body=value),
        "footer": good.with_changes(footer=value or " "),
        "header.text": good.with_changes(header=Header.of_text(value)),
        "button[1].title": good.with_changes(buttons=(Button("b1", value),)),
    }[field]
    assert [(p.field, p.message.split(";")[1]) for p in errors(validate(message))] == [
        (field, " it needs at least one visible character.")
    ]


@pytest.fixture(scope="module")
def shared_sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(api_key=TEST_KEY) as server:
        yield server


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(message=valid_messages())
def test_valid_messages_are_accepted_by_the_sandbox(
    shared_sandbox: SandboxServer, message: Message
) -> None:
    with RampwinClient(TEST_KEY, base_url=shared_sandbox.base_url) as api:
        result = api.send_interactive(message)
    assert result.message
    recorded = shared_sandbox.messages()[-1]
    assert loads_draft(json.dumps(recorded["body"])).body == message.body


def test_local_file_links_round_trip(tmp_path: Path) -> None:
    image = tmp_path / "a" / "b.png"
    message = Message(body="x", header=Header.of_media(HeaderKind.IMAGE, str(image)))
    assert loads_draft(dumps_draft(message, base_dir=tmp_path), base_dir=tmp_path) == message
