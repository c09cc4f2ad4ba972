"""The bad-input corpus: every case gets a specific message, no request, no crash, no freeze."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rampwin_desktop.core.draft import DraftError, load_draft
from rampwin_desktop.core.validation import errors, validate
from rampwin_desktop.sandbox import SandboxServer
from tests.helpers import ROOT
from tests.helpers.bad_corpus import (
    DRAFT_CASES,
    HOSTILE_DRAFTS,
    MEDIA_CASES,
    TEN_BUTTONS,
    make,
    refusal,
)
from tests.helpers.cli import GOOD, run_send


@pytest.fixture(scope="module")
def corpus() -> Iterator[Path]:
    # World-traversable, so the unreadable case can be checked as an unprivileged user.
    folder = Path(tempfile.mkdtemp(prefix="rampwin-bad-"))
    folder.chmod(0o755)
    make(folder)
    yield folder
    (folder / "unreadable.png").chmod(0o644)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("name", sorted(MEDIA_CASES))
def test_each_bad_file_is_refused_quickly_with_its_reason(corpus: Path, name: str) -> None:
    _what, kind, words = MEDIA_CASES[name]
    started = time.monotonic()
    message = refusal(corpus / name, kind)
    assert words in message, message
    assert time.monotonic() - started < 5  # header reads only: no decoding, no blocking


def test_the_reliability_table_gives_each_file_its_own_reason() -> None:
    """docs/reliability.md once said "Permission denied" for every file: its generator checked
    each one as 'nobody' in a folder 'nobody' could not enter."""
    rows = {
        line.split("`")[1]: line
        for line in (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| ") and "` as " in line
    }
    assert sorted(rows) == sorted(MEDIA_CASES)
    for name, (_what, _kind, words) in MEDIA_CASES.items():
        assert words in rows[name], rows[name]
    denied = [name for name, row in rows.items() if "ermission denied" in row]
    assert denied == ["unreadable.png"]


@pytest.mark.parametrize("name", ["bomb.png", "truncated.png", "pipe.png", "animation.png"])
def test_send_refuses_bad_header_files_before_any_request(
    corpus: Path, sandbox: SandboxServer, name: str
) -> None:
    done = run_send(*GOOD, "--header-image", str(corpus / name), sandbox=sandbox)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("header.link: ")
    assert MEDIA_CASES[name][2] in done.stderr
    assert sandbox.requests() == []


@pytest.mark.parametrize("name", sorted(DRAFT_CASES))
def test_each_bad_draft_says_what_is_wrong(corpus: Path, name: str) -> None:
    _what, words = DRAFT_CASES[name]
    started = time.monotonic()
    with pytest.raises(DraftError) as caught:
        load_draft(corpus / name)
    assert words in str(caught.value)
    assert time.monotonic() - started < 2  # the 50 MB file is refused by its size, unread


@pytest.mark.parametrize("name", [*HOSTILE_DRAFTS, "/dev/zero"])
def test_send_refuses_hostile_drafts_at_once_with_their_own_message(
    corpus: Path, sandbox: SandboxServer, name: str
) -> None:
    # These crashed (RecursionError, ValueError: exit 1 and a traceback) or never ended
    # (a FIFO, /dev/zero); the timeout fails the test if one still hangs.
    words = DRAFT_CASES[name][1] if name in DRAFT_CASES else "not an ordinary file"
    done = run_send("--draft", str(corpus / name), sandbox=sandbox, timeout=10)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("draft: ") and words in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1
    assert sandbox.requests() == []


def test_ten_buttons_open_and_validation_names_the_problem(corpus: Path) -> None:
    message = load_draft(corpus / TEN_BUTTONS)
    assert len(message.buttons) == 10
    problems = errors(validate(message, require_destination=False))
    assert [p.field for p in problems] == ["buttons"]
    assert "10 buttons" in problems[0].message


def test_a_hundred_kilobytes_pasted_into_the_body() -> None:
    from rampwin_desktop.core.model import Button, Message

    body = "Lorem ipsum dolor sit amet 👋 " * 3500
    started = time.monotonic()
    problems = errors(validate(Message(body=body, buttons=(Button("a", "A"),))))
    assert time.monotonic() - started < 0.5
    assert [p.field for p in problems] == ["body", "recipient", "channel_id"]
    assert f"{len(body):,}".replace(",", "") in problems[0].message.replace(",", "")
