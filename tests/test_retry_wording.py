"""A 429 says when to try again in words a person would use: "in about 28 hours", "later",
"now", never "in 99999 seconds". What the app waits for stays capped."""

from __future__ import annotations

import email.utils
import time
from pathlib import Path

import pytest

from rampwin_desktop.api import errors
from rampwin_desktop.api.client import RampwinClient
from rampwin_desktop.api.responses import in_how_long, parse_retry_after, retry_when
from rampwin_desktop.core.model import Button, Message
from rampwin_desktop.sandbox import Fault, SandboxServer
from tests.helpers import FAST_RETRY, media_files
from tests.helpers.cli import GOOD, run_send

MESSAGE = Message(body="Hi", buttons=(Button("a", "A"),), recipient="919999999999", channel_id="c")


def _http_date(offset: float) -> str:
    return email.utils.formatdate(time.time() + offset, usegmt=True)


@pytest.mark.parametrize(
    ("wait", "said"),
    [
        (-5, "now"),
        (0, "now"),
        (0.4, "in 1 second"),
        (1, "in 1 second"),
        (30, "in 30 seconds"),
        (89, "in 89 seconds"),
        (90, "in about 2 minutes"),
        (600, "in about 10 minutes"),
        (5399, "in about 90 minutes"),
        (5400, "in about 2 hours"),
        (99999, "in about 28 hours"),
        (47 * 3600, "in about 47 hours"),
        (48 * 3600, "in about 2 days"),
        (7 * 86400, "in about 7 days"),
        (7 * 86400 + 1, "later"),
        (2300223010, "later"),
        (float("inf"), "later"),
    ],
)
def test_a_wait_in_words(wait: float, said: str) -> None:
    assert in_how_long(wait) == said


@pytest.mark.parametrize(
    ("header", "said"),
    [
        (None, "in a minute"),  # the server did not say: the old wording stays
        ("  ", "in a minute"),
        ("0", "now"),
        ("99999", "in about 28 hours"),
        ("2300223010", "later"),
        ("9" * 400, "later"),  # beyond a float: infinity, still "later"
        ("soon", "later"),  # unreadable
        ("-5", "later"),
        ("\u00b2", "later"),  # a digit to str.isdigit, not to float()
        ("Fri, 31 Dec 99999 23:59:59 GMT", "later"),  # a year datetime cannot hold
        ("Wed, 21 Oct 2015 07:28:00 GMT", "now"),  # a date in the past
        (_http_date(3 * 3600 + 5), "in about 3 hours"),
        (_http_date(400 * 86400), "later"),
    ],
)
def test_retry_after_in_words(header: str | None, said: str) -> None:
    assert retry_when(header) == said


def test_an_http_date_without_a_zone_is_gmt() -> None:
    in_an_hour = time.gmtime(time.time() + 3600)
    header = time.strftime("%a, %d %b %Y %H:%M:%S -0000", in_an_hour)
    wait = parse_retry_after(header)
    assert wait is not None and 3590 < wait <= 3600


@pytest.mark.parametrize(
    ("header", "said"),
    [("99999", "in about 28 hours"), ("2300223010", "later"), ("0", "now")],
)
def test_a_real_429_over_loopback_says_it_in_words(
    sandbox: SandboxServer, header: str, said: str
) -> None:
    sandbox.add_fault(Fault(endpoint="send", status=429, retry_after=header))
    waits: list[float] = []
    with (
        RampwinClient(
            sandbox.api_key, base_url=sandbox.base_url, retry=FAST_RETRY, sleep=waits.append
        ) as api,
        pytest.raises(errors.RateLimitedError) as caught,
    ):
        api.send_interactive(MESSAGE)
    assert str(caught.value) == (
        f"Rampwin is receiving too many requests (\u201cToo Many Requests\u201d); try again {said}."
    )
    assert caught.value.retry_after == float(header) and waits == []


def test_an_upload_is_not_held_for_28_hours(sandbox: SandboxServer, files: Path) -> None:
    sandbox.add_fault(Fault(endpoint="upload", status=429, retry_after="99999"))
    waits: list[float] = []
    with (
        RampwinClient(
            sandbox.api_key, base_url=sandbox.base_url, retry=FAST_RETRY, sleep=waits.append
        ) as api,
        pytest.raises(errors.RateLimitedError, match="try again in about 28 hours"),
    ):
        api.upload_media(media_files.png(files))
    assert waits == []  # over the cap: reported, not waited for


def test_send_command_says_it_in_words(sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(endpoint="send", status=429, retry_after="99999"))
    done = run_send(*GOOD, sandbox=sandbox)
    assert done.returncode == 4, done.stderr  # Rampwin refused: exit_codes.REFUSED
    assert "try again in about 28 hours." in done.stderr
    assert "99999" not in done.stderr
