"""The History and Sandbox inbox docks, opened and used as a user does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDockWidget, QMessageBox, QTabBar

from rampwin_desktop.core.model import Button, Message
from rampwin_desktop.ui.main_window import MainWindow
from tests.helpers.dialogs import answering, press
from tests.helpers.window import (
    click,
    click_row,
    close_window,
    compose,
    header_labels,
    open_window,
    retype,
    send_and_wait,
    trigger,
)

if TYPE_CHECKING:
    import pytest
    from PySide6.QtWidgets import QWidget
    from pytestqt.qtbot import QtBot

    from rampwin_desktop.sandbox import SandboxServer
    from rampwin_desktop.ui.history_panel import HistoryPanel
    from tests.helpers.file_keyring import FileKeyring

Buttons = QMessageBox.StandardButton


def message(body: str) -> Message:
    return Message(
        body=body, buttons=(Button("ok", "OK"),), recipient="+91 99999 99999", channel_id="c-1"
    )


def dock(window: MainWindow, name: str) -> QDockWidget:
    found = window.findChild(QDockWidget, name)
    assert found is not None, name
    return found


def selected_id(panel: HistoryPanel) -> int | None:
    attempt = panel.selected()
    return None if attempt is None else attempt.id


def test_both_docks_open_tabbed_and_leave_the_form_its_room(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert (window.width(), window.height()) == (1100, 800)
    trigger(window, "historyDockAction")
    trigger(window, "inboxDockAction")
    history, inbox = dock(window, "historyDock"), dock(window, "inboxDock")
    assert window.tabifiedDockWidgets(history) == [inbox]
    assert inbox.isVisible() and history.isVisible()  # the inbox's tab in front
    qtbot.waitUntil(lambda: window.centralWidget().height() >= 400, timeout=1000)
    qtbot.waitUntil(lambda: any(bar.isVisible() for bar in window.findChildren(QTabBar)))
    window.grab().save("/tmp/docks/both-docks.png")
    # History, chosen in the tab bar, shows every column whole.
    trigger(window, "historyDockAction")  # off: the action follows the dock
    trigger(window, "historyDockAction")  # on again, raised
    table = window.docks.history_panel.table
    qtbot.waitUntil(table.isVisible)
    assert window.centralWidget().height() >= 400
    header, metrics = table.horizontalHeader(), QFontMetrics(table.font())
    for column, label in enumerate(header_labels(table)):
        left = header.sectionViewportPosition(column)
        assert left >= 0 and left + header.sectionSize(column) <= table.viewport().width(), label
        assert header.sectionSize(column) >= metrics.horizontalAdvance(label) + 16, label
    assert header_labels(table) == [
        "When",
        "Profile",
        "To",
        "Outcome",
        "Batch",
        "Detail",
        "Message",
    ]
    window.grab().save("/tmp/docks/history-dock.png")


def test_the_selection_stays_on_its_attempt_when_a_send_adds_a_row(
    qtbot: QtBot, live: MainWindow, sandbox: SandboxServer
) -> None:
    for body in ("First", "Second"):
        compose(live, message(body))
        assert send_and_wait(qtbot, live)
    trigger(live, "historyDockAction")
    panel = live.docks.history_panel
    assert panel.table.model().rowCount() == 2
    assert not panel.open_button.isEnabled() and not panel.again_button.isEnabled()
    click_row(panel.table, 1)  # "First", the older one
    chosen = selected_id(panel)
    assert chosen is not None and panel.open_button.isEnabled() and panel.again_button.isEnabled()
    compose(live, message("Third"))
    assert send_and_wait(qtbot, live)
    assert panel.table.model().rowCount() == 3
    assert selected_id(panel) == chosen  # row 2 now, the same attempt
    assert panel.table.selectionModel().selectedRows()[0].row() == 2
    assert panel.again_button.isEnabled()
    # Send again… sends the chosen message once more, after one question.
    with (
        qtbot.waitSignal(live.sending.finished, timeout=20_000),
        answering(press(Buttons.Discard), press(Buttons.Yes)) as asked,
    ):
        click(panel.again_button)
    assert "again to +919999999999, from the profile “default”?" in asked[1]
    qtbot.waitUntil(lambda: not live.sending.running)
    assert [m["body"]["interactive"]["body"]["text"] for m in sandbox.messages()] == [
        "First",
        "Second",
        "Third",
        "First",
    ]
    assert selected_id(panel) == chosen


def test_send_again_answered_no_leaves_the_message_in_the_form_unsent(
    qtbot: QtBot, live: MainWindow, sandbox: SandboxServer
) -> None:
    compose(live, message("Only once"))
    assert send_and_wait(qtbot, live)
    compose(live, message("Something else"))
    trigger(live, "historyDockAction")
    panel = live.docks.history_panel
    click_row(panel.table, 0)
    with answering(press(Buttons.Discard), press(Buttons.No)):
        click(panel.again_button)
    assert live.composer.message().body == "Only once"
    assert len(sandbox.messages()) == 1
    assert not live.sending.running
    # Enter, as a user who does not read it: No (Yes was the default, unlike every other
    # question before a send; the profile may not be the one it was sent from).
    with answering(press(Buttons.Discard), press_enter):
        click(panel.again_button)
    assert len(sandbox.messages()) == 1 and not live.sending.running


def press_enter(dialog: QWidget) -> None:
    QTest.keyClick(dialog, Qt.Key.Key_Return)


def test_send_again_of_a_message_that_cannot_go_says_so_and_asks_nothing(
    qtbot: QtBot, window: MainWindow
) -> None:
    """It asked "Send this message again…?" first, and only on Yes said that the message
    could not be sent as it was (the second newcomer run)."""
    empty = {
        "channel_id": "c1",
        "phone_number": "919999999999",
        "interactive": {
            "type": "button",
            "body": {"text": ""},  # refused now: no body
            "action": {"buttons": [{"type": "reply", "reply": {"id": "ok", "title": "OK"}}]},
        },
    }
    window.history.begin(profile="Sandbox", recipient="919999999999", body=empty)
    window.drafts.mark_saved()
    trigger(window, "historyDockAction")
    panel = window.docks.history_panel
    qtbot.waitUntil(lambda: panel.table.model().rowCount() == 1)
    click_row(panel.table, 0)
    with answering(press(Buttons.Ok)) as asked:
        click(panel.again_button)
    assert asked == ["This message cannot be sent as it is: the form shows what to fix."]
    assert not window.sending.running


def test_history_reads_a_page_at_a_time_and_keeps_a_deep_selection(
    qtbot: QtBot, window: MainWindow
) -> None:
    from rampwin_desktop.ui.history_model import PAGE

    ids = [
        window.history.begin(profile="p", recipient=f"9199{n:08d}", body={"n": n})
        for n in range(PAGE + 50)
    ]
    trigger(window, "historyDockAction")
    panel = window.docks.history_panel
    assert panel.model.rowCount() == PAGE  # not every attempt: the rest on scrolling
    panel.table.scrollToBottom()
    qtbot.waitUntil(lambda: panel.model.rowCount() == PAGE + 50)
    click_row(panel.table, PAGE + 40)
    chosen = selected_id(panel)
    assert chosen == ids[9]
    window.history.begin(profile="p", recipient="919900000999", body={})
    click(panel.refresh_button)  # one page again, and as many rows as reach the selection
    assert selected_id(panel) == chosen
    assert panel.table.selectionModel().selectedRows()[0].row() == PAGE + 41
    assert panel.table.rowAt(0) == 0  # the newest in view: what Refresh is asked for
    panel.table.scrollTo(panel.table.selectionModel().selectedRows()[0])
    trigger(window, "historyDockAction")  # closed, then opened again: the newest too
    window.history.begin(profile="p", recipient="919900000998", body={})
    trigger(window, "historyDockAction")
    assert panel.table.rowAt(0) == 0 and selected_id(panel) == chosen


def test_send_again_sends_braces_that_were_sent_as_they_were(
    qtbot: QtBot, live: MainWindow, sandbox: SandboxServer
) -> None:
    compose(live, message("Type \\{{code}} in the form"))
    assert send_and_wait(qtbot, live)
    compose(live, message("Something else"))
    trigger(live, "historyDockAction")
    panel = live.docks.history_panel
    click_row(panel.table, 0)
    with (
        qtbot.waitSignal(live.sending.finished, timeout=20_000),
        answering(press(Buttons.Discard), press(Buttons.Yes)),
    ):
        click(panel.again_button)
    qtbot.waitUntil(lambda: not live.sending.running)
    assert live.composer.message().body == "Type \\{{code}} in the form"  # not a placeholder
    assert [m["body"]["interactive"]["body"]["text"] for m in sandbox.messages()] == [
        "Type {{code}} in the form"
    ] * 2


def test_history_columns_keep_their_widths_while_a_filter_is_typed(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Typing a filter leaves the columns where they are (fitted at each key, they jumped
    as the rows changed); Refresh fits them to what is listed."""
    from rampwin_desktop.storage.history import Outcome

    short = window.history.begin(profile="p", recipient="919900000001", body={})
    window.history.finish(short, Outcome.SENT, "ok")
    name = "a profile with a name much longer than the column's sample"
    long = window.history.begin(profile=name, recipient="919900000002", body={})
    window.history.finish(long, Outcome.SENT, "ok")
    trigger(window, "historyDockAction")
    panel = window.docks.history_panel
    widths = [panel.table.columnWidth(column) for column in range(5)]
    qtbot.keyClicks(panel.filter, "919900000001")
    assert panel.model.rowCount() == 1
    assert [panel.table.columnWidth(column) for column in range(5)] == widths
    click(panel.refresh_button)  # fitted to the one row listed now: its profile is short
    assert panel.model.rowCount() == 1
    assert [panel.table.columnWidth(column) for column in range(5)] != widths
    retype(panel.filter, "")  # every attempt again, in columns fitted to them (a newcomer's find)
    assert panel.model.rowCount() == 2
    assert [panel.table.columnWidth(column) for column in range(5)] == widths


def test_a_filter_shows_its_matches_from_the_newest(qtbot: QtBot, window: MainWindow) -> None:
    """Typed while scrolled down, a filter shows its first matches, not the middle of them
    (the view kept its scroll position: the newest matches were above it)."""
    from rampwin_desktop.storage.history import Outcome

    for n in range(120):
        attempt = window.history.begin(profile="p", recipient=f"9199{n:08d}", body={})
        window.history.finish(attempt, Outcome.FAILED if n % 10 == 0 else Outcome.SENT, "x")
    trigger(window, "historyDockAction")
    panel = window.docks.history_panel
    panel.table.scrollToBottom()
    assert panel.table.verticalScrollBar().value() > 0
    qtbot.keyClicks(panel.filter, "fail")
    assert panel.model.rowCount() == 12
    assert panel.table.verticalScrollBar().value() == 0
    assert panel.table.rowAt(0) == 0  # the newest failure is the first row in view


def test_the_outcome_column_is_never_narrower_than_its_longest_words(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Fitted to sent attempts only (Refresh under a filter), the Outcome column still
    shows "outcome unknown" whole when the filter changes (it wrapped onto two lines)."""
    from rampwin_desktop.storage.history import Outcome

    sent = window.history.begin(profile="p", recipient="919900000001", body={})
    window.history.finish(sent, Outcome.SENT, "ok")
    window.history.begin(profile="p", recipient="919900000002", body={})  # never finished
    trigger(window, "historyDockAction")
    panel = window.docks.history_panel
    qtbot.keyClicks(panel.filter, "919900000001")
    click(panel.refresh_button)
    retype(panel.filter, "91990000000")  # both again, the columns as they were fitted
    assert panel.model.rowCount() == 2
    outcome = header_labels(panel.table).index("Outcome")
    needed = panel.table.fontMetrics().horizontalAdvance("outcome unknown")
    assert panel.table.columnWidth(outcome) > needed


def test_history_shows_what_each_message_says(qtbot: QtBot, window: MainWindow) -> None:
    """A newcomer could not see why an attempt matched a filter: History shows each
    message's text on one line, in the room the other columns leave, whole in its tooltip
    (with its line breaks); the detail keeps its width, whole in its tooltip too; an
    attempt is a line tall."""
    from PySide6.QtCore import Qt

    from rampwin_desktop.storage.history import Outcome

    text = "Hello Émile,\nyour order is ready for pick-up at the counter by the door"
    first = window.history.begin(
        profile="p", recipient="919900000001", body={"interactive": {"body": {"text": text}}}
    )
    detail = "No answer in 30 s: the message may have been delivered; check before sending again"
    window.history.finish(first, Outcome.UNKNOWN, detail)
    window.history.begin(profile="p", recipient="919900000002", body={"x": 1})
    trigger(window, "historyDockAction")
    panel = window.docks.history_panel
    labels = header_labels(panel.table)
    message, said = labels.index("Message"), labels.index("Detail")
    assert message == len(labels) - 1  # the last: the room the others leave
    width = panel.table.columnWidth(said)
    assert width < panel.table.fontMetrics().horizontalAdvance(detail)
    qtbot.keyClicks(panel.filter, "emile counter")
    assert panel.model.rowCount() == 1
    cell = panel.model.index(0, message)
    assert cell.data() == "Hello Émile, your order is ready for pick-up at the counter by the door"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == text
    assert panel.model.index(0, said).data(Qt.ItemDataRole.ToolTipRole) == detail
    assert panel.table.rowHeight(0) < 2 * panel.table.fontMetrics().height()
    retype(panel.filter, "")
    click(panel.refresh_button)  # fitted to what is listed: the detail keeps its width
    assert panel.table.columnWidth(said) == width
    assert panel.model.index(0, message).data() == ""  # the newest: a request with no text


def test_historys_filter_finds_an_attempt_by_what_its_when_column_shows(
    qtbot: QtBot, window: MainWindow
) -> None:
    import time

    from rampwin_desktop.storage.history import Finished, Outcome, json_text

    day = time.mktime((2026, 11, 30, 14, 5, 9, 0, 0, -1))
    window.history.add(
        [
            Finished(day + later, "p", f"9199000000{n}", json_text({}), "", Outcome.SENT, "ok", "")
            for n, later in enumerate((0, 30, 86_400))
        ]
    )
    trigger(window, "historyDockAction")
    panel = window.docks.history_panel
    assert panel.filter.placeholderText().startswith("Filter by text, number, date")
    oldest = panel.model.index(2, 0).data()
    assert oldest == "2026-11-30 14:05:09"
    qtbot.keyClicks(panel.filter, oldest)  # as it is shown
    assert [panel.model.index(0, 0).data()] * panel.model.rowCount() == [oldest]
    retype(panel.filter, "2026-11-30")
    assert panel.model.rowCount() == 2
    retype(panel.filter, "14:05")  # that time, any day
    assert panel.model.rowCount() == 3
    retype(panel.filter, "")
    qtbot.keyClicks(panel.filter, "2026-11-30 14:05:")  # being typed: found as it goes
    assert panel.model.rowCount() == 2 and panel.note.text() == ""
    retype(panel.filter, "2026-12-31")
    assert panel.model.rowCount() == 0
    assert panel.note.isVisible() and panel.note.text() == "No attempt matches “2026-12-31”."


def test_an_older_history_gets_its_words_off_the_gui_thread_once_the_window_starts(
    qtbot: QtBot, test_keyring: FileKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An older version's history is given its search words after the first paint, in a
    helper thread (1.5 s for 100,000 attempts); History's filter then finds its attempts."""
    import sqlite3
    import threading

    from rampwin_desktop.storage import history_search, paths
    from tests.helpers.older_history import add_sent

    paths.history_file().parent.mkdir(parents=True, exist_ok=True)
    add_sent(paths.history_file(), "919900000001", "Written before")
    threads: list[bool] = []
    real = history_search.catch_up

    def watched(db: sqlite3.Connection) -> None:
        threads.append(threading.current_thread() is threading.main_thread())
        real(db)

    monkeypatch.setattr(history_search, "catch_up", watched)
    window = open_window(qtbot)
    qtbot.waitUntil(lambda: threads != [], timeout=10_000)
    assert threads == [False]
    trigger(window, "historyDockAction")
    qtbot.keyClicks(window.docks.history_panel.filter, "written before")
    assert window.docks.history_panel.model.rowCount() == 1
    close_window(window)


def test_an_empty_history_says_so(qtbot: QtBot, window: MainWindow) -> None:
    trigger(window, "historyDockAction")
    panel = window.docks.history_panel
    assert panel.model.rowCount() == 0
    assert panel.note.text() == "No sends yet: each one is listed here."
