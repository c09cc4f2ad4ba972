"""The style of the app's own dark palette: Fusion, with check boxes that can be seen.

Fusion frames a check box in the window colour made darker, 1.2:1 against the dark window:
an unchecked box was all but invisible. This style draws Fusion's box, then a light frame
over it (3:1 and more against the window), except while the keyboard focus is on it (Fusion
frames it in the highlight colour then). A dock's float and close buttons, drawn dark
whatever the palette, are drawn light too. Loaded only for the dark palette (``boot.LATER``):
``QProxyStyle`` brings ``QStyle``'s type and enums, which the first frame does not need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter
from PySide6.QtWidgets import QProxyStyle, QStyle

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyleOption, QWidget

FRAME = "#A0A4A8"  # 5.2:1 against the dark window (#323232)
KEYBOARD_FOCUS = QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_KeyboardFocusChange


# Drawn dark on any palette, so all but invisible on the dark one: a dock's float and close.
LIGHTENED = (
    QStyle.StandardPixmap.SP_TitleBarCloseButton,
    QStyle.StandardPixmap.SP_TitleBarNormalButton,
    QStyle.StandardPixmap.SP_DockWidgetCloseButton,
)


class FramedCheckBoxes(QProxyStyle):
    def __init__(self, base: str) -> None:
        super().__init__(base)
        self._icons: dict[QStyle.StandardPixmap, QIcon] = {}

    def standardIcon(
        self,
        standard: QStyle.StandardPixmap,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> QIcon:
        """Fusion's, except a dock's float and close buttons: their dark strokes in the
        text colour, at each size Fusion draws them."""
        icon = super().standardIcon(standard, option, widget)
        if standard not in LIGHTENED:
            return icon
        if standard not in self._icons:
            light = QIcon()
            for size in icon.availableSizes():
                picture = icon.pixmap(size)
                painter = QPainter(picture)
                painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
                painter.fillRect(picture.rect(), QColor(FRAME))
                painter.end()
                light.addPixmap(picture)
            self._icons[standard] = light
        return self._icons[standard]

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
