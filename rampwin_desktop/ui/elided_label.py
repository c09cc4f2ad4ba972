"""A one-line label that gives way to its neighbours instead of widening the window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent


class ElidedLabel(QLabel):
    """Asks for no width of its own; a text longer than the room it gets is shown cut in the
    middle (a file's name keeps its start and its extension), whole in its tooltip.
    ``text()`` is always the whole text (what assistive technology reads)."""

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        rect = self.contentsRect()
        whole = self.text()
        shown = self.fontMetrics().elidedText(whole, Qt.TextElideMode.ElideMiddle, rect.width())
        painter = QPainter(self)  # not QStyle.drawItemText (ui/boot.py, measure 6)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, self.alignment(), shown)
        painter.end()
        tip = whole if shown != whole else ""
        if self.toolTip() != tip:
            self.setToolTip(tip)
