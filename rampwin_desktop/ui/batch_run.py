"""What the batch thread reports during a run of Send to a list, shown as it comes and
kept for when the run ends: its journal, the rows a crash left unknown, the progress,
each row's result, and how it ended."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from rampwin_desktop.ui.batch_progress import counts_text, recovered_text, show_counting

if TYPE_CHECKING:
    from rampwin_desktop.app.batch import Summary
    from rampwin_desktop.storage.journal import JournalRow
    from rampwin_desktop.ui.batch_thread import BatchWorker, Tally
    from rampwin_desktop.ui.batch_widgets import BatchWidgets


class RunReport(QObject):
    """The slots the batch thread reports to (they run in the GUI thread), and what they
    kept: ``journal`` (where the batch is kept), ``tally`` (the last progress),
    ``outcome`` (the summary, once it succeeded) and ``error`` (why it could not run)."""

    def __init__(self, ui: BatchWidgets, parent: QObject) -> None:
        super().__init__(parent)
        self.ui = ui
        self.journal: Path | None = None
        self.tally: Tally | None = None
        self.outcome: Summary | None = None
        self.error = ""
        self._sent_again = False  # the run resends rows that were unknown

    def begin(self, *, resend_unknown: bool) -> None:
        """A run starts: nothing reported yet."""
        self.tally, self.outcome, self.error = None, None, ""
        self._sent_again = resend_unknown
        show_counting(self.ui.progress)

    def connect_worker(self, worker: BatchWorker) -> None:
        for signal, slot in (
            (worker.started_journal, self._on_journal),
            (worker.recovered, self._on_recovered),
            (worker.rows_at_start, self.ui.results.show_rows),
            (worker.row_done, self.ui.results.show_row),
            (worker.progress, self._on_progress),
            (worker.succeeded, self._on_succeeded),
            (worker.failed, self._on_failed),
        ):
            signal.connect(slot)

    @Slot(object)
    def _on_journal(self, path: Path) -> None:
        self.journal = path

    @Slot(object)
    def _on_recovered(self, rows: tuple[int, ...]) -> None:
        self.ui.say(recovered_text(self.ui, rows, sent_again=self._sent_again))

    @Slot(object)
    def _on_progress(self, tally: Tally) -> None:
        ui, self.tally = self.ui, tally
        ui.progress.setRange(0, max(tally.total, 1))
        ui.progress.setValue(tally.done)
        ui.counts.setText(counts_text(ui, tally))
        if tally.run is not None and tally.run.note:
            ui.say(tally.run.note)

    @Slot(object)
    def _on_succeeded(self, outcome: tuple[Summary, list[JournalRow]]) -> None:
        self.outcome, rows = outcome
        self.ui.results.show_rows(rows, over=True)

    @Slot(str)
    def _on_failed(self, text: str) -> None:
        self.error = text
