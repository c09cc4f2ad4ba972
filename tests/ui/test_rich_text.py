"""The preview's text: what typing changes in place must look exactly like a fresh build."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QObject
from PySide6.QtGui import QFont, QPaintEvent
from PySide6.QtWidgets import QApplication

from rampwin_desktop.core import markup
from rampwin_desktop.ui.rich_text import RichTextBlock

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent, QRect

WIDTH = 240
FONT = QFont("DejaVu Sans", 10)
LINE = st.text(alphabet="ab wx*_~`->1.é🎉", max_size=30)


def shown(lines: list[str], before: list[str] | None = None) -> RichTextBlock:
    """A text block showing ``lines``; when ``before`` is given, edited from that to these."""
    block = RichTextBlock(WIDTH)
    for text in ([before] if before is not None else []) + [lines]:
        html = markup.to_html_lines(markup.parse("\n".join(text)))
        block.set_lines(html, colour="#111B21", font=FONT)
    return block


def assert_same(edited: RichTextBlock, fresh: RichTextBlock) -> None:
    assert edited.plain_text() == fresh.plain_text()
    assert edited.height() == fresh.height()
    assert edited.grab().toImage() == fresh.grab().toImage()


@settings(max_examples=60, deadline=None)
@given(
    before=st.lists(LINE, min_size=1, max_size=5),
    edits=st.lists(st.tuples(st.integers(0, 4), LINE), min_size=1, max_size=3),
)
def test_editing_lines_in_place_looks_like_building_afresh(
    qapp: QApplication, before: list[str], edits: list[tuple[int, str]]
) -> None:
    after = list(before)
    for index, line in edits:  # the same number of lines: the in-place path
        after[index % len(after)] = line
    assert_same(shown(after, before), shown(after))


@settings(max_examples=30, deadline=None)
@given(before=st.lists(LINE, min_size=1, max_size=5), after=st.lists(LINE, min_size=1, max_size=5))
def test_any_change_of_lines_looks_like_building_afresh(
    qapp: QApplication, before: list[str], after: list[str]
) -> None:
    assert_same(shown(after, before), shown(after))


class PaintSpy(QObject):
    """Records the rectangle of each paint event its widget gets."""

    def __init__(self, widget: RichTextBlock) -> None:
        super().__init__(widget)
        self.rects: list[QRect] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QPaintEvent):
            self.rects.append(event.rect())
        return False


def test_typing_in_one_line_repaints_only_that_line(qapp: QApplication) -> None:
    lines = ["*Big winter sale* 🎉", "", "- Jackets from ₹999", "- Boots from ₹1,499", "Bye"]
    block = shown(lines)
    block.show()
    QApplication.processEvents()
    spy = PaintSpy(block)
    edited = [*lines[:2], "- Coats from ₹999", *lines[3:]]
    html = markup.to_html_lines(markup.parse("\n".join(edited)))
    block.set_lines(html, colour="#111B21", font=FONT)
    QApplication.processEvents()
    assert spy.rects and all(rect.height() < block.height() / 3 for rect in spy.rects)
    assert "Coats" in block.plain_text()
    block.close()
