"""Placeholders: ``{{column}}`` in a message, filled in with one row's values.

A placeholder may stand in every text that is sent: the header text (or, for a media
header, its link, so each row can have its own picture), the body, the footer and each
button's title and id. ``{{ name }}`` is the same placeholder as ``{{name}}``; a name is
matched exactly (case counts) and may hold spaces inside, not braces or a line break.
``\\{{`` writes a literal ``{{``. A value is put in as it is: a ``{{`` inside a value is
not filled in again.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Mapping

from rampwin_desktop.core.model import Button, HeaderKind, Message

# An escaped "{{" first, so that "\{{name}}" is a literal, not a placeholder.
_TOKEN = re.compile(r"\\\{\{|\{\{[ \t]*([^{}\r\n]*?)[ \t]*\}\}")


class VariableError(ValueError):
    """A placeholder with no value; ``str(error)`` is a sentence for the user."""

    def __init__(self, name: str, known: list[str]) -> None:
        close = difflib.get_close_matches(name, known, n=1)
        hint = f' Did you mean "{close[0]}"?' if close else ""
        super().__init__(
            f'The message uses {{{{{name}}}}}, but the list has no column named "{name}".{hint}'
        )
        self.name = name


def _texts(message: Message) -> Iterator[str]:
    """The texts that are sent, in the order they appear on screen."""
    header = message.header
    if header.kind is HeaderKind.TEXT:
        yield header.text
    elif header.kind.is_media:
        yield header.link
    yield message.body
    yield message.footer
    for button in message.buttons:
        yield button.title
        yield button.id


def placeholders(message: Message) -> list[str]:
    """The names of the placeholders ``message`` uses, first appearance first, each once."""
    found: dict[str, None] = {}
    for text in _texts(message):
        found.update(dict.fromkeys(names_in(text)))
    return list(found)


def has_braces(message: Message) -> bool:
    """Whether a text that is sent has ``{{`` in it: a placeholder, or an escaped one."""
    return any("{{" in text for text in _texts(message))


def names_in(text: str) -> list[str]:
    """The names of the placeholders in one text, first appearance first, each once."""
    if "{{" not in text:
        return []
    found: dict[str, None] = {}
    for match in _TOKEN.finditer(text):
        name = match.group(1)
        if name:  # "{{}}" names nothing: it is left as it is
            found.setdefault(name)
    return list(found)


def unescaped(message: Message) -> Message:
    """``message`` as a single send sends it: each ``\\{{`` written as ``{{``.

    A single send has no row to fill placeholders from: validation makes each one a
    problem (``core/validation.py``), so call this only on a message that passed it.
    Raises VariableError for a placeholder left in.
    """
    return fill(message, {})


def shown(message: Message) -> Message:
    """``message`` as a preview shows it: each ``\\{{`` as the ``{{`` it sends, each
    placeholder as typed (a single send refuses it; a list fills it in per row)."""
    return _apply(message, shown_text)


def shown_text(text: str) -> str:
    """One text as ``shown`` shows it, and as the form's counters count it."""
    return _TOKEN.sub(_as_shown, text) if "{{" in text else text


def _as_shown(match: re.Match[str]) -> str:
    return "{{" if match.group(1) is None else match.group()


def fill(message: Message, values: Mapping[str, str]) -> Message:
    """``message`` with each placeholder replaced by its value and ``\\{{`` by ``{{``.

    Raises VariableError naming the first placeholder (on screen) that ``values`` lacks.
    """

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:
            return "{{"
        if not name:
            return match.group()
        try:
            return values[name]
        except KeyError:
            raise VariableError(name, list(values)) from None

    def filled(text: str) -> str:
        return _TOKEN.sub(replace, text) if "{{" in text else text

    return _apply(message, filled)


def escaped(message: Message) -> Message:
    """A message to compose that sends ``message``'s texts as they are (the inverse of
    ``unescaped``): each ``{{`` written ``\\{{``. For a message that was sent (a past
    attempt), whose ``{{`` is text, not a placeholder."""
    return _apply(message, lambda text: text.replace("{{", "\\{{") if "{{" in text else text)


def _apply(message: Message, change: Callable[[str], str]) -> Message:
    """``message`` with ``change`` applied to each text that is sent (copied only if changed)."""
    header = message.header
    if header.kind is HeaderKind.TEXT and (text := change(header.text)) != header.text:
        header = header.with_changes(text=text)
    elif header.kind.is_media and (link := change(header.link)) != header.link:
        header = header.with_changes(link=link)
    body = change(message.body)
    footer = change(message.footer)
    buttons = tuple(_button(button, change) for button in message.buttons)
    if (header, body, footer, buttons) == (
        message.header,
        message.body,
        message.footer,
        message.buttons,
    ):
        return message
    return message.with_changes(header=header, body=body, footer=footer, buttons=buttons)


def _button(button: Button, change: Callable[[str], str]) -> Button:
    title = change(button.title)  # the title first: it is first on screen
    button_id = change(button.id)
    if (title, button_id) == (button.title, button.id):
        return button
    return Button(id=button_id, title=title)
