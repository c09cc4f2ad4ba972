"""Driving the main window as a user does: its menus' actions, its buttons, its keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest

from rampwin_desktop.core.model import Message
from rampwin_desktop.ui.main_window import MainWindow

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from pytestqt.qtbot import QtBot

SEND_TIMEOUT_MS = 20_000


def open_window(qtbot: QtBot, *, sandbox: bool = False) -> MainWindow:
    """Show a main window as the app does; return once the part of start-up that follows
    its first paint is done (the profile settled, recovery offered)."""
    window = MainWindow(sandbox=sandbox)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.start.done, timeout=10_000):
        window.show()
    return window


def close_window(window: MainWindow) -> None:
    """Close it as the test's last step, with nothing unsaved to ask about."""
    window.drafts.mark_saved()
    window.close()


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, f"no action named {name}"
    return found


def trigger(window: MainWindow, name: str) -> None:
    """Choose the menu item (or toolbar button) ``name``, as a click on it does."""
    found = action(window, name)
    assert found.isEnabled(), f"{found.text()} is disabled"
    found.trigger()


def click(widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), f"{widget.objectName()} cannot be clicked"
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def compose(window: MainWindow, message: Message) -> None:
    """Fill the form with ``message``, as opening a draft of it does."""
    window.composer.set_message(message)


def send_and_wait(qtbot: QtBot, window: MainWindow, *, to_self: bool = False) -> bool:
    """Click Send (or Send test to me) and wait for the result; whether it was sent."""
    bar = window.send_bar
    button = bar.send_test_button if to_self else bar.send_button
    assert button.isEnabled(), button.toolTip()
    with qtbot.waitSignal(window.sending.finished, timeout=SEND_TIMEOUT_MS) as blocker:
        click(button)
    qtbot.waitUntil(lambda: not window.sending.running)
    return bool(blocker.args[0])
