"""Driving the main window as a user does: its menus' actions, its buttons, its keys."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, QPoint, QPointF, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import (
    QAction,
    QColor,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QInputMethodEvent,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QMenu

from rampwin_desktop.core.model import Message
from rampwin_desktop.ui.main_window import MainWindow
from tests.helpers.dialogs import answering, choose_file, click_ok

if TYPE_CHECKING:
    from PySide6.QtWidgets import QComboBox, QListWidget, QTableView, QWidget
    from pytestqt.qtbot import QtBot

SEND_TIMEOUT_MS = 20_000


def new_window(qtbot: QtBot, *, sandbox: bool = False) -> MainWindow:
    """A main window as the app makes it, not shown yet (its first frame is not painted).
    Whatever it holds when the test ends is closed without a question."""
    window = MainWindow(sandbox=sandbox)
    # pytest-qt closes the widgets it knows of before fixtures are torn down.
    qtbot.addWidget(window, before_close_func=lambda widget: widget.drafts.mark_saved())
    return window


def open_window(qtbot: QtBot, *, sandbox: bool = False) -> MainWindow:
    """Show a main window as the app does; return once the part of start-up that follows
    its first paint is done (the profile settled, recovery offered)."""
    window = new_window(qtbot, sandbox=sandbox)
    with qtbot.waitSignal(window.start.done, timeout=10_000):
        window.show()
    return window


def close_window(window: MainWindow) -> None:
    """Close it as the test's last step, with nothing unsaved to ask about."""
    window.drafts.mark_saved()
    window.close()


def text_in(widget: QWidget, colour: str) -> bool:
    """Whether ``widget`` draws its text in ``colour`` (one of the tones, ``"#D93025"``)."""
    return widget.palette().color(widget.foregroundRole()) == QColor(colour)


def background_seen(widget: QWidget) -> QColor:
    """The colour drawn at the top of ``widget``, in the middle: its background."""
    return widget.grab().toImage().pixelColor(widget.width() // 2, 2)


def shows_sandbox(window: MainWindow) -> bool:
    """Whether the window says that its sends go to the sandbox built into it."""
    banner = window.account_banner
    return banner.isVisibleTo(window) and "nothing leaves" in banner.plain_text()


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, f"no action named {name}"
    return found


def trigger(window: MainWindow, name: str) -> None:
    """Choose the menu item (or toolbar button) ``name``, as a click on it does."""
    found = action(window, name)
    assert found.isEnabled(), f"{found.text()} is disabled"
    found.trigger()


def copied(qtbot: QtBot, window: MainWindow, name: str, timeout: int = 5000) -> str:
    """Choose the Copy as … action ``name`` and wait for what it puts on the clipboard: with
    a header file on this computer, the copy is ready once the file to upload is known
    (prepared off the GUI thread)."""
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("before")
    trigger(window, name)
    qtbot.waitUntil(lambda: clipboard.text() != "before", timeout=timeout)
    return clipboard.text()


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


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` where ``widget`` has its cursor. Key events carry Latin-1 only: other
    characters (emoji) come as an input method's commit, as an emoji picker sends them."""
    for latin, run in itertools.groupby(text, key=lambda char: ord(char) < 0x100):
        chunk = "".join(run)
        if latin:
            QTest.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


def retype(widget: QWidget, text: str) -> None:
    """Select all of a text field (Ctrl+A) and type ``text`` over it."""
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        type_text(widget, text)
    else:
        QTest.keyClick(widget, Qt.Key.Key_Delete)


def type_body(window: MainWindow, text: str) -> None:
    """Replace the message body with ``text``, typed."""
    retype(window.composer.body.edit, text)


def choose_item(combo: QComboBox, text: str) -> None:
    """Pick ``text`` in a drop-down list with the arrow keys, as a user does."""
    index = combo.findText(text)
    assert index >= 0, f"no {text!r} in {[combo.itemText(i) for i in range(combo.count())]}"
    key = Qt.Key.Key_Down if index > combo.currentIndex() else Qt.Key.Key_Up
    for _ in range(combo.count()):
        if combo.currentIndex() == index:
            break
        QTest.keyClick(combo, key)
    assert combo.currentText() == text


def choose_header_file(window: MainWindow, path: Path) -> None:
    """Header type Image, then Choose file… answered in the real file dialog."""
    picker = window.composer.header
    choose_item(picker.kind_combo, "Image")
    with answering(choose_file(path)):
        click(picker.pick_button)


def make_it_fit(
    qtbot: QtBot, window: MainWindow, source: Path | None = None, timeout: int = 60_000
) -> Path:
    """Click Make it fit and wait for the header to point at the converted picture."""
    picker = window.composer.header
    click(picker.fit.button)
    before = str(source) if source is not None else ""
    qtbot.waitUntil(lambda: picker.link_edit.text() not in ("", before), timeout=timeout)
    return Path(picker.link_edit.text())


def keep_metadata_in_settings(qtbot: QtBot, window: MainWindow) -> None:
    """Settings' "Keep location and camera data" switch turned on, and saved."""

    def keep(dialog: QWidget) -> None:
        check = dialog.findChild(QCheckBox, "keepMetadataCheck")
        assert check is not None and not check.isChecked()
        click(check)
        click_ok(dialog)

    with answering(keep):
        trigger(window, "settingsAction")
    qtbot.waitUntil(window.account.profiles.settings.keep_metadata)


def choose_profile(window: MainWindow, name: str) -> None:
    """Pick ``name`` in the toolbar's profile chooser, as a user does."""
    window.profiles.combo.setFocus()
    choose_item(window.profiles.combo, name)


def click_row(table: QTableView, row: int) -> None:
    """Click the first cell of ``row``, which selects the row (a QTableWidget too)."""
    index = table.model().index(row, 0)
    assert index.isValid(), f"{table.objectName()} has no row {row}"
    table.scrollTo(index)
    position = table.visualRect(index).center()
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=position)


def cell_text(table: QTableView, row: int, column: int) -> str:
    """The text a table (a view over any model) shows at ``row``, ``column``."""
    return str(table.model().index(row, column).data() or "")


def table_rows(table: QTableView) -> list[list[str]]:
    """Every row a table shows, as its cells' texts."""
    model = table.model()
    return [
        [cell_text(table, row, column) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def header_labels(table: QTableView) -> list[str]:
    model = table.model()
    return [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]


def click_item(items: QListWidget, row: int) -> None:
    """Click the item in ``row`` of a list, which makes it the current one."""
    item = items.item(row)
    assert item is not None, f"{items.objectName()} has no row {row}"
    position = items.visualItemRect(item).center()
    QTest.mouseClick(items.viewport(), Qt.MouseButton.LeftButton, pos=position)


def drop_files(widget: QWidget, *paths: Path) -> bool:
    """Drag ``paths`` from a file manager and drop them on ``widget``; whether it took them."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    action, button = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
    modifiers = Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(10, 10), action, mime, button, modifiers)
    enter.ignore()  # the widget accepts it, or the drop is refused
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(QPointF(10, 10), action, mime, button, modifiers)
    drop.ignore()
    QApplication.sendEvent(widget, drop)
    return drop.isAccepted()


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


def choose_from_menu(button: QWidget, text: str) -> None:
    """Click ``button`` and, in the menu it pops up, click the item that reads ``text``."""
    chosen: list[str] = []

    waited: list[None] = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu) or chosen:
            return
        if QGuiApplication.focusWindow() is not menu.windowHandle() and len(waited) < 50:
            # The platform focuses a popup through a queued event: clicked before it, the
            # popup closed first and took the focus from the window when the event came.
            waited.append(None)
            return
        for item in menu.actions():
            if item.text() == text:
                chosen.append(text)
                QTest.mouseClick(
                    menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(item).center()
                )
                return
        chosen.append("")
        menu.close()

    timer = QTimer()
    timer.timeout.connect(pick)
    timer.start(10)
    try:
        click(button)  # the menu runs its own event loop, where ``pick`` answers it
        deadline = time.monotonic() + 5  # a push button's menu pops up once the click is done
        while not chosen and time.monotonic() < deadline:
            QApplication.processEvents()
    finally:
        timer.stop()
    assert chosen == [text], f"no {text!r} in the menu of {button.objectName()}: {chosen}"


class _Browser(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString())


@contextmanager
def web_browser() -> Iterator[list[str]]:
    """The addresses the app asks the system to open while the block runs (http and https):
    recorded, never opened."""
    with urls_opened(("http", "https")) as opened:
        yield opened


@contextmanager
def urls_opened(schemes: tuple[str, ...]) -> Iterator[list[str]]:
    """The URLs of ``schemes`` the app asks the system to open while the block runs (a
    folder: ``file``), recorded, never opened (Qt's own hook for it, ``setUrlHandler``)."""
    browser = _Browser()
    for scheme in schemes:
        QDesktopServices.setUrlHandler(scheme, browser, "open")
    try:
        yield browser.opened
    finally:
        for scheme in schemes:
            QDesktopServices.unsetUrlHandler(scheme)
