"""Drafts from someone else, opened in the window (issue 16): a header file from outside the
draft's folder is sent only after a yes to a question that names and shows it; hostile
draft files are refused by File › Open without stalling the window."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from rampwin_desktop.core.draft import load_draft
from rampwin_desktop.sandbox import SandboxServer
from rampwin_desktop.storage import paths
from rampwin_desktop.storage.autosave import RecoveryFile
from rampwin_desktop.ui.main_window import MainWindow
from tests.helpers import media_files
from tests.helpers.bad_corpus import DRAFT_CASES, fifo_released_after, make
from tests.helpers.dialogs import answering, choose_file, no_dialog, press, press_seeing_picture
from tests.helpers.file_keyring import FileKeyring
from tests.helpers.shared_drafts import THEIR_NUMBER, private_photo, shared_draft
from tests.helpers.window import (
    click,
    close_window,
    drop_files,
    heartbeat,
    longest_gap,
    open_window,
    send_and_wait,
    trigger,
    type_body,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QPixmap
    from pytestqt.qtbot import QtBot

Buttons = QMessageBox.StandardButton


def open_draft(window: MainWindow, draft: Path) -> None:
    with answering(choose_file(draft)):
        trigger(window, "openDraftAction")
    assert window.composer.message().recipient == THEIR_NUMBER


def open_shared_draft(window: MainWindow, home: Path) -> Path:
    """Open, with File › Open, a draft in Downloads whose header is the user's private photo
    (``../../Pictures/private.png``); the photo's path."""
    photo = private_photo(home)
    open_draft(window, shared_draft(home / "Downloads" / "shared", "../../Pictures/private.png"))
    return photo


def test_a_shared_draft_sends_a_file_from_outside_its_folder_only_after_a_yes(
    qtbot: QtBot, live: MainWindow, sandbox: SandboxServer, tmp_path: Path
) -> None:
    photo = open_shared_draft(live, tmp_path / "home")
    pictures: list[QPixmap] = []
    with answering(press_seeing_picture(Buttons.No, pictures)) as asked:
        click(live.send_bar.send_button)
    assert str(photo.resolve()) in asked[0]  # the full path, named
    assert not pictures[0].isNull() and pictures[0].width() > pictures[0].height()  # shown
    assert not live.sending.running and sandbox.requests() == []  # no means nothing sent

    with answering(press(Buttons.Yes)) as asked_again:
        assert send_and_wait(qtbot, live)
    assert str(photo.resolve()) in asked_again[0]
    (upload,) = sandbox.uploads()
    assert upload.path.read_bytes() == photo.read_bytes()
    assert sandbox.messages()[0]["body"]["phone_number"] == THEIR_NUMBER
    with no_dialog():  # said once: the next send does not ask again
        assert send_and_wait(qtbot, live)


def test_a_shared_draft_restored_after_a_crash_still_asks(
    qtbot: QtBot, sandbox_in_environment: SandboxServer, test_keyring: FileKeyring, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    photo = private_photo(home)
    draft = shared_draft(home / "Downloads" / "shared", "../../Pictures/private.png")
    RecoveryFile(paths.recovery_file()).write(load_draft(draft), str(draft))  # never confirmed
    with answering(press(Buttons.Yes)):  # restore it
        window = open_window(qtbot)
    with answering(press(Buttons.No)) as asked:
        click(window.send_bar.send_button)
    assert str(photo.resolve()) in asked[0]
    assert sandbox_in_environment.requests() == []
    close_window(window)


@pytest.mark.parametrize("how", ["file dialog", "drop", "paste"])
def test_a_file_the_user_chooses_is_sent_without_a_question(
    qtbot: QtBot, live: MainWindow, sandbox: SandboxServer, tmp_path: Path, how: str
) -> None:
    photo = open_shared_draft(live, tmp_path / "home")
    header = live.composer.header
    if how == "file dialog":  # the same photo, chosen by the user this time
        with answering(choose_file(photo)):
            click(header.pick_button)
    elif how == "drop":
        assert drop_files(header, photo)
    else:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(photo))])
        QGuiApplication.clipboard().setMimeData(mime)
        trigger(live, "pasteHeaderAction")
    with no_dialog():
        assert send_and_wait(qtbot, live)
    assert len(sandbox.uploads()) == 1


def test_a_draft_saved_beside_its_image_does_not_ask(
    qtbot: QtBot, live: MainWindow, sandbox: SandboxServer, tmp_path: Path
) -> None:
    folder = tmp_path / "campaign"
    (folder / "images").mkdir(parents=True)
    image = media_files.png(folder / "images", "hero.png", 800, 418)
    open_draft(live, shared_draft(tmp_path / "elsewhere", str(image)))  # absolute, outside
    with answering(choose_file(folder / "offer.json")):
        trigger(live, "saveAsAction")  # the app saves it beside its image
    trigger(live, "newDraftAction")
    open_draft(live, folder / "offer.json")
    with no_dialog():
        assert send_and_wait(qtbot, live)
    assert len(sandbox.uploads()) == 1


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize("name", ["pipe.json", "nested.json"])
def test_file_open_refuses_a_hostile_draft_and_the_window_keeps_going(
    window: MainWindow, corpus: Path, name: str
) -> None:
    type_body(window, "keep me")
    started = time.monotonic()
    # A window stuck on the FIFO is freed after 3 s, so that the test fails, not hangs.
    answers = (press(Buttons.Discard), choose_file(corpus / name), press(Buttons.Ok))
    with (
        fifo_released_after(corpus / "pipe.json", 3.0),
        heartbeat() as beats,
        answering(*answers) as said,
    ):
        trigger(window, "openDraftAction")
    assert DRAFT_CASES[name][1] in said[2]
    assert time.monotonic() - started < 3 and longest_gap(beats) < 1.0
    assert window.composer.body.text() == "keep me"
