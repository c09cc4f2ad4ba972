"""Rich text at a fixed width: wraps long words too, and is exactly as tall as its text."""

from __future__ import annotations

from PySide6.QtGui import QFont, QPainter, QPaintEvent, QTextDocument, QTextOption
from PySide6.QtWidgets import QWidget


class RichTextBlock(QWidget):
    def __init__(self, width: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = QTextDocument(self)
        self._document.setDocumentMargin(0)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self._document.setDefaultTextOption(option)
        self._document.setTextWidth(width)
        self.setFixedWidth(width)
        self._style: tuple[str, str] | None = None
        self._html = ""

    def set_html(self, html: str, *, colour: str, font: QFont) -> None:
        style = (colour, font.key())
        if style == self._style and html == self._html:
            return
        if style != self._style:
            self._document.setDefaultFont(font)
            self._document.setDefaultStyleSheet(f"body {{ color: {colour}; }}")
            self._style = style
        self._html = html
        self._document.setHtml(f"<body>{html}</body>")
        height = int(self._document.size().height() + 0.999)
        if height != self.height():
            self.setFixedHeight(height)
        self.update()

    def plain_text(self) -> str:
        return self._document.toPlainText()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self._document.drawContents(painter)
