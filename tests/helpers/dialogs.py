"""Answering the app's dialogs as a user does: the real dialog, its real buttons and fields.

``answering(press(Discard))`` answers the next modal dialog (a ``QMessageBox``,
``QFileDialog`` or the Settings dialog) while the block runs; the test
fails if an expected dialog never came. Dialogs nobody answers are caught by the guard in
``tests/ui/conftest.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QWidget,
)

Answer = Callable[[QWidget], None]


def dialog_text(dialog: QWidget) -> str:
    """What the dialog says (a message box's text, else its title)."""
    if isinstance(dialog, QMessageBox):
        return dialog.text()
    return dialog.windowTitle()


@contextmanager
def polling(check: Callable[[], None], interval_ms: int = 10) -> Iterator[None]:
    """Call ``check`` every ``interval_ms`` while the block runs (modal dialogs included:
    their event loop runs the timer)."""
    timer = QTimer()
    timer.setInterval(interval_ms)
    timer.timeout.connect(check)
    timer.start()
    try:
        yield
    finally:
        timer.stop()


@contextmanager
def answering(*answers: Answer) -> Iterator[list[str]]:
    """Answer the modal dialogs that appear while the block runs, in order, with ``answers``;
    yields what each said."""
    pending = list(answers)
    seen: list[str] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not pending or not dialog.isActiveWindow():
            return  # a user answers it once it is the window keys go to
        seen.append(dialog_text(dialog))
        pending.pop(0)(dialog)

    with polling(poll):
        yield seen
    assert not pending, f"expected {len(answers)} dialog(s), {len(seen)} came: {seen}"


@contextmanager
def answering_every(answer: Answer) -> Iterator[list[str]]:
    """Answer each modal dialog that appears while the block runs with ``answer``, however
    many come (so a test counts them, instead of hanging on one it did not expect); yields
    what each said."""
    seen: list[str] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and dialog.isActiveWindow():
            seen.append(dialog_text(dialog))
            answer(dialog)

    with polling(poll):
        yield seen


def press(button: QMessageBox.StandardButton) -> Answer:
    """Click ``button`` of a message box."""

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox), f"expected a message box, got {dialog}"
        target = dialog.button(button)
        assert target is not None, f"{dialog.text()!r} has no {button} button"
        QTest.mouseClick(target, Qt.MouseButton.LeftButton)

    return answer


def choose_file(path: Path) -> Answer:
    """Type ``path`` into a file dialog and press Enter."""

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog), f"expected a file dialog, got {dialog}"
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None
        name.setText(str(path))
        QTest.keyClick(name, Qt.Key.Key_Return)

    return answer


def click_ok(dialog: QWidget) -> None:
    """The dialog's OK (or Save) button."""
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None, f"{dialog} has no buttons"
    for role in (QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Save):
        if (button := box.button(role)) is not None:
            QTest.mouseClick(button, Qt.MouseButton.LeftButton)
            return
    raise AssertionError(f"{dialog} has no OK or Save button")


def cancel(dialog: QWidget) -> None:
    """Escape, as a user closes any dialog without answering."""
    assert isinstance(dialog, QDialog), f"expected a dialog, got {dialog}"
    QTest.keyClick(dialog, Qt.Key.Key_Escape)


def fill(**fields: str) -> Callable[[QWidget], None]:
    """Type into the dialog's line edits named by object name, then click OK or Save."""

    def answer(dialog: QWidget) -> None:
        for name, value in fields.items():
            edit = dialog.findChild(QLineEdit, name)
            assert edit is not None, f"{dialog.windowTitle()!r} has no field {name}"
            edit.clear()
            QTest.keyClicks(edit, value)
        click_ok(dialog)

    return answer


@contextmanager
def no_dialog() -> Iterator[None]:
    """Fail if any modal dialog appears while the block runs; one that does is closed at
    once (so the test fails now, not when the guard gives up on it)."""
    seen: list[str] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and dialog.isVisible():
            seen.append(dialog_text(dialog))
            dialog.close()

    try:
        with polling(poll):
            yield
    finally:
        # Also when the block failed: the dialog is likely why.
        assert not seen, f"no dialog was expected, but these came: {seen}"


@contextmanager
def closing_every_dialog() -> Iterator[list[str]]:
    """Close whatever dialog or menu opens while the block runs, as a user who changes
    their mind does (Escape); yields what each one said, in order, with "error: " in
    front of a message box that reported a failure (a warning or an error)."""
    closed: list[str] = []

    def poll() -> None:
        for opened in (QApplication.activePopupWidget(), QApplication.activeModalWidget()):
            if opened is not None and opened.isVisible():
                failure = isinstance(opened, QMessageBox) and opened.icon() in (
                    QMessageBox.Icon.Critical,
                    QMessageBox.Icon.Warning,
                )
                said = f"{type(opened).__name__} {opened.windowTitle()!r}: {dialog_text(opened)}"
                closed.append(("error: " if failure else "") + said)
                QTest.keyClick(opened, Qt.Key.Key_Escape)
                return

    with polling(poll):
        yield closed


def press_seeing_picture(button: QMessageBox.StandardButton, pictures: list[QPixmap]) -> Answer:
    """Click ``button`` of a message box, keeping the picture it showed in place of its icon
    (a null pixmap when it showed none)."""

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox), f"expected a message box, got {dialog}"
        pictures.append(
            dialog.iconPixmap() if dialog.icon() is QMessageBox.Icon.NoIcon else QPixmap()
        )
        press(button)(dialog)

    return answer


def listed_rows(dialog: QWidget) -> list[list[str]]:
    """The cells' texts of the table a dialog lists things in."""
    table = dialog.findChild(QTableWidget)
    assert table is not None, f"{dialog.windowTitle()!r} lists nothing"
    return [
        [table.item(row, column).text() for column in range(table.columnCount())]
        for row in range(table.rowCount())
    ]


def choose_row(text: str, seen: list[list[str]] | None = None) -> Answer:
    """In a dialog that lists things in a table (e.g. Resume a batch…), click the row one
    of whose cells shows ``text`` (or says it in its tooltip), then OK. ``seen`` gets
    every row listed."""

    def answer(dialog: QWidget) -> None:
        if seen is not None:
            seen.extend(listed_rows(dialog))
        table = dialog.findChild(QTableWidget)
        assert table is not None, f"{dialog.windowTitle()!r} lists nothing"
        for row in range(table.rowCount()):
            cells = [table.item(row, column) for column in range(table.columnCount())]
            if any(c is not None and text in (c.text(), c.toolTip()) for c in cells):
                position = table.visualItemRect(table.item(row, 0)).center()
                QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=position)
                click_ok(dialog)
                return
        listed = [table.item(row, 1).text() for row in range(table.rowCount())]
        cancel(dialog)
        raise AssertionError(f"no row shows {text!r} in {dialog.windowTitle()!r}: {listed}")

    return answer


def click_button(name: str, seen: list[list[str]] | None = None) -> Answer:
    """Click the dialog's button named ``name`` (its object name); ``seen`` gets the rows
    it lists, if it lists any."""

    def answer(dialog: QWidget) -> None:
        if seen is not None and dialog.findChild(QTableWidget) is not None:
            seen.extend(listed_rows(dialog))
        button = dialog.findChild(QPushButton, name)
        assert button is not None, f"{dialog.windowTitle()!r} has no button {name}"
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    return answer
