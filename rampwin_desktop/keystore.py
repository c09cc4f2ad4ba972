"""The API key and cookie live in the operating system's keyring, and nowhere else.

Entries: service ``rampwin-desktop``, user name ``<profile>:<what>`` (``default:api-key``).
No Qt here: the ``send`` command uses it on machines without a display.
"""

from __future__ import annotations

import logging
from enum import StrEnum

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

from rampwin_desktop import APP_ID

log = logging.getLogger(__name__)

SERVICE = APP_ID
DEFAULT_PROFILE = "default"


class Secret(StrEnum):
    API_KEY = "api-key"
    COOKIE = "cookie"


class KeyringUnavailableError(RuntimeError):
    """No usable keyring backend; ``str(error)`` says so in a sentence."""


def entry_name(profile: str, secret: Secret) -> str:
    return f"{profile}:{secret.value}"


_UNAVAILABLE = (
    "No system keyring is available (on Linux this needs a Secret Service such as GNOME "
    "Keyring or KWallet), so the API key cannot be stored."
)


def read(secret: Secret, profile: str = DEFAULT_PROFILE) -> str | None:
    try:
        value = keyring.get_password(SERVICE, entry_name(profile, secret))
    except KeyringError as exc:
        raise KeyringUnavailableError(_UNAVAILABLE) from exc
    return value or None


def write(secret: Secret, value: str, profile: str = DEFAULT_PROFILE) -> None:
    try:
        keyring.set_password(SERVICE, entry_name(profile, secret), value)
    except KeyringError as exc:
        raise KeyringUnavailableError(_UNAVAILABLE) from exc


def forget(secret: Secret, profile: str = DEFAULT_PROFILE) -> None:
    try:
        keyring.delete_password(SERVICE, entry_name(profile, secret))
    except PasswordDeleteError:
        return  # nothing stored: forgetting it again is fine
    except KeyringError as exc:
        raise KeyringUnavailableError(_UNAVAILABLE) from exc
