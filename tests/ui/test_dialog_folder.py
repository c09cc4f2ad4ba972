"""File dialogs open where the last file of their kind was chosen (drafts, pictures, lists,
previews), in this session and in the next one (kept in settings.json, as the window's other
choices are); a folder that is gone gives way to the nearest one above it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from rampwin_desktop.storage.settings import open_settings
from rampwin_desktop.ui import dialogs
from tests.helpers import media_files
from tests.helpers.dialogs import answering, cancel, choose_file
from tests.helpers.window import (
    choose_header_file,
    choose_item,
    click,
    close_window,
    open_window,
    retype,
    trigger,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    import pytest
    from PySide6.QtWidgets import QWidget
    from pytestqt.qtbot import QtBot

    from rampwin_desktop.ui.main_window import MainWindow
    from tests.helpers.file_keyring import FileKeyring

DOC_EXAMPLE = Path(__file__).parents[1] / "data" / "doc_example_request.json"


def opens_in(open_it: Callable[[], None]) -> Path:
    """The folder the file dialog that ``open_it`` opens starts in; it is cancelled."""
    seen: list[Path] = []

    def look_then_cancel(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        seen.append(Path(dialog.directory().absolutePath()))
        cancel(dialog)

    with answering(look_then_cancel):
        open_it()
    return seen[0]


def open_draft_in(window: MainWindow) -> Path:
    return opens_in(lambda: trigger(window, "openDraftAction"))


def pictures_in(window: MainWindow) -> Path:
    picker = window.composer.header
    choose_item(picker.kind_combo, "Image")
    return opens_in(lambda: click(picker.pick_button))


def new_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a restart of the app forgets: the folders chosen this session."""
    monkeypatch.setattr(dialogs._LastChosen, "folders", {})
    monkeypatch.setattr(dialogs._LastChosen, "latest", None)


def test_each_kind_of_file_opens_where_its_last_one_was_chosen_next_session_too(
    qtbot: QtBot, test_keyring: FileKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drafts, pictures = tmp_path / "campaigns", tmp_path / "photos"
    drafts.mkdir()
    pictures.mkdir()
    draft = Path(shutil.copy(DOC_EXAMPLE, drafts / "spring.json"))
    picture = media_files.jpeg(pictures)
    first = open_window(qtbot)
    assert open_draft_in(first) == Path.home()  # nothing chosen yet, ever
    with answering(choose_file(draft)):
        trigger(first, "openDraftAction")
    qtbot.waitUntil(lambda: first.windowTitle().startswith("spring.json"))
    choose_header_file(first, picture)
    trigger(first, "saveAction")  # kept in its file: Open asks nothing first
    assert open_draft_in(first) == drafts  # not the pictures' folder, chosen since
    close_window(first)
    kept = json.loads(open_settings().path.read_text(encoding="utf-8"))["window"]
    assert kept["last_folders"] == {"drafts": str(drafts), "pictures": str(pictures)}

    new_session(monkeypatch)
    second = open_window(qtbot)
    assert open_draft_in(second) == drafts
    assert pictures_in(second) == pictures
    close_window(second)

    # A folder that is gone gives way to the nearest one above it.
    shutil.rmtree(drafts)
    new_session(monkeypatch)
    third = open_window(qtbot)
    assert open_draft_in(third) == tmp_path
    close_window(third)


def test_choose_file_opens_where_the_headers_own_file_is(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A header named by a draft, or typed, is a file in a folder the dialog was never
    shown: its neighbours are the likely next choice."""
    new_session(monkeypatch)  # no folder chosen before, in this test process either
    folder = tmp_path / "summer"
    folder.mkdir()
    picture = media_files.jpeg(folder)
    picker = window.composer.header
    choose_item(picker.kind_combo, "Image")
    retype(picker.link_edit, str(picture))
    assert opens_in(lambda: click(picker.pick_button)) == folder
    retype(picker.link_edit, "https://example.com/banner.jpg")  # a link: where pictures were
    assert opens_in(lambda: click(picker.pick_button)) == Path.home()
