"""Driving File › Send to a list… as a user does: a CSV chosen, Start, Pause, Stop, Resume
a batch…, with the window's own sandbox answering."""

from __future__ import annotations

import sqlite3
from collections import Counter
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from rampwin_desktop.sandbox import Fault
from rampwin_desktop.storage import paths
from rampwin_desktop.ui.batch_dialog import BatchDialog
from tests.helpers.csv_files import numbers, write_csv
from tests.helpers.dialogs import Answer, answering, choose_file, choose_row, press
from tests.helpers.window import click, trigger, type_body

if TYPE_CHECKING:
    from PySide6.QtWidgets import QPushButton
    from pytestqt.qtbot import QtBot

    from rampwin_desktop.sandbox import SandboxServer
    from rampwin_desktop.ui.main_window import MainWindow

NAMES = ["Ann", "Ben", "Cat", "Dan", "Eve", "Fay", "Gus", "Hal"]
RUN_MS = 30_000
Yes = press(QMessageBox.StandardButton.Yes)
No = press(QMessageBox.StandardButton.No)


def people(folder: Path, count: int, *, bad_row: int = 0) -> Path:
    """A CSV of ``count`` people (phone, name); ``bad_row``: that spreadsheet row's
    number is too short."""
    phones = numbers(count)
    rows = [[phones[i], NAMES[i]] for i in range(count)]
    if bad_row:
        rows[bad_row - 2][0] = "12"
    return write_csv(folder / "people.csv", ["phone", "name"], rows)


def send_to_a_list(window: MainWindow) -> BatchDialog:
    """File › Send to a list…: its window, shown."""
    trigger(window, "sendToListAction")
    dialog = window.findChild(BatchDialog, "batchDialog")
    assert dialog is not None and dialog.isVisible()
    return dialog


def open_batch(qtbot: QtBot, window: MainWindow, table: Path) -> BatchDialog:
    """File › Send to a list…, then Choose CSV… answered with ``table``."""
    dialog = send_to_a_list(window)
    qtbot.addWidget(dialog)  # closed with the test
    with qtbot.waitSignal(dialog.loaded, timeout=10_000), answering(choose_file(table)):
        click(dialog.ui.choose_button)
    return dialog


def sent_with_no_limit(qtbot: QtBot, window: MainWindow, table: Path) -> BatchDialog:
    """A message with ``{{name}}``, ``table`` opened, sent with no rate limit to the end."""
    type_body(window, "Hello {{name}}")
    dialog = open_batch(qtbot, window, table)
    no_limit(dialog)
    start_and_wait(qtbot, dialog)
    return dialog


def no_limit(dialog: BatchDialog) -> None:
    """The rate down from 1 per second to "no limit", with the arrow key."""
    QTest.keyClick(dialog.ui.rate, Qt.Key.Key_Down)
    assert dialog.ui.rate.value() == 0 and dialog.ui.rate.text() == "no limit"


def wait_for_end(qtbot: QtBot, dialog: BatchDialog, button: QPushButton) -> None:
    """Click ``button`` (Start, Pause, Stop) and wait for the run to end."""
    with qtbot.waitSignal(dialog.ended, timeout=RUN_MS):
        click(button)


def start_and_wait(qtbot: QtBot, dialog: BatchDialog) -> None:
    wait_for_end(qtbot, dialog, dialog.ui.start_button)


def received(sandbox: SandboxServer) -> Counter[str]:
    return Counter(str(item["body"]["phone_number"]) for item in sandbox.messages())


def bodies(sandbox: SandboxServer) -> dict[str, str]:
    return {
        str(item["body"]["phone_number"]): item["body"]["interactive"]["body"]["text"]
        for item in sandbox.messages()
    }


def journal_states(path: Path) -> dict[int, str]:
    # Closed here, not when the garbage collector gets to it: the last connection to close
    # checkpoints the journal, which would change its file at some later moment.
    with closing(sqlite3.connect(path)) as db:
        return dict(db.execute("SELECT row, state FROM rows"))


def journal_batch(path: Path) -> str:
    """The id of the batch whose journal is at ``path``."""
    with closing(sqlite3.connect(path)) as db:
        return str(db.execute("SELECT batch_id FROM batch").fetchone()[0])


def problems_listed(dialog: BatchDialog) -> list[str]:
    """The lines of the Problems tab."""
    problems = dialog.ui.problems
    return [problems.item(row).text() for row in range(problems.count())]


def statuses(dialog: BatchDialog) -> list[str]:
    return [row[2] for row in dialog.ui.results.visible_rows()]


def start_slowly(
    qtbot: QtBot, window: MainWindow, sandbox: SandboxServer, table: Path
) -> BatchDialog:
    """Open ``table``, Start with no rate limit, return once the sandbox has one message."""
    type_body(window, "Hello {{name}}")
    dialog = open_batch(qtbot, window, table)
    no_limit(dialog)
    click(dialog.ui.start_button)
    qtbot.waitUntil(lambda: len(sandbox.messages()) >= 1, timeout=RUN_MS)
    return dialog


def stop_early(
    qtbot: QtBot, window: MainWindow, sandbox: SandboxServer, table: Path
) -> tuple[BatchDialog, Path]:
    """Start a slow batch of ``table`` and Stop it after its first message; the dialog and
    the batch's journal."""
    dialog = start_slowly(qtbot, window, sandbox, table)
    wait_for_end(qtbot, dialog, dialog.ui.stop_button)
    # Where Resume a batch… opens: the one journal there is this batch's.
    (journal,) = (paths.data_dir() / "batches").glob("*.sqlite3")
    assert journal == dialog.report.journal
    return dialog, journal


def resume(qtbot: QtBot, dialog: BatchDialog, journal: Path, *then: Answer) -> None:
    """Resume a batch…, ``journal``'s batch chosen in the list of unfinished batches, and
    the questions that follow answered with ``then``; return once its rows are checked."""
    # The list is read in the background, then asked: answered while the signal is awaited.
    chosen = answering(choose_row(str(journal)), *then)
    with chosen, qtbot.waitSignal(dialog.loaded, timeout=10_000):
        click(dialog.ui.resume_button)


def slowed(sandbox: SandboxServer) -> SandboxServer:
    """``sandbox``, answering each send 0.3 s after recording it."""
    sandbox.add_fault(Fault(endpoint="send", delay=0.3, times=0))
    return sandbox
