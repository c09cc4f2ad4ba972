"""Up to three reply buttons: title (with counter) and id, added, removed and reordered;
adding, removing and moving can be undone (``button_commands``)."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rampwin_desktop.core import limits
from rampwin_desktop.core.ids import id_for_title
from rampwin_desktop.core.model import Button
from rampwin_desktop.ui import boot
from rampwin_desktop.ui.button_commands import AddRow, MoveRow, RemoveRow, RowState
from rampwin_desktop.ui.fields import CountedLineEdit, ProblemLabel, Said, push_button

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QLayout

UNDO_LIMIT = 100  # button changes kept for Edit › Undo


class ButtonRow(QWidget):
    changed = Signal()
    move_requested = Signal(object, int)  # (row, -1 up / +1 down)
    remove_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = CountedLineEdit("buttonTitleEdit", limits.BUTTON_TITLE_MAX, "", self)
        self.title.edit.setPlaceholderText(self.tr("e.g. Buy now"))
        self.id_field = CountedLineEdit("buttonIdEdit", limits.BUTTON_ID_MAX, "", self)
        self.id_edit = self.id_field.edit
        self.id_edit.setPlaceholderText(self.tr("sent back to you when tapped"))
        self.id_problem = self.id_field.problem
        self.title.counter.reserve(limits.BUTTON_ID_MAX)  # both fields end at the same place
        self.up = QToolButton(self)
        self.up.setText("↑")
        self.down = QToolButton(self)
        self.down.setText("↓")
        self.remove = QToolButton(self)
        self.remove.setText("✕")
        self.id_edited = False  # the id follows the title until the user types one
        # A new row says nothing of its empty fields until one was left or its problems
        # were asked for (the send bar's list).
        self.touched = False
        self._number = 1

        title_label = QLabel(self.tr("Title"), self)
        title_label.setBuddy(self.title.edit)
        id_label = QLabel(self.tr("Id"), self)
        id_label.setBuddy(self.id_edit)
        id_label.setToolTip(self.tr("What your webhook receives when the button is tapped"))
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        tools = QHBoxLayout()
        tools.addWidget(self.up)
        tools.addWidget(self.down)
        tools.addWidget(self.remove)
        # A problem line under a field makes its row taller: the rest stays at the top.
        grid.addLayout(_on_top(title_label), 0, 0)
        grid.addWidget(self.title, 0, 1)
        grid.addLayout(_on_top(tools), 0, 2)
        grid.addLayout(_on_top(id_label), 1, 0)
        grid.addWidget(self.id_field, 1, 1)
        grid.setColumnStretch(1, 1)
        width = max(title_label.sizeHint().width(), id_label.sizeHint().width())
        for label in (title_label, id_label):  # both edits start at the same place
            label.setMinimumWidth(width)
            label.setFixedHeight(self.id_edit.sizeHint().height())  # level with its field
            boot.set_qt_properties(label, alignment="AlignLeft|AlignVCenter")

        self.title.textChanged.connect(self._on_title)
        self.id_edit.textEdited.connect(self._on_id_edited)
        self.id_edit.textChanged.connect(lambda _value: self.changed.emit())
        for edit in (self.title.edit, self.id_edit):
            edit.installEventFilter(self)  # leaving a field, even unchanged, shows its problems
        self.up.clicked.connect(lambda: self.move_requested.emit(self, -1))
        self.down.clicked.connect(lambda: self.move_requested.emit(self, 1))
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and not self.touched:
            self.touched = True
            self.changed.emit()  # its problems show now
        return super().eventFilter(watched, event)

    def number(self, number: int, count: int) -> None:
        """Give the row its place: object and accessible names say which button it is."""
        self.title.edit.setObjectName(f"buttonTitleEdit_{number}")
        self.title.edit.setAccessibleName(self.tr("Button %1 title").replace("%1", str(number)))
        self.id_edit.setObjectName(f"buttonIdEdit_{number}")
        self.id_edit.setAccessibleName(self.tr("Button %1 id").replace("%1", str(number)))
        self.remove.setObjectName(f"removeButtonButton_{number}")
        self.remove.setAccessibleName(self.tr("Remove button %1").replace("%1", str(number)))
        self.remove.setToolTip(self.remove.accessibleName())
        self.up.setObjectName(f"moveButtonUpButton_{number}")
        self.up.setAccessibleName(self.tr("Move button %1 up").replace("%1", str(number)))
        self.down.setObjectName(f"moveButtonDownButton_{number}")
        self.down.setAccessibleName(self.tr("Move button %1 down").replace("%1", str(number)))
        self.up.setEnabled(number > 1)
        self.down.setEnabled(number < count)
        for button in (self.up, self.down):  # the arrows say nothing on their own
            button.setToolTip(button.accessibleName())
        self._number = number

    def _on_title(self, title: str) -> None:
        if not self.id_edited:
            editor = self.parent()
            taken = editor.ids_except(self) if isinstance(editor, ButtonsEditor) else []
            self.id_edit.setText(
                id_for_title(title, taken, position=getattr(self, "_number", 1)) if title else ""
            )
        self.changed.emit()

    def _on_id_edited(self, value: str) -> None:
        self.id_edited = bool(value)

    def button(self) -> Button:
        return Button(id=self.id_edit.text(), title=self.title.text())

    def set_button(self, button: Button) -> None:
        self.touched = True  # loaded, not typed: its problems show at once
        self.id_edited = True
        self.title.set_text(button.title)
        self.id_edit.setText(button.id)
        slug_match = button.id == id_for_title(
            button.title, [], position=getattr(self, "_number", 1)
        )
        self.id_edited = not slug_match


class ButtonsEditor(QWidget):
    changed = Signal()
    row_added = Signal(QWidget)  # by Add button: the new row, to be scrolled into view

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tab_after: QWidget | None = None  # the form's field before the buttons
        self.rows: list[ButtonRow] = []
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout.setSpacing(8)
        self.add_button = push_button(self.tr("Add button"), self)
        self.add_button.setObjectName("addButtonButton")
        self.add_button.setAccessibleName(self.tr("Add a reply button"))
        self.problem = ProblemLabel(self)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._rows_layout)
        column.addWidget(self.add_button)
        column.addWidget(self.problem)
        self.add_button.clicked.connect(self.add_row)
        self._renumber()

    def add_row(self) -> ButtonRow | None:
        """Add button: a new row at the end, its title field focused (undoable)."""
        if len(self.rows) >= limits.BUTTONS_MAX:
            return None
        self.undo_stack.push(AddRow(self, len(self.rows), self.tr("Add button")))
        row = self.rows[-1]
        row.title.edit.setFocus()
        self.row_added.emit(row)
        return row

    def remove_row(self, row: ButtonRow) -> None:
        """The row's ✕ (undoable). The focus goes to Add button, out of any text field,
        so that Edit › Undo (Ctrl+Z) undoes this, not the typing before it."""
        number = self.rows.index(row) + 1
        text = self.tr("Remove button %1").replace("%1", str(number))
        self.undo_stack.push(RemoveRow(self, number - 1, text))
        (self.add_button if self.add_button.isEnabled() else self).setFocus()

    def move_row(self, row: ButtonRow, step: int) -> None:
        """The row's ↑ or ↓ (undoable); the focus follows to the arrow, as for ✕."""
        index = self.rows.index(row)
        target = index + step
        if not 0 <= target < len(self.rows):
            return
        text = self.tr("Move button %1 up") if step < 0 else self.tr("Move button %1 down")
        self.undo_stack.push(MoveRow(self, index, target, text.replace("%1", str(index + 1))))
        arrow = row.up if step < 0 else row.down
        (arrow if arrow.isEnabled() else row.down if step < 0 else row.up).setFocus()

    def insert_row(self, index: int, state: RowState | None) -> None:
        focused = QApplication.focusWidget()
        had_focus = focused is not None and self.isAncestorOf(focused)
        row = ButtonRow(self)
        self.rows.insert(index, row)
        self._rows_layout.insertWidget(index, row)
        # Shown now, not when the layout gets to it: it can be clicked at once. Before the
        # window is shown, it appears with it (shown early, it would be laid out twice).
        if self.isVisible():
            row.show()
        self._renumber()
        focused = QApplication.focusWidget()
        if had_focus and (focused is None or not self.isAncestorOf(focused)):
            # Add button went grey and Qt moved the focus on, to the recipient at the top:
            # a keystroke would have replaced the number. The new row takes it instead.
            row.title.edit.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
        if state is not None:
            row.set_button(state.button)
            row.id_edited = state.id_edited
        row.changed.connect(self.changed)
        row.move_requested.connect(self.move_row)
        row.remove_requested.connect(self.remove_row)
        self._order_tabs()
        self.changed.emit()

    def take_row(self, index: int) -> RowState:
        row = self.rows.pop(index)
        state = RowState(row.button(), row.id_edited)
        focused = QApplication.focusWidget()
        if focused is not None and row.isAncestorOf(focused):
            self.setFocus()  # not lost with the row: Edit › Undo brings it back
        self._rows_layout.removeWidget(row)
        row.hide()
        row.setParent(None)
        row.deleteLater()
        self._renumber()
        self._order_tabs()
        self.changed.emit()
        return state

    def swap_rows(self, index: int, target: int) -> None:
        row = self.rows[index]
        self.rows[index], self.rows[target] = self.rows[target], self.rows[index]
        self._rows_layout.removeWidget(row)
        self._rows_layout.insertWidget(target, row)
        self._renumber()
        self._order_tabs()
        self.changed.emit()

    def _order_tabs(self) -> None:
        """Tab goes from ``tab_after`` through the rows in their order, then to Add button:
        a row made after the window would otherwise come last in its tab order, after the
        send bar."""
        stops = [self.tab_after] if self.tab_after is not None else []
        for row in self.rows:
            stops += [row.title.edit, row.id_edit, row.up, row.down, row.remove]
        for first, second in itertools.pairwise([*stops, self.add_button]):
            QWidget.setTabOrder(first, second)

    def ids_except(self, row: ButtonRow) -> list[str]:
        return [other.id_edit.text() for other in self.rows if other is not row]

    def buttons(self) -> tuple[Button, ...]:
        return tuple(row.button() for row in self.rows)

    def set_buttons(self, buttons: tuple[Button, ...]) -> None:
        """Another message's buttons (a draft opened): the undo history no longer applies."""
        while self.rows:
            self.take_row(len(self.rows) - 1)
        for button in buttons:
            self.insert_row(len(self.rows), None)
            self.rows[-1].set_button(button)
        self.undo_stack.clear()
        self._renumber()
        self.changed.emit()

    def _renumber(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            row.number(number, len(self.rows))
        full = len(self.rows) >= limits.BUTTONS_MAX
        self.add_button.setEnabled(not full)
        self.add_button.setText(  # greyed out, it says why on its face, not only in a tooltip
            self.tr("At most %1 buttons").replace("%1", str(limits.BUTTONS_MAX))
            if full
            else self.tr("Add button")
        )
        self.add_button.setToolTip(
            self.tr("WhatsApp allows at most %1 reply buttons.").replace(
                "%1", str(limits.BUTTONS_MAX)
            )
            if full
            else self.tr("Add a reply button (up to %1).").replace("%1", str(limits.BUTTONS_MAX))
        )

    def set_problems(self, by_field: Mapping[str, Sequence[Said]]) -> None:
        self.problem.set_problems(by_field.get("buttons", []))
        for number, row in enumerate(self.rows, start=1):
            shown = row.touched
            row.title.set_problems(by_field.get(f"button[{number}].title", []) if shown else [])
            row.id_field.set_problems(by_field.get(f"button[{number}].id", []) if shown else [])


def _on_top(item: QWidget | QLayout) -> QVBoxLayout:
    """``item`` at the top of its grid cell (``AlignTop``, without the ``Qt`` namespace
    before the first paint: ui/boot.py, measure 7)."""
    column = QVBoxLayout()
    if isinstance(item, QWidget):
        column.addWidget(item)
    else:
        column.addLayout(item)
    column.addStretch(1)
    return column
