"""Autosave of the open composition: written shortly after each change (debounced), so a
crash or ``kill -9`` loses at most a second of typing. The file: ``storage/autosave.py``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Slot

from rampwin_desktop.core.model import Message
from rampwin_desktop.storage import autosave

if TYPE_CHECKING:
    from pathlib import Path

    from rampwin_desktop.storage.autosave import Recovered

DEBOUNCE_MS = 700


class Autosave(QObject):
    def __init__(
        self,
        path: Path,
        current: Callable[[], tuple[Message, str]],
        parent: QObject | None = None,
    ) -> None:
        """Keep the message in the file at ``path``; ``current()`` returns the message and
        the draft path it belongs to ("" if untitled)."""
        super().__init__(parent)
        self.path = path
        self._current = current
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.save_now)

    @Slot()
    def changed(self) -> None:
        self._timer.start()  # restarts: at most DEBOUNCE_MS after the last keystroke

    @Slot()
    def save_now(self) -> None:
        autosave.RecoveryFile(self.path).write(*self._current())

    def discard(self) -> None:
        """A clean exit: nothing to recover."""
        self._timer.stop()
        autosave.RecoveryFile(self.path).discard()

    def pending(self) -> Recovered | None:
        return autosave.RecoveryFile(self.path).pending()
