"""Edit › Undo, Redo, Cut, Copy, Paste and Select all, for the field a user is typing in.

Undo and Redo go to the focused text field while it has typing to undo (or redo), else to
the reply buttons' ``QUndoStack`` (add, remove, move: ``button_commands``). Ctrl+Z in a
text field that has nothing left to undo undoes the last button change too: the field lets
the key through to the menu's shortcut then (``eventFilter``). Removing or moving a button
takes the focus out of any text field, so Ctrl+Z right after it undoes it. A change to
the message made after an Undo (typing included) ends what Redo can bring back, as in any
editor: a stale "Redo remove button 2" would take away a button typed into since.

Cut, Copy, Paste and Select all act on the focused text field (``QLineEdit``,
``QPlainTextEdit``, ``QTextEdit``) and are enabled only when they would do something. See
docs/editing.md.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6 import QtGui
from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtGui import QGuiApplication, QKeySequence, QUndoCommand
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from rampwin_desktop.ui.composer import ComposerForm
    from rampwin_desktop.ui.menus import WindowCommands

TextField = QLineEdit | QPlainTextEdit | QTextEdit
StandardKey = QKeySequence.StandardKey


def can_undo(field: TextField) -> bool:
    if isinstance(field, QLineEdit):
        return not field.isReadOnly() and field.isUndoAvailable()
    return not field.isReadOnly() and field.document().isUndoAvailable()


def can_redo(field: TextField) -> bool:
    if isinstance(field, QLineEdit):
        return not field.isReadOnly() and field.isRedoAvailable()
    return not field.isReadOnly() and field.document().isRedoAvailable()


def has_selection(field: TextField) -> bool:
    if isinstance(field, QLineEdit):  # a password's text never leaves it
        return field.hasSelectedText() and field.echoMode() == QLineEdit.EchoMode.Normal
    return field.textCursor().hasSelection()


def is_empty(field: TextField) -> bool:
    return not field.text() if isinstance(field, QLineEdit) else field.document().isEmpty()


class EditCommands(QObject):
    def __init__(self, window: QMainWindow, commands: WindowCommands, form: ComposerForm) -> None:
        super().__init__(window)
        self.window = window
        self.commands = commands
        self.buttons = buttons = form.buttons.undo_stack
        self._field: TextField | None = None
        self._stepping = False  # the buttons' stack is undoing or redoing
        self._pastable = False  # the clipboard holds text (watch_clipboard)
        form.changed.connect(self._on_edited)
        commands.undo.triggered.connect(self.undo)
        commands.redo.triggered.connect(self.redo)
        commands.cut.triggered.connect(lambda: self._on_field(lambda field: field.cut()))
        commands.copy.triggered.connect(lambda: self._on_field(lambda field: field.copy()))
        commands.paste.triggered.connect(lambda: self._on_field(lambda field: field.paste()))
        commands.select_all.triggered.connect(
            lambda: self._on_field(lambda field: field.selectAll())
        )
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._on_focus)
        buttons.indexChanged.connect(self.refresh)
        buttons.cleanChanged.connect(self.refresh)
        self._on_focus(None, QApplication.focusWidget())

    def watch_clipboard(self) -> None:
        """Paste enabled as the clipboard holds text, from now on: the window asks once it
        is painted. Asking can wait on the program that owns the clipboard (X11), so it is
        asked when the clipboard changes, not at each refresh."""
        QGuiApplication.clipboard().dataChanged.connect(self._on_clipboard)
        self._on_clipboard()

    @Slot()
    def _on_clipboard(self) -> None:
        pasted = QGuiApplication.clipboard().mimeData()
        self._pastable = pasted is not None and pasted.hasText()
        self.refresh()

    def field(self) -> TextField | None:
        """The text field the user is typing in, if it is in this window."""
        if self._field is not None and not shiboken6.isValid(self._field):
            self._field = None
        return self._field

    @Slot()
    def undo(self) -> None:
        field = self.field()
        if field is not None and can_undo(field):
            field.undo()
        elif self.buttons.canUndo():
            self._step(self.buttons.undo)

    @Slot()
    def redo(self) -> None:
        field = self.field()
        if field is not None and can_redo(field):
            field.redo()
        elif self.buttons.canRedo():
            self._step(self.buttons.redo)

    def _step(self, step: Callable[[], None]) -> None:
        self._stepping = True
        try:
            step()
        finally:
            self._stepping = False

    @Slot()
    def _on_edited(self) -> None:
        """The message changed: unless by the stack's own Undo or Redo, what Redo could
        bring back is gone, once this change is done (a button change being pushed now
        has already ended it then)."""
        if not self._stepping and self.buttons.canRedo():
            QTimer.singleShot(0, self._forget_redo)

    @Slot()
    def _forget_redo(self) -> None:
        if not shiboken6.isValid(self.buttons) or not self.buttons.canRedo():
            return
        ended = QUndoCommand()
        ended.setObsolete(True)  # pushed, it ends the redo history and is not kept
        self.buttons.push(ended)
        self.refresh()  # the stack says nothing of it

    def _on_field(self, act: Callable[[TextField], None]) -> None:
        field = self.field()
        if field is not None:
            act(field)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Each command enabled only when it would do something; Undo says what it undoes."""
        if not shiboken6.isValid(self.commands.undo):
            return  # the window is being taken down; the clipboard and focus live on
        field, buttons, commands = self.field(), self.buttons, self.commands
        field_undo = field is not None and can_undo(field)
        field_redo = field is not None and can_redo(field)
        commands.undo.setEnabled(field_undo or buttons.canUndo())
        commands.redo.setEnabled(field_redo or buttons.canRedo())
        commands.undo.setText(
            self.tr("&Undo") if field_undo or not buttons.canUndo()
            else self.tr("&Undo %1").replace("%1", buttons.undoText().lower())
        )  # fmt: skip
        commands.redo.setText(
            self.tr("&Redo") if field_redo or not buttons.canRedo()
            else self.tr("&Redo %1").replace("%1", buttons.redoText().lower())
        )  # fmt: skip
        writable = field is not None and not field.isReadOnly()
        selected = field is not None and has_selection(field)
        commands.cut.setEnabled(writable and selected)
        commands.copy.setEnabled(selected)
        commands.paste.setEnabled(writable and self._pastable)
        commands.select_all.setEnabled(field is not None and not is_empty(field))

    @Slot(QWidget, QWidget)
    def _on_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, QMenuBar | QMenu):  # Alt+E: the menu is for the field left
            return
        if (previous := self.field()) is not None:
            self._watch(previous, False)
        field = new if isinstance(new, TextField) else None
        if field is not None and not self.window.isAncestorOf(field):
            field = None  # a dialog's field: its own keys serve it
        self._field = field
        if field is not None:
            self._watch(field, True)
        self.refresh()

    def _watch(self, field: TextField, on: bool) -> None:
        """Follow what the field can do (its text, selection, undo) while it has the focus."""
        signals = [field.textChanged, field.selectionChanged]
        if not isinstance(field, QLineEdit):
            signals += [field.undoAvailable, field.redoAvailable]
        for signal in signals:
            if on:
                signal.connect(self.refresh)
            else:
                with contextlib.suppress(RuntimeError, TypeError):  # the field is gone
                    signal.disconnect(self.refresh)
        if on:
            field.installEventFilter(self)
        else:
            field.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A text field takes Ctrl+Z (and Redo's keys) even with nothing to undo; then let
        the key reach Edit › Undo, which undoes the last button change."""
        if event.type() == QEvent.Type.ShortcutOverride and watched is self._field:
            assert isinstance(event, QtGui.QKeyEvent)
            field = self._field
            if event.matches(StandardKey.Undo) and not can_undo(field):
                return self.buttons.canUndo()
            if event.matches(StandardKey.Redo) and not can_redo(field):
                return self.buttons.canRedo()
        return super().eventFilter(watched, event)
