"""The exact request body and query of ``POST /api/messages/send``."""

from __future__ import annotations

from typing import Any

from rampwin_desktop.core.model import HeaderKind, Message
from rampwin_desktop.core.phone import parse_phone_number
from rampwin_desktop.core.validation import Checked

JSON = dict[str, Any]


def interactive_object(message: Message, *, media_link: str | None = None) -> JSON:
    """The ``interactive`` object, keys in the order of Rampwin's example.

    ``media_link`` replaces the header's link (the URL an upload returned for a
    local file); without it the link is written as composed.
    """
    interactive: JSON = {
        "type": "button",
        "body": {"text": message.body},
        "action": {
            "buttons": [
                {"type": "reply", "reply": {"id": button.id, "title": button.title}}
                for button in message.buttons
            ]
        },
    }
    header = message.header
    if header.kind is HeaderKind.TEXT:
        interactive["header"] = {"type": "text", "text": header.text}
    elif header.kind.is_media:
        media: JSON = {"link": media_link if media_link is not None else header.link}
        if header.kind is HeaderKind.DOCUMENT and header.filename:
            media["filename"] = header.filename
        interactive["header"] = {"type": header.kind.value, header.kind.value: media}
    if message.footer:
        interactive["footer"] = {"text": message.footer}
    return interactive


def send_body(message: Message | Checked, *, media_link: str | None = None) -> JSON:
    """The JSON body to send. The message must have passed validation.

    The recipient goes out as digits with the country code (``919999999999``),
    however the user typed it (a ``Checked`` message has it so already).
    """
    if isinstance(message, Checked):
        message = message.message
        digits = message.recipient
    else:
        digits = parse_phone_number(message.recipient).digits
    return {
        "channel_id": message.channel_id,
        "phone_number": digits,
        "hide_from_chat": message.hide_from_chat,
        "interactive": interactive_object(message, media_link=media_link),
    }


def body_text(body: JSON) -> str:
    """The message's body text in a request ``body`` as ``send_body`` writes it; "" when it
    has none (History shows it beside each attempt)."""
    interactive = body.get("interactive")
    part = interactive.get("body") if isinstance(interactive, dict) else None
    text = part.get("text") if isinstance(part, dict) else None
    return text if isinstance(text, str) else ""


def with_link(body: JSON, link: str) -> JSON:
    """The request body with the uploaded file's link in place of the local path."""
    interactive = dict(body["interactive"])
    header = dict(interactive["header"])
    kind = header["type"]
    header[kind] = {**header[kind], "link": link}
    interactive["header"] = header
    return {**body, "interactive": interactive}


def send_query(message: Message) -> dict[str, str]:
    """Query parameters: the API reads lower-case ``true``/``false``."""
    return {"dontShowInChatList": "true" if message.dont_show_in_chat_list else "false"}
