"""A profile's defaults in a message: one rule for the window and ``send``.

A message without a channel sends from the profile's; a fresh message (the window's
untouched form, a ``send`` without a draft) takes the profile's two flags too, while a
draft or a form the user changed keeps its own.
"""

from __future__ import annotations

import os

from rampwin_desktop.core.model import Message
from rampwin_desktop.core.phone import PhoneNumberError, parse_phone_number
from rampwin_desktop.storage.profiles import Profile


def with_profile_defaults(
    message: Message, profile: Profile, *, flags: bool, replacing: str = ""
) -> Message:
    """``message`` with ``profile``'s channel where it has none, or where it has
    ``replacing`` (a channel an earlier profile filled in); with the profile's flags too
    when ``flags``."""
    changes: dict[str, object] = {}
    if message.channel_id in ("", replacing):
        changes["channel_id"] = profile.channel_id
    if flags:
        changes["hide_from_chat"] = profile.hide_from_chat
        changes["dont_show_in_chat_list"] = profile.dont_show_in_chat_list
    return message.with_changes(**changes)


def home_region(profile: Profile, system_locale: str = "") -> str:
    """Where the user is, as a region code ("IN"), so that a number written as at home,
    without its country code, is caught before it goes abroad: the country of the profile's
    own number (Send test to me), else of ``system_locale`` (the window's, as the operating
    system's regional settings say it: "en_IN"), else of the locale variables
    (LANG=en_IN.UTF-8); "" when none says."""
    try:
        region = parse_phone_number(profile.own_number).region if profile.own_number else ""
    except PhoneNumberError:
        region = ""
    if region:
        return region
    # The first locale that names a country (en_IN.UTF-8: "IN"). Not the first variable
    # set: where the locale asked for is not installed, Python sets LC_CTYPE=C.UTF-8 itself.
    names = (os.environ.get(variable, "") for variable in ("LC_ALL", "LC_CTYPE", "LANG"))
    for name in (system_locale, *names):
        country = name.partition("_")[2][:2]
        if len(country) == 2 and country.isalpha() and country.isupper():
            return country
    return ""


def region_for(message: Message, profile: Profile, system_locale: str = "") -> str:
    """``home_region`` when ``message`` has a recipient to read, else "": the own number is
    then not parsed for nothing (phonenumbers loads at its first use, which a window that
    opens with no recipient leaves until after its first paint)."""
    return home_region(profile, system_locale) if message.recipient.strip() else ""
