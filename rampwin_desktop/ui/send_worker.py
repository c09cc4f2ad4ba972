"""The send, off the GUI thread: ``app/sending.py``'s engine run by a worker on a ``QThread``.

``SendWorker`` is given data only (never widgets), is moved to a ``QThread`` and reports
through signals. It reads the profile's key itself, because a keyring may be slow.
``SendController`` lives in the GUI thread, owns the thread, and re-emits the worker's
signals from ``@Slot`` methods, so every receiver runs in the GUI thread. Cancel is a flag
the worker checks between upload chunks.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QThread, Signal, Slot

from rampwin_desktop.api.contract import RetryPolicy, Timeouts
from rampwin_desktop.api.delivery import Stage
from rampwin_desktop.api.errors import RampwinError
from rampwin_desktop.app import credentials, sending
from rampwin_desktop.app.credentials import Credentials
from rampwin_desktop.core.model import Message
from rampwin_desktop.storage.history import History
from rampwin_desktop.storage.keystore import SessionSecrets
from rampwin_desktop.storage.profiles import Profile, ProfileStore
from rampwin_desktop.storage.upload_cache import UploadCache

PROGRESS_INTERVAL = 0.03  # seconds between progress signals (the bar cannot show more)


@dataclass(frozen=True)
class SendRequest:
    message: Message
    profile: Profile
    credentials: Credentials | None  # None: the profile's, read in the send thread
    force_upload: bool = False
    timeouts: Timeouts = field(default_factory=Timeouts)
    retry: RetryPolicy = field(default_factory=RetryPolicy)


@dataclass(frozen=True)
class Stores:
    """Where the send thread reads keys and records what it did."""

    secrets: SessionSecrets
    profiles: ProfileStore
    history: History
    cache: UploadCache


class SendWorker(QObject):
    stage = Signal(str)
    progress = Signal(int, int)
    succeeded = Signal(object)  # sending.Sent
    failed = Signal(object)  # RampwinError
    finished = Signal()

    def __init__(self, request: SendRequest, stores: Stores) -> None:
        super().__init__()
        self._request = request
        self._stores = stores
        self._cancel = threading.Event()
        self._last_progress = 0.0
        self._reached: Stage | None = None

    def cancel(self) -> None:
        """Thread-safe: the GUI thread calls it directly."""
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        try:
            self.succeeded.emit(self._run())
        except RampwinError as error:
            self.failed.emit(error)
        except Exception as error:
            self.failed.emit(
                RampwinError(
                    sending.describe(error, self._reached),
                    may_have_been_sent=self._reached is Stage.SENDING,
                )
            )
        finally:
            # Hand the worker back to the GUI thread, which drops it once the thread has
            # ended. Deleting a Python-owned QObject on the worker thread as it shuts down
            # raced with the GUI thread (a rare segfault seen here under load).
            application = QCoreApplication.instance()
            if application is not None:
                self.moveToThread(application.thread())
            self.finished.emit()

    def _run(self) -> sending.Sent:
        request, stores = self._request, self._stores
        found = request.credentials or credentials.resolve(
            request.profile, stores.secrets, stores.profiles
        )
        job = sending.SendJob(
            message=request.message,
            profile=request.profile.name,
            credentials=found,
            force_upload=request.force_upload,
            timeouts=request.timeouts,
            retry=request.retry,
        )
        return sending.send(
            job,
            history=stores.history,
            cache=stores.cache,
            on_stage=self._on_stage,
            progress=self._report,
            cancel=self._cancel.is_set,
        )

    def _on_stage(self, stage: Stage) -> None:
        self._reached = stage
        self.stage.emit(stage.value)

    def _report(self, sent: int, total: int) -> None:
        now = time.monotonic()
        if sent >= total or now - self._last_progress >= PROGRESS_INTERVAL:
            self._last_progress = now
            self.progress.emit(sent, total)


class SendController(QObject):
    """Runs one ``SendWorker`` at a time on its own thread; lives in the GUI thread."""

    stage_changed = Signal(str)
    progress_changed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    running_changed = Signal(bool)

    def __init__(self, stores: Stores, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stores = stores
        self._thread: QThread | None = None
        self._worker: SendWorker | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, request: SendRequest) -> None:
        if self._thread is not None:
            raise RuntimeError("a send is already running")
        thread = QThread(self)
        worker = SendWorker(request, self.stores)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.stage.connect(self._on_stage)
        worker.progress.connect(self._on_progress)
        worker.succeeded.connect(self._on_succeeded)
        worker.failed.connect(self._on_failed)
        # Direct: QThread.quit is thread-safe, and stop() may be blocking the GUI thread in wait().
        worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        thread.finished.connect(self._on_thread_finished)
        self._thread, self._worker = thread, worker
        self.running_changed.emit(True)
        thread.start()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    def stop(self, timeout_ms: int = 10_000) -> bool:
        """Cancel and wait for the thread to end (closing the window). True if it ended."""
        thread = self._thread
        if thread is None:
            return True
        self.cancel()
        ended = bool(thread.wait(timeout_ms))
        # Deliver the worker's last reports (cancelled, failed...) now, while their receivers
        # still exist, rather than after the window has gone.
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
        if ended:
            self._on_thread_finished()
        return ended

    @Slot(str)
    def _on_stage(self, stage: str) -> None:
        self.stage_changed.emit(stage)

    @Slot(int, int)
    def _on_progress(self, sent: int, total: int) -> None:
        self.progress_changed.emit(sent, total)

    @Slot(object)
    def _on_succeeded(self, outcome: sending.Sent) -> None:
        self.succeeded.emit(outcome)

    @Slot(object)
    def _on_failed(self, error: RampwinError) -> None:
        self.failed.emit(error)

    @Slot()
    def _on_thread_finished(self) -> None:
        thread = self._thread
        if thread is None:
            return
        self._thread, self._worker = None, None
        thread.deleteLater()
        self.running_changed.emit(False)
