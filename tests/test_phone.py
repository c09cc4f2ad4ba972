from __future__ import annotations

import subprocess
import sys

import pytest

from rampwin_desktop.core import country_names
from rampwin_desktop.core.phone import (
    PhoneNumberError,
    misread_at_home,
    number_problem,
    parse_phone_number,
    searched,
    unreadable_at_home,
)


@pytest.mark.parametrize(
    ("typed", "digits", "region"),
    [
        ("919999999999", "919999999999", "IN"),
        ("+91 99999 99999", "919999999999", "IN"),
        ("+91-99999-99999", "919999999999", "IN"),
        ("+1 (650) 253-0000", "16502530000", "US"),
        ("  447911123456 ", "447911123456", "GG"),
        ("0044 7911 123456", "447911123456", "GG"),  # 00 is the international prefix
        ("+55 11 91234-5678", "5511912345678", "BR"),
    ],
)
def test_numbers_with_country_code_are_normalised(typed: str, digits: str, region: str) -> None:
    number = parse_phone_number(typed)
    assert number.digits == digits
    assert number.region == region
    assert number.e164 == "+" + digits


def test_country_name_is_given() -> None:
    assert parse_phone_number("+91 99999 99999").country_name == "India"


def test_naming_a_country_does_not_load_the_geocoders_40_mb() -> None:
    """Its package reads every prefix's places to give a country's name: 0.2-0.5 s here
    (5-8 s under a newcomer's load), on a keystroke in the To field, on a list's first bad
    number and on Settings' Save, all on the GUI thread."""
    code = (
        "import sys\n"
        "from rampwin_desktop.core.phone import parse_phone_number, number_problem\n"
        "print(parse_phone_number('+91 99999 99999').country_name, number_problem('98765 43210'))\n"
        "print('phonenumbers.geodata' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    said, loaded = done.stdout.splitlines()
    assert said.startswith("India The number has too few digits for Iran")
    assert loaded == "False"


def test_the_country_names_are_the_geocoders_own() -> None:
    """``core/country_names.py`` is made from phonenumbers: a new version that names a
    region otherwise, or adds one, fails here with the table to paste in its place."""
    import phonenumbers
    from phonenumbers.geocoder import country_name_for_number

    def example(region: str) -> phonenumbers.PhoneNumber | None:
        return phonenumbers.example_number(region) or phonenumbers.example_number_for_type(
            region, phonenumbers.PhoneNumberType.UNKNOWN
        )

    regions = sorted(phonenumbers.SUPPORTED_REGIONS)
    # Each region's own name: a number of that region alone (a code it shares with no other).
    alone = {r: n for r in regions if (n := example(r)) is not None}
    named = {r: country_name_for_number(alone[r], "en") for r in alone}
    ours = {r: parse_phone_number(phonenumbers.format_number(
        alone[r], phonenumbers.PhoneNumberFormat.E164)).country_name for r in alone}  # fmt: skip
    assert ours == named  # as the geocoder says it, "" where a number is ambiguous (+590)
    assert set(country_names.NAMES) == set(regions), "\n".join(
        f"    {r!r}: {named.get(r, '')!r}," for r in regions
    )


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("", "Enter"),
        ("07911 123456", "national number"),  # would be delivered to a stranger's country
        ("+999 123456", "country code"),
        ("91999", "too few digits for India"),
        ("9199999999999999", "too many digits for India"),
        ("12345", "too few digits"),
        # An Indian mobile typed without 91: its 98 read as Iran's code, and said so.
        ("98765 43210", "too few digits for Iran (country code 98). Its first digits (98)"),
        ("+98 765 43210", "too short to be dialled from abroad for Iran"),
        ("098765 43210", "(e.g. 91 98765 43210, not 098765 43210)"),
        ("91999999abcd", "letters"),
        ("call me", "letters"),
        ("+91 99999*99999", "characters other than digits"),
        ("٩١٩٩٩٩٩٩٩٩٩٩", "characters other than digits"),
    ],
)
def test_numbers_that_would_need_guessing_are_refused(typed: str, words: str) -> None:
    with pytest.raises(PhoneNumberError) as caught:
        parse_phone_number(typed)
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (
            "8123456789",
            "reads as a number in Japan (+81 23456789), but it is also a number in India",
        ),
        # 91 read as India's own code leaves no valid number: the 91 was the mobile's start.
        ("9123456789", "reads as +91 23456789, which is no valid number in India, but"),
        ("6123456789", "reads as a number in Australia (+61 23456789)"),  # +61 is not AU alone
    ],
)
def test_a_number_written_as_at_home_is_said_as_both_readings(typed: str, said: str) -> None:
    assert said in misread_at_home(typed, "IN")


@pytest.mark.parametrize(
    "typed", ["919876543210", "+91 91234 56789", "0091 91234 56789", "44 7911 123456"]
)
def test_a_number_with_its_country_code_is_read_as_written(typed: str) -> None:
    assert misread_at_home(typed, "IN") == ""


@pytest.mark.parametrize(
    ("typed", "home", "said"),
    [
        # An Indian mobile without 91 reads as Iran's 98 and too few digits: no number.
        ("98765 43210", "IN", "it is a number in India without its country code (+91 98765 43210)"),
        ("098765 43210", "IN", "India without its country code (+91 98765 43210)"),  # trunk 0
        ("07911 123456", "GB", "United Kingdom without its country code (+44 7911 123456)"),
    ],
)
def test_a_number_unreadable_as_written_names_its_reading_at_home(
    typed: str, home: str, said: str
) -> None:
    with pytest.raises(PhoneNumberError):
        parse_phone_number(typed)
    assert said in unreadable_at_home(typed, home)
    assert unreadable_at_home(typed, home).endswith("write it with + and its country code.")


@pytest.mark.parametrize(
    ("typed", "home"),
    [("98765 43210", ""), ("+98 765 43210", "IN"), ("0098 765 43210", "IN"), ("91999", "IN")],
)
def test_no_reading_at_home_without_a_home_a_plus_or_a_valid_home_number(
    typed: str, home: str
) -> None:
    assert unreadable_at_home(typed, home) == ""


@pytest.mark.parametrize(
    ("home", "example"),
    [
        ("GB", "e.g. 447400123456 (United Kingdom)."),
        ("US", "e.g. 12015550123 (United States)."),
        ("", "e.g. 919999999999 for India."),  # no home: the example it always gave
        ("ZZ", "e.g. 919999999999 for India."),  # a home phonenumbers does not know
    ],
)
def test_a_problem_s_example_number_is_from_home(home: str, example: str) -> None:
    """A newcomer in the United Kingdom typed 12345 and was shown an Indian example."""
    assert number_problem("12345", home).endswith(example)
    assert number_problem("999 1234", home).endswith(example)  # no known country code


@pytest.mark.parametrize(
    ("typed", "looked_for"),
    [
        ("+44 7700 900123", "447700900123"),
        ("+4", "4"),  # as it is typed: from the first digit after a +
        ("+44", "44"),
        ("+91 (98765) 00009", "919876500009"),
        ("(98) 765", "98765"),
        ("(12)", "(12)"),  # two digits in brackets: not taken for a number
        ("+", "+"),
        ("2026-12-01", "2026-12-01"),  # a date stays a date
        ("Customer 4321", "Customer 4321"),
    ],
)
def test_a_number_searched_for_is_looked_for_as_its_digits(typed: str, looked_for: str) -> None:
    assert searched(typed) == looked_for
