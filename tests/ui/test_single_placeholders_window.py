"""A ``{{placeholder}}`` typed into a single send's message: the window shows it as a
problem like any other and sends nothing; ``\\{{`` sends the braces as typed."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from rampwin_desktop.core.model import Button, Message
from tests.helpers.window import (
    choose_from_menu,
    click,
    compose,
    copied,
    send_and_wait,
    type_body,
)

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from rampwin_desktop.ui.main_window import MainWindow

READY = Message(
    body="Hello",
    buttons=(Button("yes", "Yes"), Button("no", "No")),
    footer="Reply STOP to opt out",
    recipient="+91 99999 99999",
    channel_id="shop",
)
UNFILLED = (
    "{{name}} is filled in per row only by File › Send to a list…; remove it, "
    "or write \\{{ to send the braces as typed."
)


def test_a_typed_placeholder_is_a_problem_and_send_sends_nothing(
    qtbot: QtBot, window: MainWindow
) -> None:
    compose(window, READY)
    bar = window.send_bar
    assert bar.send_button.isEnabled() and bar.summary.text() == "Ready to send."
    type_body(window, "Hi {{name}}")
    body = window.composer.body
    assert body.problem.isVisible() and body.problem.text() == UNFILLED  # the red line
    assert bar.summary.text() != "Ready to send."
    assert bar.problems_button.isVisible()
    assert bar.problems_button.text().startswith("1 problem to fix")
    assert [action.text() for action in bar.problems_menu.actions()] == [UNFILLED]
    click(window.composer.footer.edit)
    choose_from_menu(bar.problems_button, UNFILLED)
    qtbot.waitUntil(body.edit.hasFocus, timeout=2000)  # to the field the placeholder is in

    assert not bar.send_button.isEnabled() and not bar.send_test_button.isEnabled()
    assert UNFILLED in bar.send_button.toolTip()  # why, where the pointer is
    QTest.mouseClick(bar.send_button, Qt.MouseButton.LeftButton)  # the real button
    qtbot.wait(300)
    assert not window.sending.running
    assert window.account.sandbox().messages() == []


def test_an_escaped_placeholder_is_sent_with_its_braces(qtbot: QtBot, window: MainWindow) -> None:
    compose(window, READY)
    type_body(window, "Hi \\{{name}}")
    assert not window.composer.body.problem.isVisible()
    shown = window.preview.accessibleDescription()  # the text the phone shows
    assert "Hi {{name}}" in shown and "\\" not in shown  # as it is sent
    assert send_and_wait(qtbot, window)
    (sent,) = window.account.sandbox().messages()
    assert sent["body"]["interactive"]["body"]["text"] == "Hi {{name}}"


def test_copy_as_request_body_and_curl_copy_what_a_send_sends(
    qtbot: QtBot, window: MainWindow
) -> None:
    compose(window, READY)
    type_body(window, "Hi \\{{name}}")
    body = json.loads(copied(qtbot, window, "copyJsonAction"))
    assert body["interactive"]["body"]["text"] == "Hi {{name}}"
    assert "Hi {{name}}" in copied(qtbot, window, "copyCurlAction")
    assert "\\{{" not in copied(qtbot, window, "copyCurlAction")
