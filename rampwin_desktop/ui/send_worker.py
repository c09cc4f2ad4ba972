"""The upload and send, off the GUI thread.

``SendWorker`` is given data only (never widgets), is moved to a ``QThread`` and reports
through signals. ``SendController`` lives in the GUI thread, owns the thread, and
re-emits the worker's signals from ``@Slot`` methods, so every receiver runs in the GUI
thread. Cancel is a flag the worker checks between upload chunks.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QThread, Signal, Slot

from rampwin_desktop.api.contract import RetryPolicy, Timeouts
from rampwin_desktop.api.delivery import Delivery, deliver, local_header_file
from rampwin_desktop.api.errors import RampwinError
from rampwin_desktop.core.model import Message
from rampwin_desktop.core.upload_cache import UploadCache, file_digest

PROGRESS_INTERVAL = 0.03  # seconds between progress signals (the bar cannot show more)


@dataclass(frozen=True)
class SendJob:
    message: Message
    api_key: str
    base_url: str
    cookie: str | None = None
    force_upload: bool = False
    timeouts: Timeouts = field(default_factory=Timeouts)
    retry: RetryPolicy = field(default_factory=RetryPolicy)


@dataclass(frozen=True)
class SendOutcome:
    delivery: Delivery
    reused_upload: bool
    header_hash: str


class SendWorker(QObject):
    stage = Signal(str)
    progress = Signal(int, int)
    succeeded = Signal(object)  # SendOutcome
    failed = Signal(object)  # RampwinError
    finished = Signal()

    def __init__(self, job: SendJob, cache: UploadCache | None) -> None:
        super().__init__()
        self._job = job
        self._cache = cache
        self._cancel = threading.Event()
        self._last_progress = 0.0

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
                    f"Something unexpected went wrong ({type(error).__name__}); "
                    "the message was not sent."
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

    def _run(self) -> SendOutcome:
        job = self._job
        path = local_header_file(job.message)
        digest = ""
        link: str | None = None
        if path is not None:
            self.stage.emit("checking")
            digest = file_digest(path)
            cached = self._cache.lookup(digest, job.base_url) if self._cache else None
            if cached is not None and not job.force_upload:
                link = cached.url
        from rampwin_desktop.api.client import RampwinClient  # requests: first send only

        with RampwinClient(
            job.api_key,
            base_url=job.base_url,
            cookie=job.cookie,
            timeouts=job.timeouts,
            retry=job.retry,
        ) as client:
            delivery = deliver(
                client,
                job.message,
                on_stage=lambda stage: self.stage.emit(stage.value),
                progress=self._report,
                cancel=self._cancel.is_set,
                uploaded_link=link,
            )
        reused = link is not None
        if path is not None and delivery.media_link and not reused and self._cache is not None:
            self._cache.store(digest, job.base_url, delivery.media_link)
        return SendOutcome(delivery=delivery, reused_upload=reused, header_hash=digest)

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

    def __init__(self, cache: UploadCache | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cache = cache
        self._thread: QThread | None = None
        self._worker: SendWorker | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, job: SendJob) -> None:
        if self._thread is not None:
            raise RuntimeError("a send is already running")
        thread = QThread(self)
        worker = SendWorker(job, self._cache)
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
    def _on_succeeded(self, outcome: SendOutcome) -> None:
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
