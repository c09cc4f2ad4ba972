"""Send to a list, off the GUI thread: ``app/batch.run`` in a worker on a ``QThread``.

``BatchWorker`` is given data only (never widgets). It reads the profile's key (a keyring
may be slow), creates or opens the batch's journal, runs the batch and closes the journal,
reporting each row's result and the progress through signals. ``BatchController`` lives
in the GUI thread and owns the thread; it hands each new worker to a ``connect`` callback,
which connects the worker's signals to ``@Slot`` methods of an object in the GUI thread,
so every receiver runs there.

Stop and Pause both set the worker's stop flag: the request in flight finishes and is
recorded, and the journal is left consistent. They differ in what the window offers
next (``ui/batch_dialog.py``): Continue after a pause, Resume a batch… after a stop.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from rampwin_desktop.app import batch, credentials
from rampwin_desktop.app.credentials import Credentials
from rampwin_desktop.core.model import Message
from rampwin_desktop.core.recipients import Plan, RecipientTable
from rampwin_desktop.storage import journal as journals
from rampwin_desktop.storage.history import History
from rampwin_desktop.storage.journal import Journal
from rampwin_desktop.storage.keystore import SessionSecrets
from rampwin_desktop.storage.profiles import Profile, ProfileStore
from rampwin_desktop.storage.upload_cache import open_upload_cache
from rampwin_desktop.ui.background import WorkerHost

log = logging.getLogger(__name__)

PROGRESS_INTERVAL = 0.05  # seconds between progress signals (the bar cannot show more)


@dataclass(frozen=True)
class BatchStart:
    """Everything a run needs, as data."""

    message: Message  # as composed when Start was pressed, recipient left out
    table: RecipientTable
    plan: Plan
    csv_path: str
    profile: Profile
    credentials: Credentials | None  # None: the profile's, read in the batch thread
    rate: float | None  # messages per second; None: no limit
    phone_column: str
    journal: Path | None = None  # an existing journal to continue; None: a new one
    resend_unknown: bool = False  # send its unknown rows again (--resend-unknown)

    def with_journal(self, journal: Path) -> BatchStart:
        return replace(self, journal=journal)


@dataclass(frozen=True)
class Tally:
    """The whole batch's progress, from its journal: a Continue or a Resume goes on counting
    where the last run stopped, as the summary does."""

    done: int  # rows handled, in every run of the batch
    total: int  # rows to handle in the whole batch (the skipped ones left out)
    sent: int
    failed: int
    unknown: int
    run: batch.BatchProgress | None = None  # this run's pace and time left (None: none yet)


@dataclass(frozen=True)
class BatchStores:
    secrets: SessionSecrets
    profiles: ProfileStore
    history: History


class BatchWorker(QObject):
    started_journal = Signal(object)  # the journal's Path, once it exists
    recovered = Signal(object)  # tuple of rows a crash left "sending" (now unknown)
    rows_at_start = Signal(object)  # list of JournalRow: every row, those to send "pending"
    row_done = Signal(object)  # storage.journal.JournalRow
    progress = Signal(object)  # Tally
    succeeded = Signal(object)  # (app.batch.Summary, every JournalRow at the end)
    failed = Signal(str)  # a sentence: why the batch could not start or stopped
    finished = Signal()

    def __init__(self, start: BatchStart, stores: BatchStores) -> None:
        super().__init__()
        self._start = start
        self._stores = stores
        self._stop = threading.Event()
        self._hold = threading.Event()
        self._last_progress = 0.0
        self._latest: batch.BatchProgress | None = None  # the last row's, shown or not
        self._journal: Journal | None = None
        self._before = self._total = 0  # rows handled before this run, rows in the batch

    def stop(self) -> None:
        """Thread-safe: the GUI thread calls it directly."""
        self._stop.set()

    def hold(self, held: bool) -> None:
        """No new request starts while ``held`` (thread-safe, as ``stop``)."""
        if held:
            self._hold.set()
        else:
            self._hold.clear()

    @Slot()
    def run(self) -> None:
        try:
            self.succeeded.emit(self._run())
        except (batch.BatchError, journals.JournalError) as error:
            self.failed.emit(str(error))
        except Exception as error:  # said to the user; the journal stays consistent
            # The traceback goes to the log (storage/logs.py redacts it); the user reads a
            # sentence that carries no raw exception text.
            log.error("the batch stopped on an unexpected error", exc_info=error)
            self.failed.emit(
                self.tr(
                    "Something unexpected went wrong (%1); the batch stopped. Each row's state "
                    "is in its journal: Resume a batch… sends the rest."
                ).replace("%1", type(error).__name__)
            )
        finally:
            if self._journal is not None:
                self._journal.close()
            # Back to the GUI thread before this thread ends (as send_worker.py does).
            application = QCoreApplication.instance()
            if application is not None:
                self.moveToThread(application.thread())
            self.finished.emit()

    def _run(self) -> tuple[batch.Summary, list[journals.JournalRow]]:
        start, stores = self._start, self._stores
        found = start.credentials or credentials.resolve(
            start.profile, stores.secrets, stores.profiles
        )
        journal = self._journal = self._open_journal(found.base_url)
        self.started_journal.emit(journal.path)
        if journal.recovered:
            self.recovered.emit(journal.recovered)
        self.rows_at_start.emit(journal.rows())
        counts = journal.counts()
        self._total = sum(counts.values()) - counts[journals.RowState.SKIPPED]
        left = batch.still_to_send(counts, resend_unknown=start.resend_unknown)
        self._before = self._total - left
        self.progress.emit(self._tally(None))
        job = batch.BatchJob(
            batch_id=journal.info.batch_id,
            profile=start.profile.name,
            credentials=found,
            resend_unknown=start.resend_unknown,
            rate=start.rate,
            keep_metadata=stores.profiles.settings.keep_metadata(),
        )
        summary = batch.run(
            start.plan,
            journal,
            job,
            history=stores.history,
            cache=open_upload_cache(),
            stop=self._stop,
            hold=self._hold,
            on_progress=self._report,
        )
        self.progress.emit(self._tally(self._latest))  # the counts as the run left them
        return summary, journal.rows()

    def _open_journal(self, server: str) -> Journal:
        start = self._start
        return batch.open_or_create(
            start.plan,
            start.message,
            start.table,
            resume=start.journal,
            csv_path=start.csv_path,
            profile=start.profile.name,
            rate=start.rate or 0,
            phone_column=start.phone_column,
            allow_duplicates=False,
            server=server,  # where it sends: a batch to the sandbox is no send to Rampwin
        )

    def _report(self, progress: batch.BatchProgress) -> None:
        if progress.row and self._journal is not None and not progress.note:
            found = self._journal.row(progress.row)
            if found is not None:
                self.row_done.emit(found)
        self._latest = progress
        now = time.monotonic()
        last = progress.done >= progress.total or bool(progress.note)
        if last or now - self._last_progress >= PROGRESS_INTERVAL:
            self._last_progress = now
            self.progress.emit(self._tally(progress))

    def _tally(self, progress: batch.BatchProgress | None) -> Tally:
        counts = self._journal.counts() if self._journal is not None else {}
        state = journals.RowState
        done = self._before + (progress.done if progress is not None else 0)
        return Tally(
            done=min(done, self._total),
            total=self._total,
            sent=counts.get(state.SENT, 0),
            failed=counts.get(state.FAILED, 0),
            unknown=counts.get(state.UNKNOWN, 0) + counts.get(state.SENDING, 0),
            run=progress,
        )


class BatchController(WorkerHost):
    """Runs one ``BatchWorker`` at a time on its own thread; lives in the GUI thread.
    ``connect(worker)`` connects each new worker's signals to ``@Slot`` methods of an
    object in the GUI thread, so every receiver runs there."""

    def __init__(
        self,
        stores: BatchStores,
        connect: Callable[[BatchWorker], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.stores, self._connect = stores, connect
        self._worker: BatchWorker | None = None

    def start(self, start: BatchStart) -> None:
        self._worker = worker = BatchWorker(start, self.stores)
        self._launch(worker, lambda: self._connect(worker))

    def stop(self) -> None:
        if self._worker is not None:
            self._worker.stop()

    def hold(self, held: bool) -> None:
        """Hold the running batch (no new request starts), or let it go on."""
        if self._worker is not None:
            self._worker.hold(held)

    def _ended(self) -> None:
        self._worker = None
