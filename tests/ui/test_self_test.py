"""``--self-test`` and the app's icon, as an installed app shows them: the icon of the window
that is open, and what the self-test says about a keyring that cannot keep a key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon

from rampwin_desktop.resources import app_icon_path
from rampwin_desktop.storage import keystore
from rampwin_desktop.ui.app import application
from rampwin_desktop.ui.self_test import CHECKS, run_self_test
from tests.helpers.window import close_window, open_window

if TYPE_CHECKING:
    import pytest
    from PySide6.QtGui import QImage
    from pytestqt.qtbot import QtBot

    from tests.helpers.file_keyring import FileKeyring

SIZE = 48


def drawn(icon: QIcon) -> QImage:
    return icon.pixmap(SIZE).toImage()


def test_the_window_shows_the_apps_icon(qtbot: QtBot, test_keyring: FileKeyring) -> None:
    application()
    window = open_window(qtbot)
    handle = window.windowHandle()
    assert handle is not None
    shown = drawn(handle.icon())  # what the window system is given for the title bar, taskbar
    assert not shown.isNull()
    assert shown == drawn(QIcon(str(app_icon_path())))
    close_window(window)


def test_the_self_test_warns_when_keys_would_last_one_session(
    qtbot: QtBot, no_keyring: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_self_test() == 0  # a desktop without a Secret Service is not a broken install
    said = capsys.readouterr()
    # The offscreen platform's notes read as faults among the checks (a newcomer's find).
    assert "This plugin does not support" not in said.out + said.err
    lines = said.out.splitlines()
    found = [line for line in lines if line[5:].startswith(("keyring", "key-status"))]
    assert found == [
        "warn keyring: no Secret Service found (keyring.backends.fail.Keyring): "
        "API keys would be kept for the session only",
        f"warn key-status helper: answers: {keystore.NO_KEYRING}",  # the window's helper runs
    ]
    assert lines[-1] == "self-test passed (2 warnings)"
    assert "main window: Untitled — Rampwin Desktop, icon rampwin-desktop.svg" in "\n".join(lines)


def test_the_self_test_calls_a_keyring_that_keeps_keys_ok(test_keyring: FileKeyring) -> None:
    check = dict(CHECKS)["keyring"]
    assert check() == "tests.helpers.file_keyring.FileKeyring"
