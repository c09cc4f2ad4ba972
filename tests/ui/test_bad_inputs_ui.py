"""Bad files dropped on the window are refused on the spot, and nothing is lost."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rampwin_desktop.ui.main_window import MainWindow
from tests.helpers.bad_corpus import MEDIA_CASES, make

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize(
    "name",
    [n for n in sorted(MEDIA_CASES) if MEDIA_CASES[n][1] == "image" and n != "unreadable.png"],
)
def test_bad_file_is_refused_and_the_message_kept(
    qtbot: QtBot, window: MainWindow, corpus: Path, name: str
) -> None:
    window.composer.body.set_text("My careful words")
    window.composer.header.kind_combo.setCurrentIndex(2)  # Image
    started = time.monotonic()
    assert not window.composer.header.use_file(corpus / name)
    assert time.monotonic() - started < 2
    problem = window.composer.header.problem
    assert problem.isVisible() and MEDIA_CASES[name][2] in problem.text()
    assert window.composer.message().header.link == ""
    assert window.composer.body.text() == "My careful words"


def test_a_hundred_kilobytes_in_the_body_does_not_freeze_the_window(
    qtbot: QtBot, window: MainWindow
) -> None:
    body = "Lorem ipsum dolor sit amet 👋 " * 3500
    started = time.monotonic()
    window.composer.body.edit.setPlainText(body)
    elapsed = time.monotonic() - started
    assert elapsed < 1.0, f"{elapsed:.2f} s to take 100 KB"
    assert window.composer.body.counter.over
    assert not window.send_bar.send_button.isEnabled()
