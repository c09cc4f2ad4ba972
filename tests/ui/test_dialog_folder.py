"""File dialogs open where the last file was chosen, in this session and in the next one
(kept in settings.json, as the window's other choices are)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from rampwin_desktop.storage.settings import open_settings
from rampwin_desktop.ui import dialogs
from tests.helpers.dialogs import answering, cancel, choose_file
from tests.helpers.window import close_window, open_window, trigger

if TYPE_CHECKING:
    import pytest
    from PySide6.QtWidgets import QWidget
    from pytestqt.qtbot import QtBot

    from rampwin_desktop.ui.main_window import MainWindow
    from tests.helpers.file_keyring import FileKeyring

DOC_EXAMPLE = Path(__file__).parents[1] / "data" / "doc_example_request.json"


def opened_in(window: MainWindow) -> Path:
    """File › Open draft…: the folder its dialog opens in; the dialog is cancelled."""
    seen: list[Path] = []

    def look_then_cancel(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        seen.append(Path(dialog.directory().absolutePath()))
        cancel(dialog)

    with answering(look_then_cancel):
        trigger(window, "openDraftAction")
    return seen[0]


def new_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a restart of the app forgets: the folder chosen this session."""
    monkeypatch.setattr(dialogs._LastChosen, "folder", None)


def test_the_next_session_opens_where_the_last_file_was_chosen(
    qtbot: QtBot, test_keyring: FileKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drafts = tmp_path / "campaigns"
    drafts.mkdir()
    draft = Path(shutil.copy(DOC_EXAMPLE, drafts / "spring.json"))
    first = open_window(qtbot)
    assert opened_in(first) == Path.home()  # nothing chosen yet, ever
    with answering(choose_file(draft)):
        trigger(first, "openDraftAction")
    qtbot.waitUntil(lambda: first.windowTitle().startswith("spring.json"))
    close_window(first)
    kept = json.loads(open_settings().path.read_text(encoding="utf-8"))
    assert kept["window"]["last_folder"] == str(drafts)

    new_session(monkeypatch)
    second = open_window(qtbot)
    assert opened_in(second) == drafts
    close_window(second)

    # A folder that is gone is not offered: home again.
    shutil.rmtree(drafts)
    new_session(monkeypatch)
    third = open_window(qtbot)
    assert opened_in(third) == Path.home()
    close_window(third)
