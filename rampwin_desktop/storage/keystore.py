"""The API key and cookie live in the operating system's keyring, and nowhere else.

Entries: service ``rampwin-desktop``, user name ``<profile>:<what>`` (``default:api-key``).
Every call to the keyring is bounded: a keyring that does not answer within
``ANSWER_TIMEOUT`` seconds (a locked wallet nobody unlocks, a stuck D-Bus service) is
reported as unavailable instead of hanging the caller. ``keyring`` itself is imported on
first use: with its backend discovery it is the heaviest library the app has, and the
window starts without needing it.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from enum import StrEnum
from typing import TypeVar

from rampwin_desktop import APP_ID
from rampwin_desktop.redaction import redact, register_secret
from rampwin_desktop.storage.profiles import DEFAULT_PROFILE

log = logging.getLogger(__name__)

SERVICE = APP_ID
ANSWER_TIMEOUT = 5.0  # seconds

T = TypeVar("T")


class Secret(StrEnum):
    API_KEY = "api-key"
    COOKIE = "cookie"


class KeyringUnavailableError(RuntimeError):
    """No usable keyring; ``str(error)`` says why in a sentence."""


NO_KEYRING = (
    "No system keyring is available (on Linux this needs a Secret Service such as GNOME "
    "Keyring or KWallet), so no API key can be stored in it or read from it."
)
NOT_ANSWERING = "The system keyring is not answering, so the API key cannot be read or stored."
BROKEN_KEYRING = (
    "The system keyring could not be used (%1), so the API key cannot be read or stored in it."
)


def entry_name(profile: str, secret: Secret) -> str:
    return f"{profile}:{secret.value}"


def _bounded(call: Callable[[], T]) -> T:
    """``call()`` in a helper thread, waited for at most ``ANSWER_TIMEOUT`` seconds."""
    from keyring.errors import KeyringError

    outcome: dict[str, object] = {}
    done = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:  # handed to the caller's thread below
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="keyring", daemon=True).start()
    if not done.wait(ANSWER_TIMEOUT):
        log.warning("the keyring gave no answer in %s s", ANSWER_TIMEOUT)
        raise KeyringUnavailableError(NOT_ANSWERING)
    error = outcome.get("error")
    if isinstance(error, KeyringError):
        raise KeyringUnavailableError(NO_KEYRING) from error
    if isinstance(error, Exception):  # a backend that cannot start: no D-Bus, a bad name
        # The window's log keeps the traceback; a command says the sentence, not a traceback
        # (logging's last-resort handler prints only warnings and worse).
        log.info("the keyring failed: %s", type(error).__name__, exc_info=error)
        raise KeyringUnavailableError(broken(error)) from error
    if isinstance(error, BaseException):
        raise error
    return outcome["value"]  # type: ignore[return-value]


def broken(error: Exception) -> str:
    """What a keyring that failed in its own way said, in ``BROKEN_KEYRING``'s sentence
    (redacted: a backend's words never carry a key out): "Unable to initialize
    SecretService: Environment variable DBUS_SESSION_BUS_ADDRESS is unset"."""
    said = redact(str(error).strip().rstrip(".")) or type(error).__name__
    return BROKEN_KEYRING.replace("%1", said)


def read(secret: Secret, profile: str = DEFAULT_PROFILE) -> str | None:
    import keyring

    value = _bounded(lambda: keyring.get_password(SERVICE, entry_name(profile, secret)))
    register_secret(value)
    return value or None


def write(secret: Secret, value: str, profile: str = DEFAULT_PROFILE) -> None:
    import keyring

    register_secret(value)
    _bounded(lambda: keyring.set_password(SERVICE, entry_name(profile, secret), value))


def forget(secret: Secret, profile: str = DEFAULT_PROFILE) -> None:
    """Remove the entry; forgetting what is not stored is fine."""
    import keyring
    from keyring.errors import PasswordDeleteError

    def delete() -> None:
        with contextlib.suppress(PasswordDeleteError):
            keyring.delete_password(SERVICE, entry_name(profile, secret))

    _bounded(delete)


def missing_backend() -> str:
    """Why no keyring can be used, "" when one can: which backend ``keyring`` picks (its
    "fail" one when there is none). No secret is read, so a locked keyring asks nothing."""

    def check() -> str:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        chained = getattr(backend, "backends", None)  # the chainer: the ones it found
        nothing = isinstance(backend, fail.Keyring) or (chained is not None and not chained)
        return NO_KEYRING if nothing else ""

    try:
        return _bounded(check)
    except KeyringUnavailableError as exc:
        return str(exc)


def key_status(profile: str = DEFAULT_PROFILE) -> tuple[bool, str]:
    """Whether an API key is stored for ``profile``, and why the keyring cannot be used
    ("" when it can). Never the key itself, and never an exception."""
    try:
        return read(Secret.API_KEY, profile) is not None, ""
    except KeyringUnavailableError as exc:
        return False, str(exc)


class SessionSecrets:
    """Secrets for one session: the keyring when there is one, else this session's memory.

    Never a file. When there is no keyring (or it stopped answering), ``reason`` says why
    and ``unavailable`` is the sentence a window shows; from then on, secrets are kept in
    memory only. Safe to use from the window's send thread and the GUI thread alike.
    """

    def __init__(self) -> None:
        self._memory: dict[tuple[str, Secret], str] = {}
        self._lock = threading.Lock()
        self.reason: str | None = None
        self.unavailable: str | None = None

    def get(self, secret: Secret, profile: str = DEFAULT_PROFILE) -> str | None:
        with self._lock:
            remembered = self._memory.get((profile, secret))
        if remembered is not None or self.unavailable:
            return remembered
        try:
            return read(secret, profile)
        except KeyringUnavailableError as exc:
            self.mark_unavailable(str(exc))
            return None

    def remembers(self, secret: Secret, profile: str = DEFAULT_PROFILE) -> bool:
        """Whether this session keeps ``secret`` in memory (no keyring is asked)."""
        with self._lock:
            return (profile, secret) in self._memory

    def mark_unavailable(self, reason: str) -> None:
        """From now on, keep secrets in memory; ``reason`` says why (a sentence)."""
        self.reason = reason
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
                with self._lock:
                    self._memory.pop((profile, secret), None)
                return True
        with self._lock:
            self._memory[(profile, secret)] = value
        return False

    def forget(self, secret: Secret, profile: str = DEFAULT_PROFILE) -> None:
        with self._lock:
            self._memory.pop((profile, secret), None)
        if not self.unavailable:
            try:
                forget(secret, profile)
            except KeyringUnavailableError as exc:
                self.mark_unavailable(str(exc))
