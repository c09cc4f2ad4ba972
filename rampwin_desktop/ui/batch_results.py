"""Send to a list's results as a model: every row of the batch, in the list's order, each
updated in place as it is sent, and the filter that shows some of them.

Plain Python lists behind a ``QAbstractTableModel``: the view asks only for the rows on
screen, so a batch of 10,000 rows is listed and filtered without 50,000 items (items took
≈ 33 ms per 1,000 rows to list, and a filter over 10,000 of them ≈ 150 ms).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from rampwin_desktop.app.row_outcome import WINDOW_CLOSED
from rampwin_desktop.core.phone import searched
from rampwin_desktop.core.text import fold
from rampwin_desktop.storage.journal import RowState

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from rampwin_desktop.ui.batch_table import Record

Index = QModelIndex | QPersistentModelIndex
DISPLAY, TOOL_TIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
STATUS_COLUMN, MESSAGE_COLUMN = 2, 3  # the message or the error: whole in its tooltip
# A status typed whole finds the rows in it, not every message that has the word ("sent"
# found the skipped rows "an earlier batch sent this message" too: a newcomer's find).
STATUSES = frozenset({*(state.value for state in RowState), WINDOW_CLOSED})


def looked_for(text: str) -> str:
    """What a filter on ``text`` looks for: case and accents ignored (``fold``, as History
    does), a number written with spaces or a ``+`` as its digits ("": every row)."""
    return fold(searched(text)) if text else ""


def fold_row(cells: Sequence[str], also: str) -> str:
    """A row's shown cells and its list values, as ``kept`` looks in them."""
    return fold("\n".join((*cells, also)))


def kept(record: Record, folded: str, wanted: str) -> bool:
    """Whether the filter looking for ``wanted`` (``looked_for``) keeps ``record``, whose
    cells and list values are ``folded``: a status named whole keeps the rows in it, other
    text the rows that contain it."""
    if not wanted:
        return True
    if wanted in STATUSES:
        return record[STATUS_COLUMN] == wanted
    return wanted in folded


class ResultsModel(QAbstractTableModel):
    """The rows' cells (row, number, status, message, time) in the list's order; ``cells``
    says how a record is shown, ``set_filter`` which rows are let through (``kept``)."""

    def __init__(
        self,
        headers: Sequence[str],
        cells: Callable[[Record], tuple[str, ...]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._cells = cells  # Record -> the texts shown (the time as the table says it)
        self._order: list[int] = []  # each record's row in the list, ascending
        self._records: list[Record] = []  # in the same order
        self._folded: list[str] = []  # each record's cells and list values, for the filter
        self._wanted = ""  # what the filter looks for, folded ("": every row)
        self._visible: list[int] = []  # the records the filter lets through, ascending

    # ------------------------------------------------------------------ the model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or role not in (DISPLAY, TOOL_TIP):
            return None
        record = self._records[self._visible[index.row()]]
        if role == TOOL_TIP:  # the message read whole, however narrow its column
            return record[MESSAGE_COLUMN] if index.column() == MESSAGE_COLUMN else None
        return self._cells(record)[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    # ------------------------------------------------------------------ the rows

    def records(self) -> list[Record]:
        """Every row, filtered or not, in the list's order (a copy)."""
        return list(self._records)

    def count(self) -> int:
        """How many rows the batch has listed, filtered or not."""
        return len(self._records)

    def clear(self) -> None:
        self.beginResetModel()
        self._order, self._records, self._folded, self._visible = [], [], [], []
        self.endResetModel()

    def put(self, row: int, record: Record, also: str = "") -> None:
        """Show ``record`` for ``row``: in its place when it is listed, else inserted in the
        list's order. ``also``: more text the filter finds it by (the list's other values:
        a name)."""
        place = bisect.bisect_left(self._order, row)
        if place < len(self._order) and self._order[place] == row:
            self._update(place, record, also)
        else:
            self._insert(place, row, record, also)

    def put_all(self, rows: Sequence[tuple[int, Record, str]]) -> None:
        """Show many rows at once (as ``put``); a batch's whole list is laid out once, not
        row by row."""
        if not self._records:
            ordered = sorted(rows, key=lambda item: item[0])
            self.beginResetModel()
            self._order = [row for row, _, _ in ordered]
            self._records = [record for _, record, _ in ordered]
            self._folded = [self._fold(record, also) for _, record, also in ordered]
            self._visible = self._matching()
            self.endResetModel()
            return
        for row, record, also in rows:
            self.put(row, record, also)

    def set_filter(self, text: str) -> None:
        """Show the rows the filter on ``text`` keeps (``kept``)."""
        wanted = looked_for(text)
        if wanted == self._wanted:
            return
        self.beginResetModel()
        self._wanted = wanted
        self._visible = self._matching()
        self.endResetModel()

    def visible_records(self) -> list[Record]:
        return [self._records[place] for place in self._visible]

    # ------------------------------------------------------------------ inside

    def _fold(self, record: Record, also: str) -> str:
        return fold_row(self._cells(record), also)

    def _matching(self) -> list[int]:
        wanted, folded = self._wanted, self._folded
        return [
            place for place, record in enumerate(self._records)
            if kept(record, folded[place], wanted)
        ]  # fmt: skip

    def _update(self, place: int, record: Record, also: str) -> None:
        self._records[place] = record
        folded = self._folded[place] = self._fold(record, also)
        shown = bisect.bisect_left(self._visible, place)
        was_shown = shown < len(self._visible) and self._visible[shown] == place
        now_shown = kept(record, folded, self._wanted)
        if was_shown and now_shown:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(shown, 0), self.index(shown, last))
        elif now_shown:  # it now has what the filter looks for
            self.beginInsertRows(QModelIndex(), shown, shown)
            self._visible.insert(shown, place)
            self.endInsertRows()
        elif was_shown:
            self.beginRemoveRows(QModelIndex(), shown, shown)
            del self._visible[shown]
            self.endRemoveRows()

    def _insert(self, place: int, row: int, record: Record, also: str) -> None:
        folded = self._fold(record, also)
        self._order.insert(place, row)
        self._records.insert(place, record)
        self._folded.insert(place, folded)
        shown = bisect.bisect_left(self._visible, place)
        later = range(shown, len(self._visible))
        for each in later:  # the records after it moved one place down
            self._visible[each] += 1
        if kept(record, folded, self._wanted):
            self.beginInsertRows(QModelIndex(), shown, shown)
            self._visible.insert(shown, place)
            self.endInsertRows()
