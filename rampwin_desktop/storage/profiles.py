"""Profiles: one per WhatsApp channel (address, default channel, own number, defaults).

Kept in the settings file under ``profiles``, by name; each profile's API key and cookie
live in the keyring under the same name (``keystore``). ``Sandbox`` is not stored: it is
the window's built-in test server, and no stored profile may take its name.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from rampwin_desktop.api.urls import DEFAULT_BASE_URL
from rampwin_desktop.storage.settings import KEY_HINTS, Data, SettingsFile

DEFAULT_PROFILE = "default"
SANDBOX = "Sandbox"
SANDBOX_CHANNEL = "sandbox"  # the built-in test server's channel
SESSION = "session"  # a key hint: the key was kept in memory only (no keyring)
SANDBOX_SECTION = "sandbox"  # the one thing kept for it: the user's own number


class Profile(NamedTuple):
    name: str = DEFAULT_PROFILE
    base_url: str = DEFAULT_BASE_URL
    channel_id: str = ""
    own_number: str = ""
    hide_from_chat: bool = False
    dont_show_in_chat_list: bool = False

    @property
    def is_sandbox(self) -> bool:
        return self.name == SANDBOX

    def with_changes(self, **changes: Any) -> Profile:
        return self._replace(**changes)

    def stored(self) -> dict[str, str | bool]:
        """What the settings file keeps for the profile (its name is the key it is kept under)."""
        return {key: value for key, value in self._asdict().items() if key != "name"}


class ProfileStore:
    def __init__(self, settings: SettingsFile) -> None:
        self.settings = settings

    def _stored(self) -> dict[str, Data]:
        profiles = self.settings.section("profiles")
        return {name: value for name, value in profiles.items() if isinstance(value, dict)}

    def stored_names(self) -> list[str]:
        """The stored profiles' names, sorted (none before a profile is saved)."""
        return sorted(self._stored(), key=str.casefold)

    def names(self) -> list[str]:
        """The stored profiles' names, sorted; ``default`` when none is stored yet."""
        return self.stored_names() or [DEFAULT_PROFILE]

    def exists(self, name: str) -> bool:
        return name in self._stored()

    def load(self, name: str) -> Profile:
        """The stored profile ``name``; the defaults for a name not stored; for ``Sandbox``,
        the built-in test server's profile."""
        if name == SANDBOX:
            own = self.settings.section(SANDBOX_SECTION).get("own_number")
            return Profile(
                name=SANDBOX,
                channel_id=SANDBOX_CHANNEL,
                own_number=own if isinstance(own, str) else "",
            )
        stored = self._stored().get(name, {})
        defaults = Profile(name=name)
        values: dict[str, Any] = {}
        for key, default in defaults.stored().items():
            value = stored.get(key)
            if isinstance(value, type(default)):
                values[key] = value
        return defaults.with_changes(**values)

    def save(self, profile: Profile) -> None:
        if profile.is_sandbox:
            raise ValueError("the Sandbox profile is built in and not stored")

        def change(data: Data) -> None:
            profiles = data.setdefault("profiles", {})
            entry = profiles.setdefault(profile.name, {})
            entry.update(profile.stored())

        self.settings.update(change)

    def save_sandbox_number(self, digits: str) -> None:
        """The user's own number for the Sandbox profile's "Send test to me"."""
        self.settings.set_values(SANDBOX_SECTION, {"own_number": digits})

    def delete(self, name: str) -> bool:
        """Remove ``name``; whether it was stored."""
        found = self.exists(name)

        def change(data: Data) -> None:
            data.get("profiles", {}).pop(name, None)
            data.get(KEY_HINTS, {}).pop(name, None)
            if data.get("current_profile") == name:
                data.pop("current_profile")

        if found:
            self.settings.update(change)
        return found

    def key_known_stored(self, name: str) -> bool:
        """Whether the keyring had an API key for ``name`` when it was last asked.

        A hint, so that the window need not ask the keyring at every start; the key itself
        is only ever in the keyring.
        """
        return self.settings.section(KEY_HINTS).get(name) is True

    def remember_key_stored(self, name: str, stored: bool) -> None:
        if name == SANDBOX or stored == self.key_known_stored(name):
            return

        def change(data: Data) -> None:
            data.setdefault(KEY_HINTS, {})[name] = stored

        self.settings.update(change)

    def remember_key_session_only(self, name: str) -> None:
        """A key for ``name`` was given while there was no keyring: it lasts one session.
        Remembered (not the key, only that it happened) so that the next start can say so."""
        if name != SANDBOX:
            self.settings.update(
                lambda data: data.setdefault(KEY_HINTS, {}).update({name: SESSION})
            )

    def move_key_hint(self, old: str, new: str) -> None:
        """Profile ``old`` is now ``new``: what was known of its key goes with it, as it was
        (stored, not stored, or kept for one session)."""

        def change(data: Data) -> None:
            hints = data.setdefault(KEY_HINTS, {})
            if old in hints:
                hints[new] = hints.pop(old)

        self.settings.update(change)

    def key_kept_for_session(self, name: str) -> bool:
        """Whether the last key given for ``name`` was kept for one session only."""
        return self.settings.section(KEY_HINTS).get(name) == SESSION

    @property
    def current(self) -> str:
        """The profile the window used last. Before the window has used any (profiles made
        with ``rampwin-desktop profile``), the first stored one the keyring had a key for,
        else the first stored one, else ``default``."""
        value = self.settings.read().get("current_profile")
        if isinstance(value, str) and value:
            return value
        stored = self.stored_names()
        hints = self.settings.section(KEY_HINTS)  # one read of the file, not one per profile
        with_key = [name for name in stored if hints.get(name) is True]
        return (with_key or stored or [DEFAULT_PROFILE])[0]

    @current.setter
    def current(self, name: str) -> None:
        self.settings.update(lambda data: data.update(current_profile=name))
