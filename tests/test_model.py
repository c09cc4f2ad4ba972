"""The message model's value classes: equality, hashing, immutability, copies."""

from __future__ import annotations

import copy
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


def test_equal_by_fields_and_hashable() -> None:
    assert message() == message()
    assert hash(message()) == hash(message())
    assert message() != message().with_changes(footer="g")
    assert len({message(), message(), Message()}) == 2
    assert Button("yes", "Yes") != ("yes", "Yes")  # not a tuple
    assert Header() != Message()


def test_immutable() -> None:
    value = message()
    with pytest.raises(AttributeError):
        value.body = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del value.footer  # type: ignore[misc]
    with pytest.raises(AttributeError):
        value.extra = 1  # type: ignore[attr-defined]
    assert value.body == "Hi *there*"


def test_with_changes_keeps_the_rest_and_checks_names() -> None:
    value = message()
    changed = value.with_changes(body="new", buttons=())
    assert (changed.body, changed.buttons, changed.header) == ("new", (), value.header)
    assert value.body == "Hi *there*"
    header = value.header.with_changes(link="https://example.com/a.png")
    assert (header.kind, header.link) == (HeaderKind.IMAGE, "https://example.com/a.png")
    with pytest.raises(TypeError):
        value.with_changes(colour="red")


def test_defaults_and_repr() -> None:
    assert Message().header == Header() and Message().header.kind is HeaderKind.NONE
    assert repr(Button("yes", "Yes")) == "Button(id='yes', title='Yes')"
    assert "body='Hi *there*'" in repr(message())


def test_copies_and_pickles() -> None:
    value = message()
    for twin in (copy.copy(value), copy.deepcopy(value), pickle.loads(pickle.dumps(value))):
        assert twin == value and type(twin) is Message
