"""History as a lazy table model: a page of attempts at a time, read when the view needs it.

A history of 100,000 attempts costs the window one page (``PAGE`` rows) per refresh or
filter: the filter runs in SQL (``History.page``), and the view asks for the next page
(``fetchMore``) only when it is scrolled to the end of what is loaded.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from rampwin_desktop.core import payload
from rampwin_desktop.storage.history import Attempt, History
from rampwin_desktop.storage.history_search import WHEN  # what the filter finds it by

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

PAGE = 200
DETAIL, MESSAGE = 5, 6  # columns of text that may be long: whole in their tooltips
ModelIndex = QModelIndex | QPersistentModelIndex


def cells(attempt: Attempt) -> tuple[str, ...]:
    """What each column shows for ``attempt``: when, profile, to, outcome, batch, detail,
    message (its body, on one line)."""
    when = datetime.fromtimestamp(attempt.created_at).strftime(WHEN)
    outcome = attempt.outcome.words
    message = " ".join(payload.body_text(attempt.body).split())
    return (
        when, attempt.profile, attempt.recipient, outcome, attempt.batch, attempt.detail, message
    )  # fmt: skip


class HistoryModel(QAbstractTableModel):
    def __init__(self, history: History, headers: list[str], parent: QObject | None = None):
        super().__init__(parent)
        self.history = history
        self.headers = headers
        self.text = ""
        self._rows: list[Attempt] = []
        self._cells: list[tuple[str, ...]] = []
        self._more = False

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> str | None:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == DETAIL:
            return self._cells[index.row()][DETAIL]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == MESSAGE:
            return payload.body_text(self._rows[index.row()].body)  # with its line breaks
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            found = self.history.page(self.text, self._rows[-1].id, PAGE)
            self._more = len(found) == PAGE
            if found:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(found) - 1)
                self._add(found)
                self.endInsertRows()

    def reload(self, text: str, rows: int = 0) -> None:
        """The attempts matching ``text`` as stored now: the first page, and at least
        ``rows`` + 1 rows when there are so many (to reach an attempt to select)."""
        self.beginResetModel()
        self.text, self._rows, self._cells = text, [], []
        found = self.history.page(text, None, max(PAGE, rows + 1))
        self._more = len(found) == max(PAGE, rows + 1)
        self._add(found)
        self.endResetModel()

    def _add(self, found: list[Attempt]) -> None:
        self._rows += found
        self._cells += [cells(attempt) for attempt in found]

    def attempt(self, row: int) -> Attempt | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, attempt_id: int) -> int | None:
        for row, attempt in enumerate(self._rows):
            if attempt.id == attempt_id:
                return row
        return None
