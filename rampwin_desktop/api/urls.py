"""Which base URLs the client may talk to: https anywhere, plain http only on this machine."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from rampwin_desktop.api.errors import ConfigurationError
from rampwin_desktop.core.hosts import is_loopback_host

DEFAULT_BASE_URL = "https://api.rampwin.com"


def check_base_url(url: str) -> str:
    """The base URL without a trailing slash, or ConfigurationError saying what is wrong."""
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(
            f'The base URL "{text}" is not a web address; it should look like {DEFAULT_BASE_URL}.'
        )
    if parts.username or parts.password:
        raise ConfigurationError("The base URL must not contain a user name or password.")
    if parts.query or parts.fragment:
        raise ConfigurationError("The base URL must not contain a query (?...) or fragment (#...).")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise ConfigurationError(
            f"The base URL uses plain http:// for {parts.hostname}, which would send the API key "
            "unencrypted; use https://. (Plain http is allowed only for this computer, "
            "e.g. the sandbox on 127.0.0.1.)"
        )
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
