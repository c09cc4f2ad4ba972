"""Where the window's sends go: the current profile, or the sandbox built into the window.

The rules for keys and addresses are ``app/credentials.py``'s; this adds what only the
window has: a current profile that widgets follow (``changed``), and the in-app sandbox,
started at its first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QObject, Signal

from rampwin_desktop.api.errors import ConfigurationError
from rampwin_desktop.app import batch_again, credentials
from rampwin_desktop.app import profiles as profile_rules
from rampwin_desktop.app.credentials import Credentials
from rampwin_desktop.storage import keystore
from rampwin_desktop.storage.keystore import SessionSecrets
from rampwin_desktop.storage.profiles import SANDBOX, Profile, ProfileStore
from rampwin_desktop.ui import background

SANDBOX_HOST = "http://127.0.0.1"  # where the built-in sandbox runs (its port: when started)

if TYPE_CHECKING:
    from rampwin_desktop.sandbox import SandboxServer


class Account(QObject):
    """The current profile and how to reach its API. Lives in the GUI thread."""

    changed = Signal()
    sandbox_started = Signal()  # at its first use: a send, a copied cURL command

    def __init__(
        self, profiles: ProfileStore, secrets: SessionSecrets, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.profiles = profiles
        self.secrets = secrets
        self.profile = profiles.load(profiles.current)
        self._sandbox: SandboxServer | None = None
        self._keyring_check: background.BackgroundTask | None = None

    # ------------------------------------------------------------------ choosing

    def names(self) -> list[str]:
        return [*self.profiles.names(), SANDBOX]

    def choose(self, name: str) -> None:
        """Send from profile ``name`` from now on (the sandbox starts at its first use)."""
        self.profile = self.profiles.load(name)
        self.profiles.current = name
        self.changed.emit()

    def show_provisionally(self, name: str) -> None:
        """Show ``name`` as the current profile before start-up has settled it: nothing is
        stored or started."""
        self.profile = self.profiles.load(name)

    def save_profile(self, profile: Profile) -> Profile:
        """Check and store ``profile`` (``ProfileError`` when it cannot be)."""
        stored = profile_rules.save(profile, self.profiles)
        self.saved(stored)
        return stored

    def save_own_number(self, digits: str) -> None:
        """Remember ``digits`` as the current profile's own number (``ProfileError``)."""
        if self.profile.is_sandbox:
            self.profiles.save_sandbox_number(digits)
            self.profile = self.profiles.load(SANDBOX)
        else:
            self.save_profile(self.profile.with_changes(own_number=digits))

    def saved(self, profile: Profile) -> None:
        """``profile`` was stored (by this or by Settings' thread): follow it if current."""
        if profile.name == self.profile.name:
            self.profile = profile
        self.changed.emit()

    def deleted(self, name: str) -> None:
        """Profile ``name`` was deleted (by Settings' thread): the window sends from the
        sandbox if it was the current one."""
        if name == self.profile.name:
            self.choose(SANDBOX)
        else:
            self.changed.emit()

    def check_keyring(self) -> None:
        """Find out, once a session and off the GUI thread, whether there is a keyring at
        all, when nothing has asked it yet (a start on the Sandbox, or on a profile whose
        key was known, asks it nothing): ``changed`` says when there is none."""
        if self._keyring_check is not None or self.secrets.unavailable is not None:
            return
        self._keyring_check = task = background.BackgroundTask(keystore.missing_backend, self)
        task.succeeded.connect(self._on_keyring_checked)
        task.start()

    @QtCore.Slot(object)
    def _on_keyring_checked(self, reason: object) -> None:
        if reason and self.secrets.unavailable is None:
            self.secrets.mark_unavailable(str(reason))
            self.changed.emit()

    def key_known(self, name: str) -> bool:
        return credentials.key_known(name, self.secrets, self.profiles)

    def needs_key(self) -> bool:
        """Whether the current profile has no API key yet (a send would ask for it)."""
        return not self.profile.is_sandbox and not self.key_known(self.profile.name)

    # ------------------------------------------------------------------ the sandbox

    def sandbox(self) -> SandboxServer:
        """The in-app sandbox, started on first use (127.0.0.1, its own thread)."""
        if self._sandbox is None:
            from rampwin_desktop.sandbox import SandboxServer  # loads with its first use

            self._sandbox = SandboxServer().start()
            self.sandbox_started.emit()
        return self._sandbox

    @property
    def sandbox_running(self) -> SandboxServer | None:
        return self._sandbox

    def stop(self) -> None:
        """The window is closing: the keyring check's thread has ended (bounded, as every
        keyring call: ``keystore.ANSWER_TIMEOUT``), and the sandbox is stopped."""
        if self._keyring_check is not None:
            self._keyring_check.wait(int(keystore.ANSWER_TIMEOUT * 1000) + 1000)
        self.stop_sandbox()

    def stop_sandbox(self) -> None:
        if self._sandbox is not None:
            self._sandbox.stop()
            self._sandbox = None

    # ------------------------------------------------------------------ where sends go

    def sandbox_credentials(self) -> Credentials | None:
        """The in-app sandbox's key and address when it is the current profile, else None:
        a real profile's key is read by the send thread (the keyring may be slow)."""
        if not self.profile.is_sandbox:
            return None
        server = self.sandbox()
        return Credentials(api_key=server.api_key, base_url=server.base_url)

    def base_url(self) -> str:
        """Where sends go, checked as a send checks it (``ConfigurationError`` when unusable)."""
        if self.profile.is_sandbox:
            return self.sandbox().base_url
        return credentials.base_url(self.profile)

    @staticmethod
    def system_locale() -> str:
        """The operating system's regional settings, e.g. "en_IN" (Windows and macOS set
        no LANG): where a number written without its country code is read."""
        return QtCore.QLocale.system().name()

    def batch_server(self) -> batch_again.Server:
        """Where a batch goes from the window, as the journals of earlier ones are read."""
        return batch_again.Server(self.destination(), built_in_sandbox=self.profile.is_sandbox)

    def destination(self) -> str:
        """``base_url``, or "" while the profile has no usable address; checked on every
        change, so the built-in sandbox is not started for it: until it runs, its address
        is this computer's, without its port."""
        if self.profile.is_sandbox and self._sandbox is None:
            return SANDBOX_HOST
        try:
            return self.base_url()
        except ConfigurationError:
            return ""
