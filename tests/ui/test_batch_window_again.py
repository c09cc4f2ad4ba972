"""Send to a list, after a batch: the same list is not sent the same message again without
a question, a reopened window starts with no list, the stopped status says it once, and a
skipped repeat shows its number as the sent rows do."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from rampwin_desktop.sandbox import Fault
from rampwin_desktop.storage import paths
from rampwin_desktop.ui.batch_dialog import BatchDialog
from tests.helpers.batch_window import (
    no_limit,
    open_batch,
    people,
    received,
    resume,
    sent_with_no_limit,
    slowed,
    start_and_wait,
    start_slowly,
    wait_for_end,
)
from tests.helpers.csv_files import numbers, write_csv
from tests.helpers.dialogs import answering, choose_file, press
from tests.helpers.window import click, trigger, type_body

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from rampwin_desktop.sandbox import SandboxServer
    from rampwin_desktop.ui.main_window import MainWindow

Yes = press(QMessageBox.StandardButton.Yes)


@pytest.fixture
def slow_sandbox(window: MainWindow) -> SandboxServer:
    return slowed(window.account.sandbox())


def enter(dialog: object) -> None:
    """Enter, as a user who does not read the question: its default button."""
    assert isinstance(dialog, QMessageBox)
    QTest.keyClick(dialog, Qt.Key.Key_Return)


def test_the_same_list_and_message_again_is_asked_first_no_by_default(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = sent_with_no_limit(qtbot, window, people(tmp_path, 3))
    sandbox = window.account.sandbox()
    assert len(sandbox.messages()) == 3
    (tmp_path / "copy").mkdir()  # the same contents under another name: the same list
    copy = shutil.copy(tmp_path / "people.csv", tmp_path / "copy" / "renamed.csv")
    with qtbot.waitSignal(dialog.loaded, timeout=10_000), answering(choose_file(copy)):
        click(dialog.ui.choose_button)
    said = dialog.ui.status.text()  # said as soon as the list is checked
    assert said.startswith("3 to send. This list got this message on ") and said.endswith(
        ": 3 sent."
    ), said
    with answering(enter) as asked:
        click(dialog.ui.start_button)
    assert len(asked) == 1 and asked[0].startswith("This list got this message on "), asked
    assert asked[0].endswith(": 3 sent. Send it to everyone again?")
    qtbot.wait(200)
    assert not dialog.controller.running and len(sandbox.messages()) == 3
    with qtbot.waitSignal(dialog.ended, timeout=30_000), answering(Yes):
        click(dialog.ui.start_button)
    assert received(sandbox) == {number: 2 for number in numbers(3)}
    # Another message to the same list is not asked about.
    type_body(window, "Bye {{name}}")
    with qtbot.waitSignal(dialog.loaded, timeout=10_000), answering(choose_file(copy)):
        click(dialog.ui.choose_button)
    with answering() as asked:
        wait_for_end(qtbot, dialog, dialog.ui.start_button)
    assert asked == [] and len(sandbox.messages()) == 9
    dialog.close()


def test_a_list_sent_on_the_sandbox_before_a_restart_is_asked_about_too(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """The built-in sandbox starts on a new port each session: a list sent (or finished
    after a resume) in an earlier session was sent again with no question (a newcomer's
    find), and so were its numbers on another list."""
    table = people(tmp_path, 3)
    dialog = sent_with_no_limit(qtbot, window, table)
    (journal,) = (paths.data_dir() / "batches").glob("*.sqlite3")
    with closing(sqlite3.connect(journal)) as db, db:  # as the last session's sandbox left it
        db.execute("UPDATE batch SET options = json_set(options, '$.server', 'http://127.0.0.1:1')")
    with qtbot.waitSignal(dialog.loaded, timeout=10_000), answering(choose_file(table)):
        click(dialog.ui.choose_button)
    assert "This list got this message on " in dialog.ui.status.text()
    longer = write_csv(
        tmp_path / "more.csv", ["phone", "name"], [[n, "Someone"] for n in numbers(4)]
    )
    with qtbot.waitSignal(dialog.loaded, timeout=10_000), answering(choose_file(longer)):
        click(dialog.ui.choose_button)
    assert "3 numbers already got this message in earlier batches." in dialog.ui.status.text()
    dialog.close()


def test_the_question_suggests_resume_only_for_a_batch_with_rows_left(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    details: list[str] = []

    def read_and_say_no(dialog: object) -> None:
        assert isinstance(dialog, QMessageBox)
        details.append(dialog.informativeText())
        press(QMessageBox.StandardButton.No)(dialog)

    table = people(tmp_path, 3)
    sandbox = window.account.sandbox()
    sandbox.add_fault(Fault(endpoint="send", status=400))  # the first row: refused, failed
    dialog = sent_with_no_limit(qtbot, window, table)
    assert len(sandbox.messages()) == 2
    for left in (True, False):
        with qtbot.waitSignal(dialog.loaded, timeout=10_000), answering(choose_file(table)):
            click(dialog.ui.choose_button)
        with answering(read_and_say_no):
            click(dialog.ui.start_button)
        said = details.pop()
        assert ("Resume a batch… sends only those." in said) is left, said
        if left:  # resumed to the end: that batch has no row left
            (journal,) = (paths.data_dir() / "batches").glob("*.sqlite3")
            resume(qtbot, dialog, journal)
            wait_for_end(qtbot, dialog, dialog.ui.start_button)
            assert len(sandbox.messages()) == 3
    assert "none is left to resume" in said
    dialog.close()


def test_reopened_after_a_finished_batch_the_window_asks_for_a_list(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = sent_with_no_limit(qtbot, window, people(tmp_path, 4))
    ui = dialog.ui
    assert ui.status.text() == "Done."  # the counts line says the counts
    type_body(window, "Hello again {{name}}")  # an edit after the end: no "4 to send"
    qtbot.wait(600)
    assert "to send" not in ui.status.text() and not ui.start_button.isEnabled()
    dialog.close()
    trigger(window, "sendToListAction")
    assert window.findChild(BatchDialog, "batchDialog") is dialog and dialog.isVisible()
    assert ui.file_label.text().startswith("Choose the CSV of recipients")
    assert ui.results.visible_rows() == [] and ui.counts.text() == "" and ui.status.text() == ""
    assert ui.progress.text() == "Not started" and ui.rows.rowCount() == 0
    assert not ui.start_button.isEnabled()
    dialog.close()


def test_stopped_by_the_user_is_said_once(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    dialog = start_slowly(qtbot, window, slow_sandbox, people(tmp_path, 8))
    wait_for_end(qtbot, dialog, dialog.ui.stop_button)
    said, counts = dialog.ui.status.text(), dialog.ui.counts.text()
    assert said.startswith("Stopped by you: ") and "by the user" not in said, said
    assert " not sent yet. Resume a batch… sends the rest." in said
    assert counts.endswith(" failed, 0 unknown") and " failed" not in said, (counts, said)
    dialog.close()


def test_a_skipped_repeat_shows_its_number_as_the_sent_rows_do(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    first, second = numbers(2)
    typed = f"+{first[:2]} {first[2:6]} {first[6:]}"  # row 2's number, spaced
    rows = [[first, "Ann"], [second, "Ben"], [typed, "Again"], ["12", "Bad"]]
    table = write_csv(tmp_path / "people.csv", ["phone", "name"], rows)
    type_body(window, "Hello {{name}}")
    dialog = open_batch(qtbot, window, table)
    click(dialog.ui.skip)
    no_limit(dialog)
    start_and_wait(qtbot, dialog)
    shown = [row[:3] for row in dialog.ui.results.visible_rows()]
    assert shown == [
        ["2", first, "sent"],
        ["3", second, "sent"],
        ["4", first, "skipped"],  # normalised, as row 2
        ["5", "12", "skipped"],  # no number: as typed
    ]
    dialog.close()


def test_start_after_a_run_that_failed_checks_the_journals_again(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run that sent every row, then failed unexpectedly, leaves Start enabled on the
    same list: Start checks the journals again first, so it asks."""
    from rampwin_desktop.app import batch

    real = batch.run

    def sent_then_broke(*args: object, **kwargs: object) -> batch.Summary:
        real(*args, **kwargs)  # type: ignore[arg-type]
        raise RuntimeError("after every row")

    monkeypatch.setattr(batch, "run", sent_then_broke)
    dialog = sent_with_no_limit(qtbot, window, people(tmp_path, 2))
    sandbox = window.account.sandbox()
    assert len(sandbox.messages()) == 2 and "the batch stopped" in dialog.ui.status.text()
    assert dialog.ui.start_button.isEnabled()
    # Start checks the rows and the journals again, then asks (answered while awaited).
    with answering(enter) as asked, qtbot.waitSignal(dialog.loaded, timeout=10_000):
        click(dialog.ui.start_button)
    assert len(asked) == 1 and asked[0].endswith(": 2 sent. Send it to everyone again?")
    qtbot.wait(200)
    assert not dialog.controller.running and len(sandbox.messages()) == 2
    dialog.close()


def test_a_list_fixed_and_sent_again_asks_and_leaves_out_who_already_got_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """A list with a bad row, sent with that row skipped; the row fixed in the same file
    (another CSV now) and sent again: Start asks, and its default leaves out the numbers
    that already got the message; Cancel sends nothing."""
    table = people(tmp_path, 4, bad_row=3)
    dialog = open_batch(qtbot, window, table)
    click(dialog.ui.skip)
    no_limit(dialog)
    start_and_wait(qtbot, dialog)
    sandbox = window.account.sandbox()
    assert len(sandbox.messages()) == 3
    phones = numbers(4)
    write_csv(table, ["phone", "name"], [[phone, f"Person {i}"] for i, phone in enumerate(phones)])
    with qtbot.waitSignal(dialog.loaded, timeout=10_000), answering(choose_file(table)):
        click(dialog.ui.choose_button)
    said = dialog.ui.status.text()
    assert said == "4 to send. 3 numbers already got this message in earlier batches.", said
    with answering(press(QMessageBox.StandardButton.Cancel)) as asked:
        click(dialog.ui.start_button)
    assert len(asked) == 1 and asked[0].startswith("3 numbers on this list already got "), asked
    assert "Yes: send it only to the 1 other number. No: send it to everyone." in asked[0]
    qtbot.wait(200)
    assert not dialog.controller.running and len(sandbox.messages()) == 3
    with qtbot.waitSignal(dialog.ended, timeout=30_000), answering(enter):
        click(dialog.ui.start_button)
    assert received(sandbox) == {phone: 1 for phone in phones}  # nobody twice
    assert dialog.report.outcome is not None
    assert (dialog.report.outcome.sent, dialog.report.outcome.skipped) == (1, 3)
    dialog.close()


def test_a_list_sent_to_the_sandbox_in_the_window_does_not_hold_back_a_real_send(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """The window's batch keeps the server it sent to: the command line sending the same
    list the same message through another server is not refused as a repeat."""
    from rampwin_desktop.core.draft import dumps_draft
    from rampwin_desktop.sandbox import SandboxServer
    from tests.helpers import TEST_KEY
    from tests.helpers.batch_files import run_batch

    table = people(tmp_path, 3)
    dialog = sent_with_no_limit(qtbot, window, table)
    dialog.close()
    draft = tmp_path / "tried.json"
    draft.write_text(dumps_draft(window.composer.message()), encoding="utf-8")
    with SandboxServer(api_key=TEST_KEY) as real:
        sent = run_batch(real, "--draft", str(draft), "--csv", str(table), "--rate", "0")
        assert sent.returncode == 0, sent.stderr
        assert len(real.messages()) == 3
