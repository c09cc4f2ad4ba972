"""Driving the main window as a user does: its menus' actions, its buttons, its keys."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest

from rampwin_desktop.core.model import Message
from rampwin_desktop.ui.main_window import MainWindow

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableWidget, QWidget
    from pytestqt.qtbot import QtBot

SEND_TIMEOUT_MS = 20_000


def open_window(qtbot: QtBot, *, sandbox: bool = False) -> MainWindow:
    """Show a main window as the app does; return once the part of start-up that follows
    its first paint is done (the profile settled, recovery offered)."""
    window = MainWindow(sandbox=sandbox)
    # pytest-qt closes the widgets it was given before fixtures end: like close_window,
    # with nothing unsaved to ask about.
    qtbot.addWidget(window, before_close_func=lambda widget: widget.drafts.mark_saved())
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


def choose_profile(window: MainWindow, name: str) -> None:
    """Pick ``name`` in the toolbar's profile chooser with the arrow keys, as a user does."""
    combo = window.profiles.combo
    index = combo.findText(name)
    assert index >= 0, f"no profile {name!r} in {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setFocus()
    key = Qt.Key.Key_Down if index > combo.currentIndex() else Qt.Key.Key_Up
    for _ in range(combo.count()):
        if combo.currentIndex() == index:
            break
        QTest.keyClick(combo, key)
    assert combo.currentText() == name


def click_row(table: QTableWidget, row: int) -> None:
    """Click the first cell of ``row``, which selects the row."""
    item = table.item(row, 0)
    assert item is not None, f"{table.objectName()} has no row {row}"
    position = table.visualItemRect(item).center()
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=position)


@contextmanager
def heartbeat(interval_ms: int = 10) -> Iterator[list[float]]:
    """The times a GUI-thread timer fired while the block ran: a gap between two beats is
    a stall of the GUI thread (see ``longest_gap``)."""
    beats: list[float] = []
    timer = QTimer()
    timer.setInterval(interval_ms)
    timer.timeout.connect(lambda: beats.append(time.monotonic()))
    timer.start()
    try:
        yield beats
    finally:
        timer.stop()


def longest_gap(beats: list[float]) -> float:
    """The longest time between two beats, in seconds (0 with fewer than two)."""
    return max((later - earlier for earlier, later in itertools.pairwise(beats)), default=0.0)
