"""The send thread: one send at a time, off the GUI thread, reporting back into it.

``SendController`` lives in the GUI thread and owns the ``QThread``; it re-emits the
worker's signals from ``@Slot`` methods, so every receiver runs in the GUI thread. The
worker's code is in ``ui/send_worker.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from rampwin_desktop.ui import send_worker

if TYPE_CHECKING:
    from rampwin_desktop.api.errors import RampwinError
    from rampwin_desktop.app.sending import Sent
    from rampwin_desktop.ui.send_worker import SendRequest, SendWorker, Stores


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
        worker = send_worker.SendWorker(request, self.stores)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.stage.connect(self._on_stage)
        worker.progress.connect(self._on_progress)
        worker.succeeded.connect(self._on_succeeded)
        worker.failed.connect(self._on_failed)
        # Direct: QThread.quit is thread-safe, and the thread ends without a trip through the
        # GUI thread's event loop.
        worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        thread.finished.connect(self._on_thread_finished)
        self._thread, self._worker = thread, worker
        self.running_changed.emit(True)
        thread.start()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    @Slot(str)
    def _on_stage(self, stage: str) -> None:
        self.stage_changed.emit(stage)

    @Slot(int, int)
    def _on_progress(self, sent: int, total: int) -> None:
        self.progress_changed.emit(sent, total)

    @Slot(object)
    def _on_succeeded(self, outcome: Sent) -> None:
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
