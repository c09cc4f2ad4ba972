"""Labels and panels on a rounded background or in a dashed outline: the sandbox banner, a
send's result, the empty header thumbnail, the preview's date chip. Drawn here, as a style
sheet's ``border-radius`` would draw them, without a style sheet (``palette.py`` says why)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QLabel, QWidget

from rampwin_desktop.ui import boot, palette

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent

RADIUS = 6.0
DASHES = [4.0, 2.0]  # a dash and a gap, in pen widths: Qt's dashed line


def paint_box(widget: QWidget, fill: QColor | None, outline: QColor | None) -> None:
    """The widget's rectangle with rounded corners: filled, outlined (dashed), or both."""
    if fill is None and outline is None:
        return
    painter = QPainter(widget)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    box = QPainterPath()
    box.addRoundedRect(QRectF(widget.rect()).adjusted(0.5, 0.5, -0.5, -0.5), RADIUS, RADIUS)
    if fill is not None:
        painter.fillPath(box, boot.solid_brush(fill))
    if outline is not None:
        pen = QPen()
        pen.setColor(outline)
        pen.setDashPattern(DASHES)
        painter.strokePath(box, pen)
    painter.end()


def _in_tones(
    widget: QWidget, tones: palette.Tones, *, text: str, fill: str | None, outline: str | None
) -> None:
    """A ``palette.Look``: the colours of the tones named ``text``, ``fill`` and ``outline``."""
    assert isinstance(widget, _Rounded)
    widget.set_colours(
        text=getattr(tones, text),
        fill=getattr(tones, fill) if fill else None,
        outline=getattr(tones, outline) if outline else None,
    )


class _Rounded:
    """What ``RoundedLabel`` and ``RoundedPanel`` add to their Qt class: the colours."""

    _fill: QColor | None = None
    _outline: QColor | None = None

    def set_colours(
        self, *, text: str, fill: str | None = None, outline: str | None = None
    ) -> None:
        """Colours by value (``"#FFFFFF"``): the text's, the background's, the outline's."""
        widget = self._widget()
        palette.set_text_colour(widget, text)
        self._fill = QColor(fill) if fill else None
        self._outline = QColor(outline) if outline else None
        widget.update()

    def set_tones(self, *, text: str, fill: str | None = None, outline: str | None = None) -> None:
        """Colours by the tones' names (``"notice"``), in the light and the dark theme."""
        look = partial(_in_tones, text=text, fill=fill, outline=outline)
        palette.follow_tones(self._widget(), look)

    def paintEvent(self, event: QPaintEvent) -> None:
        paint_box(self._widget(), self._fill, self._outline)
        super().paintEvent(event)  # type: ignore[misc]  # the Qt class: next in the MRO

    def _widget(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self


class RoundedLabel(_Rounded, QLabel):
    """A label on a rounded background (or in a dashed outline), its text ``padding``
    (horizontal, vertical) pixels in from the edge."""

    def __init__(self, parent: QWidget | None = None, *, padding: tuple[int, int] = (6, 6)) -> None:
        super().__init__(parent)
        self.setContentsMargins(padding[0], padding[1], padding[0], padding[1])


class RoundedPanel(_Rounded, QWidget):
    """A widget whose children sit on a rounded background, their text in one colour."""
