"""File › Send to a list…, what a second look at the window asked for: unfinished batches
offered, unknown rows resent on request, options remembered, one progress for the whole
batch, a status that moves nothing, problems that name the right column and say an unknown
placeholder once, a preview that follows the row clicked, skipped rows' numbers, exports
with the date and written off the GUI thread."""

from __future__ import annotations

import csv
import os
import re
import sqlite3
import threading
import time
from collections import Counter
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from rampwin_desktop.storage.keystore import SERVICE
from rampwin_desktop.storage.profiles import Profile, ProfileStore
from rampwin_desktop.storage.settings import open_settings
from rampwin_desktop.ui import batch_resume
from rampwin_desktop.ui.batch_dialog import BatchDialog
from rampwin_desktop.ui.palette import tones
from tests.helpers.batch_window import (
    NAMES,
    Yes,
    journal_states,
    no_limit,
    open_batch,
    people,
    problems_listed,
    received,
    resume,
    send_to_a_list,
    sent_with_no_limit,
    slowed,
    start_and_wait,
    start_slowly,
    stop_early,
    wait_for_end,
)
from tests.helpers.csv_files import numbers, write_csv
from tests.helpers.dialogs import (
    answering,
    cancel,
    choose_file,
    choose_row,
    click_button,
    listed_rows,
    no_dialog,
    polling,
    press,
)
from tests.helpers.window import (
    choose_item,
    choose_profile,
    click,
    click_row,
    close_window,
    heartbeat,
    longest_gap,
    open_window,
    retype,
    trigger,
    type_body,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from pytestqt.qtbot import QtBot

    from rampwin_desktop.sandbox import SandboxServer
    from rampwin_desktop.ui.main_window import MainWindow
    from tests.helpers.file_keyring import FileKeyring

ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


@pytest.fixture
def slow_sandbox(window: MainWindow) -> SandboxServer:
    return slowed(window.account.sandbox())


def mobiles(folder: Path, count: int, *, bad_row: int = 0, office: bool = False) -> Path:
    """A CSV whose numbers are in a column named "mobile" (name first; ``office``: a
    column of other numbers before it, so that the numbers' column is not guessed)."""
    phones = numbers(count)
    rows = [[f"P{i}", phones[i]] for i in range(count)]
    if bad_row:
        rows[bad_row - 2][1] = "12"
    if office:
        return write_csv(
            folder / "mobiles.csv",
            ["name", "office", "mobile"],
            [[name, f"+44 20 7946 0{i:03d}", phone] for i, (name, phone) in enumerate(rows)],
        )
    return write_csv(folder / "mobiles.csv", ["name", "mobile"], rows)


def peeks_on_gui_thread(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """For each journal read from now on (``peek``), whether it ran on the GUI thread."""
    from rampwin_desktop.storage import journal_read
    from rampwin_desktop.ui import batch_loading

    seen: list[bool] = []
    real = journal_read.peek

    def watched(path: Path) -> object:
        seen.append(threading.current_thread() is threading.main_thread())
        return real(path)

    monkeypatch.setattr(journal_read, "peek", watched)
    monkeypatch.setattr(batch_loading, "peek", watched)
    return seen


def test_unfinished_batches_are_offered_and_described(
    qtbot: QtBot,
    window: MainWindow,
    slow_sandbox: SandboxServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog, journal = stop_early(qtbot, window, slow_sandbox, people(tmp_path, 8))
    on_gui_thread = peeks_on_gui_thread(monkeypatch)
    sent = sum(received(slow_sandbox).values())
    dialog.close()
    trigger(window, "sendToListAction")  # opened again: the batch left is offered
    ui = dialog.ui
    qtbot.waitUntil(lambda: ui.resume_button.text() == "Resume a batch… (1)")
    said = "Choose the CSV of recipients, or resume the unfinished batch (Resume a batch…)."
    assert ui.file_label.text() in (said, "people.csv")  # the list still chosen, or asked for
    seen: list[list[str]] = []
    slow_sandbox.faults.clear()
    with answering(choose_row("people.csv", seen)), qtbot.waitSignal(dialog.loaded):
        click(ui.resume_button)
    ((started, name, words, profile, was_sent, left, unknown),) = seen
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", started), started
    assert (name, words, profile) == ("people.csv", "Hello {{name}}", window.account.profile.name)
    assert (was_sent, left, unknown) == (str(sent), str(8 - sent), "0")
    assert f"{sent} sent before, {8 - sent} to send" in ui.status.text()
    assert ui.status.text().count("to send") == 1  # not the list's count besides
    assert on_gui_thread and not any(on_gui_thread)  # the journals are read off it
    start_and_wait(qtbot, dialog)
    assert received(slow_sandbox) == Counter(numbers(8))
    # Finished: no longer offered.
    dialog.close()
    trigger(window, "sendToListAction")
    qtbot.waitUntil(lambda: ui.resume_button.text() == "Resume a batch…")
    listed: list[list[str]] = []

    def look_and_cancel(chooser: QWidget) -> None:
        listed.extend(listed_rows(chooser))
        cancel(chooser)

    with answering(look_and_cancel):
        click(ui.resume_button)
        qtbot.waitUntil(lambda: listed == [] and dialog.resumer.busy is False)
        qtbot.wait(200)
    assert listed == [] and str(journal) == str(dialog.report.journal)
    dialog.close()


def test_unknown_rows_are_sent_again_only_when_asked_with_a_warning(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    dialog, journal = stop_early(qtbot, window, slow_sandbox, people(tmp_path, 6))
    crashed = min(row for row, state in journal_states(journal).items() if state == "pending")
    with closing(sqlite3.connect(journal)) as db, db:  # as a crash mid-request leaves it
        db.execute("UPDATE rows SET state = 'sending' WHERE row = ?", (crashed,))
    resume(qtbot, dialog, journal)
    ui = dialog.ui
    assert ui.resend_unknown.isVisible() and not ui.resend_unknown.isChecked()
    sent = sum(received(slow_sandbox).values())
    assert (ui.progress.value(), ui.progress.maximum()) == (sent + 1, 6)  # the unknown: done
    with answering(press(QMessageBox.StandardButton.No)) as asked:
        click(ui.resend_unknown)
    assert not ui.resend_unknown.isChecked()
    with answering(Yes) as asked:
        click(ui.resend_unknown)
    assert ui.resend_unknown.isChecked()
    assert asked == [
        "1 rows may already have been delivered: their sends stopped without an answer. "
        "Sent again, those recipients may receive the message twice."
    ]
    assert "1 unknown, sent again (its recipient may receive it twice)" in ui.status.text()
    assert (ui.progress.value(), ui.progress.maximum()) == (sent, 6)  # the unknown: to send
    slow_sandbox.faults.clear()
    start_and_wait(qtbot, dialog)
    assert set(journal_states(journal).values()) == {"sent"}
    assert received(slow_sandbox) == Counter(numbers(6))
    dialog.close()


def test_rate_skip_and_phone_column_are_remembered_for_the_next_batch(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    type_body(window, "Hello {{name}}")
    dialog = open_batch(qtbot, window, mobiles(tmp_path, 3, bad_row=3, office=True))
    ui = dialog.ui
    assert ui.rate.value() == 1.0 and not ui.skip.isChecked()
    assert ui.phone_column.currentText() == "office"  # the first column of numbers
    ui.phone_column.setFocus()
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        choose_item(ui.phone_column, "mobile")
    no_limit(dialog)
    click(ui.skip)
    start_and_wait(qtbot, dialog)
    dialog.close()

    other = open_window(qtbot)  # a new window: what it remembers comes from the settings
    trigger(other, "sendToListAction")
    again = other.findChild(BatchDialog, "batchDialog")
    assert again is not None and again is not dialog
    qtbot.addWidget(again)
    assert again.ui.rate.value() == 0 and again.ui.skip.isChecked()
    (tmp_path / "next").mkdir()
    next_list = mobiles(tmp_path / "next", 2, office=True)
    with qtbot.waitSignal(again.loaded), answering(choose_file(next_list)):
        click(again.ui.choose_button)
    assert again.ui.phone_column.currentText() == "mobile"
    again.close()
    other.drafts.mark_saved()
    other.close()


def test_the_progress_counts_the_whole_batch_across_pause_and_continue(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    dialog = start_slowly(qtbot, window, slow_sandbox, people(tmp_path, 6))
    ui = dialog.ui
    wait_for_end(qtbot, dialog, ui.pause_button)
    sent = sum(received(slow_sandbox).values())
    assert (ui.progress.value(), ui.progress.maximum()) == (sent, 6)
    assert ui.counts.text().startswith(f"{sent} sent, 0 failed, 0 unknown")
    slow_sandbox.faults.clear()
    with qtbot.waitSignal(dialog.ended, timeout=30_000):
        click(ui.start_button)  # Continue
        qtbot.waitUntil(lambda: ui.progress.maximum() == 6)
        assert ui.progress.value() >= sent  # it goes on from there, not from 0
    assert (ui.progress.value(), ui.progress.maximum()) == (6, 6)
    assert ui.counts.text().startswith("6 sent, 0 failed, 0 unknown")
    assert ui.status.text() == "Done."  # the counts are said once, on the line above
    dialog.close()


def test_a_long_status_moves_no_button(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    dialog, journal = stop_early(qtbot, window, slow_sandbox, people(tmp_path, 6))
    ui = dialog.ui

    def where() -> tuple[QPoint, QPoint]:
        return ui.start_button.mapTo(dialog, QPoint()), ui.progress.mapTo(dialog, QPoint())

    qtbot.wait(100)  # laid out
    before = where()
    with (tmp_path / "people.csv").open("a", encoding="utf-8") as csv_file:
        csv_file.write("447910000099,Zed\n")  # the list changed since: the resume is refused
    resume(qtbot, dialog, journal)  # a sentence of several lines
    qtbot.wait(100)
    said = ui.status.text()
    assert "Nothing was sent" in said
    lines = ui.status.heightForWidth(ui.status.width()) // ui.status.fontMetrics().lineSpacing()
    assert lines >= 2, (lines, said)
    assert where() == before
    dialog.close()


def test_problems_name_the_phone_column_and_skipped_rows_show_their_number(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    type_body(window, "Hello {{name}}")
    dialog = open_batch(qtbot, window, mobiles(tmp_path, 4, bad_row=4))
    ui = dialog.ui
    assert ui.phone_column.currentText() == "mobile"  # no "phone": the column of numbers
    listed = problems_listed(dialog)
    assert len(listed) == 1 and listed[0].startswith("row 4, mobile: "), listed
    click(ui.skip)
    no_limit(dialog)
    start_and_wait(qtbot, dialog)
    skipped = [row for row in ui.results.visible_rows() if row[2] == "skipped"]
    assert [row[:3] for row in skipped] == [["4", "12", "skipped"]]
    assert skipped[0][3].startswith("mobile: "), skipped  # as the Problems tab says it
    dialog.close()


def test_clicking_a_row_previews_it(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    type_body(window, "Hello {{name}}")
    rows = [[phone, name] for phone, name in zip(numbers(5), NAMES, strict=False)]
    rows[3][0] = "+44 7910 000003"  # written as people write it: sent as its digits
    dialog = open_batch(qtbot, window, write_csv(tmp_path / "people.csv", ["phone", "name"], rows))
    ui = dialog.ui
    click_row(ui.rows, 3)  # the 4th row: spreadsheet row 5, Dan
    assert ui.preview_row.value() == 5
    assert "Hello Dan" in ui.preview.plain_text()
    assert ui.preview_note.text() == "Row 5, as it is sent to 447910000003"
    dialog.close()


def test_the_export_is_proposed_beside_the_list_named_after_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = sent_with_no_limit(qtbot, window, people(tmp_path, 2))
    proposed: list[str] = []

    def look_then_cancel(asked: QWidget) -> None:
        assert isinstance(asked, QFileDialog)
        proposed.extend(asked.selectedFiles())
        cancel(asked)

    with answering(look_then_cancel):
        click(dialog.ui.export_button)
    assert proposed == [str(tmp_path / "people results.csv")]  # not a generic results.csv
    dialog.close()


def test_the_export_of_an_excel_list_is_separated_as_the_list_was(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """An Excel that exports UTF-16 with ";" opens a "," file in one column (as --results)."""
    rows = [[phone, name] for phone, name in zip(numbers(2), ["Zoë", "Łukasz"], strict=True)]
    excel = write_csv(tmp_path / "excel.csv", ["phone", "name"], rows, encoding="utf-16-le",
                      delimiter=";", bom=True)  # fmt: skip
    dialog = sent_with_no_limit(qtbot, window, excel)
    out = tmp_path / "out.csv"
    with answering(choose_file(out)), qtbot.waitSignal(dialog.exporter.done, timeout=10_000):
        click(dialog.ui.export_button)
    written = out.read_text(encoding="utf-8-sig").splitlines()
    assert written[0] == "row;number;status;detail;time;name"
    assert written[1].startswith("2;") and written[1].endswith(";Zoë")
    typed = tmp_path / "results-sent"  # a name typed without its extension
    with answering(choose_file(typed)), qtbot.waitSignal(dialog.exporter.done, timeout=10_000):
        click(dialog.ui.export_button)
    assert not typed.exists() and typed.with_suffix(".csv").exists()  # as drafts and PNGs
    assert dialog.ui.status.text().splitlines()[-1].endswith("results-sent.csv")
    listed = excel.read_bytes()  # the list itself, chosen and replaced: refused, as --results

    said: list[str] = []

    def yes_then_ok() -> None:  # "…already exists. Replace it?" inside the file dialog, then
        box = QApplication.activeModalWidget()  # the refusal
        if isinstance(box, QMessageBox) and box.isVisible():
            said.append(box.text())
            yes = box.button(QMessageBox.StandardButton.Yes)
            click(yes if yes is not None else box.button(QMessageBox.StandardButton.Ok))

    with answering(choose_file(excel)), polling(yes_then_ok):
        click(dialog.ui.export_button)
        qtbot.waitUntil(lambda: any("is the list itself" in text for text in said))
    assert said[-1].endswith("is the list itself: the results would replace it. Choose "
                             "another name.")  # fmt: skip
    assert excel.read_bytes() == listed
    dialog.close()


def test_the_row_to_preview_reads_as_no_row_until_a_list_is_chosen(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """It read "Row 0" with no list (a newcomer's find)."""
    trigger(window, "sendToListAction")
    dialog = window.findChild(BatchDialog, "batchDialog")
    assert dialog is not None and dialog.ui.preview_row.text() == "Row –"
    with (
        qtbot.waitSignal(dialog.loaded, timeout=10_000),
        answering(choose_file(people(tmp_path, 2))),
    ):
        click(dialog.ui.choose_button)
    assert dialog.ui.preview_row.text() == "Row 2"
    dialog.close()


def test_the_rows_tab_marks_the_rows_that_will_not_be_sent_and_says_why(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """A bad number and a repeat stood in the Rows tab like the rest: the Problems tab
    said "row 4", and the user had to count down to it."""
    phones = numbers(4)
    rows = [[phones[0], "Ana"], ["12", "Ben"], [phones[2], "Cy"], [phones[0], "Ana again"]]
    dialog = open_batch(qtbot, window, write_csv(tmp_path / "list.csv", ["phone", "name"], rows))
    table, error = dialog.ui.rows, QColor(tones().error)
    said = [table.item(index, 1).toolTip() for index in range(4)]
    assert said[0] == said[2] == ""
    assert said[1].startswith("Not sent: phone: "), said
    assert said[3] == "Not sent: a repeat of row 2's number"
    colours = [table.item(index, 0).data(Qt.ItemDataRole.ForegroundRole) for index in range(4)]
    assert colours == [None, error, None, QColor(tones().caution)]  # a repeat: a note
    listed = [dialog.ui.problems.item(i).text() for i in range(dialog.ui.problems.count())]
    assert listed[1:] == [  # the repeat is listed too, as a note (it was only in the count)
        "row 5: a repeat of row 2's number, left out (each number gets the message once)"
    ]
    assert listed[0].startswith("row 3, phone: ")
    dialog.close()


def test_a_row_that_is_not_sent_says_why_in_the_preview(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """It said 'Row 4, as it is sent to 12' for a row that would be skipped."""
    type_body(window, "Hello {{name}}")
    dialog = open_batch(qtbot, window, people(tmp_path, 5, bad_row=4))
    ui = dialog.ui
    click_row(ui.rows, 2)  # spreadsheet row 4: its number is too short
    assert ui.preview_note.text().startswith("Row 4 is not sent (phone: "), ui.preview_note.text()
    click_row(ui.rows, 3)
    assert ui.preview_note.text().startswith("Row 5, as it is sent to")
    dialog.close()


def test_the_export_has_dates_and_is_written_off_the_gui_thread(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = sent_with_no_limit(qtbot, window, people(tmp_path, 3))
    # A pipe: the export's open() waits until something reads it, as a slow disk would.
    pipe = tmp_path / "results.csv"
    os.mkfifo(pipe)
    got: list[bytes] = []

    def read_later() -> None:
        time.sleep(1.0)
        with open(pipe, "rb") as stream:
            got.append(stream.read())

    reader = threading.Thread(target=read_later)
    reader.start()
    ui = dialog.ui

    def replace_it() -> None:  # "results.csv already exists", asked inside the file dialog
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            Yes(box)

    exported = qtbot.waitSignal(dialog.exporter.done, timeout=10_000)
    with heartbeat() as beats:
        with answering(choose_file(pipe)), polling(replace_it), exported:
            click(ui.export_button)
            assert "Exporting" in ui.status.text()  # said while the file is written
        qtbot.wait(100)  # beats after the export too: a stall shows as a gap
    reader.join(5)
    assert longest_gap(beats) < 0.5, longest_gap(beats)
    assert ui.status.text().splitlines()[-1].startswith("Exported 3 rows to ")
    rows = list(csv.DictReader(got[0].decode("utf-8").splitlines()))
    assert [r["status"] for r in rows] == ["sent"] * 3
    assert all(ISO_WITH_OFFSET.match(r["time"]) for r in rows), [r["time"] for r in rows]
    # Filtered: what is shown is what is exported.
    QTest.keyClicks(ui.filter, numbers(3)[1])
    assert [row[1] for row in ui.results.visible_rows()] == [numbers(3)[1]]
    out = tmp_path / "one.csv"
    with answering(choose_file(out)), qtbot.waitSignal(dialog.exporter.done, timeout=10_000):
        click(ui.export_button)
    with out.open(encoding="utf-8", newline="") as stream:
        assert [r["number"] for r in csv.DictReader(stream)] == [numbers(3)[1]]
    dialog.close()


def test_other_journal_resumes_a_batch_kept_elsewhere_and_refuses_a_stranger(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    dialog, journal = stop_early(qtbot, window, slow_sandbox, people(tmp_path, 6))
    sent = sum(received(slow_sandbox).values())
    kept = tmp_path / "kept" / "last-week.sqlite3"
    kept.parent.mkdir()
    journal.rename(kept)  # not in the data folder any more: not offered
    ui = dialog.ui
    listed: list[list[str]] = []
    other = click_button("batchResumeOther", listed)
    with answering(other, choose_file(kept)), qtbot.waitSignal(dialog.loaded):
        click(ui.resume_button)
    assert listed == []
    assert f"{sent} sent before, {6 - sent} to send" in ui.status.text()
    stranger = tmp_path / "kept" / "notes.sqlite3"
    stranger.write_bytes(b"not a journal")
    with answering(other, choose_file(stranger)), qtbot.waitSignal(dialog.loaded):
        click(ui.resume_button)
    assert ui.status.text() == f"{stranger} is not a batch journal."
    assert not ui.start_button.isEnabled()
    dialog.close()


def test_the_results_message_stays_readable_in_a_narrow_window(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """At 700 px the message column shrank to "Int…"; it keeps its room and the table
    scrolls sideways, and a wide window gives the message all the room there is."""
    dialog = sent_with_no_limit(qtbot, window, people(tmp_path, 3))
    table = dialog.ui.results
    dialog.resize(700, 560)
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() > 0)
    assert table.columnWidth(3) >= 180
    dialog.resize(1200, 560)
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0)
    filled = sum(table.columnWidth(column) for column in range(5))
    assert filled == table.viewport().width()  # no gap at the right either
    assert table.columnWidth(3) > 240  # "Interactive message sent successfully", whole
    dialog.close()


def test_file_resume_a_batch_opens_the_list_of_unfinished_ones(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    """Resume a batch… was only a button inside Send to a list… (a newcomer looked for it
    in the File menu)."""
    dialog, journal = stop_early(qtbot, window, slow_sandbox, people(tmp_path, 6))
    dialog.close()
    with answering(choose_row(str(journal))), qtbot.waitSignal(dialog.loaded, timeout=10_000):
        trigger(window, "resumeBatchAction")  # the list is read in the background, then asked
    assert dialog.isVisible() and " sent before, " in dialog.ui.status.text()
    dialog.close()


def test_a_list_to_a_real_server_is_asked_about_first(
    qtbot: QtBot, test_keyring: FileKeyring, tmp_path: Path
) -> None:
    """Start sent a list through a real profile at once, with no question (a newcomer's
    find): the question names how many, the profile and its server; No sends nothing. The
    Sandbox and test servers on this computer are not asked about (the other tests)."""
    ProfileStore(open_settings()).save(Profile("shop", channel_id="c1"))
    test_keyring.set_password(SERVICE, "shop:api-key", "shop-key")
    window = open_window(qtbot)
    try:
        choose_profile(window, "shop")
        type_body(window, "Hello {{name}}")
        dialog = open_batch(qtbot, window, people(tmp_path, 3))
        with answering(press(QMessageBox.StandardButton.No)) as asked:
            click(dialog.ui.start_button)
        assert asked and asked[0].startswith(
            "Send this message to 3 numbers through “shop” (api.rampwin.com)?"
        )
        assert not dialog.controller.running and dialog.report.journal is None
        dialog.close()
    finally:
        close_window(window)


def test_every_row_is_listed_as_a_run_starts_then_follows_its_send_in_place(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    """The whole list shows at once, those still to send as "pending"; each row changes in
    its place as it is sent, and nothing is listed again at the end (rebuilding held the
    window ≈ 45 ms per 1,000 rows, and lost the selection)."""
    type_body(window, "Hello {{name}}")
    rows = [[phone, f"Person {n}"] for n, phone in enumerate(numbers(6))]
    dialog = open_batch(qtbot, window, write_csv(tmp_path / "six.csv", ["phone", "name"], rows))
    no_limit(dialog)
    ui = dialog.ui
    model = ui.results.results
    changes: list[str] = []
    retype(ui.filter, "pending")  # left from before: a run starts with every row in view
    with qtbot.waitSignal(dialog.ended, timeout=30_000):
        click(ui.start_button)
        assert ui.filter.text() == ""
        qtbot.waitUntil(lambda: ui.results.visible_rows() != [], timeout=10_000)
        listed = ui.results.visible_rows()
        assert len(slow_sandbox.messages()) <= 2  # still sending: 0.3 s a row
        assert [row[0] for row in listed] == [str(n) for n in range(2, 8)]
        assert listed[-1][2:] == ["pending", "", ""]  # not sent yet: no message, no time
        model.rowsInserted.connect(lambda *_: changes.append("inserted"))
        model.rowsRemoved.connect(lambda *_: changes.append("removed"))
        model.modelReset.connect(lambda: changes.append("reset"))
        model.dataChanged.connect(lambda first, *_: changes.append(f"row {first.row()}"))
    assert "inserted" not in changes and "removed" not in changes and "reset" not in changes
    assert "row 5" in changes  # the last row, changed in place
    shown = ui.results.visible_rows()
    assert [row[0] for row in shown] == [str(n) for n in range(2, 8)]
    assert {row[2] for row in shown} == {"sent"}
    dialog.close()


def test_the_filter_says_how_many_rows_it_keeps_as_a_run_goes_on(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    """A filter typed during a run: the rows it keeps are counted beside it as they come in,
    and a filter that keeps none says so (a blank table left a newcomer guessing)."""
    type_body(window, "Hello {{name}}")
    dialog = open_batch(qtbot, window, people(tmp_path, 6))
    no_limit(dialog)
    ui = dialog.ui
    with qtbot.waitSignal(dialog.ended, timeout=30_000):
        click(ui.start_button)
        qtbot.waitUntil(lambda: ui.results.visible_rows() != [], timeout=10_000)
        QTest.keyClicks(ui.filter, "sent")
        assert len(slow_sandbox.messages()) < 6  # still sending: 0.3 s a row
        first = ui.filter_note.text()
        assert first == "No row matches “sent”." or first.endswith(" of 6 rows"), first
    assert ui.filter_note.text() == "6 of 6 rows"  # each row counted as it came in
    retype(ui.filter, "failed")
    assert ui.filter_note.text() == "No row matches “failed”."
    retype(ui.filter, "failed, or the number my customer gave me")  # too long to quote whole
    assert ui.filter_note.text() == "No row matches “failed, or the number m…”."
    dialog.close()


def test_rows_not_sent_by_this_run_are_listed_in_place_as_it_starts(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    """A skipped row, and the rows an earlier run sent, are listed in the list's order as
    soon as a run starts (they used to appear only at its end, when every row was built
    again and the row the user had selected was lost)."""
    type_body(window, "Hello {{name}}")
    dialog = open_batch(qtbot, window, mobiles(tmp_path, 6, bad_row=3))
    ui = dialog.ui
    click(ui.skip)
    no_limit(dialog)

    def rows() -> list[str]:
        return [row[0] for row in ui.results.visible_rows()]

    with qtbot.waitSignal(dialog.ended, timeout=30_000):
        click(ui.start_button)
        qtbot.waitUntil(lambda: "3" in rows(), timeout=10_000)
        assert len(slow_sandbox.messages()) <= 2  # still sending: 0.3 s a row
        click_row(ui.results, rows().index("3"))
    assert rows() == ["2", "3", "4", "5", "6", "7"]
    for table in (ui.results, ui.rows):  # a line per row, as History's (a newcomer's find)
        assert table.rowHeight(0) < 2 * table.fontMetrics().height()
    (selected,) = {index.row() for index in ui.results.selectionModel().selectedRows()}
    assert ui.results.visible_rows()[selected][:3] == ["3", "12", "skipped"]  # still chosen
    out = tmp_path / "results.csv"
    with answering(choose_file(out)), qtbot.waitSignal(dialog.exporter.done, timeout=10_000):
        click(ui.export_button)
    with out.open(encoding="utf-8", newline="") as stream:
        assert [r["row"] for r in csv.DictReader(stream)] == rows()  # in the table's order
    dialog.close()


def test_a_resumed_batch_lists_the_rows_sent_before_once_it_is_loaded(
    qtbot: QtBot, window: MainWindow, slow_sandbox: SandboxServer, tmp_path: Path
) -> None:
    """Chosen in Resume a batch…, a batch lists at once what its earlier run did (the
    status already said "5 sent before", over an empty table) and the rows still to send;
    the run keeps them."""
    dialog, journal = stop_early(qtbot, window, slow_sandbox, people(tmp_path, 6))
    states = journal_states(journal)
    sent = sorted(row for row, state in states.items() if state == "sent")
    stopped = {row[3] for row in dialog.ui.results.visible_rows() if row[2] == "pending"}
    assert stopped == {"Not sent yet: the batch stopped before this row."}  # not just waiting
    dialog.close()
    with answering(choose_row(str(journal))), qtbot.waitSignal(dialog.loaded, timeout=10_000):
        trigger(window, "resumeBatchAction")
    listed = dialog.ui.results.visible_rows()
    assert [int(row[0]) for row in listed] == sorted(states) == list(range(2, 8))
    assert [int(row[0]) for row in listed if row[2] == "sent"] == sent
    assert {row[2] for row in listed if int(row[0]) not in sent} == {"pending"}
    assert {row[3] for row in listed if int(row[0]) not in sent} == {
        "Not sent yet: the batch stopped before this row."  # its earlier run stopped
    }
    retype(dialog.ui.filter, "pending")  # what is left to send, found (a newcomer's find)
    assert len(dialog.ui.results.visible_rows()) == 6 - len(sent) > 0
    retype(dialog.ui.filter, "")
    removed: list[int] = []
    model = dialog.ui.results.results
    model.rowsRemoved.connect(lambda _parent, first, last: removed.append(last - first + 1))
    start_and_wait(qtbot, dialog)
    assert removed == []  # kept, not listed again
    assert [row[0] for row in dialog.ui.results.visible_rows()] == [str(n) for n in range(2, 8)]
    dialog.close()


def test_a_send_to_a_list_closed_while_its_unfinished_batches_are_read_asks_nothing(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Resume a batch…, then the window closed before the list was read: the list of
    unfinished batches does not pop up for a window that is gone (CI saw one pop up as a
    test's window was being deleted)."""
    dialog = send_to_a_list(window)
    qtbot.addWidget(dialog)  # closed with the test
    release = threading.Event()
    read = batch_resume.unfinished

    def read_slowly() -> list[batch_resume.Unfinished]:
        release.wait(10)  # until the window is closed
        return read()

    monkeypatch.setattr(batch_resume, "unfinished", read_slowly)
    try:
        click(dialog.ui.resume_button)
        assert dialog.resumer.busy  # the data folder is being read
        QTest.keyClick(dialog, Qt.Key.Key_Escape)  # the user changes their mind
        assert not dialog.isVisible()
        with no_dialog():
            release.set()
            qtbot.waitUntil(lambda: not dialog.resumer.busy, timeout=10_000)
            qtbot.wait(100)  # long enough for a question to come
    finally:
        release.set()


def test_the_list_of_unfinished_batches_deleted_with_its_window_raises_nothing(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The window under the list of unfinished batches deleted while the list is open (as
    a test's end deletes its windows): the list's answer is not read from a deleted
    dialog (pytest-qt fails the test on the error it raised)."""
    dialog = send_to_a_list(window)

    def delete_its_window(chooser: QWidget) -> None:
        assert chooser.windowTitle() == "Resume a batch"
        dialog.deleteLater()  # done in the list's own event loop, which it ends

    with answering(delete_its_window), qtbot.waitSignal(dialog.destroyed, timeout=10_000):
        click(dialog.ui.resume_button)
    assert window.findChild(BatchDialog, "batchDialog") is None
