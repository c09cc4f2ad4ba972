"""Bad files dropped on the window are refused on the spot, and nothing is lost."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from rampwin_desktop.ui.main_window import MainWindow
from tests.helpers.bad_corpus import MEDIA_CASES, make
from tests.helpers.window import choose_item, drop_files, retype, type_body


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize(
    "name",
    [n for n in sorted(MEDIA_CASES) if MEDIA_CASES[n][1] == "image" and n != "unreadable.png"],
)
def test_bad_file_is_refused_and_the_message_kept(
    window: MainWindow, corpus: Path, name: str
) -> None:
    type_body(window, "My careful words")
    choose_item(window.composer.header.kind_combo, "Image")
    started = time.monotonic()
    assert not drop_files(window.composer.header, corpus / name)
    assert time.monotonic() - started < 2
    problem = window.composer.header.problem
    assert problem.isVisible() and MEDIA_CASES[name][2] in problem.text()
    assert window.composer.message().header.link == ""
    assert window.composer.body.text() == "My careful words"


def test_a_hundred_kilobytes_in_the_body_does_not_freeze_the_window(window: MainWindow) -> None:
    body = "Lorem ipsum dolor sit amet 👋 " * 3500
    QGuiApplication.clipboard().setText(body)
    editor = window.composer.body.edit
    control = Qt.KeyboardModifier.ControlModifier
    QTest.keyClick(editor, Qt.Key.Key_A, control)
    # How long it takes is bench/bench_preview.py's "100 KB pasted" (target: a second).
    QTest.keyClick(editor, Qt.Key.Key_V, control)  # pasted over the starter text
    assert window.composer.body.text() == body
    assert window.composer.body.counter.over
    assert not window.send_bar.send_button.isEnabled()


def test_a_body_of_invisible_characters_shows_the_empty_body_problem(window: MainWindow) -> None:
    destination = window.composer.destination
    retype(destination.recipient, "919999999999")
    retype(destination.channel, "ch-1")
    type_body(window, "Hello")
    send = window.send_bar.send_button
    assert send.isEnabled()
    type_body(window, "\u200b\u200b\ufeff")  # zero-width spaces and a BOM: nothing to see
    assert window.composer.body.text() == "\u200b\u200b\ufeff"
    problem = window.composer.body.problem
    assert problem.isVisible()
    assert problem.text() == "The body is empty; it needs at least one visible character."
    assert not send.isEnabled()
    retype(destination.channel, "ch/1")  # a slash no channel id has, beside its field
    channel_problem = destination.channel_problem
    assert channel_problem.isVisible() and '"/" at position 3' in channel_problem.text()
