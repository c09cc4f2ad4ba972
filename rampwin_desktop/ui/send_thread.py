"""The send thread: one send at a time, off the GUI thread, reporting back into it.

``SendController`` lives in the GUI thread and owns the ``QThread``; it re-emits the
worker's signals from ``@Slot`` methods, so every receiver runs in the GUI thread. The
worker's code is in ``ui/send_worker.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot

from rampwin_desktop.ui import send_worker
from rampwin_desktop.ui.background import WorkerHost

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from rampwin_desktop.api.errors import RampwinError
    from rampwin_desktop.app.sending import Sent
    from rampwin_desktop.ui.send_worker import SendRequest, SendWorker, Stores


class SendController(WorkerHost):
    """Runs one ``SendWorker`` at a time on its own thread; lives in the GUI thread."""

    stage_changed = Signal(str)
    progress_changed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, stores: Stores, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stores = stores
        self._worker: SendWorker | None = None

    def start(self, request: SendRequest) -> None:
        if self.running:
            raise RuntimeError("a send is already running")
        self._worker = worker = send_worker.SendWorker(request, self.stores)

        def connect() -> None:
            worker.stage.connect(self._on_stage)
            worker.progress.connect(self._on_progress)
            worker.succeeded.connect(self._on_succeeded)
            worker.failed.connect(self._on_failed)

        self._launch(worker, connect)

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

    def _ended(self) -> None:
        self._worker = None
