"""Profiles: one per WhatsApp channel (name, base URL, channel, own number, defaults).

Kept in QSettings; each profile's API key and cookie live in the keyring under its name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rampwin_desktop.api.urls import DEFAULT_BASE_URL
from rampwin_desktop.keystore import DEFAULT_PROFILE

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

SANDBOX = "Sandbox"
KEY_HINT = "keyringHasKey"  # see ProfileStore.key_known_stored


class Profile:
    """One profile's settings (not a dataclass: see core/model.py)."""

    __slots__ = (
        "base_url",
        "channel_id",
        "dont_show_in_chat_list",
        "hide_from_chat",
        "name",
        "own_number",
    )
    FLAGS = ("hide_from_chat", "dont_show_in_chat_list")  # stored as "true" / "false"

    def __init__(
        self,
        name: str = DEFAULT_PROFILE,
        base_url: str = DEFAULT_BASE_URL,
        channel_id: str = "",
        own_number: str = "",
        hide_from_chat: bool = False,
        dont_show_in_chat_list: bool = False,
    ) -> None:
        self.name = name
        self.base_url = base_url
        self.channel_id = channel_id
        self.own_number = own_number
        self.hide_from_chat = hide_from_chat
        self.dont_show_in_chat_list = dont_show_in_chat_list

    def settings(self) -> dict[str, str | bool]:
        """What is stored for the profile, by key (its name is the group's)."""
        return {name: getattr(self, name) for name in self.__slots__ if name != "name"}

    def __repr__(self) -> str:
        return f"Profile(name={self.name!r}, {self.settings()!r})"

    @property
    def is_sandbox(self) -> bool:
        return self.name == SANDBOX


class ProfileStore:
    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def names(self) -> list[str]:
        self._settings.beginGroup("profiles")
        try:
            names = list(self._settings.childGroups())
        finally:
            self._settings.endGroup()
        return names or [DEFAULT_PROFILE]

    def load(self, name: str) -> Profile:
        profile = Profile(name=name)
        self._settings.beginGroup(f"profiles/{name}")
        try:
            for key in profile.settings():
                if not self._settings.contains(key):
                    continue
                value = self._settings.value(key)
                if key in Profile.FLAGS:
                    setattr(profile, key, str(value).lower() == "true")
                else:
                    setattr(profile, key, str(value))
        finally:
            self._settings.endGroup()
        return profile

    def save(self, profile: Profile) -> None:
        self._settings.beginGroup(f"profiles/{profile.name}")
        try:
            for key, value in profile.settings().items():
                self._settings.setValue(key, value)
        finally:
            self._settings.endGroup()
        self._settings.sync()

    def key_known_stored(self, name: str) -> bool:
        """Whether the keyring had an API key for ``name`` when it was last asked.

        A hint, so that a start-up need not ask the keyring (and load it: 12 MB, 35 ms)
        for a profile that has a key; the key itself is only ever in the keyring.
        """
        return str(self._settings.value(f"profiles/{name}/{KEY_HINT}", "false")) == "true"

    def remember_key_stored(self, name: str, stored: bool) -> None:
        if name != SANDBOX and stored != self.key_known_stored(name):
            self._settings.setValue(f"profiles/{name}/{KEY_HINT}", "true" if stored else "false")

    def remove(self, name: str) -> None:
        self._settings.remove(f"profiles/{name}")

    @property
    def current(self) -> str:
        return str(self._settings.value("currentProfile", DEFAULT_PROFILE))

    @current.setter
    def current(self, name: str) -> None:
        self._settings.setValue("currentProfile", name)
