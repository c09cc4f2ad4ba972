"""The user's region, for reading a list's numbers written without a country code: the
country of the profile's own number, else of the system's locale."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from rampwin_desktop.app.defaults import home_region
from rampwin_desktop.storage.profiles import Profile
from tests.helpers.batch_files import run_batch, write_csv, write_draft
from tests.helpers.cli import run_cli

if TYPE_CHECKING:
    from pathlib import Path

    from rampwin_desktop.sandbox import SandboxServer


@pytest.mark.parametrize(
    ("own", "system", "region"),
    [
        ("+91 98765 43210", "en_GB.UTF-8", "IN"),  # the own number comes first
        ("", "en_IN.UTF-8", "IN"),
        ("", "de_DE@euro", "DE"),
        ("", "", ""),  # no locale set
        ("", "C.UTF-8", ""),  # the C locale says nothing
        ("not a number", "POSIX", ""),
    ],
)
def test_the_region_comes_from_the_own_number_else_the_locale(
    monkeypatch: pytest.MonkeyPatch, own: str, system: str, region: str
) -> None:
    for variable in ("LC_ALL", "LC_CTYPE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", system)
    assert home_region(Profile(name="shop", own_number=own)) == region


def test_the_windows_regional_settings_count_where_no_locale_variable_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Windows and macOS set no LANG: the window passes the system's regional settings
    (QLocale.system().name()), which come before the variables and after the own number."""
    for variable in ("LC_ALL", "LC_CTYPE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert home_region(Profile(name="shop"), "en_IN") == "IN"
    assert home_region(Profile(name="shop"), "C") == ""
    assert home_region(Profile(name="shop", own_number="+49 151 23456789"), "en_IN") == "DE"


def test_python_s_own_c_locale_does_not_hide_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    """With LANG=en_IN.UTF-8 not installed, Python itself sets LC_CTYPE=C.UTF-8."""
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LC_CTYPE", "C.UTF-8")
    monkeypatch.setenv("LANG", "en_IN.UTF-8")
    assert home_region(Profile(name="shop")) == "IN"


def test_lc_all_comes_before_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_IN.UTF-8")
    monkeypatch.setenv("LC_ALL", "pt_BR.UTF-8")
    assert home_region(Profile(name="shop")) == "BR"


def test_a_batch_will_not_send_a_number_written_as_at_home_abroad(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    assert run_cli("profile", "set", "default", "--own-number", "919876500001").returncode == 0
    rows = [
        {"phone": "8123456789", "name": "Ann"},  # an Indian mobile without 91: Japan's +81
        {"phone": "919876500002", "name": "Ben"},
    ]
    args = ["--draft", str(write_draft(tmp_path)), "--csv", str(write_csv(tmp_path, rows))]
    refused = run_batch(sandbox, *args, "--rate", "0")
    assert refused.returncode == 2, refused.stderr
    assert "row 2, phone: 8123456789 reads as a number in Japan (+81 23456789)" in refused.stderr
    assert sandbox.messages() == []
    rest = run_batch(sandbox, *args, "--rate", "0", "--skip-invalid")
    assert rest.returncode == 0, rest.stderr
    assert [m["body"]["phone_number"] for m in sandbox.messages()] == ["919876500002"]


def test_a_single_send_written_as_at_home_is_refused_too(sandbox: SandboxServer) -> None:
    assert run_cli("profile", "set", "default", "--own-number", "919876500001").returncode == 0
    args = ["send", "--to", "81234 56789", "--channel", "c", "--body", "hi", "--button", "OK"]
    refused = run_cli(*args, base_url=sandbox.base_url)
    assert refused.returncode == 2, refused.stderr
    assert "81234 56789 reads as a number in Japan (+81 23456789)" in refused.stderr
    assert "(+91 81234 56789): write it with + and its country code" in refused.stderr
    unreadable = run_cli(*args[:2], "98765 43210", *args[3:], base_url=sandbox.base_url)
    assert unreadable.returncode == 2, unreadable.stderr
    assert "a number in India without its country code (+91 98765 43210)" in unreadable.stderr
    sent = run_cli(*args[:2], "+91 81234 56789", *args[3:], base_url=sandbox.base_url)
    assert sent.returncode == 0, sent.stderr
    assert [m["body"]["phone_number"] for m in sandbox.messages()] == ["918123456789"]
