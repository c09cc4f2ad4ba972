"""The style of the app's own dark palette: Fusion, with check boxes that can be seen.

Fusion frames a check box in the window colour made darker, 1.2:1 against the dark window:
an unchecked box was all but invisible. This style draws Fusion's box, then a light frame
over it (3:1 and more against the window), except while the keyboard focus is on it (Fusion
frames it in the highlight colour then). Loaded only for the dark palette (``boot.LATER``):
``QProxyStyle`` brings ``QStyle``'s type and enums, which the first frame does not need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QProxyStyle, QStyle

if TYPE_CHECKING:
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QStyleOption, QWidget

FRAME = "#A0A4A8"  # 5.2:1 against the dark window (#323232)
KEYBOARD_FOCUS = QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_KeyboardFocusChange


class FramedCheckBoxes(QProxyStyle):
    def __init__(self, base: str) -> None:
        super().__init__(base)

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        focused = (option.state & KEYBOARD_FOCUS) == KEYBOARD_FOCUS
        if element == QStyle.PrimitiveElement.PE_IndicatorCheckBox and not focused:
            painter.save()
            painter.setPen(QColor(FRAME))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(option.rect.adjusted(0, 0, -1, -1))
            painter.restore()
