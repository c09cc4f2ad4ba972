"""A one-line label that gives way to its neighbours instead of widening the window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QSize
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel

from rampwin_desktop.ui.boot import ALIGN_LEFT, ALIGN_VCENTER

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent


class ElidedLabel(QLabel):
    """Asks for no width of its own; a text longer than the room it gets is shown cut in the
    middle (a file's name keeps its start and its extension), whole in its tooltip.
    ``text()`` is always the whole text (what assistive technology reads). Drawn as a
    label's default: at the left, centred in its height."""

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        rect = self.contentsRect()
        whole = self.text()
        shown = whole
        if self.fontMetrics().horizontalAdvance(whole) > rect.width():
            middle = QtCore.Qt.TextElideMode.ElideMiddle
            shown = self.fontMetrics().elidedText(whole, middle, rect.width())
        painter = QPainter(self)  # not QStyle.drawItemText (ui/boot.py, measures 6 and 7)
        painter.drawText(rect, ALIGN_LEFT | ALIGN_VCENTER, shown)  # in the label's colour
        painter.end()
        tip = whole if shown != whole else ""
        if self.toolTip() != tip:
            self.setToolTip(tip)
