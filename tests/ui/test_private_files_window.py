"""The window's files are its user's alone: after a start, a pasted image, a send and a
log line, every file under the app's folder is 0600 and every folder 0700; files an older
version left readable by all are tightened once the window is on screen."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QImage

from rampwin_desktop.core.model import Button, Message
from rampwin_desktop.ui import boot
from tests.helpers.file_keyring import FileKeyring
from tests.helpers.private_files import left_readable, not_private, umask
from tests.helpers.window import close_window, compose, open_window, send_and_wait, trigger

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from rampwin_desktop.sandbox import SandboxServer
    from rampwin_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.skipif(
    os.name != "posix", reason="file modes are POSIX; on Windows the folders' ACLs apply"
)


def test_a_start_a_paste_a_send_and_the_log_leave_only_private_files(
    qtbot: QtBot, live: MainWindow, sandbox: SandboxServer, config_dir: Path
) -> None:
    with umask(0o022):
        boot.start_logging()  # as the app does after the first paint
        compose(
            live,
            Message(
                body="Hello",
                buttons=(Button("y", "Yes"),),
                recipient="919999999999",
                channel_id="c",
            ),
        )
        image = QImage(300, 200, QImage.Format.Format_RGB32)
        image.fill(QColor("#3366CC"))
        QGuiApplication.clipboard().setImage(image)
        trigger(live, "pasteHeaderAction")
        assert Path(live.composer.message().header.link).is_file()
        assert send_and_wait(qtbot, live)
        logging.getLogger("test").warning("sent to 919999999999")
    assert len(sandbox.uploads()) == 1 and len(sandbox.messages()) == 1
    names = {p.name for p in config_dir.rglob("*")}
    assert {"history.sqlite3", "uploads.json", "rampwin-desktop.log", "pasted"} <= names
    assert not_private(config_dir) == []


def test_files_left_readable_are_tightened_when_the_window_starts(
    qtbot: QtBot, test_keyring: FileKeyring, config_dir: Path
) -> None:
    left_readable(config_dir, ["settings.ini", "data/history.sqlite3", "logs/old.log"])
    (config_dir / "data" / "history.sqlite3").unlink()  # a real database: the window opens it
    assert not_private(config_dir) != []
    window = open_window(qtbot)
    try:
        assert not_private(config_dir) == []
    finally:
        close_window(window)
