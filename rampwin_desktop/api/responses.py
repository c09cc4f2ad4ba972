"""What Rampwin's answers mean: the data of a success, or a typed error for everything else.

An unsuccessful HTTP answer (``interpret``) and a request that got no answer
(``network_error``) each become a :class:`RampwinError` whose text is one sentence
for the user and whose ``may_have_been_sent`` says whether a message could have
been delivered anyway.
"""

from __future__ import annotations

import datetime
import email.utils
import math
import time
from typing import Any, TypedDict
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import NameResolutionError, NewConnectionError

from rampwin_desktop.api.contract import Timeouts
from rampwin_desktop.api.errors import (
    CHECK_ADDRESS,
    CHECK_KEY,
    AuthenticationError,
    BadResponseError,
    ConfigurationError,
    NetworkError,
    RampwinError,
    RateLimitedError,
    RejectedError,
    RequestTimeoutError,
    ServerError,
)
from rampwin_desktop.core.hosts import is_loopback_host

_NOT_MADE = (
    requests.exceptions.InvalidHeader,
    requests.exceptions.InvalidURL,
    requests.exceptions.MissingSchema,
    requests.exceptions.InvalidSchema,
)


def never_connected(exc: requests.RequestException) -> bool:
    """True when the request cannot have been written: the connection was never made."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    if not isinstance(exc, requests.ConnectionError):
        return False
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)  # MaxRetryError wraps the real cause
    return isinstance(reason, NewConnectionError | NameResolutionError)


def network_error(
    exc: requests.RequestException, base_url: str, timeouts: Timeouts, *, sending: bool
) -> RampwinError:
    host = base_url.split("://", 1)[-1]
    not_sent = " The message was not sent." if sending else ""
    if isinstance(exc, requests.exceptions.SSLError):
        # Said once: "nothing was sent" already covers the message.
        return NetworkError(
            f"The secure connection to {host} could not be verified (its certificate was not "
            "accepted), so nothing was sent. Check the base URL and your network.",
        )
    if isinstance(exc, _NOT_MADE):  # refused by requests before anything was written
        return ConfigurationError(
            "The request could not be made: the API key, the cookie or the base URL has "
            f"something a request cannot carry; check them.{not_sent}"
        )
    if never_connected(exc):
        if isinstance(exc, requests.ConnectTimeout):
            return RequestTimeoutError(
                f"Could not reach {host} within {seconds(timeouts.connect)}; check your "
                f"internet connection and the base URL.{not_sent}"
            )
        if is_loopback_host(urlsplit(base_url).hostname or ""):  # no internet involved
            return NetworkError(
                f"Could not connect to {host}: nothing answers there on this computer (is the "
                f"sandbox, or the server you meant, running?); check the base URL.{not_sent}"
            )
        return NetworkError(
            f"Could not connect to {host}; check your internet connection and the base URL."
            f"{not_sent}"
        )
    if isinstance(exc, requests.Timeout):
        if sending:
            return RequestTimeoutError(
                f"Rampwin did not answer within {seconds(timeouts.read)}, so the message may "
                "have been delivered; check the recipient's chat before sending it again.",
                may_have_been_sent=True,
            )
        return RequestTimeoutError(
            f"Rampwin did not answer the upload within {seconds(timeouts.read)}; try again."
        )
    if sending:
        return NetworkError(
            "The connection to Rampwin broke while the message was being sent, so it may have "
            "been delivered; check the recipient's chat before sending it again.",
            may_have_been_sent=True,
        )
    return NetworkError(
        "The connection to Rampwin broke during the upload; check your connection and try again."
    )


def seconds(value: float) -> str:
    """``1 second``, ``30 seconds``, ``1.5 seconds``."""
    number = f"{value:.0f}" if value >= 10 or float(value).is_integer() else f"{value:g}"
    return f"{number} second" if number == "1" else f"{number} seconds"


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait, from ``Retry-After`` as seconds or an HTTP date (``None``: absent or
    unreadable). A date in the past is 0; a date without a zone is GMT, as HTTP says."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, when.timestamp() - time.time())


MINUTE, HOUR, DAY = 60.0, 3600.0, 86400.0
LONGEST_SAID = 7 * DAY  # a longer wait is not believed: "later"


def in_how_long(wait: float) -> str:
    """``now``, ``in 30 seconds``, ``in about 5 minutes``, ``in about 28 hours``, ``in about
    3 days``, or ``later`` for a wait over a week (nobody should plan on it)."""
    if wait <= 0:
        return "now"
    if wait < 90:
        return f"in {seconds(math.ceil(wait))}"
    for unit, name, below in ((MINUTE, "minute", 90 * MINUTE), (HOUR, "hour", 2 * DAY)):
        if wait < below:
            return f"in about {_count(wait / unit, name)}"
    if wait <= LONGEST_SAID:
        return f"in about {_count(wait / DAY, 'day')}"
    return "later"


def _count(amount: float, name: str) -> str:
    number = max(1, math.floor(amount + 0.5))
    return f"{number} {name}" if number == 1 else f"{number} {name}s"


def retry_when(header: str | None) -> str:
    """When to try again, for a 429's ``Retry-After`` header: ``in a minute`` without one,
    ``later`` for one that cannot be read."""
    if header is None or not header.strip():
        return "in a minute"
    wait = parse_retry_after(header)
    return "later" if wait is None else in_how_long(wait)


def server_message(data: object) -> str:
    """The human text in an error body: ``message``, or ``error`` as text or ``{message}``."""
    if not isinstance(data, dict):
        return ""
    for key in ("message", "error"):
        value = data.get(key)
        if isinstance(value, dict):
            value = value.get("message")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _json_or_none(response: requests.Response) -> object:
    try:
        return response.json()
    except ValueError:
        return None


def expect_success(response: requests.Response, operation: str) -> dict[str, Any]:
    data = _json_or_none(response)
    if 200 <= response.status_code < 300 and isinstance(data, dict) and data.get("success") is True:
        return data
    raise interpret(response, operation, data)


_OPERATION = {"upload": "the upload", "send": "the message"}


class _Details(TypedDict):
    status: int
    body: str
    server_message: str


def interpret(response: requests.Response, operation: str, data: object = None) -> RampwinError:
    """Turn an unsuccessful answer into a typed error with one sentence for the user."""
    if data is None:
        data = _json_or_none(response)
    status = response.status_code
    said = server_message(data)
    quoted = f" (\u201c{said}\u201d)" if said else ""
    http = f"HTTP {status}: \u201c{said}\u201d" if said else f"HTTP {status}"
    details = _Details(status=status, body=response.text, server_message=said)
    what = _OPERATION[operation]
    # A send that met a server failure may still have been processed by the backend.
    unsure = operation == "send" and status in (500, 502, 504)

    if status in (401, 403) or said.casefold() in _AUTH_PHRASES:
        return AuthenticationError(
            f"Rampwin did not accept the API key{quoted}; {CHECK_KEY}", **details
        )
    if status == 429:
        header = response.headers.get("Retry-After")
        retry_after = parse_retry_after(header)
        when = retry_when(header)
        return RateLimitedError(
            f"Rampwin is receiving too many requests{quoted}; try again {when}.",
            retry_after=retry_after,
            status=status,
            body=response.text,
            server_message=said,
        )
    if 300 <= status < 400:
        return BadResponseError(
            f"Rampwin answered {what} with a redirect (HTTP {status}); check the base URL in "
            "Settings.",
            **details,
        )
    if status >= 500:
        outcome = _MAYBE_SENT if unsure else " Try again in a few minutes."
        return ServerError(
            f"Rampwin had a problem with {what} ({http}).{outcome}",
            may_have_been_sent=unsure,
            **details,
        )
    refused = isinstance(data, dict) and data.get("success") is False
    if not refused and (200 <= status < 300 or not isinstance(data, dict)):
        # A 2xx that does not say success, or an error that is not Rampwin's JSON.
        maybe_sent = operation == "send" and 200 <= status < 300
        return BadResponseError(
            f"Rampwin answered {what} with {_describe_body(response)} instead of the expected "
            f"data (HTTP {status}); {CHECK_ADDRESS}" + (_MAYBE_SENT if maybe_sent else ""),
            may_have_been_sent=maybe_sent,
            **details,
        )
    if status == 413:
        fix = "choose a smaller file" if operation == "upload" else "shorten the message"
        return RejectedError(f"Rampwin refused {what} as too large{quoted}; {fix}.", **details)
    if status == 404:
        return RejectedError(
            f"Rampwin has no such address ({http}); {CHECK_ADDRESS}",
            **details,
        )
    if said:
        hint = _HINTS.get(said.casefold().rstrip("."), "")
        return RejectedError(f"Rampwin refused {what}: {said.rstrip('.')}.{hint}", **details)
    return RejectedError(f"Rampwin refused {what} without saying why (HTTP {status}).", **details)


_MAYBE_SENT = (
    " The message may have been delivered; check the recipient's chat before sending it again."
)
_AUTH_PHRASES = frozenset({"unauthorized", "invalid api key", "unauthorised"})
_REENGAGE = (
    " WhatsApp delivers interactive messages only within 24 hours of the recipient's last "
    "message to your business number. Send any message from your phone to your business "
    "number, then try again."
)
_HINTS = {
    "invalid buttons": " Each button needs a title of 1 to 20 characters and a unique id.",
    "missing body text": " Type a body for the message.",
    "invalid media url": " The header link could not be fetched; it must be public.",
    "invalid phone number": " Check the recipient's number and its country code.",
    "session expired": _REENGAGE,
    "re-engagement message": _REENGAGE,
}


def _describe_body(response: requests.Response) -> str:
    if not response.content:
        return "an empty answer"
    if _json_or_none(response) is not None:
        return "data of an unexpected shape"
    content_type = response.headers.get("Content-Type", "").lower()
    start = response.text.lstrip()[:15].lower()
    if "html" in content_type or start.startswith(("<!doctype", "<html")):
        return "a web page"
    return "text that is not JSON"
