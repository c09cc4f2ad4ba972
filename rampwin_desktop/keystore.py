"""The API key and cookie live in the operating system's keyring, and nowhere else.

Entries: service ``rampwin-desktop``, user name ``<profile>:<what>`` (``default:api-key``).
No Qt here: the ``send`` command uses it on machines without a display. ``keyring`` is
imported on first use: with its backend probe it costs about 90 ms, off the window's start-up.
"""

from __future__ import annotations

import logging
from enum import StrEnum

from rampwin_desktop import APP_ID
from rampwin_desktop.logs import register_secret

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
    import keyring
    from keyring.errors import KeyringError

    try:
        value = keyring.get_password(SERVICE, entry_name(profile, secret))
    except KeyringError as exc:
        raise KeyringUnavailableError(_UNAVAILABLE) from exc
    register_secret(value)
    return value or None


BROKEN_KEYRING = (
    "The system keyring could not be read (the log has the details), so the API key "
    "cannot be stored."
)


def key_status(profile: str = DEFAULT_PROFILE) -> tuple[bool, str]:
    """Whether an API key is stored for ``profile``, and why the keyring cannot be used
    ("" when it can). Never the key itself. A broken backend answers too: a caller waiting
    for this must not wait forever."""
    try:
        return read(Secret.API_KEY, profile) is not None, ""
    except KeyringUnavailableError as exc:
        return False, str(exc)
    except Exception:
        log.exception("reading the keyring failed")
        return False, BROKEN_KEYRING


def write(secret: Secret, value: str, profile: str = DEFAULT_PROFILE) -> None:
    import keyring
    from keyring.errors import KeyringError

    register_secret(value)
    try:
        keyring.set_password(SERVICE, entry_name(profile, secret), value)
    except KeyringError as exc:
        raise KeyringUnavailableError(_UNAVAILABLE) from exc


def forget(secret: Secret, profile: str = DEFAULT_PROFILE) -> None:
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(SERVICE, entry_name(profile, secret))
    except PasswordDeleteError:
        return  # nothing stored: forgetting it again is fine
    except KeyringError as exc:
        raise KeyringUnavailableError(_UNAVAILABLE) from exc


class SessionSecrets:
    """Secrets for the window: the keyring when there is one, else this session's memory only.

    Never a file. ``unavailable`` holds the sentence to show (once) when there is no keyring.
    """

    def __init__(self) -> None:
        self._memory: dict[tuple[str, Secret], str] = {}
        self.unavailable: str | None = None

    def get(self, secret: Secret, profile: str = DEFAULT_PROFILE) -> str | None:
        register_secret(self._memory.get((profile, secret)))
        if (profile, secret) in self._memory:
            return self._memory[(profile, secret)]
        if self.unavailable:
            return None
        try:
            return read(secret, profile)
        except KeyringUnavailableError as exc:
            self.mark_unavailable(str(exc))
            return None

    def mark_unavailable(self, reason: str) -> None:
        """From now on, keep secrets in memory; ``reason`` says why (a sentence)."""
        self.unavailable = f"{reason} It is kept for this session only."

    def set(self, secret: Secret, value: str, profile: str = DEFAULT_PROFILE) -> bool:
        """Store ``value``; True when it went to the keyring, False when kept in memory."""
        register_secret(value)
        if not self.unavailable:
            try:
                write(secret, value, profile)
            except KeyringUnavailableError as exc:
                self.mark_unavailable(str(exc))
            else:
                self._memory.pop((profile, secret), None)
                return True
        self._memory[(profile, secret)] = value
        return False

    def forget(self, secret: Secret, profile: str = DEFAULT_PROFILE) -> None:
        self._memory.pop((profile, secret), None)
        if not self.unavailable:
            try:
                forget(secret, profile)
            except KeyringUnavailableError as exc:
                self.mark_unavailable(str(exc))
