"""The body: a multi-line editor with a counter and buttons that wrap the selection in markers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QToolButton, QVBoxLayout, QWidget

from rampwin_desktop.core import emphasis, limits, text
from rampwin_desktop.core.variables import shown_text
from rampwin_desktop.ui import boot
from rampwin_desktop.ui.fields import Counter, ProblemLabel

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rampwin_desktop.ui.fields import Said

FORMAT_BUTTONS = {  # their object names, by the marker each puts around the selection
    "*": "formatBoldButton",
    "_": "formatItalicButton",
    "~": "formatStrikethroughButton",
    "```": "formatMonospaceButton",
}


class BodyEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName("bodyEdit")
        self.edit.setAccessibleName(self.tr("Message body"))
        self.edit.setPlaceholderText(
            self.tr("Type the message. *bold* _italic_ ~strike~ ```mono```")
        )
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(120)
        self.counter = Counter(limits.BODY_MAX, self)
        self.problem = ProblemLabel(self)

        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        self.format_actions: dict[str, QAction] = {}
        for marker, label, tip, shortcut in (
            ("*", "B", self.tr("Bold"), QKeySequence(QKeySequence.StandardKey.Bold)),
            ("_", "I", self.tr("Italic"), QKeySequence(QKeySequence.StandardKey.Italic)),
            ("~", "S", self.tr("Strikethrough"), QKeySequence("Ctrl+Shift+X")),
            ("```", "</>", self.tr("Monospace"), QKeySequence("Ctrl+Shift+M")),
        ):
            action = QAction(text=label, parent=self)
            boot.set_qt_properties(
                action, shortcut=shortcut, shortcutContext="WidgetWithChildrenShortcut"
            )
            keys = shortcut.toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{tip} ({keys})")
            action.triggered.connect(lambda _=False, m=marker: self.wrap_selection(m))
            self.addAction(action)
            button = QToolButton(self)
            button.setObjectName(FORMAT_BUTTONS[marker])
            button.setDefaultAction(action)
            button.setAccessibleName(tip)
            font = button.font()
            font.setBold(marker == "*")
            font.setItalic(marker == "_")
            font.setStrikeOut(marker == "~")
            button.setFont(font)
            tools.addWidget(button)
            self.format_actions[marker] = action
        tools.addStretch()
        tools.addWidget(self.counter)
        self.setTabOrder(button, self.edit)  # the tools above the text, as on screen

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(tools)
        column.addWidget(self.edit)
        column.addWidget(self.problem)
        self.edit.textChanged.connect(self._on_text)

    def wrap_selection(self, marker: str) -> None:
        """Put ``marker`` around the selection, or take it off (``core/emphasis.py``): one
        step of Undo, the words still selected inside the markers."""
        cursor = self.edit.textCursor()
        whole = self.text()
        start = _index(whole, cursor.selectionStart())
        end = _index(whole, cursor.selectionEnd())
        edit = emphasis.toggle(whole, start, end, marker)
        if edit.replacement != whole[edit.start : edit.end]:
            cursor.beginEditBlock()
            cursor.setPosition(_position(whole, edit.start))
            cursor.setPosition(_position(whole, edit.end), QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(edit.replacement)
            cursor.endEditBlock()
        now = self.text()
        cursor.setPosition(_position(now, edit.select[0]))
        cursor.setPosition(_position(now, edit.select[1]), QTextCursor.MoveMode.KeepAnchor)
        self.edit.setTextCursor(cursor)
        self.edit.setFocus()

    def _on_text(self) -> None:
        self.counter.set_count(text.length(shown_text(self.text())))  # \{{ as the {{ sent
        self.changed.emit()

    def write_here(self) -> None:
        """The keyboard's focus in the body, the cursor after its text: what is typed
        next follows "Hello!" (at its start it made "typedHello!", a newcomer's find)."""
        self.edit.setFocus()
        self.edit.moveCursor(QTextCursor.MoveOperation.End)

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, value: str) -> None:
        if value != self.text():
            self.edit.setPlainText(value)

    def set_problems(self, said: Sequence[Said]) -> None:
        self.problem.set_problems(said)


def _index(text: str, position: int) -> int:
    """The string index of a cursor ``position`` (Qt counts UTF-16 units: an emoji is 2)."""
    return len(text.encode("utf-16-le")[: 2 * position].decode("utf-16-le", "ignore"))


def _position(text: str, index: int) -> int:
    """The cursor position of the string index ``index``."""
    return len(text[:index].encode("utf-16-le")) // 2
