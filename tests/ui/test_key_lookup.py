"""The first run's question "is a key stored?", asked in a helper process (ui/key_lookup.py)."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

import pytest

from rampwin_desktop.storage.keystore import SERVICE
from rampwin_desktop.ui import key_lookup
from rampwin_desktop.ui.key_lookup import KeyLookup, parse_answer
from tests.helpers.file_keyring import FileKeyring

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

KEY = "rk_live_lookup_7c1d"


def ask(qtbot: QtBot, profile: str = "default") -> KeyLookup:
    lookup = KeyLookup(profile)
    with qtbot.waitSignal(lookup.answered, timeout=20_000):
        lookup.start()
    return lookup


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


def test_stop_ends_a_helper_that_does_not_answer(qtbot: QtBot, test_keyring: FileKeyring) -> None:
    test_keyring.answer_after(30)  # a wallet waiting to be unlocked
    lookup = KeyLookup("default")
    answers: list[object] = []
    lookup.answered.connect(lambda *args: answers.append(args))
    lookup.start()
    qtbot.waitUntil(lambda: test_keyring.asked == ["default:api-key"], timeout=20_000)
    started = time.monotonic()
    lookup.stop()  # the window is closing
    assert time.monotonic() - started < 2
    assert lookup._process.state() == lookup._process.ProcessState.NotRunning
    qtbot.wait(100)
    assert answers == []


def test_wait_returns_with_the_answer(qtbot: QtBot, test_keyring: FileKeyring) -> None:
    test_keyring.entries[(SERVICE, "default:api-key")] = KEY
    test_keyring.answer_after(0.3)
    lookup = KeyLookup("default")
    lookup.start()
    lookup.wait()  # a send clicked before the answer came
    assert lookup.done and lookup.found and lookup.by_helper


@pytest.mark.parametrize(
    "command",
    [["/nonexistent/rampwin-helper"], [sys.executable, "-c", "print('no answer here')"]],
    ids=["cannot start", "says nothing readable"],
)
def test_without_a_working_helper_this_process_asks(
    qtbot: QtBot, test_keyring: FileKeyring, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    test_keyring.entries[(SERVICE, "default:api-key")] = KEY
    monkeypatch.setattr(key_lookup, "helper_command", lambda profile: command)
    lookup = ask(qtbot)
    assert (lookup.found, lookup.unavailable, lookup.by_helper) == (True, "", False)


def test_wait_falls_back_too(
    qtbot: QtBot, test_keyring: FileKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(key_lookup, "helper_command", lambda profile: ["/nonexistent/helper"])
    lookup = KeyLookup("default")
    lookup.start()
    lookup.wait()
    assert lookup.done and not lookup.found and not lookup.by_helper


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
