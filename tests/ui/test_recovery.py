"""Nothing lost: a composition typed before a kill -9 comes back at the next start."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtWidgets import QMessageBox

from rampwin_desktop.core.model import Message
from rampwin_desktop.storage import paths
from rampwin_desktop.storage.autosave import RecoveryFile
from tests.helpers.dialogs import answering, answering_every, choose_file, press
from tests.helpers.file_keyring import FileKeyring
from tests.helpers.typist import body_in, start_typist
from tests.helpers.window import close_window, new_window, open_window, trigger, type_body

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from rampwin_desktop.ui.main_window import MainWindow

TYPED = "Typed just before the crash: *sale* 🚀"


def test_kill_minus_nine_then_restore(
    qtbot: QtBot, config_dir: Path, test_keyring: FileKeyring
) -> None:
    process, saved = start_typist(config_dir, TYPED)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    assert body_in(saved) == TYPED

    with answering(press(QMessageBox.StandardButton.Yes)) as asked:
        window = open_window(qtbot)
    assert "did not close properly" in asked[0]
    assert time.strftime("%Y-%m-%d") in asked[0]  # it says when it was saved
    assert window.composer.body.text() == TYPED
    assert window.isWindowModified()
    assert not saved.exists()  # now in the window's own file
    assert body_in(window.autosave.own.path) == TYPED
    close_window(window)
    assert list(paths.recovery_dir().iterdir()) == []  # a clean exit removes it


def test_a_window_opened_beside_a_typing_one_neither_takes_nor_deletes_its_work(
    qtbot: QtBot, config_dir: Path, test_keyring: FileKeyring
) -> None:
    """Issue 16: window A types; B opens on the same folder, discards the recovery it is
    offered (an earlier crash's), types too and quits cleanly; A is killed with SIGKILL.
    The next start offers A's text."""
    a_text = "Typed in window A: *sale* 🚀"
    typist, a_file = start_typist(config_dir, a_text)
    try:
        earlier = paths.recovery_file()  # what a crash under an earlier version left
        RecoveryFile(earlier).write(Message(body="Words from a crash last week"), "")
        record = json.loads(earlier.read_text())
        record["saved_at"] = time.mktime((2026, 1, 2, 3, 4, 5, 0, 0, -1))
        earlier.write_text(json.dumps(record))
        with answering_every(press(QMessageBox.StandardButton.Discard)) as asked:
            b = open_window(qtbot)
        assert len(asked) == 1, asked  # the earlier crash's, not A's: A is open
        assert "2026-01-02 03:04:05" in asked[0]
        assert not earlier.exists()
        type_body(b, "Typed in window B")  # at the same time as A: no last writer wins
        qtbot.waitUntil(b.autosave.own.path.is_file, timeout=5000)
        assert body_in(b.autosave.own.path) == "Typed in window B"
        assert body_in(a_file) == a_text
    finally:
        typist.send_signal(signal.SIGKILL)  # while B is open
        typist.wait(timeout=10)
    close_window(b)
    assert not b.autosave.own.path.exists()
    assert body_in(a_file) == a_text  # B's clean exit took only its own file

    with answering(press(QMessageBox.StandardButton.Yes)) as asked:
        c = open_window(qtbot)
    assert len(asked) == 1 and "did not close properly" in asked[0]
    assert c.composer.body.text() == a_text
    assert c.isWindowModified()
    close_window(c)
    assert list(paths.recovery_dir().iterdir()) == []


def test_several_crashed_windows_are_offered_newest_first_until_one_is_restored(
    qtbot: QtBot, config_dir: Path, test_keyring: FileKeyring
) -> None:
    folder = paths.recovery_dir()
    folder.mkdir(parents=True)
    for name, body, age in (("11-older", "older crash", 60), ("12-newer", "newer crash", 0)):
        RecoveryFile(folder / f"{name}.json").write(Message(body=body), "")  # no lock: gone
        stamp = time.time() - age
        os.utime(folder / f"{name}.json", (stamp, stamp))

    with answering_every(press(QMessageBox.StandardButton.Yes)) as asked:
        window = open_window(qtbot)
    assert len(asked) == 1 and window.composer.body.text() == "newer crash"
    close_window(window)
    with answering_every(press(QMessageBox.StandardButton.Discard)) as asked:
        window = open_window(qtbot)
    assert len(asked) == 1 and window.composer.body.text() != "older crash"
    close_window(window)
    assert list(folder.iterdir()) == []


def test_autosave_is_debounced_and_atomic(
    qtbot: QtBot, window: MainWindow, config_dir: Path
) -> None:
    path = window.autosave.own.path
    type_body(window, "first")
    type_body(window, "second")
    assert not path.exists()  # not on every keystroke
    qtbot.waitUntil(path.exists, timeout=2000)
    assert body_in(path) == "second"
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_closing_before_start_up_settles_keeps_the_autosave_of_a_crash(
    qtbot: QtBot, test_keyring: FileKeyring
) -> None:
    crashed = Message(body="Words typed before a crash")
    RecoveryFile(paths.recovery_file()).write(crashed, "")
    test_keyring.answer_after(5)  # the keyring is slow: recovery has not been offered yet
    window = new_window(qtbot)
    window.show()
    qtbot.waitUntil(lambda: test_keyring.asked != [], timeout=10_000)
    started = time.monotonic()
    close_window(window)
    assert not window.isVisible() and time.monotonic() - started < 2
    recovered = RecoveryFile(paths.recovery_file()).pending()
    assert recovered is not None and recovered.message == crashed


def test_a_draft_saved_under_a_name_is_recovered_under_that_name(
    qtbot: QtBot, tmp_path: Path, test_keyring: FileKeyring
) -> None:
    window = open_window(qtbot)
    type_body(window, "Words saved, then a crash")
    own = window.autosave.own.path
    qtbot.waitUntil(own.exists, timeout=5_000)  # autosaved while untitled
    with answering(choose_file(tmp_path / "order")):
        trigger(window, "saveAsAction")
    expected = str(tmp_path / "order.json")
    qtbot.waitUntil(lambda: json.loads(own.read_text())["draft_path"] == expected, timeout=5_000)
    recovered = RecoveryFile(own).pending()
    assert recovered is not None and recovered.draft_path == expected
    close_window(window)


def test_a_corrupt_recovery_file_is_moved_aside(
    qtbot: QtBot, config_dir: Path, test_keyring: FileKeyring
) -> None:
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "recovery.json").write_text("{half a file")
    window = open_window(qtbot)
    names = [p.name for p in config_dir.iterdir()]
    assert any(name.startswith("recovery.json.corrupt-") for name in names)
    close_window(window)


@pytest.mark.parametrize("damaged", ["settings.json", "history.sqlite3"])
def test_damaged_settings_or_history_are_set_aside_not_fatal(
    qtbot: QtBot, config_dir: Path, test_keyring: FileKeyring, damaged: str
) -> None:
    target = config_dir / damaged if damaged == "settings.json" else config_dir / "data" / damaged
    target.parent.mkdir(parents=True, exist_ok=True)
    garbage = (
        b"\x00\xff[[[ not a database \xfe" * 50
        if damaged == "history.sqlite3"
        else b'{"window": \x00\xff [['
    )
    target.write_bytes(garbage)
    with answering(press(QMessageBox.StandardButton.Ok)) as shown:
        window = open_window(qtbot)
    aside = [p for p in target.parent.iterdir() if p.name.startswith(f"{damaged}.corrupt-")]
    assert len(aside) == 1 and aside[0].read_bytes() == garbage  # kept, untouched
    assert "kept aside" in shown[0] and damaged in shown[0]
    assert window.history.attempts() == []
    close_window(window)
