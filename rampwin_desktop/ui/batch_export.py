"""Send to a list's Export results…: where to is asked on the GUI thread, the table's rows
and its filter are copied there (a list copy), and the rows shown are picked, formatted
and written off it (``BackgroundTask``), so a slow disk or a big batch never freezes the
window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from rampwin_desktop.app import batch_report
from rampwin_desktop.ui import dialogs
from rampwin_desktop.ui.background import BackgroundTask
from rampwin_desktop.ui.batch_table import write_results

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from rampwin_desktop.ui.batch_table import ResultsTable


class ResultsExport(QObject):
    """One export at a time; ``done(text, failed)`` says how it went (in the GUI thread)."""

    done = Signal(str, bool)

    def __init__(self, parent: QWidget, results: ResultsTable) -> None:
        super().__init__(parent)
        self._parent, self._results = parent, results
        self._task: BackgroundTask | None = None
        self._name = self._filter = ""

    @property
    def busy(self) -> bool:
        return self._task is not None

    def start(self, csv: Path | None = None) -> bool:
        """Ask where (beside the list ``csv``, named after it), then write in the
        background; False when the user cancelled."""
        parent = self._parent
        proposed = (
            str(csv.with_name(f"{csv.stem} results.csv"))
            if csv is not None
            else dialogs.start_in(dialogs.Place.LISTS, "results.csv")
        )
        name = dialogs.file_to_save(
            parent,
            parent.tr("Export the results"),
            proposed,
            parent.tr("CSV files (*.csv)"),
            dialogs.Place.LISTS,
            suffix="csv",
        )
        if not name or self._task is not None:
            return False
        if replaced := batch_report.replaced_by_results(Path(name), csv):
            said = parent.tr("%1 is %2: the results would replace it. Choose another name.")
            dialogs.warn(
                parent,
                parent.tr("Export the results"),
                said.replace("%1", name).replace("%2", replaced),
            )
            return False
        (records, text, listed), path = self._results.snapshot(), Path(name)
        self._name, self._filter = name, text
        task = BackgroundTask(lambda: write_results(path, records, text, listed), self)
        self._task = task
        task.succeeded.connect(self._on_written)
        task.failed.connect(self._on_failed)
        task.start()
        return True

    def wait(self, milliseconds: int) -> None:
        if self._task is not None:
            self._task.wait(milliseconds)

    @Slot(object)
    def _on_written(self, count: object) -> None:
        self._end()
        tr = self._parent.tr
        said = tr("Exported 1 row to %2") if count == 1 else tr("Exported %1 rows to %2")
        if self._filter:  # the rows shown, not the whole list
            said = (
                tr("Exported the 1 row the filter “%3” shows to %2")
                if count == 1
                else tr("Exported the %1 rows the filter “%3” shows to %2")
            ).replace("%3", self._filter)
        self.done.emit(said.replace("%1", f"{count:,}").replace("%2", self._name), False)

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        self._end()
        reason = error.strerror or str(error) if isinstance(error, OSError) else str(error)
        said = self._parent.tr("Could not write %1: %2")
        self.done.emit(said.replace("%1", self._name).replace("%2", reason), True)

    def _end(self) -> None:
        if self._task is not None:
            self._task.deleteLater()
            self._task = None
