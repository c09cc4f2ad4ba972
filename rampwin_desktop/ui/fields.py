"""Small pieces every form row uses: a live counter and a problem line under the field;
and how the window's tables show their rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from rampwin_desktop.core import text
from rampwin_desktop.core.validation import Problem, Severity
from rampwin_desktop.core.variables import shown_text
from rampwin_desktop.ui import boot, palette

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableView


def push_button(text: str, parent: QWidget) -> QPushButton:
    """A button labelled ``text``. Made with its parent, then labelled: ``QPushButton(text,
    parent)`` would also try PySide6's ``(QIcon, text, parent)`` overload, which makes Qt's
    icon type before the window is painted (ui/boot.py, measure 6)."""
    button = QPushButton(parent)
    button.setText(text)
    return button


def set_font(
    widget: QWidget, *, points: float | None = None, weight: QFont.Weight | None = None
) -> None:
    """``widget``'s font (and its children's) in another size or weight."""
    font = widget.font()
    if points is not None:
        font.setPointSizeF(points)
    if weight is not None:
        font.setWeight(weight)
    widget.setFont(font)


def line_per_row(table: QTableView) -> None:
    """Rows a line tall, as a spreadsheet's (History, Send to a list): long text is cut
    short, whole in the cell's tooltip."""
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)


SMALL_POINTS = 9.0  # a problem line's text, and other notes under a field
EMPHASIS_WEIGHT = QFont.Weight.DemiBold  # a counter over its limit, the problem count
Said = str | Problem  # a problem under a field: validation's, or a sentence of the field's


def text_of(said: Said) -> str:
    return said.message if isinstance(said, Problem) else said


class ProblemLabel(QLabel):
    """A short red line under a field; hidden while the field is fine. For a field still
    empty (``prompt``), what it needs is said in grey: nothing is wrong yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tone = ""  # shaded when first shown: most never are
        set_font(self, points=SMALL_POINTS)
        self.hide()

    def set_problems(self, said: Sequence[Said], *, prompt: bool = False) -> None:
        """Each problem on a line: in red, in the caution tone when all are warnings (they
        do not stop a send), in grey with ``prompt``."""
        messages = [text_of(item) for item in said]
        text = "\n".join(messages)
        warned = all(isinstance(i, Problem) and i.severity is Severity.WARNING for i in said)
        tone = "muted" if prompt else "caution" if said and warned else "error"
        if text == self.text() and self.isHidden() != bool(messages) and tone == self._tone:
            return  # called on every keystroke: leave an unchanged label alone
        if messages and tone != self._tone:
            self._tone = tone
            self.setWordWrap(True)
            palette.shade(self, tone)
        self.setText(text)
        self.setVisible(bool(messages))
        self.setAccessibleDescription(self.text())


class Counter(QLabel):
    """``n / max``, red once over."""

    def __init__(self, maximum: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.maximum = maximum
        self._count: int | None = None
        # As wide as its widest text from the start: the field beside it keeps its width.
        boot.set_qt_properties(self, alignment="AlignRight|AlignVCenter")
        self.reserve(maximum)
        self.set_count(0)

    def reserve(self, maximum: int) -> None:
        """Be wide enough for ``maximum / maximum``, in bold (its look once over)."""
        font = QFont(self.font())
        font.setBold(True)
        widest = QFontMetrics(font).horizontalAdvance(f"{maximum} / {maximum}")
        self.setMinimumWidth(max(self.minimumWidth(), widest + 2))

    def set_count(self, count: int) -> None:
        if count == self._count:
            return
        self._count = count
        self.setText(f"{count} / {self.maximum}")
        over = count > self.maximum
        if self.property("over") != over:
            self.setProperty("over", over)
            palette.shade(self, "error" if over else "muted")
            set_font(self, weight=EMPHASIS_WEIGHT if over else QFont.Weight.Normal)
        self.setAccessibleName(
            self.tr("%n characters of %1", "", count).replace("%1", str(self.maximum))
        )

    @property
    def over(self) -> bool:
        return bool(self.property("over"))


class CountedLineEdit(QWidget):
    """A one-line field with a live counter beside it and its problem under it."""

    textChanged = Signal(str)

    def __init__(
        self, object_name: str, maximum: int, accessible_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setObjectName(object_name)
        self.edit.setAccessibleName(accessible_name)
        self.counter = Counter(maximum, self)
        self.problem = ProblemLabel(self)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.counter)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.problem)
        self.edit.textChanged.connect(self._on_text)

    def _on_text(self, value: str) -> None:
        self.counter.set_count(text.length(shown_text(value)))  # \{{ counts as the {{ sent
        self.textChanged.emit(value)

    def text(self) -> str:
        return self.edit.text()

    def set_text(self, value: str) -> None:
        if value != self.edit.text():
            self.edit.setText(value)

    def set_problems(self, said: Sequence[Said]) -> None:
        self.problem.set_problems(said)
        self.edit.setToolTip("\n".join(text_of(item) for item in said))
