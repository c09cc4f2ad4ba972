"""Send to a list's widgets, built and laid out; what they do is ``ui/batch_dialog.py``'s."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rampwin_desktop.core.model import Message
from rampwin_desktop.core.phone import shown_number
from rampwin_desktop.core.variables import VariableError, fill
from rampwin_desktop.ui import palette
from rampwin_desktop.ui.batch_table import ResultsTable, RowsTable
from rampwin_desktop.ui.fields import push_button
from rampwin_desktop.ui.preview import PreviewView

if TYPE_CHECKING:
    from PySide6.QtWidgets import (
        QPushButton,
    )

    from rampwin_desktop.core.recipients import RecipientTable
    from rampwin_desktop.ui.batch_loading import Loaded

MAX_RATE = 100.0  # messages per second the spin box allows
PROBLEMS_TAB = 1  # the tabs: Rows, Problems, Results
QUOTED_MAX = 24  # a filter quoted beside itself: longer, it would squeeze the field
STATUS_LINES = 5  # the status's height (a refusal naming a journal takes 5); a longer text scrolls


class BatchWidgets(QWidget):
    """Every control of the Send to a list window."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        tr = self.tr
        self.choose_button = self._button(tr("Choose CSV…"), "batchChooseCsv")
        self.resume_button = self._button(tr("Resume a batch…"), "batchResume")
        self.resume_button.setToolTip(tr("Continue a batch that stopped, from its journal"))
        self.file_label = QLabel(tr("Choose the CSV of recipients."), self)
        self.file_label.setObjectName("batchCsvDescription")
        self.file_label.setWordWrap(True)
        self.phone_column = QComboBox(self)
        self.phone_column.setObjectName("batchPhoneColumn")
        self.rate = QDoubleSpinBox(self)
        self.rate.setObjectName("batchRate")
        self.rate.setRange(0.0, MAX_RATE)
        self.rate.setDecimals(2)
        self.rate.setValue(1.0)
        self.rate.setSuffix(tr(" per second"))
        self.rate.setSpecialValueText(tr("no limit"))
        self.skip = QCheckBox(tr("Skip rows with problems"), self)
        self.skip.setObjectName("batchSkipProblems")
        self.skip.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.resend_unknown = QCheckBox(tr("Send the unknown rows again"), self)
        self.resend_unknown.setObjectName("batchResendUnknown")
        self.resend_unknown.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.resend_unknown.setToolTip(
            tr(
                "Rows whose send may have been delivered: sent again only if you ask, and "
                "their recipients may receive the message twice"
            )
        )
        self.resend_unknown.hide()  # until a batch with unknown rows is being resumed
        self.rows = RowsTable(self)
        self.problems = QListWidget(self)
        self.problems.setObjectName("batchProblems")
        self.problems.setWordWrap(True)  # a problem is a sentence: read whole, not scrolled
        self.problems.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results = ResultsTable(self)
        model = self.results.results
        self.filter = QLineEdit(self)
        self.filter.setObjectName("batchFilter")
        self.filter.setPlaceholderText(tr("Filter by number, status, message or list value"))
        self.filter.textChanged.connect(self.results.set_filter)
        self.filter.setClearButtonEnabled(True)
        self.filter_note = QLabel(self)  # how many rows the filter keeps, or that none match
        self.filter_note.setObjectName("batchFilterNote")
        palette.shade(self.filter_note, "muted")
        self.filter.textChanged.connect(self._count_filtered)
        for change in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            change.connect(self._count_filtered)
        self.export_button = self._button(tr("Export results…"), "batchExport")
        self.preview_row = QSpinBox(self)
        self.preview_row.setObjectName("batchPreviewRow")
        self.preview_row.setPrefix(tr("Row "))
        self.preview_row.setRange(0, 0)
        self.preview_row.setSpecialValueText(tr("Row –"))  # no list: not "Row 0"
        self.preview_row.setMinimumWidth(
            self.preview_row.fontMetrics().horizontalAdvance("Row 00000") + 40
        )
        self.preview = PreviewView(self)
        self.preview.setObjectName("batchPreview")
        self.preview.show_nothing(tr("Each row's message shows here"))
        self.preview_note = QLabel(self)
        self.preview_note.setObjectName("batchPreviewNote")
        self.preview_note.setWordWrap(True)
        palette.shade(self.preview_note, "muted")
        self.start_button = self._button(tr("Start"), "batchStart")
        self.pause_button = self._button(tr("Pause"), "batchPause")
        self.pause_button.setToolTip(tr("Stop after the message being sent; Continue goes on"))
        self.stop_button = self._button(tr("Stop"), "batchStop")
        self.stop_button.setToolTip(
            tr("Stop after the message being sent; Resume a batch… sends the rest later")
        )
        self.progress = QProgressBar(self)
        self.progress.setObjectName("batchProgress")
        self.show_not_started()
        self.counts = QLabel(self)
        self.counts.setObjectName("batchCounts")
        self.status = QLabel(self)
        self._said = ""  # what ``say`` last said, kept above what ``say_after`` adds
        self.status.setObjectName("batchStatus")
        self.status.setWordWrap(True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs = QTabWidget(self)
        self._lay_out()
        self.rows.currentCellChanged.connect(self._preview_table_row)
        self.preview_row.valueChanged.connect(self._select_table_row)

    def _preview_table_row(self, row: int, *_: int) -> None:
        """A row clicked in the Rows table is the one the preview shows."""
        if row >= 0:
            self.preview_row.setValue(row + 2)

    def _select_table_row(self, value: int) -> None:
        row = value - 2
        if 0 <= row < self.rows.rowCount() and self.rows.currentRow() != row:
            self.rows.setCurrentCell(row, max(self.rows.currentColumn(), 0))

    def show_row(
        self, message: Message, row: int, values: dict[str, str], phone: str, *, left_out: str = ""
    ) -> None:
        """The preview: ``message`` as spreadsheet row ``row`` (``values``) receives it, or
        would: ``left_out`` says why the row is not sent."""
        try:
            self.preview.set_message(fill(message, values))
        except VariableError as error:
            self.preview.show_nothing(self.tr("No preview"))
            self.preview_note.setText(str(error))
            return
        if left_out:
            self.preview_note.setText(
                self.tr("Row %1 is not sent (%2)").replace("%1", str(row)).replace("%2", left_out)
            )
            return
        self.preview_note.setText(  # the number as it is sent, as the results show it
            self.tr("Row %1, as it is sent to %2")
            .replace("%1", str(row))
            .replace("%2", shown_number(values.get(phone, "")))
        )

    def say(self, text: str, *, error: bool = False) -> None:
        """The status line under the buttons (in the error tone for a failure)."""
        self._said = text
        palette.shade(self.status, "error" if error else None)
        self.status.setText(text)

    def say_after(self, text: str, *, error: bool = False) -> None:
        """``text`` under what the status line says (an export's result under "Stopped by
        you: 4 not sent yet": it used to replace it); a later one replaces it."""
        palette.shade(self.status, "error" if error else None)
        self.status.setText(f"{self._said}\n{text}" if self._said else text)

    def forget_results(self) -> None:
        """Another list was chosen: the last one's results, filter and progress go."""
        self._clear_results()
        self.show_not_started()
        self.counts.clear()

    def _clear_results(self) -> None:
        """No rows, and no filter: one left from another list or run hid the new rows (a
        newcomer's "Person7" still filtered the next list's run)."""
        self.results.clear_rows()
        self.filter.clear()

    def _count_filtered(self) -> None:
        """Beside a filter, how many rows it keeps: "No row matches “Person7”." rather than
        a blank table unexplained (a newcomer's find), else "12 of 1,000 rows"."""
        text = self.filter.text().strip()
        model = self.results.results
        kept, every = model.rowCount(), model.count()
        if not text or not every:
            self.filter_note.clear()
        elif kept:
            said = self.tr("%1 of %2 rows").replace("%1", f"{kept:,}")
            self.filter_note.setText(said.replace("%2", f"{every:,}"))
        else:
            quoted = text if len(text) <= QUOTED_MAX else text[: QUOTED_MAX - 1] + "…"
            self.filter_note.setText(self.tr("No row matches “%1”.").replace("%1", quoted))

    def show_not_started(self) -> None:
        """The bar says so before a run (an empty box beside Stop puzzled a newcomer)."""
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("Not started"))
        self.progress.setTextVisible(True)

    def show_earlier(self, loaded: Loaded) -> None:
        """A batch being resumed, listed at once as its journal has it: what its earlier
        runs did, and the rows still to send."""
        if loaded.resuming is not None:
            self.results.set_list(loaded.table, loaded.phone_column)
            self.results.show_rows(list(loaded.resuming.rows_now), over=True)

    def results_for(self, loaded: Loaded, *, resumed: bool) -> None:
        """The results a run starts with: a resumed batch's earlier rows, else none."""
        if not resumed:
            self._clear_results()
        self.results.set_list(loaded.table, loaded.phone_column)

    def show_list(self, name: str, table: RecipientTable) -> None:
        """A list was read: its rows (the Rows tab in front: the last list's results went),
        its columns, the rows to preview."""
        self.rows.show_table(table)
        self.tabs.setCurrentIndex(0)
        self.phone_column.clear()
        self.phone_column.addItems(list(table.columns))
        self.preview_row.setRange(2, len(table.rows) + 1)
        self.preview_row.setSpecialValueText("")  # row 2 is row 2
        self.file_label.setText(f"{name}: {table.describe()}")
        self.resend_unknown.setChecked(False)

    def show_problems(self, lines: list[str], notes: list[str], *, focus: bool) -> None:
        """The Problems tab's ``lines``, then its ``notes`` (what is sent, yet may be a
        mistake) in the caution tone, its title counting both; ``focus``: shown when any."""
        self.problems.clear()
        self.problems.addItems(lines)
        caution = QColor(palette.tones().caution)
        for note in notes:
            QListWidgetItem(note, self.problems).setForeground(caution)
        title = self.tr("Problems (%1)").replace("%1", str(len(lines)))
        if notes:
            title += self.tr(", notes (%1)").replace("%1", str(len(notes)))
        self.tabs.setTabText(PROBLEMS_TAB, title)
        if (lines or notes) and focus:
            self.tabs.setCurrentIndex(PROBLEMS_TAB)

    def start_over(self) -> None:
        """No list chosen, as when the window first opened (a finished batch's list is
        not sent again without being chosen again)."""
        self.forget_results()
        self.rows.clear()
        self.rows.setRowCount(0)
        self.rows.setColumnCount(0)
        self.problems.clear()
        self.tabs.setTabText(PROBLEMS_TAB, self.tr("Problems"))
        self.tabs.setCurrentIndex(0)
        self.phone_column.clear()
        self.preview_row.setRange(0, 0)
        self.preview_row.setSpecialValueText(self.tr("Row –"))
        self.resend_unknown.setChecked(False)
        self.resend_unknown.hide()
        self.file_label.setText(self.tr("Choose the CSV of recipients."))
        self.preview.show_nothing(self.tr("Each row's message shows here"))
        self.preview_note.clear()
        self.status.clear()

    def _button(self, text: str, name: str) -> QPushButton:
        button = push_button(text, self)
        button.setObjectName(name)
        return button

    def _lay_out(self) -> None:
        tr = self.tr
        files = QHBoxLayout()
        files.addWidget(self.choose_button)
        files.addWidget(self.resume_button)  # "Resume a batch… (2)": it grows
        files.addStretch(1)
        options = QFormLayout()
        options.addRow(tr("List:"), self.file_label)  # a line of its own: it wraps less
        options.addRow(tr("Phone column:"), self.phone_column)
        options.addRow(tr("Rate:"), self.rate)
        options.addRow("", self.skip)
        options.addRow("", self.resend_unknown)
        results = QWidget(self)
        results_column = QVBoxLayout(results)
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.filter, 1)
        filter_row.addWidget(self.filter_note)
        filter_row.addWidget(self.export_button)
        results_column.addLayout(filter_row)
        results_column.addWidget(self.results, 1)
        self.tabs.addTab(self.rows, tr("Rows"))
        self.tabs.addTab(self.problems, tr("Problems"))
        self.tabs.addTab(results, tr("Results"))
        controls = QHBoxLayout()
        for button in (self.start_button, self.pause_button, self.stop_button):
            controls.addWidget(button)
        controls.addWidget(self.progress, 1)
        # The status has a place of its own, always as high as STATUS_LINES lines: a longer
        # text scrolls there instead of pushing the buttons up.
        status = QScrollArea(self)
        status.setObjectName("batchStatusArea")
        status.setWidget(self.status)
        status.setWidgetResizable(True)
        status.setFrameShape(QFrame.Shape.NoFrame)
        status.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lines = self.status.fontMetrics().lineSpacing() * STATUS_LINES
        status.setFixedHeight(lines + 4)
        self.counts.setMinimumHeight(self.counts.fontMetrics().lineSpacing())
        left = QWidget(self)
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addLayout(files)
        left_column.addLayout(options)
        left_column.addWidget(self.tabs, 1)
        left_column.addLayout(controls)
        left_column.addWidget(self.counts)
        left_column.addWidget(status)
        right = QWidget(self)
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.preview_row, 0, Qt.AlignmentFlag.AlignLeft)
        for part, stretch in ((self.preview, 1), (self.preview_note, 0)):
            right_column.addWidget(part, stretch)
        splitter = QSplitter(self)
        splitter.setChildrenCollapsible(False)
        for index, (side, share) in enumerate(((left, 3), (right, 2))):
            splitter.addWidget(side)
            splitter.setStretchFactor(index, share)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(splitter)
