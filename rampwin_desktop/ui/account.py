"""Where sends go: the profile, its secrets, environment overrides, or the built-in sandbox."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Signal

from rampwin_desktop.keystore import Secret, SessionSecrets
from rampwin_desktop.ui.profiles import SANDBOX, Profile, ProfileStore

if TYPE_CHECKING:
    from rampwin_desktop.sandbox import SandboxServer

ENV_API_KEY = "RAMPWIN_API_KEY"
ENV_BASE_URL = "RAMPWIN_BASE_URL"


class Credentials(NamedTuple):  # not a dataclass: see core/model.py
    api_key: str
    base_url: str
    cookie: str | None
    note: str  # for the status bar: where the key and address come from

    def __repr__(self) -> str:  # never the key or the cookie
        return f"Credentials(base_url={self.base_url!r}, note={self.note!r})"


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

    # ------------------------------------------------------------------ choosing

    def names(self) -> list[str]:
        names = [name for name in self.profiles.names() if name != SANDBOX]
        return [*names, SANDBOX]

    def choose(self, name: str) -> None:
        """Send from profile ``name`` from now on (the sandbox starts at its first use)."""
        self.profile = Profile(name=SANDBOX) if name == SANDBOX else self.profiles.load(name)
        self.profiles.current = name
        self.changed.emit()

    def save_profile(self, profile: Profile) -> None:
        if not profile.is_sandbox:
            self.profiles.save(profile)
        if profile.name == self.profile.name:
            self.profile = profile
        self.changed.emit()

    def has_key(self, name: str | None = None) -> bool:
        """Whether sends from profile ``name`` (default: the current one) have a key."""
        stored = self._stored_key(name or self.profile.name)
        return bool(os.environ.get(ENV_API_KEY) or stored)

    def _stored_key(self, name: str) -> str | None:
        """The profile's key from the keyring (or this session's memory), remembering
        whether there was one (ProfileStore.key_known_stored)."""
        key = self.secrets.get(Secret.API_KEY, name)
        self.profiles.remember_key_stored(name, bool(key) and not self.secrets.unavailable)
        return key

    # ------------------------------------------------------------------ the sandbox

    def sandbox(self) -> SandboxServer:
        """The in-app sandbox, started on first use (127.0.0.1, its own thread)."""
        if self._sandbox is None:
            from rampwin_desktop.sandbox import SandboxServer

            self._sandbox = SandboxServer().start()
            self.sandbox_started.emit()
        return self._sandbox

    @property
    def sandbox_running(self) -> SandboxServer | None:
        return self._sandbox

    def stop_sandbox(self) -> None:
        if self._sandbox is not None:
            self._sandbox.stop()
            self._sandbox = None

    # ------------------------------------------------------------------ credentials

    def credentials(self) -> Credentials | None:
        """The key, address and cookie to send with; None when there is no key."""
        if self.profile.is_sandbox:
            server = self.sandbox()
            return Credentials(server.api_key, server.base_url, None, self.note())
        env_key = os.environ.get(ENV_API_KEY, "").strip()
        env_url = os.environ.get(ENV_BASE_URL, "").strip()
        key = env_key or self._stored_key(self.profile.name)
        if not key:
            return None
        return Credentials(
            api_key=key,
            base_url=env_url or self.profile.base_url,
            cookie=self.secrets.get(Secret.COOKIE, self.profile.name),
            note=self.note(),
        )

    def note(self) -> str:
        """Where sends go and where key and address come from, for the status bar.

        Reads no secret: the keyring is asked when a send needs the key, not to show this.
        """
        if self.profile.is_sandbox:
            if self._sandbox is None:
                return self.tr("Sandbox: messages stay on this computer.")
            return self.tr("Sandbox: messages stay on this computer (%1).").replace(
                "%1", self._sandbox.base_url
            )
        notes = []
        if os.environ.get(ENV_API_KEY, "").strip():
            notes.append(self.tr("API key from %1").replace("%1", ENV_API_KEY))
        if os.environ.get(ENV_BASE_URL, "").strip():
            notes.append(self.tr("address from %1").replace("%1", ENV_BASE_URL))
        return "; ".join(notes)

    def base_url(self) -> str:
        if self.profile.is_sandbox:
            return self.sandbox().base_url
        return os.environ.get(ENV_BASE_URL, "").strip() or self.profile.base_url
