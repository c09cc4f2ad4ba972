"""UI fixtures: a main window with its own settings folder, and guards that fail a test
which leaves a thread running or a dialog open."""

from __future__ import annotations

import time
import weakref
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
import shiboken6
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QDialog

from rampwin_desktop.sandbox import SandboxServer
from rampwin_desktop.storage.profiles import SANDBOX
from rampwin_desktop.ui import dialogs, palette
from rampwin_desktop.ui.main_window import MainWindow
from tests.helpers import TEST_KEY
from tests.helpers.dialogs import dialog_text, polling
from tests.helpers.file_keyring import FileKeyring
from tests.helpers.window import close_window, open_window, urls_opened

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from pytestqt.qtbot import QtBot

DIALOG_PATIENCE = 10.0  # seconds a modal dialog may wait for its answer
THREAD_GRACE_MS = 5000


@pytest.fixture
def window(qtbot: QtBot, test_keyring: FileKeyring) -> Iterator[MainWindow]:
    main = open_window(qtbot)
    main.activateWindow()
    qtbot.waitActive(main)  # shortcuts need an active window
    yield main
    close_window(main)


@pytest.fixture
def sandbox_in_environment(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> SandboxServer:
    """The test's ``sandbox``, named in ``RAMPWIN_API_KEY`` and ``RAMPWIN_BASE_URL`` as a
    user sets them before starting the app."""
    monkeypatch.setenv("RAMPWIN_API_KEY", TEST_KEY)
    monkeypatch.setenv("RAMPWIN_BASE_URL", sandbox.base_url)
    return sandbox


@pytest.fixture
def live(sandbox_in_environment: SandboxServer, window: MainWindow) -> MainWindow:
    """A window opened with the test's ``sandbox`` in its environment: its sends go there.
    (A test that asks for ``live`` must not ask for ``window`` before it.)"""
    assert window.account.profile.name != SANDBOX, "the window opened before the environment"
    return window


@pytest.fixture(autouse=True)
def nothing_left_running(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail a test that leaves a ``QThread`` running or a modal dialog open. A dialog that
    waits longer than ``DIALOG_PATIENCE`` for an answer is closed, and fails the test too,
    instead of hanging the suite."""
    started: list[weakref.ref[QThread]] = []
    start = QThread.start

    def recording_start(thread: QThread, *args: object) -> None:
        started.append(weakref.ref(thread))
        start(thread, *args)

    monkeypatch.setattr(QThread, "start", recording_start)
    unanswered: list[str] = []
    first_seen: dict[int, float] = {}

    def watch() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            return
        since = first_seen.setdefault(id(dialog), time.monotonic())
        if time.monotonic() - since > DIALOG_PATIENCE:
            unanswered.append(dialog_text(dialog))
            end(dialog)

    with polling(watch, interval_ms=100):
        yield
    running = []
    for ref in started:
        thread = ref()
        if thread is not None and shiboken6.isValid(thread) and thread.isRunning():
            running.append(type(thread).__name__)
            thread.wait(THREAD_GRACE_MS)  # so that it cannot crash the tests after this one
    left_open = [
        dialog_text(widget)
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, QDialog) and widget.isVisible()
    ]
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            end(widget)
    assert not unanswered, f"dialogs nobody answered: {unanswered}"
    assert not left_open, f"dialogs left open: {left_open}"
    assert not running, f"threads left running: {running}"


@pytest.fixture(autouse=True)
def no_folder_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    """File dialogs open where the last file was chosen (this session's, else the one kept
    in the test's own settings): each test starts as a first session does."""
    monkeypatch.setattr(dialogs._LastChosen, "folders", {})
    monkeypatch.setattr(dialogs._LastChosen, "latest", None)


@pytest.fixture(autouse=True)
def no_file_manager() -> Iterator[list[str]]:
    """No test starts a file manager: the folders the app asks the system to show are
    recorded instead (``file`` URLs)."""
    with urls_opened(("file",)) as opened:
        yield opened


@pytest.fixture(autouse=True)
def clipboard_emptied(qapp: QApplication) -> Iterator[None]:
    """The clipboard is emptied after each test. A ``QMimeData`` a test made and put there
    would otherwise be deleted by Qt at the process's exit, after Python has finished, and
    the process would end in a segmentation fault."""
    yield
    QApplication.clipboard().clear()


@pytest.fixture(autouse=True)
def light_to_begin_with(qapp: QApplication) -> Iterator[None]:
    """Every test starts in the platform's light look: the application palette belongs to the
    process, so a test that chose Dark would otherwise leave it to the next one."""
    yield
    palette.show_window(dark=False)


def end(widget: QWidget) -> None:
    """Take a dialog off the screen whatever its buttons: a Yes/No message box has no
    Escape button and ignores ``close()``; ``done`` ends its ``exec`` all the same."""
    if isinstance(widget, QDialog):
        widget.done(QDialog.DialogCode.Rejected)
    else:
        widget.close()
