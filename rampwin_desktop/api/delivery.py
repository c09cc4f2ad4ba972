"""Upload the header file if there is one, then send: the one flow `send` and the window share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from rampwin_desktop.api.contract import Cancel, Progress, SendResult
from rampwin_desktop.api.errors import CancelledError
from rampwin_desktop.core.draft import local_header_file
from rampwin_desktop.core.model import Message
from rampwin_desktop.core.payload import send_query, with_link

if TYPE_CHECKING:
    from rampwin_desktop.api.client import RampwinClient


class Stage(StrEnum):
    CHECKING = "checking"  # reading the header file (app/sending.py: has it been uploaded?)
    UPLOADING = "uploading"
    SENDING = "sending"


@dataclass(frozen=True)
class Delivery:
    result: SendResult
    media_link: str | None  # the URL the header file got, when one was uploaded


def deliver(
    client: RampwinClient,
    message: Message,
    *,
    on_stage: Callable[[Stage], None] | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    uploaded_link: str | None = None,
    body: dict[str, Any] | None = None,
) -> Delivery:
    """Send a message that passed validation; ``uploaded_link`` skips a repeated upload;
    ``body``: its request body when the caller built it already (``core/payload.send_body``,
    with the header's link as composed), so it is not built twice."""
    media_link = uploaded_link
    path = local_header_file(message)
    if path is not None and media_link is None:
        if on_stage:
            on_stage(Stage.UPLOADING)
        media_link = client.upload_media(path, progress=progress, cancel=cancel)
    if cancel is not None and cancel():
        raise CancelledError("Cancelled before sending; the message was not sent.")
    if on_stage:
        on_stage(Stage.SENDING)
    if body is None:
        result = client.send_interactive(message, media_link=media_link if path else None)
    else:
        sent = with_link(body, media_link) if path and media_link else body
        result = client.send_body(sent, query=send_query(message))
    return Delivery(result=result, media_link=media_link if path else None)
