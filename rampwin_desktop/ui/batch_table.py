"""Send to a list's tables: the first rows of the CSV, and the results (filtered, exported).

The results are a model of plain Python lists (``batch_results.py``), not a table of items,
so a list of thousands of rows stays cheap to list and to filter.
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
)

from rampwin_desktop.app import batch_report
from rampwin_desktop.core.recipients import RecipientTable
from rampwin_desktop.storage.journal import JournalRow, RowState
from rampwin_desktop.storage.private import opener
from rampwin_desktop.ui import fields, palette
from rampwin_desktop.ui.batch_results import ResultsModel, fold_row, kept, looked_for

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent
    from PySide6.QtWidgets import QWidget

FIRST_ROWS = 50  # rows of the CSV shown before sending
RESULT_COLUMNS = batch_report.RESULT_COLUMNS
MESSAGE_COLUMN = 3
MESSAGE_MIN = 180  # px: "Interactive message sent successfully" needs ~240
TIME_COLUMN: Final = 4


def when(at: float | None) -> str:
    """A time as the table shows it: "14:05:09" today, with its date on another day."""
    if not at:
        return ""
    moment = datetime.fromtimestamp(at)
    return moment.strftime("%H:%M:%S" if moment.date() == date.today() else "%Y-%m-%d %H:%M:%S")


Record = tuple[str, str, str, str, float | None]  # a result row's cells; its time as a number
Listed = tuple[RecipientTable, str]  # the list the results come from, and its phone column


def shown(records: Sequence[Record], text: str, listed: Listed | None = None) -> list[Record]:
    """The records the table shows under the filter ``text``, as ``ResultsModel`` filters
    (``batch_results.kept``): a status named whole, else a cell or a value of the ``listed``
    list's row containing it, whatever the case."""
    if not text:
        return list(records)
    wanted = looked_for(text)
    return [r for r in records if kept(r, fold_row(_cells(r), also(r, listed)), wanted)]


def also(record: Record, listed: Listed | None) -> str:
    """The list's other values of the record's row (a name...), which the filter finds too."""
    if listed is None:
        return ""
    table, phone_column = listed
    return "\n".join(batch_report.list_values(table, int(record[0]), phone_column))


def _cells(record: Record) -> tuple[str, ...]:
    return (*record[:TIME_COLUMN], when(record[TIME_COLUMN]))


def write_results(
    path: Path, records: Sequence[Record], text: str, listed: Listed | None = None
) -> int:
    """Write the records shown under the filter ``text`` to ``path`` as CSV (0600), the
    time in ISO 8601 with its date and offset, then the ``listed`` list's other columns
    (as ``--results`` does); how many. Plain Python: it runs off the GUI thread
    (``ResultsTable.snapshot`` is all the GUI thread does)."""
    rows = sorted(shown(records, text, listed), key=lambda record: int(record[0]))  # as shown
    table, phone = listed if listed is not None else (None, "")
    encoding = batch_report.results_encoding(table)
    with open(path, "w", newline="", encoding=encoding, opener=opener) as stream:
        out = csv.writer(stream, delimiter=batch_report.results_delimiter(table))
        extra = batch_report.list_columns(table, phone) if table is not None else []
        out.writerow([*RESULT_COLUMNS, *extra])
        for record in rows:
            time = batch_report.result_time(record[TIME_COLUMN])
            values = batch_report.list_values(table, int(record[0]), phone) if table else []
            out.writerow([*record[:TIME_COLUMN], time, *values])
    return len(rows)


def _read_only(table: QTableView) -> None:
    """A table to read, a line per row."""
    fields.line_per_row(table)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)


class RowsTable(QTableWidget):
    """The CSV's first rows, numbered as the spreadsheet numbers them (header: row 1)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchRowsTable")
        _read_only(self)

    def show_table(self, table: RecipientTable) -> None:
        shown = table.rows[:FIRST_ROWS]
        self.clear()
        self.setColumnCount(len(table.columns))
        self.setRowCount(len(shown))
        self.setHorizontalHeaderLabels(list(table.columns))
        self.setVerticalHeaderLabels([str(index + 2) for index in range(len(shown))])
        for index, values in enumerate(shown):
            for column, name in enumerate(table.columns):
                self.setItem(index, column, QTableWidgetItem(values.get(name, "")))
        self.resizeColumnsToContents()

    def mark_left_out(self, why: Mapping[int, str], repeats: Collection[int] = ()) -> None:
        """The shown rows that will not be sent in the error tone, with ``why`` (by
        spreadsheet row) as their tooltip; ``repeats`` (left out as asked, not wrong: a
        note) in the caution tone; the others as they are."""
        tones = palette.tones()
        error, caution = QColor(tones.error), QColor(tones.caution)
        for index in range(self.rowCount()):
            row = index + 2
            reason = why.get(row, "")
            tone = (caution if row in repeats else error) if reason else None
            for column in range(self.columnCount()):
                item = self.item(index, column)
                if item is not None:
                    item.setToolTip(self.tr("Not sent: %1").replace("%1", reason) if reason else "")
                    item.setData(Qt.ItemDataRole.ForegroundRole, tone)


class ResultsTable(QTableView):
    """Every row of the batch: row, number, status, the server's message or the error,
    time; in the list's order, each updated in place as it is sent (``ResultsModel``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchResultsTable")
        headers = [self.tr("Row"), self.tr("Number"), self.tr("Status"), self.tr("Message"),
                   self.tr("Time")]  # fmt: skip
        self.results = ResultsModel(headers, _cells, self)
        self.setModel(self.results)
        self.verticalHeader().hide()
        _read_only(self)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        for column, width in ((0, 44), (1, 112), (2, 84), (4, 72)):  # the message: the rest
            self.setColumnWidth(column, width)
        self._shown: dict[int, JournalRow] = {}  # CSV row → the journal's row it shows
        self._over = False  # the rows shown are a run's end (or an earlier run's, resumed)
        self._filter = ""
        # The list the rows come from: a skipped row's number (the journal has none), and
        # the export's columns after the results'.
        self._list: Listed | None = None

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The message takes the room the other columns leave, but never less than
        ``MESSAGE_MIN`` (narrower, the table scrolls sideways rather than cut it to "Int…")."""
        super().resizeEvent(event)
        others = sum(self.columnWidth(column) for column in (0, 1, 2, 4))
        self.setColumnWidth(MESSAGE_COLUMN, max(MESSAGE_MIN, self.viewport().width() - others))

    def set_list(self, table: RecipientTable, phone_column: str) -> None:
        """The list the rows come from, for the numbers of rows that were not sent."""
        self._list = (table, phone_column)

    def set_filter(self, text: str) -> None:
        self._filter = text
        self.results.set_filter(text)

    def clear_rows(self) -> None:
        self.results.clear()
        self._shown.clear()

    def snapshot(self) -> tuple[list[Record], str, Listed | None]:
        """Every row and the filter, copied for an export off the GUI thread (a list copy:
        10,000 rows take well under a millisecond)."""
        return self.results.records(), self._filter, self._list

    @Slot(object)
    def show_row(self, row: JournalRow) -> None:
        """Show ``row`` in its place (a slot: the batch thread's ``row_done`` arrives here,
        in the GUI thread)."""
        self._shown[row.row] = row
        record = self._record(row)
        self.results.put(row.row, record, also(record, self._list))

    @Slot(object)
    def show_rows(self, rows: list[JournalRow], *, over: bool = False) -> None:
        """Show each of ``rows``: every row of the batch as a run starts (those still to
        send as "pending"), and again as it is ``over`` (a row still pending then says it
        was not sent). Rows shown already as they are stay (at a batch's end that is
        nearly all), and so does the selection."""
        if not set(self._shown) <= {row.row for row in rows}:  # another batch's rows
            self.clear_rows()
        pending_again = over != self._over  # what a pending row says changes
        self._over = over
        changed = [
            row
            for row in rows
            if self._shown.get(row.row) != row or (pending_again and row.state is RowState.PENDING)
        ]
        for row in changed:
            self._shown[row.row] = row
        records = [(row.row, self._record(row)) for row in changed]
        self.results.put_all([(n, record, also(record, self._list)) for n, record in records])

    def _record(self, row: JournalRow) -> Record:
        number = row.phone
        if not number and self._list is not None:  # skipped: the number as the list has it
            table, phone_column = self._list
            number = batch_report.list_number(table, row.row, phone_column)
        at = None if row.state is RowState.PENDING else row.at  # not sent yet: no time
        detail = batch_report.detail_of(row, over=self._over)
        return (str(row.row), number, batch_report.status_of(row), detail, at)

    def visible_rows(self) -> list[list[str]]:
        """What the table shows now (after the filter), as text."""
        return [list(_cells(record)) for record in self.results.visible_records()]
