"""How the sandbox judges a send body: WhatsApp's limits, answered in Rampwin's words."""

from __future__ import annotations

from collections.abc import Callable

from rampwin_desktop.core import text
from rampwin_desktop.core.draft import DraftError, message_from_draft
from rampwin_desktop.core.model import Message
from rampwin_desktop.core.validation import errors, is_remote_link, validate

INVALID_PAYLOAD = "Invalid interactive payload"
MISSING_PARAMETERS = "Missing parameters"
MISSING_BODY = "Missing body text"
INVALID_BUTTONS = "Invalid buttons"
INVALID_MEDIA_URL = "Invalid media URL"
INVALID_PHONE = "Invalid phone number"


def judge_send_body(data: object, media_ok: Callable[[str], bool]) -> str | None:
    """Rampwin's error message for ``data``, or None when it would be sent.

    ``media_ok(link)`` says whether a header link can be fetched.
    """
    if not isinstance(data, dict) or not isinstance(data.get("interactive"), dict):
        return INVALID_PAYLOAD
    if not data.get("channel_id") or not data.get("phone_number"):
        return MISSING_PARAMETERS
    phone = data["phone_number"]
    if not isinstance(phone, str) or not phone.isdigit() or not phone.isascii():
        return INVALID_PHONE  # the docs send digits only: 919999999999
    try:
        message = message_from_draft(data, name="The request")
    except DraftError:
        return _shape_error(data)
    return _limit_error(message, media_ok)


def _shape_error(data: dict[str, object]) -> str:
    interactive = data["interactive"]
    assert isinstance(interactive, dict)
    if interactive.get("type") != "button":
        return INVALID_PAYLOAD
    action = interactive.get("action")
    if not isinstance(action, dict) or not isinstance(action.get("buttons"), list):
        return INVALID_BUTTONS
    body = interactive.get("body")
    if not isinstance(body, dict) or not isinstance(body.get("text"), str):
        return MISSING_BODY
    return INVALID_PAYLOAD


def _limit_error(message: Message, media_ok: Callable[[str], bool]) -> str | None:
    header = message.header
    if header.kind.is_media and (not is_remote_link(header.link) or not media_ok(header.link)):
        return INVALID_MEDIA_URL
    # What arrives is what was sent: a "{{" in it is text, not a placeholder.
    for problem in errors(validate(message, check_files=False, filled=True)):
        if problem.field == "body":
            return MISSING_BODY if text.is_blank(message.body) else INVALID_PAYLOAD
        if problem.field.startswith(("button", "buttons")):
            return INVALID_BUTTONS
        if problem.field == "recipient":
            return INVALID_PHONE
        if problem.field == "channel_id":
            return MISSING_PARAMETERS
        return INVALID_PAYLOAD
    return None
