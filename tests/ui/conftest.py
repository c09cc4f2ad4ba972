"""UI fixtures: a main window with its own config folder, and helpers that act like a user."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from rampwin_desktop.ui.main_window import MainWindow


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("RAMPWIN_DESKTOP_CONFIG_DIR", str(folder))
    monkeypatch.delenv("RAMPWIN_BASE_URL", raising=False)
    return folder


@pytest.fixture
def window(qtbot: QtBot, config_dir: Path) -> Iterator[MainWindow]:
    main = MainWindow()
    main.show()
    main.activateWindow()
    qtbot.waitActive(main)  # shortcuts need an active window
    yield main
    main._saved = main.composer.message()  # no "save changes?" prompt on teardown
    main.close()
    main.deleteLater()
