"""The reply buttons' undoable changes: add, remove and move, each a ``QUndoCommand`` on
the buttons editor's ``QUndoStack``. Typing in a field is undone by the field itself.

A command holds a row's place and contents, never the row widget: undoing a removal makes
a new row with the removed one's title and id at the same place.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

from PySide6.QtGui import QUndoCommand

from rampwin_desktop.core.model import Button


class RowState(NamedTuple):
    """What a row holds: its button, and whether its id was typed (else it follows the title)."""

    button: Button
    id_edited: bool


class RowHolder(Protocol):
    def insert_row(self, index: int, state: RowState | None) -> None: ...

    def take_row(self, index: int) -> RowState: ...

    def swap_rows(self, index: int, target: int) -> None: ...


class AddRow(QUndoCommand):
    def __init__(self, holder: RowHolder, index: int, text: str) -> None:
        super().__init__(text)
        self.holder, self.index = holder, index
        self.state: RowState | None = None  # what was typed in it before an undo

    def redo(self) -> None:
        self.holder.insert_row(self.index, self.state)

    def undo(self) -> None:
        self.state = self.holder.take_row(self.index)


class RemoveRow(QUndoCommand):
    def __init__(self, holder: RowHolder, index: int, text: str) -> None:
        super().__init__(text)
        self.holder, self.index = holder, index
        self.state: RowState | None = None

    def redo(self) -> None:
        self.state = self.holder.take_row(self.index)

    def undo(self) -> None:
        self.holder.insert_row(self.index, self.state)


class MoveRow(QUndoCommand):
    def __init__(self, holder: RowHolder, index: int, target: int, text: str) -> None:
        super().__init__(text)
        self.holder, self.index, self.target = holder, index, target

    def redo(self) -> None:
        self.holder.swap_rows(self.index, self.target)

    def undo(self) -> None:
        self.holder.swap_rows(self.index, self.target)
