"""Callbacks for the moment a widget has been painted for the first time."""

from __future__ import annotations

import sys
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Slot

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class FirstPaint(QObject):
    """Watches ``widget``'s events; after its first paint, calls each callback once, in
    the order they were added. One watcher a widget (``watching``): each event the widget
    gets before its paint goes through it, a Python call."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._widget = weakref.ref(widget)
        self._callbacks: list[Callable[[], None]] = []
        widget.installEventFilter(self)

    @classmethod
    def watching(cls, widget: QWidget) -> FirstPaint:
        """The watcher of ``widget``'s first paint (made at the first call)."""
        watcher = _watching.get(widget)
        if watcher is None:
            watcher = _watching[widget] = cls(widget)
        return watcher

    def add(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # The paint is being delivered now; the zero timer fires once it is done.
            QTimer.singleShot(0, self._fire)
        return False

    @Slot()
    def _fire(self) -> None:
        widget = self._widget()
        if widget is not None and _watching.get(widget) is self:
            del _watching[widget]  # a callback added from now on waits for a paint
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            try:
                callback()
            except Exception:  # reported as any slot's error would be; the rest still run
                sys.excepthook(*sys.exc_info())
        self.deleteLater()


_watching: weakref.WeakKeyDictionary[QWidget, FirstPaint] = weakref.WeakKeyDictionary()
