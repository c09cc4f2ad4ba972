"""Recipient phone numbers: read strictly, never guessed.

Meta delivers a number without a country code to the business number's own
country, so a typo can message a stranger and still return 200. We therefore
read digits (with or without a leading ``+``) as country code + number, as the
Rampwin docs write them, and refuse anything we would have to guess at.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, NamedTuple

from rampwin_desktop.core import country_names

if TYPE_CHECKING:
    import phonenumbers

# phonenumbers is imported where first needed: it is slow to load, and only a typed number needs it.

# What people type around the digits: spaces, dots, dashes, brackets, one leading +.
_SEPARATORS = re.compile(r"[\s.\-()/\u00a0]")
# A number as people write it in a search: after a +, digits with spaces, brackets, dots or
# dashes; else digits in groups, with spaces or brackets only (a date, 2026-12-01, stays one).
_WRITTEN_NUMBER = re.compile(r"\+[\d\s().-]+|[\d\s()]+")
EXAMPLE = "919999999999 for India"  # said in problems; at home, home's own (number_problem)
_UNKNOWN_COUNTRY = (
    "The number does not start with a known country code; "
    f"write it with its country code, e.g. {EXAMPLE}."
)


class PhoneNumberError(ValueError):
    """A number we will not send to; ``str(error)`` is a sentence for the user."""


class PhoneNumber(NamedTuple):
    digits: str  # country code + national number, digits only, as the API wants it
    region: str  # ISO 3166 region code, e.g. "IN" ("001" for non-geographic numbers)

    @property
    def country_name(self) -> str:
        """E.g. "India"; empty when phonenumbers has no name for it.

        Looked up only when asked: phonenumbers' geocoder data is slow to load, and
        validating a message (every keystroke, every ``send --dry-run``) does not need it.
        """
        return _region_name(self.digits)

    @property
    def e164(self) -> str:
        return "+" + self.digits


def parse_phone_number(raw: str) -> PhoneNumber:
    """Normalise a number typed in any common human format, or raise PhoneNumberError."""
    result = _parse_cached(raw)
    if isinstance(result, str):
        raise PhoneNumberError(result)
    return result


def shown_number(raw: str) -> str:
    """``raw`` as a list's results show it: normalised (digits with the country code, as a
    sent row's) when it reads as a number, else as typed."""
    try:
        return parse_phone_number(raw).digits
    except PhoneNumberError:
        return raw


def searched(text: str) -> str:
    """What a search for ``text`` looks for among numbers: a number written as people write
    it (``+44 7700 900123``) as its digits, as numbers are kept and shown; else ``text``.
    From its first digit after a ``+`` (``+4`` looks for 4), as it is typed; without one,
    from its third (two digits in brackets are more likely something else)."""
    digits = re.sub(r"\D", "", text)
    written = text.strip()
    enough = len(digits) >= 3 or (written.startswith("+") and digits)
    return digits if enough and _WRITTEN_NUMBER.fullmatch(written) else text


@functools.lru_cache(maxsize=256)
def _parse_cached(raw: str) -> PhoneNumber | str:
    """The number, or why not (phonenumbers takes ~0.6 ms; the window asks on every keystroke)."""
    try:
        return _parse(raw)
    except PhoneNumberError as exc:
        return str(exc)


def _parse(raw: str) -> PhoneNumber:
    text = raw.strip()
    if not text:
        raise PhoneNumberError(
            # No example: one from home would load phonenumbers before the window is painted,
            # and India's is wrong elsewhere; a wrong number's problem gives one from home.
            # The + may be typed or not: the field shows the number as it is sent, digits
            # only, and a hint asking for a + that then goes puzzled a newcomer.
            "Enter the recipient's number, starting with its country code."
        )
    compact = _SEPARATORS.sub("", text)
    plus = compact.startswith("+")
    digits = compact[1:] if plus else compact.removeprefix("00")
    if any(char.isalpha() for char in digits):
        raise PhoneNumberError(
            "The number contains letters; use digits only, with the country code."
        )
    if not digits.isdigit() or not digits.isascii():
        raise PhoneNumberError(
            "The number contains characters other than digits, spaces, brackets and dashes."
        )
    if digits.startswith("0"):
        raise PhoneNumberError(
            "The number starts with 0, so it looks like a national number; "
            "write it with its country code instead (e.g. 91 98765 43210, not 098765 43210)."
        )
    import phonenumbers
    from phonenumbers import NumberParseException
    from phonenumbers.phonenumberutil import ValidationResult

    try:
        number = phonenumbers.parse("+" + digits, None)
    except NumberParseException as exc:
        if exc.error_type == NumberParseException.INVALID_COUNTRY_CODE:
            raise PhoneNumberError(_UNKNOWN_COUNTRY) from None
        if exc.error_type == NumberParseException.TOO_LONG:
            raise PhoneNumberError("The number is too long to be a phone number.") from None
        raise PhoneNumberError(
            "The number is too short to be a phone number with a country code."
        ) from None
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason != ValidationResult.IS_POSSIBLE:
        raise PhoneNumberError(_impossible_reason(number, reason, plus=plus))
    region = phonenumbers.region_code_for_number(number) or ""
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return PhoneNumber(digits=e164.lstrip("+"), region=region)


def _impossible_reason(number: phonenumbers.PhoneNumber, reason: int, *, plus: bool) -> str:
    """Why ``number`` cannot be dialled, naming the country its first digits were read as
    (and saying that they were, when the user typed no ``+``)."""
    from phonenumbers.phonenumberutil import ValidationResult

    code = str(number.country_code)
    name = _country_name(number)
    where = f" for {name} (country code {code})" if name else f" for country code {code}"
    read_as = (
        ""
        if plus
        else f" Its first digits ({code}) were read as the country code: write the "
        f"number with its country code first, e.g. {EXAMPLE}."
    )
    if reason == ValidationResult.INVALID_COUNTRY_CODE:
        return _UNKNOWN_COUNTRY
    if reason == ValidationResult.TOO_LONG:
        return f"The number has too many digits{where}.{read_as}"
    if reason == ValidationResult.IS_POSSIBLE_LOCAL_ONLY and plus:  # else: its code, misread?
        return f"The number is too short to be dialled from abroad{where}; include the area code."
    return f"The number has too few digits{where}.{read_as}"


def misread_at_home(raw: str, home: str) -> str:
    """Why ``raw``, read with its first digits as the country code, may be a number of
    ``home`` (a region code, e.g. "IN") written without its country code, or "" when it
    cannot be: it has a + or 00, its reading is a valid number of ``home`` already, or it is
    no valid number of ``home`` without a code. "81234 56789" reads as Japan's +81 23456789
    and "91234 56789" as India's +91 2345 6789 (no valid number): both are Indian mobiles
    without their 91, and sent as read they would go to a stranger, or nowhere."""
    compact = _SEPARATORS.sub("", raw.strip())
    if not home or compact.startswith(("+", "00")):
        return ""
    try:
        read = parse_phone_number(raw)
    except PhoneNumberError:
        return ""  # said otherwise
    import phonenumbers

    as_read = phonenumbers.parse("+" + read.digits)
    if read.region == home and phonenumbers.is_valid_number(as_read):
        return ""
    try:
        local = phonenumbers.parse(compact, home)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(local) or local == as_read:
        return ""
    shown = phonenumbers.PhoneNumberFormat.INTERNATIONAL
    read_shown, local_shown = (phonenumbers.format_number(n, shown) for n in (as_read, local))
    home_name = _country_name(local)
    if read.region == home:  # its first digits are home's code, but the rest is no number
        read_as = f"{read_shown}, which is no valid number in {home_name}"
    else:
        where = _country_name_of_code(as_read.country_code or 0) or "another country"
        read_as = f"a number in {where} ({read_shown})"
    return (
        f"{raw.strip()} reads as {read_as}, but it is also a number in {home_name} without "
        f"its country code ({local_shown}): write it with + and its country code."
    )


def unreadable_at_home(raw: str, home: str) -> str:
    """For a number that cannot be read with its first digits as the country code: why it
    is ``home``'s number written without its country code, or "" when it is not one.
    "98765 43210" is no number as written (Iran's 98, then too few digits), but with an
    Indian home it is +91 98765 43210: saying so beats a lesson about country codes."""
    compact = _SEPARATORS.sub("", raw.strip())
    if not home or not compact.isdigit() or not compact.isascii() or compact.startswith("00"):
        return ""
    import phonenumbers

    try:
        local = phonenumbers.parse(compact, home)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(local):
        return ""
    shown = phonenumbers.format_number(local, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return (
        f"{raw.strip()} is not a number when read with its country code first, but it is "
        f"a number in {_home_name(home) or _country_name(local)} without its country code "
        f"({shown}): write it with + and its country code."
    )


def number_problem(raw: str, home: str = "") -> str:
    """What is wrong with ``raw`` as a number to send to, "" when nothing: why it cannot be
    read (naming its reading at ``home`` when it is one there), or why it may be ``home``'s
    number without its country code (``misread_at_home``): what the To field, a list's
    rows and the own number (Settings, Send test to me) all say."""
    try:
        parse_phone_number(raw)
    except PhoneNumberError as exc:
        said = unreadable_at_home(raw, home) or str(exc)
        return said.replace(EXAMPLE, _home_example(home)) if EXAMPLE in said else said
    return misread_at_home(raw, home) if home else ""


def _home_example(home: str) -> str:
    """A mobile number of ``home`` with its country code, "447400123456 (United Kingdom)",
    as the examples say it; India's without a home (or with one phonenumbers lacks)."""
    if not home:
        return EXAMPLE
    import phonenumbers

    example = phonenumbers.example_number_for_type(home, phonenumbers.PhoneNumberType.MOBILE)
    name = _home_name(home) if example is not None else ""
    if example is None or not name:
        return EXAMPLE
    digits = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)[1:]
    return f"{digits} ({name})"


def _home_name(home: str) -> str:
    """The name of region ``home`` ("United Kingdom" for GB), or ""."""
    import phonenumbers

    example = phonenumbers.example_number(home)
    return _country_name(example) if example is not None else ""


def _country_name_of_code(code: int) -> str:
    """The country of a country code's main region ("Australia" for 61), or ""."""
    import phonenumbers

    example = phonenumbers.example_number(phonenumbers.region_code_for_country_code(code))
    return _country_name(example) if example is not None else ""


@functools.lru_cache(maxsize=64)
def _region_name(digits: str) -> str:
    import phonenumbers

    return _country_name(phonenumbers.parse("+" + digits, None))


def _country_name(number: phonenumbers.PhoneNumber) -> str:
    import phonenumbers

    # As the geocoder's country_name_for_number: a country code's one region, else the one
    # region the number is valid in ("" when it is valid in none or in several, +590).
    regions = list(phonenumbers.region_codes_for_country_code(number.country_code or 0))
    if len(regions) > 1:
        regions = [r for r in regions if phonenumbers.is_valid_number_for_region(number, r)]
    region = regions[0] if len(regions) == 1 else ""
    if not region:
        return ""
    if region in country_names.NAMES:
        return country_names.NAMES[region]
    from phonenumbers import geocoder  # a region newer than the table: 40 MB read once

    return str(geocoder.country_name_for_number(number, "en"))
