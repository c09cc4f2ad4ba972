"""``{{column}}`` placeholders in a message, and the message with a row's values put in.

(Minimal version for the batch runner's tests; part A's is the one kept.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rampwin_desktop.core.model import Message

_PLACEHOLDER = re.compile(r"(\\\{\{)|\{\{\s*([^{}]*?)\s*\}\}")


class VariableError(ValueError):
    """A placeholder with no value; ``str(error)`` is a sentence for the user."""


def _texts(message: Message) -> list[str]:
    header = message.header
    texts = [message.body, message.footer, header.text, header.link]
    for button in message.buttons:
        texts += [button.title, button.id]
    return texts


def placeholders(message: Message) -> list[str]:
    names: list[str] = []
    for text in _texts(message):
        for match in _PLACEHOLDER.finditer(text):
            name = match.group(2)
            if match.group(1) is None and name not in names:
                names.append(name)
    return names


def _filled(text: str, values: Mapping[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return "{{"
        name = match.group(2)
        if name not in values:
            raise VariableError(f"The placeholder {{{{{name}}}}} has no column of that name.")
        return values[name]

    return _PLACEHOLDER.sub(one, text)


def fill(message: Message, values: Mapping[str, str]) -> Message:
    header = message.header.with_changes(
        text=_filled(message.header.text, values), link=_filled(message.header.link, values)
    )
    buttons = tuple(
        button.with_changes(id=_filled(button.id, values), title=_filled(button.title, values))
        for button in message.buttons
    )
    return message.with_changes(
        body=_filled(message.body, values),
        footer=_filled(message.footer, values),
        header=header,
        buttons=buttons,
    )
