"""A second process with a main window that types and then waits to be killed.

``python -m tests.helpers.typist TEXT`` (with ``RAMPWIN_DESKTOP_CONFIG_DIR`` set) opens a
window offscreen as the app does, types ``TEXT`` into the body with real key events, waits
until its autosave holds it, prints ``TYPED <its recovery file>`` and keeps running until
it is killed. ``start_typist`` runs it from a test.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.helpers import ROOT

READY = "TYPED"
TIMEOUT_S = 30.0


def start_typist(config_dir: Path, text: str) -> tuple[subprocess.Popen[str], Path]:
    """The running process, once its window's recovery file holds ``text``, and that file.
    The caller kills the process (it never ends by itself)."""
    env = dict(os.environ, RAMPWIN_DESKTOP_CONFIG_DIR=str(config_dir), QT_QPA_PLATFORM="offscreen")
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.typist", text],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], TIMEOUT_S)
    line = process.stdout.readline().strip() if ready else "(nothing in time)"
    if not line.startswith(f"{READY} "):
        process.kill()
        process.wait(timeout=10)
        raise AssertionError(f"the typist did not type: {line!r}")
    return process, Path(line.removeprefix(f"{READY} "))


def body_in(recovery_file: Path) -> str:
    """The body text a recovery file holds."""
    record = json.loads(recovery_file.read_text(encoding="utf-8"))
    return str(record["message"]["interactive"]["body"]["text"])


def _run(text: str) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from rampwin_desktop.ui.main_window import MainWindow
    from tests.helpers.dialogs import dialog_text, polling
    from tests.helpers.window import type_body

    def no_question() -> None:  # this window is asked nothing: say so instead of hanging
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            print("ASKED", dialog_text(dialog).replace("\n", " "), flush=True)
            os._exit(1)

    def wait_for(condition: Callable[[], bool]) -> None:
        deadline = time.monotonic() + TIMEOUT_S
        while not condition():
            if time.monotonic() > deadline:
                sys.exit("timed out")
            app.processEvents()
            time.sleep(0.01)

    window = MainWindow(sandbox=True)
    with polling(no_question, interval_ms=100):
        window.show()
        wait_for(lambda: window.start.finished)  # the autosave starts once start-up is done
    type_body(window, text)
    path = window.autosave.own.path
    wait_for(lambda: path.is_file() and body_in(path) == text)
    print(READY, path, flush=True)
    while True:
        app.processEvents()
        time.sleep(0.01)


if __name__ == "__main__":
    _run(sys.argv[1])
