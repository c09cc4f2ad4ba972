"""UI fixtures: a main window with its own config folder, and helpers that act like a user."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rampwin_desktop.ui.main_window import MainWindow
from tests.file_keyring import FileKeyring

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("RAMPWIN_DESKTOP_CONFIG_DIR", str(folder))
    monkeypatch.delenv("RAMPWIN_BASE_URL", raising=False)
    monkeypatch.delenv("RAMPWIN_API_KEY", raising=False)
    return folder


def open_window(qtbot: QtBot, *, sandbox: bool = False) -> MainWindow:
    """Show a main window as the app does and wait for the part of start-up after its paint."""
    main = MainWindow(sandbox=sandbox)
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.started, timeout=5000):
        main.show()
    return main


@pytest.fixture
def window(qtbot: QtBot, config_dir: Path, test_keyring: FileKeyring) -> Iterator[MainWindow]:
    main = open_window(qtbot)
    main.activateWindow()
    qtbot.waitActive(main)  # shortcuts need an active window
    yield main
    main._saved = main.composer.message()  # no "save changes?" prompt on teardown
    main.close()
    main.deleteLater()


@pytest.fixture(autouse=True)
def modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """No test may hang on a modal dialog: questions answer Discard, warnings are recorded.

    A test that cares patches them again itself (its patch wins).
    """
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    shown: list[str] = []

    def question(parent: object, title: str, text: str, *args: object) -> object:
        shown.append(text)
        return QMessageBox.StandardButton.Discard

    def warning(parent: object, title: str, text: str, *args: object) -> object:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    def get_text(parent: object, title: str, label: str, *args: object) -> tuple[str, bool]:
        shown.append(label)
        return ("", False)

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(QInputDialog, "getText", get_text)
    return shown
