"""A client for the two Rampwin endpoints the app uses, exactly as documented.

Rules it keeps (docs/api-contract.md explains why):
- one ``requests.Session`` per client, so cookies the service sets are kept;
- ``X-API-Key`` on every call, never a redirect followed (it would carry the key away);
- connect and read timeouts on every request, TLS verification always on;
- uploads stream from disk and retry a bounded number of times on connection
  errors, 429 and 502/503/504;
- a send is retried only when the connection failed before anything was written.
  After a timeout or a broken connection its outcome is unknown, and it says so.
"""

from __future__ import annotations

import email.utils
import json
import logging
import time
from collections.abc import Callable
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from typing import Any, TypedDict

import requests
from requests_toolbelt.multipart.encoder import MultipartEncoder, MultipartEncoderMonitor
from urllib3.exceptions import NameResolutionError, NewConnectionError

from rampwin_desktop import __version__
from rampwin_desktop.api.contract import (
    RETRYABLE_UPLOAD_STATUSES,
    SEND_PATH,
    UPLOAD_PATH,
    Cancel,
    Progress,
    RetryPolicy,
    SendResult,
    Timeouts,
)
from rampwin_desktop.api.errors import (
    AuthenticationError,
    BadResponseError,
    CancelledError,
    ConfigurationError,
    NetworkError,
    RampwinError,
    RateLimitedError,
    RejectedError,
    RequestTimeoutError,
    ServerError,
)
from rampwin_desktop.api.urls import DEFAULT_BASE_URL, check_base_url
from rampwin_desktop.core import media
from rampwin_desktop.core.model import Message
from rampwin_desktop.core.payload import send_body, send_query
from rampwin_desktop.redaction import register_secret

log = logging.getLogger(__name__)

USER_AGENT = f"RampwinDesktop/{__version__} python-requests/{requests.__version__}"


UPLOAD_BLOCK = 128 * 1024  # bytes handed to the socket at a time; cancel is checked between


class _LargeBlockAdapter(requests.adapters.HTTPAdapter):
    """Streams request bodies in 128 KB blocks instead of urllib3's 16 KB.

    A 100 MB upload then takes ~800 trips through the Python layers rather than ~6,100;
    over loopback that is the difference between 1.6x and about 1.1x curl's time. A cancel is
    still noticed within one block (0.1 s at 10 Mbit/s).
    """

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["blocksize"] = UPLOAD_BLOCK
        super().init_poolmanager(*args, **kwargs)


class _Cancelled(Exception):
    """Raised from inside the upload stream to stop it between chunks."""


class RampwinClient:
    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        cookie: str | None = None,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not api_key or not api_key.strip():
            raise ConfigurationError("No API key is set; enter it in Settings.")
        register_secret(api_key)
        register_secret(cookie)
        self.base_url = check_base_url(base_url)
        self.timeouts = timeouts or Timeouts()
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._session = requests.Session()
        for scheme in ("http://", "https://"):
            self._session.mount(scheme, _LargeBlockAdapter())
        self._session.trust_env = False  # no proxy or .netrc from the environment
        self._session.headers.update(
            {"User-Agent": USER_AGENT, "X-API-Key": api_key.strip(), "Accept": "application/json"}
        )
        if cookie:
            self._add_cookie(cookie)

    def __enter__(self) -> RampwinClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._session.close()

    def _add_cookie(self, cookie: str) -> None:
        # Put the configured value into the session's jar, so that cookies the service
        # sets later (e.g. a load balancer's) are merged with it rather than replaced.
        parsed: SimpleCookie = SimpleCookie()
        try:
            parsed.load(cookie.strip())
        except CookieError:
            parsed = SimpleCookie()
        if not parsed:
            raise ConfigurationError(
                "The Cookie value in Settings is not in the form name=value; name2=value2."
            )
        for name, morsel in parsed.items():
            self._session.cookies.set(name, morsel.value)

    # ------------------------------------------------------------------ upload

    def upload_media(
        self, path: Path, progress: Progress | None = None, cancel: Cancel | None = None
    ) -> str:
        """Upload a header file and return the public URL Rampwin gives it.

        The body streams from disk (constant memory); ``progress`` is called with
        (bytes sent, total) as it goes and ``cancel`` is polled between chunks.
        """
        path = Path(path)
        media_type = media.sniff(path)
        url = self.base_url + UPLOAD_PATH
        attempt = 0
        while True:
            attempt += 1
            _check_cancel(cancel)
            try:
                response = self._post_file(url, path, media_type.mime, progress, cancel)
            except _Cancelled:
                raise CancelledError("Upload cancelled; nothing was sent.") from None
            except requests.RequestException as exc:
                if cancel is not None and cancel():
                    raise CancelledError("Upload cancelled; nothing was sent.") from None
                error = _network_error(exc, self.base_url, self.timeouts, sending=False)
                # A read timeout would only wait as long again; a certificate will not change.
                hopeless = isinstance(exc, requests.ReadTimeout | requests.exceptions.SSLError)
                if hopeless or attempt >= self.retry.attempts:
                    raise error from None
                log.info("upload attempt %d failed (%s); retrying", attempt, type(exc).__name__)
                self._wait(self.retry.delay(attempt), cancel)
                continue
            if response.status_code in RETRYABLE_UPLOAD_STATUSES and attempt < self.retry.attempts:
                delay = self.retry.delay(attempt)
                if response.status_code == 429:
                    retry_after = parse_retry_after(response.headers.get("Retry-After"))
                    if retry_after is not None and retry_after > self.retry.max_retry_after:
                        raise _interpret(response, "upload")
                    delay = retry_after if retry_after is not None else delay
                log.info("upload got HTTP %d; retrying in %.1f s", response.status_code, delay)
                self._wait(delay, cancel)
                continue
            data = _expect_success(response, "upload")
            link = data.get("url")
            if not isinstance(link, str) or not link.lower().startswith(("http://", "https://")):
                raise BadResponseError(
                    "Rampwin accepted the upload but did not return a usable link to the file; "
                    "try again, and contact Rampwin support if it keeps happening.",
                    status=response.status_code,
                    body=response.text,
                )
            return link

    def _post_file(
        self, url: str, path: Path, mime: str, progress: Progress | None, cancel: Cancel | None
    ) -> requests.Response:
        with path.open("rb") as stream:
            encoder = MultipartEncoder(fields={"file": (path.name, stream, mime)})

            def on_read(monitor: MultipartEncoderMonitor) -> None:
                if cancel is not None and cancel():
                    raise _Cancelled
                if progress is not None:
                    progress(min(monitor.bytes_read, encoder.len), encoder.len)

            monitor = MultipartEncoderMonitor(encoder, on_read)
            if progress is not None:
                progress(0, encoder.len)
            return self._session.post(
                url,
                data=monitor,
                headers={"Content-Type": monitor.content_type},
                timeout=self.timeouts.pair(),
                allow_redirects=False,
            )

    def _wait(self, seconds: float, cancel: Cancel | None) -> None:
        """Sleep in short steps so that a cancel is noticed within 0.1 s."""
        left = seconds
        while left > 0:
            _check_cancel(cancel)
            step = min(left, 0.1)
            self._sleep(step)
            left -= step
        _check_cancel(cancel)

    # ------------------------------------------------------------------ send

    def send_interactive(self, message: Message, *, media_link: str | None = None) -> SendResult:
        """Send a validated message. ``media_link``: the uploaded URL of a local header file."""
        body = send_body(message, media_link=media_link)
        return self.send_body(body, query=send_query(message))

    def send_body(self, body: dict[str, Any], *, query: dict[str, str]) -> SendResult:
        url = self.base_url + SEND_PATH
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self._session.post(
                    url,
                    params=query,
                    data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                    headers={"Content-Type": "application/json"},
                    timeout=self.timeouts.pair(),
                    allow_redirects=False,
                )
            except requests.RequestException as exc:
                error = _network_error(exc, self.base_url, self.timeouts, sending=True)
                if not _never_connected(exc) or attempt >= self.retry.attempts:
                    raise error from None
                log.info("send attempt %d could not connect; retrying", attempt)
                self._wait(self.retry.delay(attempt), None)
                continue
            data = _expect_success(response, "send")
            text = data.get("message")
            return SendResult(
                message=text if isinstance(text, str) and text else "Message sent.",
                status=response.status_code,
                body=data,
            )


# ---------------------------------------------------------------------- helpers


def _check_cancel(cancel: Cancel | None) -> None:
    if cancel is not None and cancel():
        raise CancelledError("Upload cancelled; nothing was sent.")


def _never_connected(exc: requests.RequestException) -> bool:
    """True when the request cannot have been written: the connection was never made."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    if not isinstance(exc, requests.ConnectionError):
        return False
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)  # MaxRetryError wraps the real cause
    return isinstance(reason, NewConnectionError | NameResolutionError)


def _network_error(
    exc: requests.RequestException, base_url: str, timeouts: Timeouts, *, sending: bool
) -> RampwinError:
    host = base_url.split("://", 1)[-1]
    not_sent = " The message was not sent." if sending else ""
    if isinstance(exc, requests.exceptions.SSLError):
        return NetworkError(
            f"The secure connection to {host} could not be verified (its certificate was not "
            f"accepted), so nothing was sent. Check the base URL and your network.{not_sent}",
        )
    if _never_connected(exc):
        if isinstance(exc, requests.ConnectTimeout):
            return RequestTimeoutError(
                f"Could not reach {host} within {seconds(timeouts.connect)}; check your "
                f"internet connection and the base URL.{not_sent}"
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
    """Seconds to wait, from ``Retry-After`` as seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


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


def _expect_success(response: requests.Response, operation: str) -> dict[str, Any]:
    data = _json_or_none(response)
    if 200 <= response.status_code < 300 and isinstance(data, dict) and data.get("success") is True:
        return data
    raise _interpret(response, operation, data)


_OPERATION = {"upload": "the upload", "send": "the message"}


class _Details(TypedDict):
    status: int
    body: str
    server_message: str


def _interpret(response: requests.Response, operation: str, data: object = None) -> RampwinError:
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
            f"Rampwin did not accept the API key{quoted}; check the key in Settings.", **details
        )
    if status == 429:
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        when = f"in {seconds(retry_after)}" if retry_after is not None else "in a minute"
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
            f"data (HTTP {status}); check the base URL in Settings."
            + (_MAYBE_SENT if maybe_sent else ""),
            may_have_been_sent=maybe_sent,
            **details,
        )
    if status == 413:
        fix = "choose a smaller file" if operation == "upload" else "shorten the message"
        return RejectedError(f"Rampwin refused {what} as too large{quoted}; {fix}.", **details)
    if status == 404:
        return RejectedError(
            f"Rampwin has no such address ({http}); check the base URL in Settings.",
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
