"""Every send attempt, newest first, filterable; a row opens as a draft or is sent again."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rampwin_desktop.storage.history import Attempt, History
from rampwin_desktop.ui.fields import push_button


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
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("historyTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("To"), self.tr("Outcome"), self.tr("Detail")]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.refresh_button = push_button(self.tr("Refresh"), self)
        self.refresh_button.setObjectName("historyRefreshButton")
        self.refresh_button.setToolTip(self.tr("Sends from the command line show here too"))
        self.open_button = push_button(self.tr("Open as draft"), self)
        self.again_button = push_button(self.tr("Send again…"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.again_button)
        column = QVBoxLayout(self)
        column.addWidget(self.filter)
        column.addWidget(self.table, 1)
        column.addLayout(buttons)
        self.filter.textChanged.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button.clicked.connect(self._on_open)
        self.again_button.clicked.connect(self._on_again)
        self._rows: list[Attempt] = []

    def refresh(self) -> None:
        self._rows = self.history.attempts(self.filter.text().strip())
        self.table.setRowCount(len(self._rows))
        for index, attempt in enumerate(self._rows):
            when = datetime.fromtimestamp(attempt.created_at).strftime("%Y-%m-%d %H:%M:%S")
            for column, text in enumerate(
                (when, attempt.recipient, attempt.outcome.words, attempt.detail)
            ):
                self.table.setItem(index, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def selected(self) -> Attempt | None:
        row = self.table.currentRow()
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def _on_open(self) -> None:
        if (attempt := self.selected()) is not None:
            self.open_requested.emit(attempt)

    def _on_again(self) -> None:
        if (attempt := self.selected()) is not None:
            self.send_again_requested.emit(attempt)
