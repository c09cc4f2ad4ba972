"""Every send attempt, newest first, filterable; a row opens as a draft or is sent again.

The selection stays on its attempt when the list is refreshed (a send adds a row at the
top): it follows the attempt's id, not its row number.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rampwin_desktop.storage.history import Attempt, History
from rampwin_desktop.ui.fields import push_button

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
# What a column is sized for before it has rows (the last one, Detail, takes the rest).
SAMPLES = ("2000-00-00 00:00:00", "Profile name", "+00 00000 00000", "maybe sent")


class HistoryPanel(QWidget):
    open_requested = Signal(object)  # Attempt
    send_again_requested = Signal(object)  # Attempt

    def __init__(self, history: History, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyPanel")
        self.history = history
        self.filter = QLineEdit(self)
        self.filter.setObjectName("historyFilterEdit")
        self.filter.setPlaceholderText(self.tr("Filter by number, outcome or text"))
        self.filter.setClearButtonEnabled(True)
        labels = [self.tr("When"), self.tr("Profile"), self.tr("To"), self.tr("Outcome")]
        self.table = QTableWidget(0, len(labels) + 1, self)
        self.table.setObjectName("historyTable")
        self.table.setHorizontalHeaderLabels([*labels, self.tr("Detail")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
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
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.again_button)
        stack = QVBoxLayout(self)
        stack.addWidget(self.filter)
        stack.addWidget(self.table, 1)
        stack.addLayout(buttons)
        self.filter.textChanged.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button.clicked.connect(self._on_open)
        self.again_button.clicked.connect(self._on_again)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.table.itemDoubleClicked.connect(self._on_open)
        self._rows: list[Attempt] = []
        self._on_selection()

    @Slot()
    def refresh(self) -> None:
        """The attempts as stored now; the selected one stays selected if still listed."""
        chosen = self.selected()
        self._rows = self.history.attempts(self.filter.text().strip())
        self.table.clearSelection()
        self.table.setRowCount(len(self._rows))
        for index, attempt in enumerate(self._rows):
            when = datetime.fromtimestamp(attempt.created_at).strftime(TIME_FORMAT)
            for column, text in enumerate(
                (when, attempt.profile, attempt.recipient, attempt.outcome.words, attempt.detail)
            ):
                self.table.setItem(index, column, QTableWidgetItem(text))
        for column, width in enumerate(self._minimum_widths):
            self.table.resizeColumnToContents(column)
            self.table.setColumnWidth(column, max(width, self.table.columnWidth(column)))
        ids = [attempt.id for attempt in self._rows]
        if chosen is not None and chosen.id in ids:
            self.table.selectRow(ids.index(chosen.id))
        self._on_selection()

    def selected(self) -> Attempt | None:
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if len(rows) == 1 else -1
        return self._rows[row] if 0 <= row < len(self._rows) else None

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
