"""Rich text at a fixed width: wraps long words too, and is exactly as tall as its text.

One paragraph per line. When only some lines change (typing), only those paragraphs are
replaced, laid out and repainted; the rest of the document stays as it was. A click on a
link opens its address, as a tap does on the phone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui
from PySide6.QtCore import QRectF
from PySide6.QtGui import (
    QPainter,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
    QTextOption,
)
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QFont, QMouseEvent, QPaintEvent


def _document(width: int, parent: QWidget) -> QTextDocument:
    document = QTextDocument(parent)
    document.setUndoRedoEnabled(False)  # edited in place: no history to keep
    document.setDocumentMargin(0)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    document.setTextWidth(width)
    return document


def _paragraphs(lines: Sequence[str]) -> str:
    return "<body>" + "".join(f"<p>{line}</p>" for line in lines) + "</body>"


class RichTextBlock(QWidget):
    def __init__(self, width: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = _document(width, self)
        self._line = _document(width, self)  # one changed line is read into this
        self.setFixedWidth(width)
        self._style: tuple[str, str] | None = None
        self._lines: tuple[str, ...] = ()
        self.setMouseTracking(True)  # the pointing hand over a link

    def set_html(self, html: str, *, colour: str, font: QFont) -> None:
        """Show one paragraph of Qt rich text."""
        self.set_lines((html,), colour=colour, font=font)

    def set_lines(self, lines: Sequence[str], *, colour: str, font: QFont) -> None:
        """Show one paragraph per item of ``lines`` (Qt rich text, no block elements)."""
        lines = tuple(lines)
        style = (colour, font.key())
        if style == self._style and lines == self._lines:
            return
        shown, self._lines = self._lines, lines
        if style != self._style:
            for document in (self._document, self._line):
                document.setDefaultFont(font)
                document.setDefaultStyleSheet(
                    f"body {{ color: {colour}; }} p {{ margin: 0; white-space: pre-wrap; }}"
                )
            self._style, shown = style, ()
        if len(shown) != len(lines):  # a line added or removed (or the first time): redo all
            self._document.setHtml(_paragraphs(lines))
            self._resize_or_update(None)
            return
        changed = [index for index, line in enumerate(lines) if line != shown[index]]
        for index in changed:
            self._replace(index, lines[index])
        self._resize_or_update(changed)

    def _replace(self, index: int, line: str) -> None:
        # Read by the same HTML import as a full rebuild, so the formats are the same.
        self._line.setHtml(_paragraphs((line,)))
        cursor = QTextCursor(self._document.findBlockByNumber(index))
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()  # inserting an empty fragment would not remove it
        cursor.insertFragment(QTextDocumentFragment(self._line))

    def _resize_or_update(self, changed: list[int] | None) -> None:
        height = int(self._document.size().height() + 0.999)
        if height != self.height():
            self.setFixedHeight(height)
            self.update()
        elif changed is None:
            self.update()
        else:  # the same height: only the changed lines need painting again
            layout = self._document.documentLayout()
            area = QRectF()
            for index in changed:
                area = area.united(
                    layout.blockBoundingRect(self._document.findBlockByNumber(index))
                )
            self.update(area.toAlignedRect().adjusted(0, 0, 1, 1))

    def link_at(self, event: QMouseEvent) -> str:
        """The address of the link under the mouse, "" when there is none."""
        return self._document.documentLayout().anchorAt(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.link_at(event):
            self.setCursor(QtCore.Qt.CursorShape.PointingHandCursor)
        else:
            self.unsetCursor()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        address = self.link_at(event) if event.button() == QtCore.Qt.MouseButton.LeftButton else ""
        if address:
            QtGui.QDesktopServices.openUrl(QtCore.QUrl(address))  # boot.py, measure 6
        super().mouseReleaseEvent(event)

    def plain_text(self) -> str:
        return self._document.toPlainText()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self._document.drawContents(painter, QRectF(event.rect()))
