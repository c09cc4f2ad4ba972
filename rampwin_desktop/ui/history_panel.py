"""Every send attempt, newest first, filterable; a row opens as a draft or is sent again.

The selection stays on its attempt when the list is refreshed (a send adds a row at the
top): it follows the attempt's id, not its row number. The table reads the history a page
at a time (``history_model.py``): 100,000 attempts cost no more to show or filter than 200.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rampwin_desktop.storage.history import Attempt, History
from rampwin_desktop.ui import palette
from rampwin_desktop.ui.fields import line_per_row, push_button
from rampwin_desktop.ui.history_model import DETAIL, HistoryModel

FITTED_ROWS = 40  # the rows a column's width is fitted to: those in view and a few more
# What a column is sized for before it has rows (the last one, Message, takes the rest).
SAMPLES = (
    "2000-00-00 00:00:00",
    "Profile name",
    "+00 00000 00000",
    "outcome unknown",  # the longest of Outcome.words
    "20001231-235959-abcd",
    "Interactive message sent successfully",  # its width stays (fitted, one long one would
)  # take the row from the message, which has the rest)


class HistoryPanel(QWidget):
    open_requested = Signal(object)  # Attempt
    send_again_requested = Signal(object)  # Attempt

    def __init__(self, history: History, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyPanel")
        self.history = history
        self.filter = QLineEdit(self)
        self.filter.setObjectName("historyFilterEdit")
        self.filter.setPlaceholderText(
            self.tr("Filter by text, number, date, profile, outcome or batch")
        )
        self.filter.setClearButtonEnabled(True)
        labels = [self.tr("When"), self.tr("Profile"), self.tr("To"), self.tr("Outcome")]
        labels += [self.tr("Batch"), self.tr("Detail"), self.tr("Message")]  # Batch: "" if single
        self.model = HistoryModel(history, labels, self)
        self.table = QTableView(self)
        self.table.setObjectName("historyTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        line_per_row(self.table)  # long text whole in its tooltip
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(FITTED_ROWS)  # not every loaded row, at every key
        self._minimum_widths = [
            max(self.fontMetrics().horizontalAdvance(text), header.sectionSizeHint(column))
            + 2 * self.fontMetrics().averageCharWidth()
            for column, text in enumerate(SAMPLES)
        ]
        for column, width in enumerate(self._minimum_widths):
            self.table.setColumnWidth(column, width)
        self.refresh_button = push_button(self.tr("Refresh"), self)
        self.refresh_button.setObjectName("historyRefreshButton")
        self.refresh_button.setToolTip(self.tr("Sends from the command line show here too"))
        self.open_button = push_button(self.tr("Open as draft"), self)
        self.open_button.setObjectName("historyOpenButton")
        self.open_button.setToolTip(
            self.tr("Put this message in the form, to change it before sending (double-click)")
        )
        self.again_button = push_button(self.tr("Send again…"), self)
        self.again_button.setObjectName("historySendAgainButton")
        self.again_button.setToolTip(
            self.tr("Send this message once more as it was, after one question")
        )
        self.note = QLabel(self)  # says so when nothing is listed: no blank table unexplained
        self.note.setObjectName("historyNote")
        palette.shade(self.note, "muted")
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.again_button)
        stack = QVBoxLayout(self)
        stack.addWidget(self.filter)
        stack.addWidget(self.table, 1)
        stack.addLayout(buttons)
        self.filter.textChanged.connect(self._on_filter_changed)
        self.refresh_button.clicked.connect(self.show_newest)
        self.open_button.clicked.connect(self._on_open)
        self.again_button.clicked.connect(self._on_again)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.doubleClicked.connect(self._on_open)
        self._on_selection()

    @Slot()
    def refresh(self) -> None:
        """The attempts as stored now, the columns fitted to them; the selected one stays
        selected if still listed."""
        self._reload()
        for column, width in enumerate(self._minimum_widths):
            if column != DETAIL:
                self.table.resizeColumnToContents(column)
            self.table.setColumnWidth(column, max(width, self.table.columnWidth(column)))

    @Slot()
    def show_newest(self) -> None:
        """Refreshed, with the newest attempts in view, the selection kept: for Refresh,
        for History opened, and after a send (the selection stayed in view, with what had
        come since above it, out of sight: a newcomer's find)."""
        self.refresh()
        self.table.scrollToTop()

    @Slot(str)
    def _on_filter_changed(self, text: str) -> None:
        """The attempts that match, from the newest (or around the selected one), in
        columns that keep their widths while the filter is typed: fitted at each key, they
        jumped (and took ≈ 5 ms of the key's 12). A cleared filter fits them to every
        attempt again, as Refresh does."""
        if not text.strip():
            self.refresh()
        else:
            self._reload()
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.table.scrollTo(rows[0])
        else:
            self.table.scrollToTop()

    def _reload(self) -> None:
        chosen = self.selected()
        text = self.filter.text().strip()
        row = self.history.position(chosen.id, text) if chosen is not None else None
        self.model.reload(text, row or 0)  # the selection goes with the old rows
        if chosen is not None and (found := self.model.row_of(chosen.id)) is not None:
            self.table.selectRow(found)
        self._on_selection()
        if self.model.rowCount():
            self.note.clear()
        elif text:
            self.note.setText(self.tr("No attempt matches “%1”.").replace("%1", text))
        else:
            self.note.setText(self.tr("No sends yet: each one is listed here."))

    def selected(self) -> Attempt | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.attempt(rows[0].row()) if len(rows) == 1 else None

    @Slot()
    def _on_selection(self) -> None:
        chosen = self.selected() is not None
        self.open_button.setEnabled(chosen)
        self.again_button.setEnabled(chosen)

    @Slot()
    def _on_open(self) -> None:
        if (attempt := self.selected()) is not None:
            self.open_requested.emit(attempt)

    @Slot()
    def _on_again(self) -> None:
        if (attempt := self.selected()) is not None:
            self.send_again_requested.emit(attempt)
