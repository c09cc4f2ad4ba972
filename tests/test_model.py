"""The message model: immutable values, equal and hashed by their fields, copied intact."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from rampwin_desktop.core.model import Button, Header, HeaderKind, Message


def message() -> Message:
    return Message(
        body="Hi *there*",
        buttons=(Button("yes", "Yes"), Button("no", "No")),
        header=Header.of_media(HeaderKind.IMAGE, "/tmp/a.png"),
        footer="f",
        recipient="919999999999",
    )


def test_fields_in_constructor_order() -> None:
    def names(kind: type) -> list[str]:
        return [field.name for field in dataclasses.fields(kind)]

    assert names(Header) == ["kind", "text", "link", "filename"]
    assert names(Button) == ["id", "title"]
    assert names(Message) == [
        "body",
        "buttons",
        "header",
        "footer",
        "recipient",
        "channel_id",
        "hide_from_chat",
        "dont_show_in_chat_list",
    ]
    positional = Message("b", (Button("i", "t"),), Header.of_text("h"), "f", "r", "c", True, True)
    assert positional == Message(
        body="b",
        buttons=(Button(id="i", title="t"),),
        header=Header(HeaderKind.TEXT, "h"),
        footer="f",
        recipient="r",
        channel_id="c",
        hide_from_chat=True,
        dont_show_in_chat_list=True,
    )


def test_equal_by_fields_and_hashable() -> None:
    assert message() == message()
    assert hash(message()) == hash(message())
    assert message() != message().with_changes(footer="g")
    assert len({message(), message(), Message()}) == 2
    assert Button("yes", "Yes") != ("yes", "Yes")  # not a tuple
    assert Header() != Message()


def test_immutable() -> None:
    value = message()
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.body = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del value.footer  # type: ignore[misc]
    # A new attribute: no slot for it. (Python 3.11 raises TypeError here, not
    # FrozenInstanceError: CPython gh-105936.)
    with pytest.raises((AttributeError, TypeError)):
        value.extra = 1  # type: ignore[attr-defined]
    assert value.body == "Hi *there*"
    assert not hasattr(value, "__dict__")


def test_with_changes_keeps_the_rest_and_checks_names() -> None:
    value = message()
    changed = value.with_changes(body="new", buttons=())
    assert type(changed) is Message
    assert (changed.body, changed.buttons, changed.header) == ("new", (), value.header)
    assert changed.recipient == value.recipient
    assert value.body == "Hi *there*"
    header = value.header.with_changes(link="https://example.com/a.png")
    assert (header.kind, header.link) == (HeaderKind.IMAGE, "https://example.com/a.png")
    assert Button("a", "A").with_changes(title="B") == Button("a", "B")
    with pytest.raises(TypeError):
        value.with_changes(colour="red")


def test_header_constructors() -> None:
    assert Header.none() == Header() and Header().kind is HeaderKind.NONE
    assert Header.of_text("Hi") == Header(kind=HeaderKind.TEXT, text="Hi")
    document = Header.of_media(HeaderKind.DOCUMENT, "a.pdf", "Price list.pdf")
    assert (document.link, document.filename) == ("a.pdf", "Price list.pdf")
    with pytest.raises(ValueError):
        Header.of_media(HeaderKind.TEXT, "a.png")


def test_defaults_and_repr() -> None:
    assert Message().header == Header() and Message().header.kind is HeaderKind.NONE
    assert Message().buttons == () and isinstance(message().buttons, tuple)
    assert repr(Button("yes", "Yes")) == "Button(id='yes', title='Yes')"
    assert "body='Hi *there*'" in repr(message())


def test_copies_and_pickles() -> None:
    value = message()
    for twin in (copy.copy(value), copy.deepcopy(value), pickle.loads(pickle.dumps(value))):
        assert twin == value and type(twin) is Message
        assert hash(twin) == hash(value)
        assert type(twin.header) is Header and type(twin.buttons[0]) is Button
