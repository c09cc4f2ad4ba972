"""The live preview: the message as a WhatsApp chat on a phone shows it.

A phone-width chat (wallpaper, contact bar, date chip), one incoming bubble with a
tail (header, body, footer, time) at about 65% of the width, and each reply button
as its own card under the bubble. Colours: ui/theme.py and docs/preview.md.
"""

from __future__ import annotations

import functools
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from rampwin_desktop.core import markup
from rampwin_desktop.core.model import HeaderKind, Message
from rampwin_desktop.core.validation import is_remote_link
from rampwin_desktop.ui.rich_text import RichTextBlock
from rampwin_desktop.ui.theme import LIGHT, ChatTheme

if TYPE_CHECKING:
    from PySide6.QtGui import QImage, QPaintEvent, QShowEvent

PHONE_WIDTH = 400
BUBBLE_SHARE = 0.65
BUBBLE_WIDTH = round(PHONE_WIDTH * BUBBLE_SHARE)
TAIL = 8
RADIUS = 8.0
PADDING = 7


def _literal_html(text: str) -> str:
    """Text WhatsApp shows as typed (header, footer): escaped, never formatted."""
    return markup.to_html([markup.Block(markup.BlockKind.PARAGRAPH, (markup.Span(text),))])


def _version(path: Path | None) -> tuple[int, int] | None:
    """(size, modification time) of a local file, None when there is none to read."""
    try:
        status = path.stat() if path is not None else None
    except OSError:
        return None
    return (status.st_size, status.st_mtime_ns) if status is not None else None


def _font(points: float, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


class ChatTitleBar(QWidget):
    """The bar above the chat: back arrow, the business's round avatar and its name.

    Painted, not a label: the avatar is a circle with the name's initial, as WhatsApp
    shows a business without a picture. It was a label with a 🟢 standing in for the
    avatar: the first emoji loads the colour emoji font, ~5 ms of start-up together with
    the starter message's (bench/README.md).
    """

    HEIGHT = 44
    AVATAR = 30

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.theme = LIGHT
        self.setFixedHeight(self.HEIGHT)
        self.setAccessibleName(name)

    def paintEvent(self, event: QPaintEvent) -> None:
        theme = self.theme
        painter = QPainter(self)
        # Not fillRect(rect, QColor): resolving its overloads makes QGradient's type and its
        # 180 presets (2-3 ms of the first paint).
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(theme.header_bar))
        painter.drawRect(self.rect())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = QColor(theme.header_bar_text)
        middle = self.HEIGHT / 2
        painter.setPen(text)
        painter.setFont(_font(11))
        painter.drawText(QRectF(10, 0, 20, self.HEIGHT), Qt.AlignmentFlag.AlignVCenter, "◀")
        avatar = QRectF(34, middle - self.AVATAR / 2, self.AVATAR, self.AVATAR)
        disc = QColor(text)
        disc.setAlphaF(0.3)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(disc)
        painter.drawEllipse(avatar)
        painter.setPen(text)
        painter.setFont(_font(11, bold=True))
        painter.drawText(avatar, Qt.AlignmentFlag.AlignCenter, self.name[:1].upper())
        name = QRectF(avatar.right() + 10, 0, self.width() - avatar.right() - 16, self.HEIGHT)
        painter.drawText(name, Qt.AlignmentFlag.AlignVCenter, self.name)
        painter.end()


class HeaderMedia(QWidget):
    """The image, video frame or document card at the top of the bubble."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = LIGHT
        self._kind = HeaderKind.NONE
        self._image: QImage | None = None
        self._caption = ""
        self._detail = ""
        self._cache_key: tuple[str, float] | None = None
        self._shown: tuple[object, ...] | None = None
        self._pixmap: QPixmap | None = None  # the image scaled for the box, made once per size
        self._pixmap_key: tuple[int, int, float] | None = None

    def set_theme(self, theme: ChatTheme) -> None:
        self._theme = theme
        self.update()

    @property
    def caption(self) -> str:
        return self._caption

    @property
    def has_image(self) -> bool:
        return self._image is not None

    def show_header(self, kind: HeaderKind, link: str, filename: str, width: int) -> bool:
        """Show this header; False (and nothing redone) when it is what is shown already.

        A local file is checked by its size and time (one stat): a file saved again under
        the same name is shown anew, but typing elsewhere never re-reads or rescales it.
        """
        local = Path(link).expanduser() if link and not is_remote_link(link) else None
        shown = (kind, link, filename, width, _version(local) if kind.is_media else None)
        if shown == self._shown:
            return False
        self._shown = shown
        self._pixmap = None
        self._kind = kind
        self.setVisible(kind.is_media)
        if not kind.is_media:
            return True
        # A media header's modules: not needed for the first paint (bench/README.md).
        from rampwin_desktop.core.geometry import header_image_box
        from rampwin_desktop.core.media import format_size, sniff

        self._caption = filename or (local.name if local else link.rsplit("/", 1)[-1] or "file")
        self._detail = ""
        if local is not None and local.is_file():
            self._detail = f"{sniff(local).name.split()[0]} · {format_size(local.stat().st_size)}"
        if kind is HeaderKind.IMAGE:
            self._image = self._load(local, width) if local else None
            box = (
                header_image_box(self._image.width(), self._image.height(), width)
                if self._image is not None
                else None
            )
            self.setFixedSize(width, box.height if box else round(width / 1.91))
        elif kind is HeaderKind.VIDEO:
            self.setFixedSize(width, round(width * 9 / 16))
        else:
            self.setFixedSize(width, 64)
        self.update()
        return True

    def _load(self, path: Path, width: int) -> QImage | None:
        """Decode the image scaled down (never a 20,000-pixel bitmap for a 260-pixel box)."""
        try:
            key = (str(path), path.stat().st_mtime)
        except OSError:
            return None
        if key == self._cache_key and self._image is not None:
            return self._image
        from PySide6.QtGui import QImageReader  # an image header's: not the first paint's

        from rampwin_desktop.core.geometry import header_image_box

        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        size = reader.size()
        if not size.isValid() or size.width() <= 0 or size.height() <= 0:
            return None
        box = header_image_box(size.width(), size.height(), width * 2)  # 2x for HiDPI
        reader.setScaledSize(QSize(box.image_width, box.image_height))
        image = reader.read()
        self._cache_key = key
        return None if image.isNull() else image

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        rect = QRectF(self.rect())
        clip = QPainterPath()
        clip.addRoundedRect(rect, RADIUS - 2, RADIUS - 2)
        painter.setClipPath(clip)
        theme = self._theme
        if self._kind is HeaderKind.IMAGE:
            self._paint_image(painter, rect)
        elif self._kind is HeaderKind.VIDEO:
            painter.fillRect(rect, QColor("#1F2C34"))
            centre = rect.center()
            painter.setBrush(QColor(0, 0, 0, 110))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(centre, 24, 24)
            triangle = QPainterPath(QPointF(centre.x() - 7, centre.y() - 11))
            triangle.lineTo(centre.x() + 11, centre.y())
            triangle.lineTo(centre.x() - 7, centre.y() + 11)
            triangle.closeSubpath()
            painter.fillPath(triangle, QColor("#FFFFFF"))
            painter.setPen(QColor("#FFFFFF"))
            painter.setFont(_font(8))
            painter.drawText(rect.adjusted(8, 0, -8, -6), Qt.AlignmentFlag.AlignBottom, "▶ 0:15")
        else:
            painter.fillRect(rect, QColor(theme.code_background))
            badge = QRectF(rect.left() + 10, rect.top() + 12, 32, 40)
            painter.setBrush(QColor("#E53935"))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(badge, 4, 4)
            painter.setPen(QColor("#FFFFFF"))
            painter.setFont(_font(7, bold=True))
            kind = (self._detail.split(" ")[0] or "FILE")[:4].upper()
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, kind)
            text_rect = rect.adjusted(52, 12, -10, -12)
            painter.setPen(QColor(theme.text))
            painter.setFont(_font(10))
            name = painter.fontMetrics().elidedText(
                self._caption, Qt.TextElideMode.ElideMiddle, int(text_rect.width())
            )
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignTop, name)
            painter.setPen(QColor(theme.secondary))
            painter.setFont(_font(8.5))
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignBottom, self._detail or "Document")

    def _paint_image(self, painter: QPainter, rect: QRectF) -> None:
        image = self._image
        if image is None:
            painter.fillRect(rect, QColor(self._theme.divider))
            painter.setPen(QColor(self._theme.secondary))
            painter.setFont(_font(9))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "🖼  " + self._caption)
            return
        ratio = self.devicePixelRatioF()
        key = (int(rect.width()), int(rect.height()), ratio)
        if self._pixmap is None or self._pixmap_key != key:
            self._pixmap = self._scaled(image, rect, ratio)
            self._pixmap_key = key
        painter.drawPixmap(0, 0, self._pixmap)

    def _scaled(self, image: QImage, rect: QRectF, ratio: float) -> QPixmap:
        """The header as it is shown (letterboxed, cropped or fitted), at device pixels."""
        pixmap = QPixmap(round(rect.width() * ratio), round(rect.height() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(QColor("#000000"))
        from rampwin_desktop.core.geometry import Fit, header_image_box  # (start-up)

        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        box = header_image_box(image.width(), image.height(), int(rect.width()))
        if box.fit is Fit.LETTERBOX:
            top = (rect.height() - box.image_height) / 2
            target = QRectF(0, top, box.image_width, box.image_height)
            painter.drawImage(target, image)
        elif box.fit is Fit.CROP:
            visible = image.height() * box.height / box.image_height
            source = QRectF(0, (image.height() - visible) / 2, image.width(), visible)
            painter.drawImage(rect, image, source)
        else:
            painter.drawImage(rect, image)
        painter.end()
        return pixmap


class Bubble(QWidget):
    """An incoming message bubble with a tail at the top left."""

    def __init__(self, parent: QWidget | None = None) -> None:
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
        self.time = QLabel(self)
        self.time.setAlignment(Qt.AlignmentFlag.AlignRight)
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
        self.time.setStyleSheet(f"color: {theme.secondary}; font-size: 8pt;")
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
        pixmap.fill(Qt.GlobalColor.transparent)
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
        painter.fillPath(outline.translated(0, 1), shadow)
        painter.fillPath(outline, QColor(self._theme.bubble))
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

    def set_title(self, title: str, theme: ChatTheme) -> None:
        if (title, theme) != (self.title, self._theme):
            self.title, self._theme = title, theme
            self.setAccessibleName(title)
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect())
        shadow = QColor(self._theme.shadow)
        shadow.setAlpha(30)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(shadow)
        painter.drawRoundedRect(rect.adjusted(0, 1, 0, 0), RADIUS, RADIUS)
        painter.setBrush(QColor(self._theme.bubble))
        painter.drawRoundedRect(rect.adjusted(0, 0, 0, -1), RADIUS, RADIUS)
        font = _font(10.5, bold=False)
        font.setWeight(QFont.Weight.Medium)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        icon = 16
        gap = 6
        available = int(rect.width()) - 2 * (icon + gap + 10)
        text = metrics.elidedText(self.title, Qt.TextElideMode.ElideRight, available)
        text_width = metrics.horizontalAdvance(text)
        left = (rect.width() - text_width - icon - gap) / 2
        painter.save()
        painter.translate(left, (rect.height() - icon) / 2)
        painter.scale(icon / 24, icon / 24)
        painter.fillPath(_reply_arrow(), QColor(self._theme.button_text))
        painter.restore()
        painter.setPen(QPen(QColor(self._theme.button_text)))
        text_rect = QRectF(left + icon + gap, 0, text_width + 2, rect.height() - 1)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, text)


@functools.cache
def _reply_arrow() -> QPainterPath:
    """WhatsApp's reply arrow on a 24-unit square, as a path: sharp at any size and scale.

    Drawn, not read from an SVG file: the image plugin and the decoding it needs cost the
    first paint about 3 ms for one small shape.
    """
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
        painter.setPen(QPen(QColor(self.theme.doodle), 1.4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for row in range(2):
            y = 10 + row * step
            for shape in range(3):
                x = 10 + (row % 2) * step // 2 + shape * step
                if shape == 0:
                    painter.drawEllipse(QPointF(x, y), 5, 5)
                elif shape == 1:
                    painter.drawRoundedRect(QRectF(x - 5, y - 4, 10, 8), 2, 2)
                else:
                    painter.drawLine(QPointF(x - 5, y + 4), QPointF(x + 5, y - 4))
        painter.end()
        self._tile, self._tile_key = tile, (self.theme, ratio)
        return tile


class PreviewView(QWidget):
    """The phone. ``set_message`` updates it; its accessible description is the text it shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewView")
        self.setAccessibleName(self.tr("Message preview"))
        self.setFixedWidth(PHONE_WIDTH)
        self._theme = LIGHT
        self._message = Message()
        self._shown: Message | None = None  # what the widgets show; None: redo everything
        self._drawn = False  # whether any message was put into the widgets yet
        self._body_blocks: list[markup.Block] = []
        self._time = time.strftime("%H:%M")

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self._top_bar = ChatTitleBar(self.tr("Your business"), self)
        outer.addWidget(self._top_bar)

        self._canvas = ChatCanvas(self)
        scroll = QScrollArea(self)
        scroll.setWidget(self._canvas)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll)

        column = QVBoxLayout(self._canvas)
        column.setContentsMargins(10, 12, 10, 12)
        column.setSpacing(3)
        self._date = QLabel(self.tr("Today"), self._canvas)
        self._date.setAlignment(Qt.AlignmentFlag.AlignCenter)
        date_row = QHBoxLayout()
        date_row.addStretch()
        date_row.addWidget(self._date)
        date_row.addStretch()
        column.addLayout(date_row)
        column.addSpacing(8)
        self.bubble = Bubble(self._canvas)
        column.addWidget(self.bubble, 0, Qt.AlignmentFlag.AlignLeft)
        self._buttons = QVBoxLayout()
        self._buttons.setContentsMargins(TAIL, 0, 0, 0)
        self._buttons.setSpacing(3)
        self._cards: list[ReplyButtonCard] = []
        column.addLayout(self._buttons)
        column.addStretch()
        self._style(LIGHT)

    @property
    def theme(self) -> ChatTheme:
        return self._theme

    def set_theme(self, theme: ChatTheme) -> None:
        if theme != self._theme:  # start-up asks again with the saved choice: often the same
            self._style(theme)

    def _style(self, theme: ChatTheme) -> None:
        self._theme = theme
        self._canvas.theme = theme
        self.bubble.set_theme(theme)
        self._top_bar.theme = theme
        self._top_bar.update()
        self._date.setStyleSheet(
            f"background: {theme.date_chip}; color: {theme.date_chip_text};"
            "border-radius: 6px; padding: 3px 10px; font-size: 8pt;"
        )
        self._shown = None
        if self._drawn:  # a new preview waits for its first message, or for being shown
            self.set_message(self._message)
        self._canvas.update()

    def showEvent(self, event: QShowEvent) -> None:
        if not self._drawn:  # shown before any set_message: show the empty message
            self.set_message(self._message)
        super().showEvent(event)

    def set_message(self, message: Message) -> None:
        """Show ``message``, redoing only the parts that differ from what is shown."""
        self._message = message
        self._drawn = True
        shown, self._shown = self._shown, message
        theme = self._theme
        changed = False
        header = message.header
        # Asked every time (one stat at most): the header file may have been saved again.
        if self.bubble.media.show_header(
            header.kind, header.link, header.filename, BUBBLE_WIDTH - 6
        ):
            changed = True
        if shown is None or header != shown.header:
            self.bubble.header_text.setVisible(header.kind is HeaderKind.TEXT)
            if header.kind is HeaderKind.TEXT:
                # Markers are shown literally in a header: escape, do not format.
                self.bubble.header_text.set_html(
                    _literal_html(header.text), colour=theme.text, font=_font(11, bold=True)
                )
            changed = True
        if shown is None or message.body != shown.body:
            self._body_blocks = markup.parse(message.body)
            self.bubble.body.set_lines(
                markup.to_html_lines(self._body_blocks, theme.html_colours()),
                colour=theme.text,
                font=_font(10.5),
            )
            changed = True
        if shown is None or message.footer != shown.footer:
            self.bubble.footer.setVisible(bool(message.footer))
            self.bubble.footer.set_html(
                _literal_html(message.footer), colour=theme.secondary, font=_font(9)
            )
            changed = True
        if shown is None or message.buttons != shown.buttons:
            self.bubble.time.setText(self._time)
            self._show_buttons([button.title for button in message.buttons])
            changed = True
        if not changed:
            return  # e.g. only the recipient changed: nothing here to redo
        # Lay out now rather than over several event-loop passes, so no frame ever shows
        # text spilling out of a bubble that has not grown yet.
        for layout in (self.bubble.layout(), self._canvas.layout()):
            if layout is not None:
                layout.activate()
        self.setAccessibleDescription(self.plain_text())

    def _show_buttons(self, titles: list[str]) -> None:
        # Cards are reused, not rebuilt, so typing a title does not make the chat flicker.
        while len(self._cards) < len(titles):
            card = ReplyButtonCard("", self._theme, self._canvas)
            self._cards.append(card)
            self._buttons.addWidget(card)
        for index, card in enumerate(self._cards):
            visible = index < len(titles)
            card.setVisible(visible)
            if visible:
                card.set_title(titles[index], self._theme)

    def plain_text(self) -> str:
        """What the preview shows, as text: header, body, footer, button titles."""
        message = self._message
        lines: list[str] = []
        header = message.header
        if header.kind is HeaderKind.TEXT:
            lines.append(header.text)
        elif header.kind.is_media:
            lines.append(f"[{header.kind.value}: {self.bubble.media.caption}]")
        lines.append(markup.to_plain(self._body_blocks))
        if message.footer:
            lines.append(message.footer)
        lines.extend(f"[{button.title}]" for button in message.buttons)
        return "\n".join(lines)
