"""Does a profile have an API key? Asked of the keyring in a helper process, with a time limit.

The first keyring call imports every keyring backend and, with a Secret Service, makes a
D-Bus round trip; a locked wallet may never answer. Asked in this process it would compete
with the window for the interpreter just after it appears, and keep the keyring's imports
for a yes or no. So the window runs ``rampwin-desktop key-status --json`` and reads its one
line. If the helper cannot run or says nothing readable, the keyring is asked here, in a
thread, as a last resort. Either way the answer comes back as ``answered``, in the GUI
thread, within ``timeout_ms``: a keyring that does not answer by then is reported as
"not answering", and the helper is killed. Nothing here blocks the GUI thread.
"""

from __future__ import annotations

import json
import logging
import sys

from PySide6.QtCore import QObject, QProcess, QTimer, Signal, Slot

from rampwin_desktop.redaction import redact
from rampwin_desktop.storage import keystore
from rampwin_desktop.storage.keystore import NOT_ANSWERING, key_status
from rampwin_desktop.ui import background

log = logging.getLogger(__name__)

ANSWER_TIMEOUT_MS = 8000  # the helper's own keyring call gives up after 5 s; this is the backstop
STOP_GRACE_MS = 1000


def helper_command(profile: str) -> list[str]:
    """How to run ``rampwin-desktop key-status`` for ``profile``: this interpreter, or in a
    frozen build this executable, which is the command itself."""
    arguments = ["key-status", "--json", "--profile", profile]
    if getattr(sys, "frozen", False):
        return [sys.executable, *arguments]
    return [sys.executable, "-m", "rampwin_desktop", *arguments]


def parse_answer(output: str) -> tuple[bool, str] | None:
    """(stored, why the keyring is unusable) from the helper's output, or None if it said
    nothing readable."""
    lines = output.strip().splitlines()
    try:
        answer = json.loads(lines[-1]) if lines else None
    except ValueError:
        return None
    if not isinstance(answer, dict):
        return None
    stored, unavailable = answer.get("stored"), answer.get("unavailable")
    if not isinstance(stored, bool) or not isinstance(unavailable, str):
        return None
    return stored, unavailable


class KeyLookup(QObject):
    answered = Signal(bool, str)  # (a key is stored, why the keyring is unusable or "")

    def __init__(
        self, profile: str, parent: QObject | None = None, *, timeout_ms: int | None = None
    ) -> None:
        super().__init__(parent)
        self.profile = profile
        self.found = False
        self.unavailable = ""
        self.done = False
        self.by_helper = False  # False when the helper failed and this process asked
        self._process = QProcess(self)
        self._process.finished.connect(self._on_finished)
        self._process.errorOccurred.connect(self._on_error)
        self._thread: background.BackgroundTask | None = None  # the last resort
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        # Read at each lookup, not bound at import: a test (or a caller) may change it.
        self._deadline.setInterval(ANSWER_TIMEOUT_MS if timeout_ms is None else timeout_ms)
        self._deadline.timeout.connect(self._on_deadline)

    def start(self) -> None:
        program, *arguments = helper_command(self.profile)
        self._deadline.start()
        self._process.start(program, arguments)

    @property
    def running(self) -> bool:
        return self._process.state() != QProcess.ProcessState.NotRunning

    def stop(self) -> None:
        """No answer is wanted any more (the window is closing): end the helper."""
        self.done = True
        self._deadline.stop()
        self._end_helper()
        if self._thread is not None:
            # Bounded: the keystore gives up on a keyring that does not answer.
            self._thread.wait(int(keystore.ANSWER_TIMEOUT * 1000) + STOP_GRACE_MS)

    def _end_helper(self) -> None:
        if self.running:
            self._process.kill()
            self._process.waitForFinished(STOP_GRACE_MS)

    @Slot(int, QProcess.ExitStatus)
    def _on_finished(self, code: int, status: QProcess.ExitStatus) -> None:
        if self.done:
            return
        output = bytes(self._process.readAllStandardOutput().data()).decode("utf-8", "replace")
        answer = parse_answer(output) if status == QProcess.ExitStatus.NormalExit else None
        if answer is None:
            errors = bytes(self._process.readAllStandardError().data()).decode("utf-8", "replace")
            log.warning(
                "the key-status helper gave no answer (exit %s): %s", code, redact(errors[-500:])
            )
            self._ask_here()
            return
        self.by_helper = True
        self._answer(*answer)

    @Slot(QProcess.ProcessError)
    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and not self.done:
            log.warning("the key-status helper could not start: %s", self._process.errorString())
            self._ask_here()

    @Slot()
    def _on_deadline(self) -> None:
        if self.done:
            return
        log.warning("the keyring gave no answer in %s ms", self._deadline.interval())
        self._answer(False, NOT_ANSWERING)
        self._end_helper()

    def _ask_here(self) -> None:
        """The last resort: the same question, asked in this process off the GUI thread
        (the keystore bounds the call itself)."""
        if self._thread is not None:
            return
        profile = self.profile
        self._thread = background.BackgroundTask(lambda: key_status(profile), self)
        self._thread.succeeded.connect(self._on_asked_here)
        self._thread.start()

    @Slot(object)
    def _on_asked_here(self, answer: tuple[bool, str]) -> None:
        if not self.done:
            self._answer(*answer)

    def _answer(self, found: bool, unavailable: str) -> None:
        self._deadline.stop()
        self.found, self.unavailable, self.done = found, unavailable, True
        self.answered.emit(found, unavailable)
