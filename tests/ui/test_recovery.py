"""Nothing lost: a composition typed before a kill -9 comes back at the next start."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtWidgets import QMessageBox

from rampwin_desktop.core.model import Message
from rampwin_desktop.storage import paths
from rampwin_desktop.storage.autosave import RecoveryFile
from tests.helpers import ROOT
from tests.helpers.dialogs import answering, press
from tests.helpers.file_keyring import FileKeyring
from tests.helpers.window import close_window, new_window, open_window, type_body

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from rampwin_desktop.ui.main_window import MainWindow

TYPIST = r"""
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
app = QApplication([])
from rampwin_desktop.ui.main_window import MainWindow
from tests.helpers.window import type_body
window = MainWindow(sandbox=True)
window.show()
while not window.start.finished:  # the autosave starts once start-up is done
    app.processEvents()
    time.sleep(0.01)
type_body(window, "Typed just before the crash: *sale* 🚀")  # real key events
deadline = time.monotonic() + 1.5  # the autosave is at most ~1 s behind
while time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.01)
print("TYPED", flush=True)
while True:
    app.processEvents()
    time.sleep(0.01)
"""


def test_kill_minus_nine_then_restore(
    qtbot: QtBot, config_dir: Path, test_keyring: FileKeyring
) -> None:
    env = dict(os.environ, RAMPWIN_DESKTOP_CONFIG_DIR=str(config_dir))
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    process = subprocess.Popen(
        [sys.executable, "-c", TYPIST], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "TYPED"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    saved = json.loads((config_dir / "recovery.json").read_text())
    assert saved["message"]["interactive"]["body"]["text"].startswith("Typed just before")

    with answering(press(QMessageBox.StandardButton.Yes)) as asked:
        window = open_window(qtbot)
    assert "did not close properly" in asked[0]
    assert time.strftime("%Y-%m-%d") in asked[0]  # it says when it was saved
    assert window.composer.body.text() == "Typed just before the crash: *sale* 🚀"
    assert window.isWindowModified()
    close_window(window)
    assert not (config_dir / "recovery.json").exists()  # a clean exit removes it


def test_autosave_is_debounced_and_atomic(
    qtbot: QtBot, window: MainWindow, config_dir: Path
) -> None:
    path = config_dir / "recovery.json"
    type_body(window, "first")
    type_body(window, "second")
    assert not path.exists()  # not on every keystroke
    qtbot.waitUntil(path.exists, timeout=2000)
    assert json.loads(path.read_text())["message"]["interactive"]["body"]["text"] == "second"
    assert [p.name for p in config_dir.iterdir() if p.name.startswith(".recovery")] == []


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
