"""File › Send to a list…: the real window, its real buttons and file dialogs, sending to
the sandbox built into the window."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QScrollArea

from rampwin_desktop.core.model import Button, Message
from rampwin_desktop.sandbox import Fault
from rampwin_desktop.ui import palette
from tests.helpers.batch_window import (
    NAMES,
    RUN_MS,
    No,
    Yes,
    bodies,
    journal_batch,
    journal_states,
    no_limit,
    open_batch,
    people,
    problems_listed,
    received,
    resume,
    sent_with_no_limit,
    slowed,
    start_and_wait,
    start_slowly,
    statuses,
    stop_early,
    wait_for_end,
)
from tests.helpers.csv_files import numbers, write_csv
from tests.helpers.dialogs import answering, answering_every, choose_file, fill, press
from tests.helpers.window import (
    click,
    compose,
    retype,
    send_and_wait,
    table_rows,
    text_in,
    trigger,
    type_body,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from pytestqt.qtbot import QtBot

    from rampwin_desktop.sandbox import SandboxServer
    from rampwin_desktop.ui.main_window import MainWindow


@pytest.fixture
def slow_sandbox(window: MainWindow) -> SandboxServer:
    """The window's sandbox, answering each send 0.3 s after recording it."""
    return slowed(window.account.sandbox())


def test_five_rows_previewed_sent_listed_and_exported(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    type_body(window, "Hello {{name}}, your order is ready.")
    dialog = open_batch(qtbot, window, people(tmp_path, 5))
    ui = dialog.ui
    assert "UTF-8, separated by ',', 2 columns, 5 rows" in ui.file_label.text()
    assert ui.phone_column.currentText() == "phone"
    assert ui.rows.rowCount() == 5 and ui.rows.item(1, 1).text() == "Ben"
    assert ui.problems.count() == 0
    assert ui.progress.text() == "Not started"  # not an empty box beside Stop
    ui.preview_row.setFocus()
    QTest.keyClick(ui.preview_row, Qt.Key.Key_Up)  # row 2 → row 3
    assert ui.preview_row.value() == 3
    assert "Hello Ben, your order is ready." in ui.preview.plain_text()
    no_limit(dialog)
    start_and_wait(qtbot, dialog)
    sandbox = window.account.sandbox()
    phones = numbers(5)
    assert received(sandbox) == Counter(phones)
    assert bodies(sandbox) == {
        phone: f"Hello {name}, your order is ready."
        for phone, name in zip(phones, NAMES, strict=False)
    }
    assert statuses(dialog) == ["sent"] * 5
    assert ui.progress.value() == ui.progress.maximum() == 5 and ui.progress.text() == "5 of 5"
    assert ui.counts.text().startswith("5 sent, 0 failed, 0 unknown")
    assert ui.status.text() == "Done."  # the counts are said once, on the line above
    # The results can be filtered, and what is shown is exported.
    assert ui.filter_note.text() == ""
    QTest.keyClicks(ui.filter, phones[2])
    assert [row[1] for row in ui.results.visible_rows()] == [phones[2]]
    assert ui.filter_note.text() == "1 of 5 rows"
    retype(ui.filter, "Person7")  # a name not in this list: said so, not a blank table
    assert ui.results.visible_rows() == []
    assert ui.filter_note.isVisible() and ui.filter_note.text() == "No row matches “Person7”."
    written = f"+{phones[3][:2]} {phones[3][2:6]} {phones[3][6:]}"  # "+44 7910 000003"
    retype(ui.filter, written)  # as people write it: found by its digits
    assert [row[1] for row in ui.results.visible_rows()] == [phones[3]]
    one = tmp_path / "one.csv"
    with qtbot.waitSignal(dialog.exporter.done, timeout=10_000), answering(choose_file(one)):
        click(ui.export_button)  # the rows shown: said so, not as if it were the whole list
    assert ui.status.text() == f"Done.\nExported the 1 row the filter “{written}” shows to {one}"
    assert len(one.read_text(encoding="utf-8").splitlines()) == 2  # the header, one row
    retype(ui.filter, NAMES[1].lower())  # a value of the list's: its name
    assert [row[1] for row in ui.results.visible_rows()] == [phones[1]]
    named = tmp_path / "named.csv"
    with qtbot.waitSignal(dialog.exporter.done, timeout=10_000), answering(choose_file(named)):
        click(ui.export_button)
    with named.open(encoding="utf-8", newline="") as stream:
        assert [r["name"] for r in csv.DictReader(stream)] == [NAMES[1]]  # as shown
    retype(ui.filter, "")
    assert ui.filter_note.text() == ""  # every row shown: nothing to say
    out = tmp_path / "results.csv"
    with qtbot.waitSignal(dialog.exporter.done, timeout=10_000), answering(choose_file(out)):
        click(ui.export_button)
    assert ui.status.text().startswith("Done.\nExported ")  # the run's words stay, once
    assert ui.status.text().count("Exported") == 1  # the last export's replace the one before
    with out.open(encoding="utf-8", newline="") as stream:
        exported = list(csv.DictReader(stream))
    assert [r["number"] for r in exported] == phones
    assert {r["status"] for r in exported} == {"sent"}
    assert [r["row"] for r in exported] == ["2", "3", "4", "5", "6"]
    assert [r["name"] for r in exported] == NAMES[:5]  # the list's columns follow
    assert not ui.start_button.isEnabled()  # done: Start would send the list again
    (tmp_path / "next").mkdir()
    other = people(tmp_path / "next", 3)
    retype(ui.filter, "ben")
    with qtbot.waitSignal(dialog.loaded, timeout=10_000), answering(choose_file(other)):
        click(ui.choose_button)  # another list: the last one's results go
    assert ui.results.visible_rows() == [] and ui.counts.text() == ""
    assert ui.filter.text() == ""  # and its filter: it would hide the next run's rows
    assert ui.filter_note.text() == ""
    assert ui.tabs.currentWidget() is ui.rows  # its rows, not the emptied results
    assert ui.start_button.isEnabled()
    dialog.close()


def test_a_list_started_clears_the_last_single_sends_result(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """A red "Cancelled before sending" stayed under the composer all through a list send."""
    one = Message(body="One", buttons=(Button(id="ok", title="OK"),), recipient="919999999999")
    compose(window, one.with_changes(channel_id="c1"))
    window.account.sandbox().add_fault(Fault(endpoint="send", status=400, body="{}"))
    assert not send_and_wait(qtbot, window)
    banner = window.send_bar.banner
    assert banner.isVisible()
    type_body(window, "Hello {{name}}")
    dialog = open_batch(qtbot, window, people(tmp_path, 2))
    assert banner.isVisible()  # looking at a list is not sending it
    no_limit(dialog)
    start_and_wait(qtbot, dialog)
    assert not banner.isVisible()
    dialog.close()


def test_a_bad_phone_is_listed_by_row_and_start_waits(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    type_body(window, "Hello {{name}}")
    dialog = open_batch(qtbot, window, people(tmp_path, 5, bad_row=4))
    ui = dialog.ui
    listed = problems_listed(dialog)
    assert len(listed) == 1 and listed[0].startswith("row 4, phone"), listed
    ui.tabs.setCurrentWidget(ui.problems)
    qtbot.wait(50)
    assert ui.problems.horizontalScrollBar().maximum() == 0  # each sentence read whole
    assert not ui.start_button.isEnabled()
    hint = "Fix it, or tick Skip rows with problems to send the others."
    assert ui.status.text() == f"4 to send; 1 row with a problem. {hint}"  # why Start waits
    click(ui.skip)
    assert ui.skip.isChecked(), (ui.skip.geometry(), ui.skip.isEnabled())
    assert ui.start_button.isEnabled()
    assert ui.status.text() == "4 to send; 1 row with a problem."
    no_limit(dialog)
    start_and_wait(qtbot, dialog)
    sandbox = window.account.sandbox()
    assert set(received(sandbox)) == set(numbers(5)) - {numbers(5)[2]}
    assert statuses(dialog).count("skipped") == 1
    dialog.close()


def test_an_unknown_placeholder_is_listed_once_and_the_preview_says_so(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    type_body(window, "Hello {{nmae}}")
    dialog = open_batch(qtbot, window, people(tmp_path, 5, bad_row=3))
    ui = dialog.ui
    listed = problems_listed(dialog)
    # Once for the whole list, not once a row; a real per-row problem is still listed.
    assert listed[0] == '{{nmae}}: no such column (all 5 rows). Did you mean "name"?'
    assert len(listed) == 2 and listed[1].startswith("row 3, phone: "), listed
    assert ui.tabs.tabText(1) == "Problems (2)"
    # The counts say what is listed, as the command line's do.
    assert ui.status.text() == "0 to send; 5 rows with problems (2 listed).", ui.status.text()
    assert 'Did you mean "name"?' in ui.preview_note.text()
    assert not ui.start_button.isEnabled()
    type_body(window, "Hello {{name}}")  # fixed in the composer: checked again
    qtbot.waitUntil(lambda: ui.problems.count() == 1)
    assert ui.problems.item(0).text().startswith("row 3, phone: ")
    assert "Hello Ann" in ui.preview.plain_text()
    dialog.close()


def test_stop_finishes_the_row_in_flight_and_resume_sends_only_the_rest(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    dialog, journal = stop_early(qtbot, window, slow_sandbox, people(tmp_path, 8))
    first = received(slow_sandbox)
    states = journal_states(journal)
    assert "sending" not in states.values()  # the row in flight finished and was recorded
    sent = {row for row, state in states.items() if state == "sent"}
    assert len(sent) == sum(first.values()) and 1 <= len(sent) < 8
    assert set(states.values()) == {"sent", "pending"}
    assert "Resume a batch" in dialog.ui.status.text()
    assert not dialog.ui.start_button.isEnabled()  # it would send the whole list again

    slow_sandbox.faults.clear()
    resume(qtbot, dialog, journal)
    assert f"{len(sent)} sent before, {8 - len(sent)} to send. Start sends them." in (
        dialog.ui.status.text()  # loaded, not yet going on: a newcomer waited for it
    )
    start_and_wait(qtbot, dialog)
    assert received(slow_sandbox) == Counter(numbers(8))  # no number twice
    assert set(journal_states(journal).values()) == {"sent"}
    dialog.close()


def test_a_resume_offers_the_batchs_own_message_when_the_composer_holds_another(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    """After a restart the composer holds a new draft, and Resume was refused: "the message
    … changed". Now it offers to put the batch's message in the composer, and resumes."""
    dialog, journal = stop_early(qtbot, window, slow_sandbox, people(tmp_path, 6))
    started = window.composer.message().with_changes(recipient="")
    sent = sum(received(slow_sandbox).values())
    with answering(press(QMessageBox.StandardButton.Discard)):  # "Save the changes…?"
        trigger(window, "newDraftAction")  # as after a restart: a new, untitled draft
    assert window.composer.message().body != started.body
    slow_sandbox.faults.clear()
    resume(qtbot, dialog, journal, Yes)
    assert window.composer.message().with_changes(recipient="") == started
    assert window.windowTitle().startswith("Untitled")  # a new draft: the old one is as it was
    assert f"{sent} sent before, {6 - sent} to send" in dialog.ui.status.text()
    start_and_wait(qtbot, dialog)
    assert received(slow_sandbox) == Counter(numbers(6))  # the rest, each once
    dialog.close()


def test_declining_the_batchs_message_resumes_nothing_and_says_so_plainly(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    """No to "Put the batch's message in the composer?" gave the refusal meant for a changed
    file, with the journal's path: "… cannot go on with these files …"."""
    dialog, journal = stop_early(qtbot, window, slow_sandbox, people(tmp_path, 6))
    with answering(press(QMessageBox.StandardButton.Discard)):
        trigger(window, "newDraftAction")
    composed = window.composer.message()
    resume(qtbot, dialog, journal, No)
    said = dialog.ui.status.text()
    assert said == (
        "Not resumed: the rest of a list gets the message its first rows got. The composer "
        "keeps its message."
    )
    assert not text_in(dialog.ui.status, palette.tones().error)  # a choice, not a fault
    assert window.composer.message() == composed and not dialog.ui.start_button.isEnabled()
    dialog.close()


def test_resuming_through_another_profile_than_the_batchs_is_asked_first(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    """A newcomer's batch, started on one profile, was finished after a restart through
    the one the window came back on, without a word: its rest went to another server."""
    dialog, journal = stop_early(qtbot, window, slow_sandbox, people(tmp_path, 6))
    sent = sum(received(slow_sandbox).values())
    with closing(sqlite3.connect(journal)) as db, db:  # as if started on a real profile
        elsewhere = "json_set(options, '$.server', 'https://api.rampwin.com')"
        db.execute(f"UPDATE batch SET profile = 'shop', options = {elsewhere}")
    slow_sandbox.faults.clear()
    resume(qtbot, dialog, journal)
    with answering(press(QMessageBox.StandardButton.No)) as asked:  # the default
        click(dialog.ui.start_button)
    assert asked and "started with the profile shop (https://api.rampwin.com)" in asked[0]
    assert sum(received(slow_sandbox).values()) == sent and not dialog.controller.running
    with answering(Yes):
        start_and_wait(qtbot, dialog)
    assert received(slow_sandbox) == Counter(numbers(6))  # the rest, through this profile
    dialog.close()


def test_a_sandbox_batch_resumed_after_a_restart_is_not_asked_about(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    """The built-in sandbox starts on another port each session: a batch started on it
    before a restart goes on through it without the other-profile question."""
    dialog, journal = stop_early(qtbot, window, slow_sandbox, people(tmp_path, 5))
    with closing(sqlite3.connect(journal)) as db, db:  # as the last session's sandbox left it
        before = "json_set(options, '$.server', 'http://127.0.0.1:1')"
        db.execute(f"UPDATE batch SET options = {before}")
    slow_sandbox.faults.clear()
    resume(qtbot, dialog, journal)
    with answering_every(press(QMessageBox.StandardButton.No)) as asked:
        start_and_wait(qtbot, dialog)
    assert asked == []
    assert received(slow_sandbox) == Counter(numbers(5))
    dialog.close()


def test_stopped_with_no_rate_limit_the_window_counts_what_the_journal_says(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """Rows end faster than the progress is shown (20 times a second): after Stop, the
    bar and the counts say what the journal says, not what was last shown."""
    window.account.sandbox().add_fault(Fault(endpoint="send", delay=0.005, times=0))
    rows = [[phone, f"Person {n}"] for n, phone in enumerate(numbers(300))]
    type_body(window, "Hello {{name}}")
    dialog = open_batch(qtbot, window, write_csv(tmp_path / "many.csv", ["phone", "name"], rows))
    no_limit(dialog)
    with qtbot.waitSignal(dialog.ended, timeout=RUN_MS):
        click(dialog.ui.start_button)
        qtbot.waitUntil(lambda: dialog.ui.progress.value() >= 30, timeout=RUN_MS)
        click(dialog.ui.stop_button)
    sent = Counter(journal_states(dialog.report.journal).values())["sent"]
    assert 30 <= sent < 300
    assert dialog.ui.progress.value() == sent and dialog.ui.progress.maximum() == 300
    assert dialog.ui.counts.text().startswith(f"{sent} sent, 0 failed, 0 unknown")
    dialog.close()


def test_history_follows_a_batch_and_finds_it_by_its_id(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    trigger(window, "historyDockAction")
    panel = window.docks.history_panel
    type_body(window, "Hello {{name}}")
    dialog = open_batch(qtbot, window, people(tmp_path, 5))
    no_limit(dialog)
    start_and_wait(qtbot, dialog)  # no Refresh clicked
    batch_id = journal_batch(dialog.report.journal)
    assert [row[2] for row in table_rows(panel.table)] == numbers(5)[::-1]  # newest first
    assert {row[4] for row in table_rows(panel.table)} == {batch_id}
    qtbot.keyClicks(panel.filter, batch_id[-4:])
    qtbot.waitUntil(lambda: panel.table.model().rowCount() == 5)
    dialog.close()


CRASH = """
import os, sys
from rampwin_desktop.storage.journal import Journal
journal = Journal.open(sys.argv[1])
journal.mark_sending(int(sys.argv[2]), upcoming=[int(sys.argv[3])])  # its request goes out
os._exit(0)  # and the process dies, the next row marked ahead
"""


def test_after_a_crash_the_row_in_flight_is_not_sent_again_and_the_row_ahead_is(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    dialog, journal = stop_early(qtbot, window, slow_sandbox, people(tmp_path, 8))
    pending = sorted(row for row, state in journal_states(journal).items() if state == "pending")
    in_flight, ahead = pending[:2]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    crashed = [sys.executable, "-c", CRASH, str(journal), str(in_flight), str(ahead)]
    subprocess.run(crashed, check=True, env=env, timeout=60)
    first = received(slow_sandbox)

    resume(qtbot, dialog, journal)
    said = f"Row {in_flight} was being sent when the batch stopped: it may have been delivered"
    with qtbot.waitSignal(dialog.ended, timeout=RUN_MS):
        click(dialog.ui.start_button)
        qtbot.waitUntil(lambda: said in dialog.ui.status.text(), timeout=RUN_MS)
    states = journal_states(journal)
    assert states[in_flight] == "unknown" and states[ahead] == "sent"
    phones = numbers(8)
    assert received(slow_sandbox)[phones[in_flight - 2]] == first[phones[in_flight - 2]] == 0
    assert received(slow_sandbox) == Counter(p for p in phones if p != phones[in_flight - 2])
    dialog.close()


def test_resuming_with_a_changed_message_is_refused(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    dialog, journal = stop_early(qtbot, window, slow_sandbox, people(tmp_path, 6))
    count = len(slow_sandbox.messages())
    type_body(window, "Goodbye {{name}}")
    resume(qtbot, dialog, journal, No)  # not with the batch's message: not resumed
    assert dialog.ui.status.text().startswith("Not resumed: the rest of a list gets")
    assert len(slow_sandbox.messages()) == count
    area = dialog.findChild(QScrollArea, "batchStatusArea")
    assert area is not None
    dialog.resize(810, dialog.height())  # as it opens beside a main window on 1,920 px
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() == 0)  # read whole, unscrolled
    ui = dialog.ui
    options = (ui.rate.value(), ui.skip.isChecked())
    dialog.close()
    trigger(window, "sendToListAction")  # reopened: it starts clean, its options kept
    assert dialog.isVisible() and ui.status.text() == "", ui.status.text()
    assert ui.file_label.text().startswith("Choose the CSV of recipients")
    assert ui.rows.rowCount() == 0 and not ui.start_button.isEnabled()
    assert (ui.rate.value(), ui.skip.isChecked()) == options
    dialog.close()


def test_an_empty_value_is_noted_under_problems_and_the_row_still_goes(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    type_body(window, "Hello {{name}}, your order is ready.")
    rows = [[phone, name] for phone, name in zip(numbers(3), ["Ann", "", "Cat"], strict=True)]
    dialog = open_batch(qtbot, window, write_csv(tmp_path / "gaps.csv", ["phone", "name"], rows))
    ui = dialog.ui
    assert ui.tabs.currentWidget() is ui.problems  # shown: the user should see it
    assert ui.tabs.tabText(ui.tabs.currentIndex()) == "Problems (0), notes (1)"
    (note,) = [ui.problems.item(i) for i in range(ui.problems.count())]
    assert note.text() == "{{name}} is empty in row 3: it is filled in with nothing."
    assert note.foreground().color() == QColor(palette.tones().caution)
    assert ui.status.text() == "3 to send; 1 row with an empty value (see Problems)."
    no_limit(dialog)
    start_and_wait(qtbot, dialog)  # a note does not hold Start back
    assert bodies(window.account.sandbox())[numbers(3)[1]] == "Hello , your order is ready."
    dialog.close()


def test_results_stay_when_the_window_is_minimised_and_restored(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = sent_with_no_limit(qtbot, window, people(tmp_path, 3))
    shown = (dialog.ui.file_label.text(), dialog.ui.counts.text(), statuses(dialog))
    assert len(shown[2]) == 3
    dialog.showMinimized()  # the window system hides it, then shows it again
    dialog.hide()
    dialog.showNormal()
    qtbot.waitUntil(dialog.isVisible)
    assert (dialog.ui.file_label.text(), dialog.ui.counts.text(), statuses(dialog)) == shown
    dialog.close()
    trigger(window, "sendToListAction")  # opened again from the menu: it starts clean
    assert dialog.ui.rows.rowCount() == 0 and statuses(dialog) == []
    dialog.close()


def test_pause_then_continue_sends_each_row_once(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    dialog = start_slowly(qtbot, window, slow_sandbox, people(tmp_path, 6))
    wait_for_end(qtbot, dialog, dialog.ui.pause_button)
    assert dialog.ui.start_button.text() == "Continue"
    assert dialog.ui.status.text().startswith("Paused: ")
    start_and_wait(qtbot, dialog)
    assert received(slow_sandbox) == Counter(numbers(6))
    assert statuses(dialog) == ["sent"] * 6
    dialog.close()


def test_closing_with_a_paused_batch_asks_once_and_leaves_the_rest_to_resume(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    dialog = start_slowly(qtbot, window, slow_sandbox, people(tmp_path, 6))
    wait_for_end(qtbot, dialog, dialog.ui.pause_button)
    window.drafts.mark_saved()
    left = 6 - len(slow_sandbox.messages())
    with answering(No) as asked:
        trigger(window, "quitAction")
    assert asked == [f"{left} messages of this batch are not sent yet. Close anyway? What is "
                     "left can be sent later with Resume a batch…"]  # fmt: skip
    assert window.isVisible() and dialog.isVisible()
    assert dialog.ui.start_button.text() == "Continue" and dialog.ui.start_button.isEnabled()
    with answering(No) as asked:
        dialog.close()  # the dialog alone is asked about too
    assert len(asked) == 1 and dialog.isVisible()
    with answering_every(Yes) as asked:
        trigger(window, "quitAction")
        qtbot.waitUntil(lambda: not window.isVisible() and not dialog.isVisible())
    assert len(asked) == 1  # the dialog closed with the window: not asked again
    states = journal_states(dialog.report.journal) if dialog.report.journal else {}
    assert list(states.values()).count("pending") == left and "sending" not in states.values()
    assert len(slow_sandbox.messages()) == 6 - left


def test_the_composer_stays_usable_and_edits_do_not_change_the_running_batch(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    dialog = start_slowly(qtbot, window, slow_sandbox, people(tmp_path, 4))
    assert dialog.controller.running
    window.activateWindow()
    type_body(window, "Changed {{name}}")
    assert window.composer.message().body == "Changed {{name}}"
    assert dialog.controller.running  # typed while the batch ran
    qtbot.waitUntil(lambda: not dialog.controller.running, timeout=RUN_MS)
    assert sorted(bodies(slow_sandbox).values()) == [f"Hello {n}" for n in NAMES[:4]]
    dialog.close()


def test_closing_the_window_during_a_batch_asks_and_stops_cleanly(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    dialog = start_slowly(qtbot, window, slow_sandbox, people(tmp_path, 8))
    window.drafts.mark_saved()
    with answering(Yes) as said:
        window.close()
    assert window.isVisible() and dialog.controller.running
    with qtbot.waitSignal(dialog.ended, timeout=RUN_MS):
        pass
    assert said == ["Stop the batch and close? Nothing more is sent while this question is "
                    "open. The message being sent finishes; the rest can be sent later with "
                    "Resume a batch…"]  # fmt: skip
    qtbot.waitUntil(lambda: not window.isVisible() and not dialog.isVisible())
    assert not dialog.controller.running
    states = journal_states(dialog.report.journal) if dialog.report.journal else {}
    assert "sending" not in states.values() and "pending" in states.values()
    assert len(slow_sandbox.messages()) < 8
    assert QApplication.activeModalWidget() is None


def test_the_batch_is_held_while_closing_is_asked_and_goes_on_after_no(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    """While "Stop the batch and close?" is open nothing more is sent (the user is deciding
    to stop it: before, a row went every 0.3 s meanwhile); No lets it go on to its end."""
    dialog = start_slowly(qtbot, window, slow_sandbox, people(tmp_path, 8))
    counted: list[int] = []

    def read_then_no(question: QWidget) -> None:
        counted.append(len(slow_sandbox.messages()))
        time.sleep(1.0)  # a slow reader; the batch's thread runs on: three rows would go
        counted.append(len(slow_sandbox.messages()))
        press(QMessageBox.StandardButton.No)(question)

    with answering(read_then_no) as asked:
        dialog.close()
    assert len(asked) == 1 and asked[0].startswith("Stop the batch and close? Nothing more")
    assert counted[1] <= counted[0] + 1  # the message in flight, at most
    qtbot.waitUntil(lambda: not dialog.controller.running, timeout=RUN_MS)
    assert len(slow_sandbox.messages()) == 8 and dialog.isVisible()
    assert sorted(bodies(slow_sandbox).values()) == sorted(f"Hello {n}" for n in NAMES[:8])
    dialog.close()


def test_cancel_at_the_unsaved_changes_question_keeps_the_window_and_the_batch(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    """Yes to "Stop the batch and close?", then Cancel to "Save the changes to this message
    first?": the window stayed, but the batch had stopped (a newcomer's find). The window's
    own question now comes before the batch stops, the batch held meanwhile."""
    dialog = start_slowly(qtbot, window, slow_sandbox, people(tmp_path, 6))
    assert window.drafts.is_modified()
    with answering(Yes, press(QMessageBox.StandardButton.Cancel)) as asked:
        window.close()
    assert [said.split("?")[0] for said in asked] == [
        "Stop the batch and close",
        "Save the changes to this message first",
    ]
    assert window.isVisible() and dialog.controller.running  # closing was cancelled
    qtbot.waitUntil(lambda: not dialog.controller.running, timeout=RUN_MS)
    assert len(slow_sandbox.messages()) == 6  # every row: the batch went on
    dialog.close()


def test_discard_during_a_batch_is_asked_once_and_the_window_closes_when_it_stops(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    dialog = start_slowly(qtbot, window, slow_sandbox, people(tmp_path, 6))
    with answering_every(discard_or_yes) as asked:
        window.close()
        qtbot.waitUntil(lambda: not window.isVisible() and not dialog.isVisible(), timeout=RUN_MS)
    assert not dialog.controller.running
    assert len(asked) == 2 and asked[1].startswith("Save the changes")  # not again at the end
    assert len(slow_sandbox.messages()) < 6  # stopped
    assert QApplication.activeModalWidget() is None


def discard_or_yes(dialog: QWidget) -> None:
    """Yes to the batch's question, Discard to the unsaved changes'."""
    assert isinstance(dialog, QMessageBox)
    discard = dialog.button(QMessageBox.StandardButton.Discard)
    target = discard if discard is not None else dialog.button(QMessageBox.StandardButton.Yes)
    assert target is not None, dialog.text()
    QTest.mouseClick(target, Qt.MouseButton.LeftButton)


def test_esc_during_a_batch_asks_as_closing_does(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    """Esc in the dialog closes it as its title bar's button does: asked about first. (As a
    dialog's own Esc it only hid the dialog, and the batch went on sending unseen.)"""
    dialog = start_slowly(qtbot, window, slow_sandbox, people(tmp_path, 8))
    with answering(press(QMessageBox.StandardButton.No)) as asked:
        QTest.keyClick(dialog.ui.filter, Qt.Key.Key_Escape)
    assert len(asked) == 1 and asked[0].startswith("Stop the batch and close?")
    assert dialog.isVisible() and dialog.controller.running
    with qtbot.waitSignal(dialog.ended, timeout=RUN_MS), answering(Yes):
        QTest.keyClick(dialog.ui.filter, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert len(slow_sandbox.messages()) < 8
    states = journal_states(dialog.report.journal) if dialog.report.journal else {}
    assert "sending" not in states.values() and "pending" in states.values()
    open_again = window.findChild(QAction, "sendToListAction")
    assert open_again is not None
    open_again.trigger()
    assert dialog.isVisible()
    QTest.keyClick(dialog.ui.filter, Qt.Key.Key_Escape)  # nothing running: closed at once
    assert not dialog.isVisible()


def test_closing_asks_again_for_the_next_batch(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    """The first close during a batch was answered Yes; the next batch's close asks again
    (it was ignored without a word)."""
    dialog = start_slowly(qtbot, window, slow_sandbox, people(tmp_path, 8))
    with qtbot.waitSignal(dialog.ended, timeout=RUN_MS), answering(Yes):
        dialog.close()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    # Another list, of other numbers (the same list, or one of the same numbers, would
    # first be asked about: they got this message).
    others = [[phone, f"Person {i}"] for i, phone in enumerate(numbers(7, start=100))]
    next_list = write_csv(tmp_path / "next.csv", ["phone", "name"], others)
    again = start_slowly(qtbot, window, slow_sandbox, next_list)
    with answering(press(QMessageBox.StandardButton.No)) as asked:
        again.close()
    assert asked and again.isVisible() and again.controller.running
    wait_for_end(qtbot, again, again.ui.stop_button)
    again.close()


def test_an_unexpected_error_is_a_sentence_and_its_text_goes_only_to_the_log(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from rampwin_desktop.app import batch

    def broken(*args: object, **kwargs: object) -> batch.Summary:
        raise RuntimeError("secret-detail-from-somewhere")

    monkeypatch.setattr(batch, "run", broken)
    type_body(window, "Hello {{name}}")
    dialog = open_batch(qtbot, window, people(tmp_path, 2))
    with caplog.at_level("ERROR", logger="rampwin_desktop"):
        start_and_wait(qtbot, dialog)
    said = dialog.ui.status.text()
    assert "Something unexpected went wrong (RuntimeError); the batch stopped." in said
    assert "secret-detail-from-somewhere" not in said
    (record,) = [r for r in caplog.records if r.name == "rampwin_desktop.ui.batch_thread"]
    assert record.exc_info is not None and "secret-detail" in str(record.exc_info[1])
    dialog.close()


def files_of(journal: Path) -> dict[str, tuple[bytes, int]]:
    """The journal's data, in its file and its -wal: each one's bytes and mtime (not the
    -shm, SQLite's shared index, where even a reader notes what it reads; nor an empty -wal,
    which a reader opens, creating it, when there was none: it holds nothing)."""
    found = [journal, Path(f"{journal}-wal")]
    return {
        path.name: (path.read_bytes(), path.stat().st_mtime_ns)
        for path in found
        if path.exists() and (path == journal or path.stat().st_size)
    }


def test_rechecking_a_batch_to_resume_leaves_its_journal_untouched_until_start(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    dialog, journal = stop_early(qtbot, window, slow_sandbox, people(tmp_path, 6))
    crashed = min(row for row, state in journal_states(journal).items() if state == "pending")
    with closing(sqlite3.connect(journal)) as db, db:  # as a crash mid-request leaves it
        db.execute("UPDATE rows SET state = 'sending' WHERE row = ?", (crashed,))
    before = files_of(journal)
    resume(qtbot, dialog, journal)
    said = (
        f"1 unknown (it may have been delivered: not sent again). Check the chat of row {crashed}."
    )
    assert said in dialog.ui.status.text()
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        type_body(window, "Hello {{name}}")  # an edit, the same message: checked again
    assert "1 unknown (it may have been delivered: not sent again)." in dialog.ui.status.text()
    assert files_of(journal) == before
    assert not Path(f"{journal}.lock").exists()
    assert journal_states(journal)[crashed] == "sending"

    slow_sandbox.faults.clear()
    start_and_wait(qtbot, dialog)
    assert journal_states(journal)[crashed] == "unknown"  # Start opened it: never resent
    phones = numbers(6)
    assert received(slow_sandbox) == Counter(phones) - Counter([phones[crashed - 2]])
    dialog.close()


def test_a_number_written_as_at_home_is_a_problem_when_the_own_number_says_where(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """With the own number (Send test to me) Indian, an Indian mobile written without 91,
    which reads as Japan's, is listed as a problem instead of being sent to Japan."""
    with answering(fill(ownNumberEdit="+91 98765 00001")):  # as a user gives it
        assert send_and_wait(qtbot, window, to_self=True)
    type_body(window, "Hello {{name}}")
    table = write_csv(tmp_path / "local.csv", ["phone", "name"], [["8123456789", "Ann"]])
    dialog = open_batch(qtbot, window, table)
    (listed,) = problems_listed(dialog)
    assert listed.startswith("row 2, phone: 8123456789 reads as a number in Japan"), listed
    assert not dialog.ui.start_button.isEnabled()
    dialog.close()
