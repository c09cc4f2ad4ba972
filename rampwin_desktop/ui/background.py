"""Work the GUI thread must not wait for (the keyring, which may take a D-Bus round trip or
ask to be unlocked), run once on a thread of its own.

``BackgroundTask(work, parent)`` runs ``work()`` in a ``QThread``; ``succeeded(result)`` or
``failed(error)`` then arrives in the GUI thread, after that thread has ended, so a
receiver may close what owns the task. Sends have their own thread (``send_thread.py``),
with progress and cancel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

if TYPE_CHECKING:
    from PySide6.QtCore import QThread


def prepare_thread(owner: QObject, worker: QObject, on_finished: Callable[[], None]) -> QThread:
    """A ``QThread`` (owned by ``owner``) that runs ``worker.run`` once started and ends when
    ``worker`` emits ``finished``; ``on_finished`` then runs in ``owner``'s thread."""
    thread = QtCore.QThread(owner)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)  # type: ignore[attr-defined]
    # Direct: QThread.quit is thread-safe, and the thread ends without a trip through the
    # GUI thread's event loop.
    worker.finished.connect(thread.quit, QtCore.Qt.ConnectionType.DirectConnection)  # type: ignore[attr-defined]
    thread.finished.connect(on_finished)
    return thread


class WorkerHost(QObject):
    """Runs one worker at a time on a thread of its own; lives in the GUI thread. A worker
    has a ``run`` slot and a ``finished`` signal (``send_thread``, ``batch_thread``)."""

    running_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def _launch(self, worker: QObject, connect: Callable[[], None]) -> None:
        """Start ``worker`` on a new thread, once ``connect()`` has wired its signals."""
        if self._thread is not None:
            raise RuntimeError("a worker is already running")
        self._thread = thread = prepare_thread(self, worker, self._on_thread_finished)
        connect()
        self.running_changed.emit(True)
        thread.start()

    def _ended(self) -> None:
        """The worker's thread has ended (a subclass forgets its worker here)."""

    @Slot()
    def _on_thread_finished(self) -> None:
        thread = self._thread
        if thread is None:
            return
        self._thread = None
        self._ended()
        thread.deleteLater()
        self.running_changed.emit(False)


class _Worker(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, work: Callable[[], object]) -> None:
        super().__init__()
        self._work = work

    @Slot()
    def run(self) -> None:
        try:
            self.succeeded.emit(self._work())
        except Exception as error:  # handed to the GUI thread, which says what went wrong
            self.failed.emit(error)
        finally:
            # Back to the GUI thread before this thread ends (as send_worker.py does).
            application = QCoreApplication.instance()
            if application is not None:
                self.moveToThread(application.thread())
            self.finished.emit()


class BackgroundTask(QObject):
    """``work()`` once, off the GUI thread; lives in the GUI thread."""

    succeeded = Signal(object)  # what work() returned
    failed = Signal(object)  # the exception it raised

    def __init__(self, work: Callable[[], object], parent: QObject) -> None:
        super().__init__(parent)
        self._outcome: tuple[bool, object] | None = None
        self._worker = _Worker(work)
        self._worker.succeeded.connect(self._on_succeeded)
        self._worker.failed.connect(self._on_failed)
        self._thread = prepare_thread(self, self._worker, self._on_thread_finished)

    def start(self) -> None:
        self._thread.start()

    def wait(self, milliseconds: int) -> bool:
        """Wait at most ``milliseconds`` for the thread to end; whether it has."""
        return self._thread.wait(milliseconds)

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        self._outcome = (True, result)

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        self._outcome = (False, error)

    @Slot()
    def _on_thread_finished(self) -> None:
        outcome, self._outcome = self._outcome, None
        if outcome is not None:
            done, value = outcome
            (self.succeeded if done else self.failed).emit(value)
