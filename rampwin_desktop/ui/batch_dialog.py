"""File › Send to a list…: one composed message to every row of a CSV, from the window (not
modal: the composer stays usable). What it shows and how Pause, Stop and Resume differ is
in docs/batch.md ("In the window"). The engine is the command line's: the CSV is read and
checked off the GUI thread (``batch_loading``), the batch runs in ``batch_thread``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer, Signal, Slot
from PySide6.QtWidgets import QDialog, QVBoxLayout

from rampwin_desktop.app.batch import MessageChanged
from rampwin_desktop.app.defaults import home_region
from rampwin_desktop.core.model import Message
from rampwin_desktop.ui import batch_memory, dialogs, placement
from rampwin_desktop.ui.background import BackgroundTask
from rampwin_desktop.ui.batch_again import plan_to_start
from rampwin_desktop.ui.batch_closing import CloseGuard
from rampwin_desktop.ui.batch_export import ResultsExport
from rampwin_desktop.ui.batch_loading import Loaded, left_out, left_out_rows, load
from rampwin_desktop.ui.batch_problems import note_lines, problem_lines
from rampwin_desktop.ui.batch_progress import counts_text, plan_text, show_resumed, summary_text
from rampwin_desktop.ui.batch_resume import (
    Resumer,
    Unfinished,
    confirm_resend,
    elsewhere_confirmed,
    offer,
    with_batch_message,
)
from rampwin_desktop.ui.batch_run import RunReport
from rampwin_desktop.ui.batch_thread import BatchController, BatchStart, BatchStores
from rampwin_desktop.ui.batch_widgets import BatchWidgets

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QShowEvent

    from rampwin_desktop.ui.main_window import MainWindow

REPLAN_MS = 400  # after the composer changes, the rows are checked again this much later
RESULTS_TAB = 2
CLOSE_WAIT_MS = 10_000
SIZE = QSize(1060, 700)  # wanted; less beside a main window that leaves less room


def open_for(window: MainWindow, *, resume: bool = False) -> BatchDialog:
    """Show the window's Send to a list window (made at its first use); ``resume``: then
    Resume a batch…, as its button does (greyed out, it does nothing)."""
    dialog = window.findChild(BatchDialog, "batchDialog")
    if dialog is None:
        dialog = BatchDialog(window)
        dialog.controller.running_changed.connect(window.docks.follow_batch)
        dialog.controller.running_changed.connect(window.send_bar.follow_batch)
        placement.place_beside(dialog, window, window.form_column, SIZE)  # form in view
    elif dialog.isHidden():
        dialog.start_clean()  # closed, then opened again (not restored from minimised)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    if resume:
        dialog.ui.resume_button.click()
    return dialog


class BatchDialog(QDialog):
    ended = Signal()  # a run (or a failed start) is over and its thread has ended
    loaded = Signal()  # a CSV was read and its rows checked (or could not be)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("batchDialog")
        self.setWindowTitle(self.tr("Send to a list"))
        self.setModal(False)
        self.main = window
        account = window.account
        stores = BatchStores(account.secrets, account.profiles, window.history)
        self.ui = ui = BatchWidgets(self)
        self.report = RunReport(ui, self)
        self.controller = BatchController(stores, self.report.connect_worker, self)
        QVBoxLayout(self).addWidget(ui)
        self.resumer, self.exporter = Resumer(self), ResultsExport(self, ui.results)
        self._remembered = remembered = batch_memory.recall(window.settings)
        ui.rate.setValue(remembered.rate)
        ui.skip.setChecked(remembered.skip_invalid)
        self.resize(SIZE)
        self._csv: Path | None = None
        self._loaded: Loaded | None = None
        self._resume: Path | None = None  # a journal chosen with Resume a batch…
        self._batch: BatchStart | None = None  # the batch started here (message fixed)
        self._paused = self._pausing = self._start_when_loaded = self._ran = False
        # The list's batch is over in this window: Start would send everyone again, so it
        # waits for another list (Resume a batch… still sends what is left of it).
        self._ended = False
        self._task: BackgroundTask | None = None
        self._again = False  # the rows must be checked again once the task in hand ends
        self._replan = QTimer(self, singleShot=True, interval=REPLAN_MS)
        self._wire()
        ui.preview.set_theme(window.preview.theme)
        ui.preview.follow_sandbox(lambda: account.sandbox_running)
        self.guard = CloseGuard(self)
        self._update_controls()

    def _wire(self) -> None:
        ui = self.ui
        self.controller.running_changed.connect(self._on_running_changed)
        self.main.composer.changed.connect(self._on_composer_changed)
        self.main.theme.changed.connect(ui.preview.set_theme)
        self._replan.timeout.connect(self._check_rows)
        ui.choose_button.clicked.connect(self.choose_csv)
        ui.resume_button.clicked.connect(self.resumer.choose)
        self.resumer.found.connect(self._on_unfinished)
        self.resumer.chosen.connect(self.resume)
        ui.phone_column.activated.connect(self._check_rows)
        ui.skip.toggled.connect(self._on_skip_toggled)
        ui.resend_unknown.clicked.connect(self._on_resend_clicked)
        ui.preview_row.valueChanged.connect(self._show_preview)
        ui.start_button.clicked.connect(self.start)
        ui.pause_button.clicked.connect(self.pause)
        ui.stop_button.clicked.connect(self.stop)
        ui.export_button.clicked.connect(self.export)
        self.exporter.done.connect(self._on_exported)

    # ------------------------------------------------------------------ the list

    def _message(self) -> Message:
        """The message as composed now, for every row (each row gets its own number)."""
        return self.main.composer.message().with_changes(recipient="")

    @Slot()
    def choose_csv(self) -> None:
        start = str(self._csv.parent) if self._csv else dialogs.start_in(dialogs.Place.LISTS)
        name = dialogs.file_to_open(
            self,
            self.tr("Choose the list"),
            start,
            self.tr("CSV files (*.csv *.txt);;All (*)"),
            dialogs.Place.LISTS,
        )
        if name:
            self._resume, self._ended, self._csv, self._loaded = None, False, Path(name), None
            self.ui.forget_results()
            self._load(phone_column=None)

    @Slot(object)
    def resume(self, journal: Path) -> None:
        """Resume the batch in ``journal``: its CSV is read and checked, off this thread."""
        if self.controller.running or self._paused:
            return
        self._resume, self._ended, self._csv, self._loaded = journal, False, None, None
        self.ui.forget_results()
        self._load(phone_column=None)

    @Slot(object)
    def _on_unfinished(self, batches: list[Unfinished]) -> None:
        offer(self.ui, len(batches), prompt=self._csv is None and self._resume is None)

    @Slot()
    def _check_rows(self) -> None:
        if (self._csv or self._resume) is not None and not self.controller.running:
            self._load(phone_column=self.ui.phone_column.currentText() or None)

    def _load(self, *, phone_column: str | None) -> None:
        """Read the CSV (once) and check every row for the message now, off this thread."""
        if self._task is not None:
            self._again = True
            return
        csv, message, journal = self._csv, self._message(), self._resume
        table = self._loaded.table if self._loaded is not None else None
        kept = self._remembered.phone_column
        profile = self.main.account.profile  # its region: numbers written as at home, caught
        server = self.main.account.batch_server()  # batches sent there before count
        locale = self.main.account.system_locale()
        if csv is None and journal is None:
            return
        task = BackgroundTask(  # the region is read there too: it may load phonenumbers
            lambda: load(
                csv,
                message,
                phone_column,
                table=table,
                journal=journal,
                preferred=kept,
                home=home_region(profile, locale),
                server=server,
            ),
            self,
        )
        task.succeeded.connect(self._on_loaded)
        task.failed.connect(self._on_load_failed)
        self._task = task
        self.ui.say(self.tr("Checking every row…"))
        self._update_controls()
        task.start()

    @Slot(object)
    def _on_loaded(self, loaded: Loaded) -> None:
        self._end_task()
        ui, fresh = self.ui, self._loaded is None or self._loaded.table is not loaded.table
        self._loaded, self._csv, self._ran = loaded, loaded.csv, False
        if fresh:
            ui.show_list(loaded.csv.name, loaded.table)
        ui.resend_unknown.setVisible(bool(loaded.resuming and loaded.resuming.unknown))
        ui.phone_column.setCurrentText(loaded.phone_column)
        ui.show_problems(problem_lines(self, loaded), note_lines(self, loaded), focus=fresh)
        shown = range(2, 2 + ui.rows.rowCount())  # spreadsheet rows: the header is row 1
        ui.rows.mark_left_out(left_out_rows(loaded.plan, shown), set(loaded.plan.duplicates))
        ui.show_earlier(loaded)
        self._say_plan(loaded, ui.resend_unknown.isChecked())
        self._show_preview()
        self._after_task()

    @Slot(bool)
    def _on_resend_clicked(self, checked: bool) -> None:
        loaded = self._loaded
        if loaded is None or loaded.resuming is None:
            return
        if checked:  # asked first: they may receive the message twice
            checked = confirm_resend(self, loaded.resuming.unknown)
            self.ui.resend_unknown.setChecked(checked)
        self._say_plan(loaded, checked)

    def _say_plan(self, loaded: Loaded, resend: bool) -> None:
        skipping = self.ui.skip.isChecked()
        self.ui.say(plan_text(self, loaded, resend_unknown=resend, skipping=skipping))
        show_resumed(self.ui.progress, loaded.resuming, resend_unknown=resend)

    @Slot(bool)
    def _on_skip_toggled(self, _checked: bool) -> None:
        if self._loaded is not None and self._task is None and not self.controller.running:
            self._say_plan(self._loaded, self.ui.resend_unknown.isChecked())
        self._update_controls()

    @Slot(object)
    def _on_load_failed(self, error: object) -> None:
        self._end_task()
        resuming = self._resume is not None
        changed = error if isinstance(error, MessageChanged) and resuming else None
        said = with_batch_message(self, changed) if changed is not None else str(error)
        if not said:  # the batch's message is in the composer: checked now, with it
            self._replan.stop()
            self._load(phone_column=None)
            return
        self._resume = None  # not resumed: not this batch's CSV or message
        self.ui.say(said, error=changed is None)
        self._start_when_loaded = False
        self._after_task()

    def _end_task(self) -> None:
        if self._task is not None:
            self._task.deleteLater()
            self._task = None

    def _after_task(self) -> None:
        if self._again:
            self._again = False
            self._check_rows()
        elif self._start_when_loaded:
            self._start_when_loaded = False
            self.start()
        self._update_controls()
        self.loaded.emit()

    @Slot()
    def _on_composer_changed(self) -> None:
        self._show_preview()
        if self._batch is None and not self._ended:  # ended: the list is chosen again first
            self._replan.start()

    @Slot()
    def _show_preview(self) -> None:
        """The message as the chosen row receives it."""
        ui = self.ui
        if self._loaded is None:
            return
        index = ui.preview_row.value() - 2
        rows = self._loaded.table.rows
        if not 0 <= index < len(rows):
            return
        message = self._batch.message if self._batch is not None else self._message()
        row = index + 2
        why = left_out(self._loaded.plan, row)
        ui.show_row(message, row, rows[index], self._loaded.phone_column, left_out=why)

    # ------------------------------------------------------------------ sending

    def _can_start(self) -> bool:
        loaded = self._loaded
        if self.controller.running or self._task is not None or loaded is None:
            return False
        if self._paused:
            return True
        if self._ended:
            return False
        return bool(loaded.plan.rows) and (not loaded.plan.problems or self.ui.skip.isChecked())

    @Slot()
    def start(self) -> None:
        if self._paused and self._batch is not None and self.report.journal is not None:
            # Continue. Rows that became unknown in the last run are not sent again.
            self._run(replace(self._batch.with_journal(self.report.journal), resend_unknown=False))
            return
        loaded = self._loaded
        if loaded is None or not self._can_start():
            return
        if loaded.message != self._message() or self._ran:  # changed, or a run since the check
            self._start_when_loaded = True
            self._check_rows()
            return
        account, ui, rate = self.main.account, self.ui, self.ui.rate.value()
        if loaded.resuming is not None and not elsewhere_confirmed(self, loaded.resuming, account):
            return
        planned = plan_to_start(self, loaded, account)  # asked: sent before? for real?
        if planned is None:
            return
        chosen = batch_memory.Remembered(rate, ui.skip.isChecked(), loaded.phone_column)
        self._remembered = chosen
        batch_memory.remember(self.main.settings, chosen)
        batch = BatchStart(
            message=loaded.message,
            table=loaded.table,
            plan=planned,
            csv_path=str(self._csv.absolute()) if self._csv else "",
            profile=account.profile,
            credentials=account.sandbox_credentials(),
            rate=rate or None,
            phone_column=loaded.phone_column,
            journal=self._resume,
            resend_unknown=not ui.resend_unknown.isHidden() and ui.resend_unknown.isChecked(),
        )
        ui.results_for(loaded, resumed=self._resume is not None)
        self._batch, self.report.journal = batch, self._resume
        self._run(batch)

    def _run(self, batch: BatchStart) -> None:
        self._paused, self._pausing, self._ran = False, False, True  # journals written: recheck
        self.report.begin(resend_unknown=batch.resend_unknown)
        ui = self.ui
        ui.tabs.setCurrentIndex(RESULTS_TAB)
        ui.start_button.setText(self.tr("Start"))
        ui.progress.setRange(0, 0)  # busy until the first row is done
        ui.progress.setTextVisible(True)
        ui.counts.setText(self.tr("Starting…"))
        self.ui.say("")
        self.controller.start(batch)
        self._update_controls()

    @Slot()
    def pause(self) -> None:
        self._pausing = True
        self.controller.stop()
        self.ui.say(self.tr("Pausing after the message being sent…"))

    @Slot()
    def stop(self) -> None:
        self._pausing = False
        if self._paused and not self.controller.running:  # stopped while paused: ended here
            self._paused, self._ended, self._batch = False, True, None
            self.ui.start_button.setText(self.tr("Start"))
            self.ui.say(self.tr("Stopped. Resume a batch… sends the rest."))
            self._update_controls()
            return
        self.controller.stop()
        self.ui.say(self.tr("Stopping after the message being sent…"))

    @Slot(bool)
    def _on_running_changed(self, running: bool) -> None:
        if running:
            return
        report, ui = self.report, self.ui
        summary = report.outcome
        if ui.progress.maximum() == 0:
            ui.progress.setRange(0, 1)
        counted = report.tally is not None  # the counts stay; the pace and time left are over
        if report.tally is not None:
            ui.counts.setText(counts_text(self, replace(report.tally, run=None)))
        self.resumer.scan()  # this batch may be over, or left unfinished
        if report.error or summary is None:
            ui.say(report.error or self.tr("The batch stopped."), error=True)
            self._batch = None if report.journal is None else self._batch
        elif summary.stopped and self._pausing and summary.pending and not self.guard.closing:
            self._paused = True
            ui.start_button.setText(self.tr("Continue"))
            self.ui.say(summary_text(self, summary, resumable_here=True, counted=counted))
        else:  # over here: Start would send the whole list again, so it waits for another
            said = summary_text(self, summary, counted=counted)
            self.ui.say(said, error=bool(summary.stopped and summary.pending))
            self._batch, self._resume, self._ended = None, None, True
        self._update_controls()
        self.ended.emit()
        self.guard.batch_ended()

    @Slot()
    def export(self) -> None:
        if self.exporter.start(self._csv):
            self.ui.say_after(self.tr("Exporting the results…"))
            self._update_controls()

    @Slot(str, bool)
    def _on_exported(self, said: str, failed: bool) -> None:
        self.ui.say_after(said, error=failed)
        self._update_controls()

    # ------------------------------------------------------------------ state

    @Slot()
    def _update_controls(self) -> None:
        ui, running = self.ui, self.controller.running
        idle = not running and self._task is None
        for widget in (ui.choose_button, ui.resume_button):
            widget.setEnabled(idle and not self._paused)
        for option in (ui.phone_column, ui.skip, ui.rate, ui.resend_unknown):
            option.setEnabled(idle and not self._paused and self._loaded is not None)
        ui.start_button.setEnabled(self._can_start())
        ui.preview_row.setEnabled(self._loaded is not None)
        ui.pause_button.setEnabled(running)
        ui.stop_button.setEnabled(running or self._paused)
        rows = ui.results.results.count()
        ui.export_button.setEnabled(not running and not self.exporter.busy and rows > 0)

    # ------------------------------------------------------------------ closing

    @property
    def paused(self) -> bool:
        """Paused, with rows left: Continue sends them (closing leaves them to Resume)."""
        return self._paused and not self.controller.running

    def closeEvent(self, event: QCloseEvent) -> None:  # a running batch: see CloseGuard
        if self.paused:
            self._paused = False  # the journal keeps the rest for Resume a batch…
        for task in (self._task, self.resumer, self.exporter):
            if task is not None:
                task.wait(CLOSE_WAIT_MS)
        self._replan.stop()
        event.accept()

    def start_clean(self) -> None:
        """Opened again after a batch or with no list checked: clean; the options stay."""
        done = self._ended or (self._loaded is None and self._task is None)
        if done and not self.controller.running:
            self._resume, self._ended, self._csv, self._loaded = None, False, None, None
            self.ui.start_over()
            self._update_controls()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.controller.running:
            self.resumer.scan()  # the unfinished batches are offered
