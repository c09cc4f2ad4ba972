"""Closing Send to a list (or the main window) while a batch runs: asked first, and the
batch is held while the question is open (the message in flight finishes; no other
starts); on Yes it stops and what was closed closes once its thread has ended, on No it
goes on. Asked once a batch: the next batch's close asks again. Closing while a batch is
paused is asked about too: what is left is then sent only with Resume a batch… Esc closes
the dialog the same way (as a dialog's own Esc, it only hid it: the batch went on unseen)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QKeyEvent

from rampwin_desktop.ui import dialogs

if TYPE_CHECKING:
    from rampwin_desktop.ui.batch_dialog import BatchDialog


class CloseGuard(QObject):
    """Watches the close events of the dialog and of its main window."""

    def __init__(self, dialog: BatchDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self._close_after = self._close_window_after = False
        dialog.main.installEventFilter(self)
        dialog.installEventFilter(self)

    @property
    def closing(self) -> bool:
        """The user closed a window during this batch (it closes when the batch ends)."""
        return self._close_after or self._close_window_after

    def batch_ended(self) -> None:
        """The batch's thread has ended: close what the user closed, if anything."""
        if self._close_window_after:
            QTimer.singleShot(0, self.dialog.main.close)
        elif self._close_after:
            QTimer.singleShot(0, self.dialog.close)
        self._close_after = self._close_window_after = False  # asked once, for this batch

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.dialog and _is_escape(event):
            self.dialog.close()  # as its title bar's button closes it: asked about first
            return True
        if event.type() != QEvent.Type.Close or watched not in (self.dialog, self.dialog.main):
            return False
        window = watched is self.dialog.main
        if not self._stopped(window=window):
            event.ignore()  # a filtered close event would still close the window
            return True  # it closes once the batch has stopped
        if window:
            QTimer.singleShot(0, self._close_with_window)
        return False

    def _stopped(self, *, window: bool) -> bool:
        """True when no batch runs. Else, if the user agrees, the batch stops and the
        window (or the dialog) closes once its thread has ended."""
        dialog = self.dialog
        if dialog.paused and (window or dialog.main.isVisible()):  # not closed with the window
            return self._leave_paused()
        if not dialog.controller.running:
            return True
        if not self.closing:
            dialog.controller.hold(True)  # nothing more is sent while the user decides
            try:
                agreed = dialogs.confirm(
                    dialog,
                    dialog.tr("A batch is being sent"),
                    dialog.tr(
                        "Stop the batch and close? Nothing more is sent while this question "
                        "is open. The message being sent finishes; the rest can be sent "
                        "later with Resume a batch…"
                    ),
                    "",
                    None,
                )
                # The window's own question next, while the batch is still held: Cancel
                # there keeps the window open, and so the batch goes on.
                if agreed and window:
                    agreed = dialog.main.drafts.confirm_discard()
                if agreed:
                    self._close_window_after = window
                    self._close_after = not window
                    dialog.stop()
            finally:
                dialog.controller.hold(False)
        return False

    def _leave_paused(self) -> bool:
        """Whether the user agrees to close while the batch is paused."""
        dialog = self.dialog
        outcome = dialog.report.outcome
        left = outcome.pending + outcome.failed if outcome is not None else 0
        said = (
            dialog.tr("1 message of this batch is not sent yet.")
            if left == 1
            else dialog.tr("%1 messages of this batch are not sent yet.").replace("%1", f"{left:,}")
        )
        later = dialog.tr("Close anyway? What is left can be sent later with Resume a batch…")
        title = dialog.tr("The batch is paused")
        return dialogs.confirm(dialog, title, f"{said} {later}", "", None)

    @Slot()
    def _close_with_window(self) -> None:
        if not self.dialog.main.isVisible():
            self.dialog.close()


def _is_escape(event: QEvent) -> bool:
    """Esc alone, pressed in the dialog (and not taken by one of its widgets, a popup)."""
    return (
        isinstance(event, QKeyEvent)
        and event.type() == QEvent.Type.KeyPress
        and event.key() == Qt.Key.Key_Escape
        and event.modifiers() == Qt.KeyboardModifier.NoModifier
    )
