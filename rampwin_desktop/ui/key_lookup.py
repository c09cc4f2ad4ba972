"""Does a profile have an API key? Asked of the keyring in a helper process.

The first keyring call imports every keyring backend and, with a Secret Service, makes a
D-Bus round trip: 100-200 ms of Python. In this process it would hold the interpreter
against the window just after it appears, and keep ~9 MB (OpenSSL, http.client, email:
what keyring's imports bring) for a yes or no; a keyring that never answers could not be
stopped, and closing the window would wait for it. So the window runs
``rampwin-desktop key-status --json`` and reads its one line; closing the window kills it.
If the helper cannot run or says nothing readable, the keyring is asked here, in a thread,
as a last resort. The answer comes back as ``answered``, in the GUI thread.
"""

from __future__ import annotations

import json
import logging
import sys

from PySide6.QtCore import QObject, QProcess, QThread, Signal, Slot

from rampwin_desktop.keystore import key_status
from rampwin_desktop.logs import redact

log = logging.getLogger(__name__)

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


class _InProcess(QThread):
    """The last resort: the same question, asked in this process off the GUI thread."""

    def __init__(self, profile: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self.answer = (False, "")

    def run(self) -> None:
        self.answer = key_status(self.profile)


class KeyLookup(QObject):
    answered = Signal(bool, str)  # (a key is stored, why the keyring is unusable or "")

    def __init__(self, profile: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self.found = False
        self.unavailable = ""
        self.done = False
        self.by_helper = False  # False when the helper failed and this process asked
        self._process = QProcess(self)
        self._process.finished.connect(self._on_finished)
        self._process.errorOccurred.connect(self._on_error)
        self._thread: _InProcess | None = None

    def start(self) -> None:
        program, *arguments = helper_command(self.profile)
        self._process.start(program, arguments)

    def wait(self) -> None:
        """Block until the answer is in (a send that cannot go on without it)."""
        if not self.done and self._process.state() != QProcess.ProcessState.NotRunning:
            self._process.waitForFinished(-1)  # delivers `finished` (or the error) first
        if not self.done:
            self._ask_here()  # no-op when already asking here
        if not self.done and self._thread is not None:
            self._thread.wait()
            self._on_thread_done()

    def stop(self) -> None:
        """The window is closing: no answer is wanted any more."""
        self.done = True
        if self._process.state() != QProcess.ProcessState.NotRunning:
            self._process.kill()
            self._process.waitForFinished(STOP_GRACE_MS)
        if self._thread is not None:
            self._thread.wait()  # a QThread must not be destroyed while it runs

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

    def _ask_here(self) -> None:
        if self._thread is not None:
            return
        self._thread = _InProcess(self.profile, self)
        self._thread.finished.connect(self._on_thread_done)
        self._thread.start()

    @Slot()
    def _on_thread_done(self) -> None:
        if self._thread is not None and not self.done:
            self._answer(*self._thread.answer)

    def _answer(self, found: bool, unavailable: str) -> None:
        self.found, self.unavailable, self.done = found, unavailable, True
        self.answered.emit(found, unavailable)
