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

from rampwin_desktop.ui.main_window import MainWindow
from tests.helpers.file_keyring import FileKeyring
from tests.ui.conftest import open_window

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

TYPIST = r"""
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QCoreApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
app = QApplication([])
from rampwin_desktop.ui.main_window import MainWindow
window = MainWindow(sandbox=True)
window.show()
window.finish_start()
editor = window.composer.body.edit
editor.clear()
QTest.keyClicks(editor, "Typed just before the crash: *sale*")  # real key events
editor.insertPlainText(" 🚀")  # QTest types ASCII only
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
    qtbot: QtBot, config_dir: Path, test_keyring: FileKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = dict(os.environ, RAMPWIN_DESKTOP_CONFIG_DIR=str(config_dir))
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    process = subprocess.Popen(
        [sys.executable, "-c", TYPIST],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
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

    asked: list[str] = []

    def question(parent: object, title: str, text: str, *args: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.question", question)
    window = open_window(qtbot)
    assert asked and "did not close properly" in asked[0]
    assert time.strftime("%Y-%m-%d") in asked[0]  # it says when it was saved
    assert window.composer.body.text() == "Typed just before the crash: *sale* 🚀"
    assert window.isWindowModified()
    window._saved = window.composer.message()
    window.close()
    assert not (config_dir / "recovery.json").exists()  # a clean exit removes it


def test_autosave_is_debounced_and_atomic(
    qtbot: QtBot, window: MainWindow, config_dir: Path
) -> None:
    path = config_dir / "recovery.json"
    window.composer.body.set_text("first")
    window.composer.body.set_text("second")
    assert not path.exists()  # not on every keystroke
    qtbot.waitUntil(path.exists, timeout=2000)
    assert json.loads(path.read_text())["message"]["interactive"]["body"]["text"] == "second"
    assert [p.name for p in config_dir.iterdir() if p.name.startswith(".recovery")] == []


def test_a_corrupt_recovery_file_is_moved_aside(
    qtbot: QtBot, config_dir: Path, test_keyring: FileKeyring
) -> None:
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "recovery.json").write_text("{half a file")
    window = open_window(qtbot)
    names = [p.name for p in config_dir.iterdir()]
    assert any(name.startswith("recovery.json.corrupt-") for name in names)
    window._saved = window.composer.message()
    window.close()


@pytest.mark.parametrize("damaged", ["settings.ini", "history.sqlite3"])
def test_damaged_settings_or_history_are_set_aside_not_fatal(
    qtbot: QtBot,
    config_dir: Path,
    test_keyring: FileKeyring,
    modal_dialogs: list[str],
    damaged: str,
) -> None:
    config_dir.mkdir(parents=True, exist_ok=True)
    target = config_dir / damaged if damaged == "settings.ini" else config_dir / "data" / damaged
    target.parent.mkdir(parents=True, exist_ok=True)
    garbage = (
        b"\x00\xff[[[ not a database \xfe" * 50
        if damaged == "history.sqlite3"
        else b"[general\nkey=\x00\xff=\n[["
    )
    target.write_bytes(garbage)
    window = open_window(qtbot)
    aside = [p for p in target.parent.iterdir() if p.name.startswith(f"{damaged}.corrupt-")]
    assert len(aside) == 1 and aside[0].read_bytes() == garbage  # kept, untouched
    assert any("kept aside" in text and damaged in text for text in modal_dialogs)
    assert window.history.attempts() == []
    window._saved = window.composer.message()
    window.close()
