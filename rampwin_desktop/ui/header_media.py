"""The header at the top of the preview's bubble: an image, a video frame or a document card."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui
from PySide6.QtCore import QPointF, QRectF, QSize
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import QWidget

from rampwin_desktop.core import geometry, media
from rampwin_desktop.core.model import HeaderKind
from rampwin_desktop.core.validation import is_remote_link
from rampwin_desktop.ui import picture_proxy
from rampwin_desktop.ui.chat_style import RADIUS, chat_font
from rampwin_desktop.ui.theme import LIGHT, ChatTheme

if TYPE_CHECKING:
    from PySide6.QtGui import QImage, QPaintEvent


def _version(path: Path | None) -> tuple[int, int] | None:
    """(size, modification time) of a local file, None when there is none to read."""
    try:
        status = path.stat() if path is not None else None
    except OSError:
        return None
    return (status.st_size, status.st_mtime_ns) if status is not None else None


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
    def detail(self) -> str:
        """What is known of a local file: its type and size ("MP4 · 1.2 MB"), else ""."""
        return self._detail

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
        self._caption = filename or (local.name if local else link.rsplit("/", 1)[-1] or "file")
        self._detail = ""
        if local is not None and local.is_file():
            self._detail = (
                f"{media.sniff(local).name.split()[0]} · {media.format_size(local.stat().st_size)}"
            )
        if kind is HeaderKind.IMAGE:
            self._image = self._load(local, width) if local else None
            box = (
                geometry.header_image_box(self._image.width(), self._image.height(), width)
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
        own = picture_proxy.scaled(path, QSize(width * 2, width * 2))  # decoded off the GUI
        if own is not None:
            self._cache_key = key
            return own[0]
        reader = QtGui.QImageReader(str(path))
        reader.setAutoTransform(True)
        size = reader.size()
        if not size.isValid() or size.width() <= 0 or size.height() <= 0:
            return None
        box = geometry.header_image_box(size.width(), size.height(), width * 2)  # 2x for HiDPI
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
            painter.setPen(QtCore.Qt.PenStyle.NoPen)
            painter.drawEllipse(centre, 24, 24)
            triangle = QPainterPath(QPointF(centre.x() - 7, centre.y() - 11))
            triangle.lineTo(centre.x() + 11, centre.y())
            triangle.lineTo(centre.x() - 7, centre.y() + 11)
            triangle.closeSubpath()
            painter.fillPath(triangle, QColor("#FFFFFF"))
            # The length is not known without decoding the video: never invent one. The
            # type and size of a chosen file are known, as an undownloaded video shows them.
            painter.setPen(QColor("#FFFFFF"))
            painter.setFont(chat_font(8))
            painter.drawText(
                rect.adjusted(8, 0, -8, -6), QtCore.Qt.AlignmentFlag.AlignBottom, self._detail
            )
        else:
            painter.fillRect(rect, QColor(theme.code_background))
            badge = QRectF(rect.left() + 10, rect.top() + 12, 32, 40)
            painter.setBrush(QColor("#E53935"))
            painter.setPen(QtCore.Qt.PenStyle.NoPen)
            painter.drawRoundedRect(badge, 4, 4)
            painter.setPen(QColor("#FFFFFF"))
            painter.setFont(chat_font(7, bold=True))
            kind = (self._detail.split(" ")[0] or "FILE")[:4].upper()
            painter.drawText(badge, QtCore.Qt.AlignmentFlag.AlignCenter, kind)
            text_rect = rect.adjusted(52, 12, -10, -12)
            painter.setPen(QColor(theme.text))
            painter.setFont(chat_font(10))
            name = painter.fontMetrics().elidedText(
                self._caption, QtCore.Qt.TextElideMode.ElideMiddle, int(text_rect.width())
            )
            painter.drawText(text_rect, QtCore.Qt.AlignmentFlag.AlignTop, name)
            painter.setPen(QColor(theme.secondary))
            painter.setFont(chat_font(8.5))
            painter.drawText(
                text_rect, QtCore.Qt.AlignmentFlag.AlignBottom, self._detail or "Document"
            )

    def _paint_image(self, painter: QPainter, rect: QRectF) -> None:
        image = self._image
        if image is None:
            painter.fillRect(rect, QColor(self._theme.divider))
            painter.setPen(QColor(self._theme.secondary))
            painter.setFont(chat_font(9))
            painter.drawText(rect, QtCore.Qt.AlignmentFlag.AlignCenter, "🖼  " + self._caption)
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
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        box = geometry.header_image_box(image.width(), image.height(), int(rect.width()))
        if box.fit is geometry.Fit.LETTERBOX:
            top = (rect.height() - box.image_height) / 2
            target = QRectF(0, top, box.image_width, box.image_height)
            painter.drawImage(target, image)
        elif box.fit is geometry.Fit.CROP:
            visible = image.height() * box.height / box.image_height
            source = QRectF(0, (image.height() - visible) / 2, image.width(), visible)
            painter.drawImage(rect, image, source)
        else:
            painter.drawImage(rect, image)
        painter.end()
        return pixmap
