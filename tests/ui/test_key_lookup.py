"""The first run's question "is a key stored?", asked in a helper process (ui/key_lookup.py).

Nothing waits without a limit on the GUI thread: a helper that never answers is reported as
"not answering" within ``timeout_ms`` and killed, and ``stop()`` returns in bounded time.
"""

from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rampwin_desktop.storage import keystore
from rampwin_desktop.storage.keystore import NOT_ANSWERING, SERVICE
from rampwin_desktop.ui import key_lookup
from rampwin_desktop.ui.key_lookup import STOP_GRACE_MS, KeyLookup, parse_answer
from tests.helpers.file_keyring import FileKeyring
from tests.helpers.window import heartbeat, longest_gap

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

KEY = "rk_live_lookup_7c1d"
NEVER = 30.0  # seconds: a wallet waiting to be unlocked, longer than any limit here

needs_proc = pytest.mark.skipif(
    not Path("/proc/self/cmdline").exists(), reason="looks for the helper in /proc"
)


def ask(qtbot: QtBot, profile: str = "default") -> KeyLookup:
    lookup = KeyLookup(profile)
    with qtbot.waitSignal(lookup.answered, timeout=20_000):
        lookup.start()
    return lookup


def helpers_asking_about(profile: str) -> list[int]:
    """The live (not zombie) processes running ``key-status`` for ``profile``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue  # it ended meanwhile
        if b"key-status" in arguments and profile.encode() in arguments and state != "Z":
            found.append(int(entry.name))
    return found


def unique_profile() -> str:
    return f"lookup-{uuid.uuid4().hex[:12]}"


def test_the_helper_says_whether_a_key_is_stored(qtbot: QtBot, test_keyring: FileKeyring) -> None:
    test_keyring.entries[(SERVICE, "default:api-key")] = KEY
    stored = ask(qtbot)
    assert (stored.found, stored.unavailable, stored.by_helper) == (True, "", True)
    other = ask(qtbot, "shop")
    assert (other.found, other.unavailable, other.by_helper) == (False, "", True)
    assert test_keyring.asked == ["default:api-key", "shop:api-key"]  # asked by the helpers


def test_an_unusable_keyring_is_said_in_a_sentence(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    lookup = ask(qtbot)
    assert lookup.by_helper and not lookup.found
    assert lookup.unavailable.startswith("No system keyring is available")


@needs_proc
def test_a_helper_that_never_answers_is_reported_and_killed(
    qtbot: QtBot, test_keyring: FileKeyring
) -> None:
    test_keyring.entries[(SERVICE, "default:api-key")] = KEY
    test_keyring.answer_after(NEVER)
    limit_ms = 1500  # well under the helper's own limit on the keyring (keystore.ANSWER_TIMEOUT)
    profile = unique_profile()
    lookup = KeyLookup(profile, timeout_ms=limit_ms)
    answers: list[tuple[bool, str, float, list[int]]] = []
    lookup.answered.connect(
        lambda found, why: answers.append(
            (found, why, time.monotonic(), helpers_asking_about(profile))
        )
    )
    with heartbeat() as beats, qtbot.waitSignal(lookup.answered, timeout=limit_ms + 5000):
        started = time.monotonic()
        lookup.start()
    qtbot.wait(200)  # a second answer, if any, would come now

    ((found, why, answered_at, helpers_then),) = answers
    assert (found, why) == (False, NOT_ANSWERING)
    assert (lookup.done, lookup.found, lookup.unavailable) == (True, False, NOT_ANSWERING)
    assert not lookup.by_helper
    # Not before the limit (a coarse Qt timer may fire up to 5 % early), nor long after it.
    assert limit_ms * 0.94 / 1000 <= answered_at - started < limit_ms / 1000 + 1.0
    assert len(helpers_then) == 1  # the helper was still there, waiting on the keyring
    assert not lookup.running and helpers_asking_about(profile) == []  # and now it is gone
    assert longest_gap(beats) < 0.5, "the GUI thread waited for the helper"


@needs_proc
def test_stop_ends_a_helper_that_does_not_answer(qtbot: QtBot, test_keyring: FileKeyring) -> None:
    test_keyring.answer_after(NEVER)
    profile = unique_profile()
    lookup = KeyLookup(profile)
    answers: list[object] = []
    lookup.answered.connect(lambda *args: answers.append(args))
    lookup.start()
    qtbot.waitUntil(lambda: test_keyring.asked == [f"{profile}:api-key"], timeout=20_000)
    assert lookup.running and len(helpers_asking_about(profile)) == 1
    started = time.monotonic()
    lookup.stop()  # the window is closing
    assert time.monotonic() - started < 2
    assert not lookup.running and helpers_asking_about(profile) == []
    qtbot.wait(100)
    assert answers == []


def test_stop_returns_in_bounded_time_while_this_process_asks(
    qtbot: QtBot, test_keyring: FileKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no helper, the keyring is asked in a thread; ``stop()`` waits for that thread
    no longer than the keystore's own limit on the keyring, plus a grace."""
    test_keyring.answer_after(NEVER)
    monkeypatch.setattr(keystore, "ANSWER_TIMEOUT", 1.0)  # the keystore's limit, shortened
    monkeypatch.setattr(key_lookup, "helper_command", lambda profile: ["/nonexistent/helper"])
    lookup = KeyLookup("default")
    answers: list[object] = []
    lookup.answered.connect(lambda *args: answers.append(args))
    lookup.start()
    qtbot.waitUntil(lambda: test_keyring.asked == ["default:api-key"], timeout=10_000)
    started = time.monotonic()
    lookup.stop()
    assert time.monotonic() - started < keystore.ANSWER_TIMEOUT + STOP_GRACE_MS / 1000
    qtbot.wait(100)
    assert answers == []  # and the guard fails the test if its thread is still running


@pytest.mark.parametrize("stored", [True, False], ids=["stored", "not stored"])
@pytest.mark.parametrize(
    "command",
    [["/nonexistent/rampwin-helper"], [sys.executable, "-c", "print('no answer here')"]],
    ids=["cannot start", "says nothing readable"],
)
def test_without_a_working_helper_this_process_asks(
    qtbot: QtBot,
    test_keyring: FileKeyring,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    stored: bool,
) -> None:
    if stored:
        test_keyring.entries[(SERVICE, "default:api-key")] = KEY
    monkeypatch.setattr(key_lookup, "helper_command", lambda profile: command)
    lookup = ask(qtbot)
    assert (lookup.found, lookup.unavailable, lookup.by_helper) == (stored, "", False)
    assert lookup.done and test_keyring.asked == ["default:api-key"]  # asked here, once


@pytest.mark.parametrize(
    ("output", "answer"),
    [
        ('{"profile": "default", "stored": true, "unavailable": ""}\n', (True, "")),
        ('warning: noise\n{"stored": false, "unavailable": "No keyring."}', (False, "No keyring.")),
        ("", None),
        ("not json", None),
        ('["stored"]', None),
        ('{"stored": "yes", "unavailable": ""}', None),
        ('{"stored": true}', None),
    ],
)
def test_the_helpers_line_is_read_strictly(output: str, answer: tuple[bool, str] | None) -> None:
    assert parse_answer(output) == answer
