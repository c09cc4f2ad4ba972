"""A one-shot callback for the moment a widget has been painted for the first time."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Slot

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class FirstPaint(QObject):
    """Watches ``widget``'s events; after its first paint, calls ``callback`` once."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback: Callable[[], None] | None = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # The paint is being delivered now; the zero timer fires once it is done.
            QTimer.singleShot(0, self._fire)
        return False

    @Slot()
    def _fire(self) -> None:
        callback, self._callback = self._callback, None
        if callback is not None:
            callback()
        self.deleteLater()
