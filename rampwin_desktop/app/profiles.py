"""Profiles as a user changes them: one set of checks for the Settings dialog and the
``profile`` command, and the key that goes with each."""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

from rampwin_desktop.api.errors import ConfigurationError
from rampwin_desktop.api.urls import check_base_url
from rampwin_desktop.core.phone import number_problem, parse_phone_number
from rampwin_desktop.core.validation import channel_id_problems
from rampwin_desktop.storage.keystore import Secret, SessionSecrets
from rampwin_desktop.storage.profiles import SANDBOX, Profile, ProfileStore

MAX_NAME = 64


class ProfileError(ValueError):
    """What is wrong with a profile, one sentence per problem (``problems``)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


def name_problems(name: str) -> list[str]:
    if not name:
        return ["Give the profile a name."]
    if "/" in name or "\\" in name:
        return ["Give the profile a name without slashes."]
    if any(unicodedata.category(char).startswith("C") for char in name):
        return ["The profile name contains control characters."]
    if len(name) > MAX_NAME:
        return [f"Keep the profile name to {MAX_NAME} characters."]
    if name.casefold() == SANDBOX.casefold():
        return [f"{SANDBOX} is the built-in test server's name; choose another."]
    return []


def taken(name: str, profiles: ProfileStore) -> list[str]:
    """The problem with giving a new or renamed profile ``name``, if another has it."""
    if profiles.exists(name):
        return [f"There is a profile named {name!r} already; choose another name."]
    return []


def checked(profile: Profile, home: str = "") -> Profile:
    """``profile`` with its address and number in canonical form; ``ProfileError`` listing
    every problem when it cannot be saved. ``home``: the user's region, so that an own
    number written as there, without its country code, is caught (``number_problem``)."""
    problems = name_problems(profile.name)
    base_url = profile.base_url
    try:
        base_url = check_base_url(profile.base_url)
    except ConfigurationError as exc:
        problems.append(str(exc))
    problems += channel_id_problems(profile.channel_id.strip())
    own = profile.own_number.strip()
    if own and (said := number_problem(own, home)):
        problems.append(f"My number: {said}")
    elif own:
        own = parse_phone_number(own).digits
    if problems:
        raise ProfileError(problems)
    return profile.with_changes(
        base_url=base_url, channel_id=profile.channel_id.strip(), own_number=own
    )


def save(profile: Profile, profiles: ProfileStore) -> Profile:
    """Check and store ``profile``; what was stored."""
    stored = checked(profile)
    profiles.save(stored)
    return stored


def set_secret(
    name: str, secret: Secret, value: str, secrets: SessionSecrets, profiles: ProfileStore
) -> bool:
    """Store a key or cookie for profile ``name``; True when it went to the keyring, False
    when there is none and it is kept for this session only."""
    in_keyring = secrets.set(secret, value, name)
    if secret is Secret.API_KEY and in_keyring:
        profiles.remember_key_stored(name, True)
    return in_keyring


def forget_key(name: str, secrets: SessionSecrets, profiles: ProfileStore) -> None:
    secrets.forget(Secret.API_KEY, name)
    if not secrets.unavailable:
        profiles.remember_key_stored(name, False)


def rename(old: str, new: str, secrets: SessionSecrets, profiles: ProfileStore) -> None:
    """Give profile ``old`` the name ``new``: its settings and its keyring entries move
    (``ProfileError`` when ``new`` is not a usable name or is taken)."""
    problems = name_problems(new) or taken(new, profiles)
    if problems:
        raise ProfileError(problems)
    for secret in Secret:
        value = secrets.get(secret, old)
        if value:
            secrets.set(secret, value, new)
            secrets.forget(secret, old)
    profiles.save(profiles.load(old).with_changes(name=new))
    profiles.move_key_hint(old, new)
    was_current = profiles.current == old
    profiles.delete(old)
    if was_current:
        profiles.current = new


class Edit(NamedTuple):
    """A profile as the user edited it (in Settings), with the key and cookie typed there."""

    original: str  # the name it had; "" for a new profile
    profile: Profile
    api_key: str = ""  # "" keeps the stored key
    cookie: str = ""  # "" keeps the stored cookie
    forget_key: bool = False
    home: str = ""  # the user's region (for "My number")

    def __repr__(self) -> str:  # never the key or the cookie
        return f"Edit(original={self.original!r}, profile={self.profile!r})"


def checked_edit(
    profile: Profile, original: str, profiles: ProfileStore, home: str = ""
) -> Profile:
    """``profile``, edited from the one named ``original`` ("" for a new one), as
    ``checked`` makes it; ``ProfileError`` listing every problem, a name another profile
    has included. No keyring is asked: the Settings dialog checks each edit with it."""
    try:
        stored, problems = checked(profile, home), []
    except ProfileError as error:
        stored, problems = profile, list(error.problems)
    if stored.name and stored.name != original:  # a new profile, or a new name: not one in use
        problems += taken(stored.name, profiles)
    if problems:
        raise ProfileError(problems)
    return stored


def store_edit(edit: Edit, secrets: SessionSecrets, profiles: ProfileStore) -> Profile:
    """Check the edited profile (``ProfileError``, and nothing stored, when it cannot be
    saved or would replace another); move its keyring entries along a rename; save it;
    then forget or store its key and store its cookie. Returns what was stored. Asks the
    keyring: not for the GUI thread."""
    stored = checked_edit(edit.profile, edit.original, profiles, edit.home)
    if edit.original and stored.name != edit.original:
        rename(edit.original, stored.name, secrets, profiles)
    profiles.save(stored)
    if edit.forget_key:
        forget_key(stored.name, secrets, profiles)
    kept = not edit.api_key or set_secret(
        stored.name, Secret.API_KEY, edit.api_key, secrets, profiles
    )
    if not kept:  # in this session's memory only: the next start says it is gone, and why
        profiles.remember_key_session_only(stored.name)
    if edit.cookie:
        set_secret(stored.name, Secret.COOKIE, edit.cookie, secrets, profiles)
    return stored


def delete(name: str, secrets: SessionSecrets, profiles: ProfileStore) -> bool:
    """Remove profile ``name`` and its keyring entries; whether it was stored."""
    for secret in Secret:
        secrets.forget(secret, name)
    return profiles.delete(name)
