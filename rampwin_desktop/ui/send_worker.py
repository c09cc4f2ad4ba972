"""The send thread's work: ``app/sending.py``'s engine, run by a worker on a ``QThread``.

``SendWorker`` is given data only (never widgets), is moved to a ``QThread`` by
``ui/send_thread.py`` and reports through signals. It reads the profile's key itself,
because a keyring may be slow. Cancel is a flag it checks between upload chunks.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from rampwin_desktop.api.contract import RetryPolicy, Timeouts
from rampwin_desktop.api.delivery import Stage
from rampwin_desktop.api.errors import RampwinError
from rampwin_desktop.app import credentials, sending
from rampwin_desktop.app.credentials import Credentials
from rampwin_desktop.core.model import Message
from rampwin_desktop.storage.history import History
from rampwin_desktop.storage.keystore import SessionSecrets
from rampwin_desktop.storage.profiles import Profile, ProfileStore
from rampwin_desktop.storage.upload_cache import open_upload_cache

PROGRESS_INTERVAL = 0.03  # seconds between progress signals (the bar cannot show more)


@dataclass(frozen=True)
class SendRequest:
    message: Message
    profile: Profile
    credentials: Credentials | None  # None: the profile's, read in the send thread
    force_upload: bool = False
    timeouts: Timeouts | None = None  # None: the client's defaults
    retry: RetryPolicy | None = None


@dataclass(frozen=True)
class Stores:
    """Where the send thread reads keys and records what it did."""

    secrets: SessionSecrets
    profiles: ProfileStore
    history: History


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
            timeouts=request.timeouts or Timeouts(),
            retry=request.retry or RetryPolicy(),
            keep_metadata=stores.profiles.settings.keep_metadata(),  # read here, off the GUI
        )
        return sending.send(
            job,
            history=stores.history,
            cache=open_upload_cache(),
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
