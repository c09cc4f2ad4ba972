"""The parts of the chat the preview composes: title bar, bubble, reply buttons, wallpaper."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QVBoxLayout, QWidget

from rampwin_desktop.ui.boot import ALIGN_CENTER, ALIGN_VCENTER, solid_brush
from rampwin_desktop.ui.chat_style import BUBBLE_WIDTH, PADDING, RADIUS, TAIL, chat_font
from rampwin_desktop.ui.header_media import HeaderMedia
from rampwin_desktop.ui.palette import set_text_colour
from rampwin_desktop.ui.rich_text import RichTextBlock
from rampwin_desktop.ui.theme import LIGHT, ChatTheme
from rampwin_desktop.ui.time_stamp import Clock, TimeStamp

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent


def show_in_colours(widget: QWidget, background: str, text: str) -> None:
    """Give ``widget`` its own background and text colour: Qt fills the background, and a
    ``QPainter`` on the widget starts with the text colour as its pen."""
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(background))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
    widget.setPalette(palette)


class ChatTitleBar(QWidget):
    """The bar above the chat: back arrow, the business's round avatar and its name.

    Painted, not a label: the avatar is a circle with the name's initial, as WhatsApp
    shows a business without a picture.
    """

    HEIGHT = 44
    AVATAR = 30

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setFixedHeight(self.HEIGHT)
        self.setAccessibleName(name)
        self.setAutoFillBackground(True)
        self.set_theme(LIGHT)

    def set_theme(self, theme: ChatTheme) -> None:
        show_in_colours(self, theme.header_bar, theme.header_bar_text)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)  # its pen: the bar's text colour (show_in_colours)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        middle = self.HEIGHT / 2
        painter.setFont(chat_font(11))
        painter.drawText(QRectF(10, 0, 20, self.HEIGHT), ALIGN_VCENTER, "◀")
        avatar = QRectF(34, middle - self.AVATAR / 2, self.AVATAR, self.AVATAR)
        disc = painter.pen().color()  # a copy
        disc.setAlphaF(0.3)
        circle = QPainterPath()
        circle.addEllipse(avatar)
        painter.fillPath(circle, solid_brush(disc))
        painter.setFont(chat_font(11, bold=True))
        painter.drawText(avatar, ALIGN_CENTER, self.name[:1].upper())
        name = QRectF(avatar.right() + 10, 0, self.width() - avatar.right() - 16, self.HEIGHT)
        painter.drawText(name, ALIGN_VCENTER, self.name)
        painter.end()


class Bubble(QWidget):
    """An incoming message bubble with a tail at the top left."""

    def __init__(self, clock: Clock | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = LIGHT
        self._background: QPixmap | None = None
        self._background_key: tuple[int, int, ChatTheme, float] | None = None
        self.setFixedWidth(BUBBLE_WIDTH + TAIL)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(TAIL + 3, 3, 3, 4)
        layout.setSpacing(4)
        self.media = HeaderMedia(self)
        text_width = BUBBLE_WIDTH - 2 * PADDING
        self.header_text = RichTextBlock(text_width, self)
        self.body = RichTextBlock(text_width, self)
        self.footer = RichTextBlock(text_width, self)
        self.time = TimeStamp(clock, self)
        self.time.setFont(chat_font(8))
        layout.addWidget(self.media)
        inner = QVBoxLayout()
        inner.setContentsMargins(PADDING - 3, 2, PADDING - 3, 0)
        inner.setSpacing(4)
        inner.addWidget(self.header_text)
        inner.addWidget(self.body)
        inner.addWidget(self.footer)
        inner.addWidget(self.time)
        layout.addLayout(inner)

    def set_theme(self, theme: ChatTheme) -> None:
        self._theme = theme
        self.media.set_theme(theme)
        set_text_colour(self.time, theme.secondary)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        # Typing repaints the body's part of the bubble: a copy of that part of the drawn
        # background, not two antialiased fills of the whole outline (0.3 ms a key).
        area = QRectF(event.rect())
        ratio = self.devicePixelRatioF()
        source = QRectF(
            area.x() * ratio, area.y() * ratio, area.width() * ratio, area.height() * ratio
        )
        painter = QPainter(self)
        painter.drawPixmap(area, self._drawn_background(), source)

    def _drawn_background(self) -> QPixmap:
        """The bubble with its tail and shadow; drawn again only when its size or theme changes."""
        ratio = self.devicePixelRatioF()
        key = (self.width(), self.height(), self._theme, ratio)
        if self._background is not None and self._background_key == key:
            return self._background
        pixmap = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(QColor(0, 0, 0, 0))  # transparent
        body = QRectF(TAIL, 0, self.width() - TAIL, self.height())
        path = QPainterPath()
        path.addRoundedRect(body, RADIUS, RADIUS)
        tail = QPainterPath(QPointF(TAIL + RADIUS, 0))
        tail.lineTo(0, 0)
        tail.quadTo(QPointF(TAIL * 0.9, TAIL * 0.6), QPointF(TAIL, TAIL * 1.6))
        tail.lineTo(TAIL, RADIUS)
        tail.closeSubpath()
        outline = path.united(tail)
        shadow = QColor(self._theme.shadow)
        shadow.setAlpha(30)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillPath(outline.translated(0, 1), solid_brush(shadow))
        painter.fillPath(outline, solid_brush(QColor(self._theme.bubble)))
        painter.end()
        self._background, self._background_key = pixmap, key
        return pixmap


class ReplyButtonCard(QWidget):
    """One reply button: a full-width card with the reply arrow and a centred blue title."""

    def __init__(self, title: str, theme: ChatTheme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self._theme = theme
        self.setFixedSize(BUBBLE_WIDTH, 40)
        show_in_colours(self, theme.bubble, theme.button_text)

    def set_title(self, title: str, theme: ChatTheme) -> None:
        if (title, theme) != (self.title, self._theme):
            if theme != self._theme:
                show_in_colours(self, theme.bubble, theme.button_text)
            self.title, self._theme = title, theme
            self.setAccessibleName(title)
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)  # its pen: the button's text colour (show_in_colours)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect())
        shadow = QColor(self._theme.shadow)
        shadow.setAlpha(30)
        painter.fillPath(_rounded(rect.adjusted(0, 1, 0, 0)), solid_brush(shadow))
        painter.fillPath(
            _rounded(rect.adjusted(0, 0, 0, -1)), solid_brush(QColor(self._theme.bubble))
        )
        font = chat_font(10.5, bold=False)
        font.setWeight(QFont.Weight.Medium)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        icon = 16
        gap = 6
        available = int(rect.width()) - 2 * (icon + gap + 10)
        text = self.title
        if metrics.horizontalAdvance(text) > available:
            text = metrics.elidedText(text, QtCore.Qt.TextElideMode.ElideRight, available)
        text_width = metrics.horizontalAdvance(text)
        left = (rect.width() - text_width - icon - gap) / 2
        painter.save()
        painter.translate(left, (rect.height() - icon) / 2)
        painter.scale(icon / 24, icon / 24)
        painter.fillPath(_reply_arrow(), solid_brush(painter.pen().color()))
        painter.restore()
        text_rect = QRectF(left + icon + gap, 0, text_width + 2, rect.height() - 1)
        painter.drawText(text_rect, ALIGN_VCENTER, text)


def _rounded(rect: QRectF) -> QPainterPath:
    path = QPainterPath()
    path.addRoundedRect(rect, RADIUS, RADIUS)
    return path


@functools.cache
def _reply_arrow() -> QPainterPath:
    """WhatsApp's reply arrow on a 24-unit square, as a path: sharp at any size and scale."""
    path = QPainterPath(QPointF(10, 9))
    path.lineTo(10, 5)
    path.lineTo(3, 12)
    path.lineTo(10, 19)
    path.lineTo(10, 14.9)
    path.cubicTo(15, 14.9, 18.5, 16.5, 21, 20)
    path.cubicTo(20, 15, 17, 10, 10, 9)
    path.closeSubpath()
    return path


class ChatCanvas(QWidget):
    """The wallpaper with its faint doodles, holding the date chip, bubble and buttons."""

    STEP = 46  # doodles sit on a grid this far apart, every other row shifted by half

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = LIGHT
        self._tile: QPixmap | None = None
        self._tile_key: tuple[ChatTheme, float] | None = None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.drawTiledPixmap(event.rect(), self._wallpaper_tile(), event.rect().topLeft())

    def _wallpaper_tile(self) -> QPixmap:
        """One repeat of the wallpaper: three shapes across, two rows down, drawn once."""
        ratio = self.devicePixelRatioF()
        if self._tile is not None and self._tile_key == (self.theme, ratio):
            return self._tile
        step = self.STEP
        tile = QPixmap(round(3 * step * ratio), round(2 * step * ratio))
        tile.setDevicePixelRatio(ratio)
        tile.fill(QColor(self.theme.wallpaper))
        painter = QPainter(tile)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        doodles = QPainterPath()
        for row in range(2):
            y = 10 + row * step
            for shape in range(3):
                x = 10 + (row % 2) * step // 2 + shape * step
                if shape == 0:
                    doodles.addEllipse(QPointF(x, y), 5, 5)
                elif shape == 1:
                    doodles.addRoundedRect(QRectF(x - 5, y - 4, 10, 8), 2, 2)
                else:
                    doodles.moveTo(QPointF(x - 5, y + 4))
                    doodles.lineTo(QPointF(x + 5, y - 4))
        pen = QPen()  # not QPen(colour, 1.4), nor setPen (ui/boot.py, measure 7)
        pen.setColor(QColor(self.theme.doodle))
        pen.setWidthF(1.4)
        painter.strokePath(doodles, pen)
        painter.end()
        self._tile, self._tile_key = tile, (self.theme, ratio)
        return tile
