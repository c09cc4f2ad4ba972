"""Which key, address and cookie a send uses; decided here, for the window and ``send`` alike.

The API key: ``RAMPWIN_API_KEY`` when set, else the profile's keyring entry. The address:
``--base-url`` (command line), else ``RAMPWIN_BASE_URL``, else the profile's. The cookie:
the profile's keyring entry. The built-in sandbox has its own (``ui/account.py``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import NamedTuple

from rampwin_desktop.api.errors import AuthenticationError
from rampwin_desktop.api.urls import check_base_url
from rampwin_desktop.storage.keystore import Secret, SessionSecrets
from rampwin_desktop.storage.profiles import Profile, ProfileStore

ENV_API_KEY = "RAMPWIN_API_KEY"
ENV_BASE_URL = "RAMPWIN_BASE_URL"


class Credentials(NamedTuple):
    api_key: str
    base_url: str
    cookie: str | None = None

    def __repr__(self) -> str:  # never the key or the cookie
        return f"Credentials(base_url={self.base_url!r})"


class MissingKeyError(AuthenticationError):
    """No API key for the profile: nothing was sent."""

    def __init__(self, profile: str, why: str | None = None) -> None:
        store = f"`rampwin-desktop profile set-key {profile}` (or the app's Settings)"
        super().__init__(
            f"{why} No API key for profile {profile!r}: set {ENV_API_KEY} (once a keyring "
            f"works, {store} can keep one). Nothing was sent."
            if why  # the keyring's trouble: storing a key there cannot help now
            else f"No API key for profile {profile!r}: set {ENV_API_KEY}, or store one with "
            f"{store}. Nothing was sent."
        )
        self.profile = profile
        self.why = why or ""  # the keyring's trouble, if that is why (a sentence)


def env_api_key(environ: Mapping[str, str] = os.environ) -> str:
    return environ.get(ENV_API_KEY, "").strip()


def env_base_url(environ: Mapping[str, str] = os.environ) -> str:
    return environ.get(ENV_BASE_URL, "").strip()


def base_url(
    profile: Profile, *, override: str | None = None, environ: Mapping[str, str] = os.environ
) -> str:
    """The address sends from ``profile`` go to, checked (``ConfigurationError`` if unusable)."""
    return check_base_url(override or env_base_url(environ) or profile.base_url)


def stored_key(name: str, secrets: SessionSecrets, profiles: ProfileStore) -> str | None:
    """The profile's key from the keyring (or this session's memory), remembering whether
    there was one (``ProfileStore.key_known_stored``) when the keyring could answer."""
    key = secrets.get(Secret.API_KEY, name)
    if not secrets.unavailable:
        profiles.remember_key_stored(name, bool(key))
    return key


def key_known(
    name: str,
    secrets: SessionSecrets,
    profiles: ProfileStore,
    environ: Mapping[str, str] = os.environ,
) -> bool:
    """Whether sends from ``name`` have a key, as far as is known without asking the
    keyring (which may be slow): the environment's, this session's, or one the keyring
    had when last asked."""
    return bool(
        env_api_key(environ)
        or secrets.remembers(Secret.API_KEY, name)
        or profiles.key_known_stored(name)
    )


def resolve(
    profile: Profile,
    secrets: SessionSecrets,
    profiles: ProfileStore,
    *,
    base_url_override: str | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Credentials:
    """What a send from ``profile`` uses; ``MissingKeyError`` when there is no key,
    ``ConfigurationError`` when the address is unusable."""
    address = base_url(profile, override=base_url_override, environ=environ)
    key = env_api_key(environ) or stored_key(profile.name, secrets, profiles)
    if not key:
        raise MissingKeyError(profile.name, secrets.reason)
    return Credentials(
        api_key=key, base_url=address, cookie=secrets.get(Secret.COOKIE, profile.name)
    )
