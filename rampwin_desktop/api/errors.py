"""What can go wrong talking to Rampwin, each with one sentence for the user.

``str(error)`` is that sentence. ``status`` and ``body`` (cut short, and never
holding the API key) are the details behind it. ``may_have_been_sent`` says
whether a message could have reached the recipient despite the error: the one
thing a user must know before clicking "Send" again.
"""

from __future__ import annotations

BODY_PREVIEW_CHARS = 2000

# How the sentences say to fix a key, an address or a cookie: the window's way. A command
# says its own ways instead (``cli/wording.py`` replaces these).
CHECK_KEY = "check the key in Settings."
CHECK_ADDRESS = "check the base URL in Settings."
ENTER_KEY = "enter it in Settings."
COOKIE_FIELD = "The Cookie value in Settings"


class RampwinError(Exception):
    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        body: str = "",
        server_message: str = "",
        may_have_been_sent: bool = False,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = body[:BODY_PREVIEW_CHARS]
        self.server_message = server_message
        self.may_have_been_sent = may_have_been_sent

    @property
    def user_message(self) -> str:
        return str(self.args[0])


class ConfigurationError(RampwinError):
    """The client was set up wrongly (bad base URL, plain http to a remote host)."""


class AuthenticationError(RampwinError):
    """401/403: the API key (or cookie) was not accepted."""


class RejectedError(RampwinError):
    """The API understood the request and refused it (400, 404, 413, ``success: false``)."""


class RateLimitedError(RejectedError):
    """429: too many requests; ``retry_after`` seconds, when the server said."""

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        status: int | None = None,
        body: str = "",
        server_message: str = "",
    ) -> None:
        super().__init__(message, status=status, body=body, server_message=server_message)
        self.retry_after = retry_after


class ServerError(RampwinError):
    """5xx: the service failed while handling the request."""


class BadResponseError(RampwinError):
    """An answer that is not the JSON the API documents (an HTML page, an empty body...)."""


class NetworkError(RampwinError):
    """The service could not be reached, the connection broke, or no answer came in time."""


class RequestTimeoutError(NetworkError):
    """No answer in time."""


class CancelledError(RampwinError):
    """The user cancelled."""
