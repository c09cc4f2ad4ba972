"""What a batch row's request came to, as its journal keeps it: the row's state and kind
(refused, a network failure, the recipient's 24-hour window closed) and the message id
Rampwin gave it."""

from __future__ import annotations

from rampwin_desktop.api.contract import SendResult
from rampwin_desktop.api.errors import NetworkError, RampwinError, RejectedError, ServerError
from rampwin_desktop.storage.journal import RowState

WINDOW_CLOSED = "window closed"  # the recipient's 24-hour window is closed (error 131047)
REFUSED = "refused"
NETWORK = "network"
_WINDOW_PHRASES = ("session expired", "re-engagement", "131047")


def classify(error: RampwinError) -> tuple[RowState, str]:
    """A row's state and kind after ``error``."""
    if error.may_have_been_sent:
        return RowState.UNKNOWN, "unknown"
    said = f"{error.server_message} {error.body}".casefold()
    if isinstance(error, RejectedError) and any(phrase in said for phrase in _WINDOW_PHRASES):
        return RowState.FAILED, WINDOW_CLOSED
    if isinstance(error, NetworkError | ServerError):
        return RowState.FAILED, NETWORK
    return RowState.FAILED, REFUSED


def message_id(result: SendResult) -> str:
    for key in ("message_id", "messageId", "id", "wamid"):
        value = result.body.get(key)
        if isinstance(value, str | int) and value != "":
            return str(value)
    return ""
