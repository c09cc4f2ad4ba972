"""A header picture made by Make it fit, as a newcomer goes on with it: it keeps the user's
file name (the picker, the header field, the saved draft), the draft saved with it is
accepted by every command (the app's own folder is not "outside the draft"), and the
chooser shows the pictures Make it fit converts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog

from rampwin_desktop.core.draft import load_draft
from rampwin_desktop.sandbox import SandboxServer
from rampwin_desktop.storage import paths
from rampwin_desktop.ui.main_window import MainWindow
from tests.helpers import pictures
from tests.helpers.batch_files import write_csv, write_draft
from tests.helpers.cli import run_cli
from tests.helpers.dialogs import answering, choose_file, no_dialog
from tests.helpers.window import (
    choose_header_file,
    choose_item,
    click,
    compose,
    make_it_fit,
    send_and_wait,
    trigger,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from pytestqt.qtbot import QtBot

MESSAGE = pictures.MESSAGE
FIT_TIMEOUT_MS = 60_000
BASE_URL = "http://127.0.0.1:9"  # a dry run never reaches it


def fit_chosen_picture(qtbot: QtBot, window: MainWindow, source: Path) -> Path:
    compose(window, MESSAGE)
    choose_header_file(window, source)
    return make_it_fit(qtbot, window, timeout=FIT_TIMEOUT_MS)


def test_a_fitted_picture_keeps_the_users_name_in_its_content_folder(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    source = pictures.webp(tmp_path, "Summer sale banner.webp")
    fitted = fit_chosen_picture(qtbot, window, source)
    assert fitted.name == "Summer sale banner.jpg"
    assert fitted.parent.parent == paths.fitted_images_dir()
    assert len(fitted.parent.name) == 64  # the folder is the content's SHA-256
    info = window.composer.header.info.text()
    assert info.splitlines()[0] == "Summer sale banner.jpg"
    with answering(choose_file(tmp_path / "offer.json")):
        trigger(window, "saveAsAction")
    saved = json.loads((tmp_path / "offer.json").read_text())
    assert Path(saved["interactive"]["header"]["image"]["link"]).name == "Summer sale banner.jpg"


def test_a_long_name_is_shortened_in_the_middle_in_the_picker(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    source = pictures.webp(tmp_path, "Summer sale banner for the Diwali weekend offer 2026.webp")
    fitted = fit_chosen_picture(qtbot, window, source)
    assert fitted.name == "Summer sale banner for the Diwali weekend offer 2026.jpg"
    shown = window.composer.header.info.text().splitlines()[0]
    assert shown == "Summer sale banner f…kend offer 2026.jpg"


def test_a_draft_with_a_fitted_picture_is_accepted_by_every_command(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    fitted = fit_chosen_picture(qtbot, window, pictures.cmyk_jpeg(tmp_path))
    folder = tmp_path / "campaign"
    folder.mkdir()
    draft = folder / "offer.json"
    with answering(choose_file(draft)):
        trigger(window, "saveAsAction")
    assert load_draft(draft).header.link == str(fitted)  # in the data folder, not beside it

    sent = run_cli("send", "--draft", str(draft), "--dry-run", base_url=BASE_URL)
    assert sent.returncode == 0, sent.stderr
    assert "outside the draft's folder" not in sent.stderr
    drawn = run_cli("preview", "--draft", str(draft), "--out", str(tmp_path / "p.png"))
    assert drawn.returncode == 0, drawn.stderr
    assert (tmp_path / "p.png").stat().st_size > 0
    table = write_csv(tmp_path, [{"phone": "919999999999"}, {"phone": "919999999998"}])
    batch = run_cli(
        "batch", "--draft", str(draft), "--csv", str(table), "--dry-run", base_url=BASE_URL
    )
    assert batch.returncode == 0, batch.stderr
    assert "outside the draft's folder" not in batch.stderr


def test_the_window_sends_a_reopened_draft_with_a_fitted_picture_without_asking(
    qtbot: QtBot, live: MainWindow, sandbox: SandboxServer, tmp_path: Path
) -> None:
    fitted = fit_chosen_picture(qtbot, live, pictures.webp(tmp_path))
    draft = tmp_path / "campaign" / "offer.json"
    draft.parent.mkdir()
    with answering(choose_file(draft)):
        trigger(live, "saveAsAction")
    trigger(live, "newDraftAction")
    with answering(choose_file(draft)):
        trigger(live, "openDraftAction")
    assert live.composer.message().header.link == str(fitted)
    with no_dialog():  # no "Send a file from outside the draft's folder?"
        assert send_and_wait(qtbot, live)
    (upload,) = sandbox.uploads()
    assert upload.path.read_bytes() == fitted.read_bytes()


def test_a_draft_with_a_pasted_picture_is_accepted_without_the_flag(
    window: MainWindow, tmp_path: Path
) -> None:
    compose(window, MESSAGE)
    picture = QImage(800, 418, QImage.Format.Format_RGB32)
    picture.fill(0x3366CC)
    QGuiApplication.clipboard().setImage(picture)
    trigger(window, "pasteHeaderAction")
    pasted = Path(window.composer.header.link_edit.text())
    assert pasted.parent == paths.pasted_images_dir()
    folder = tmp_path / "campaign"
    folder.mkdir()
    with answering(choose_file(folder / "offer.json")):
        trigger(window, "saveAsAction")
    sent = run_cli("send", "--draft", str(folder / "offer.json"), "--dry-run", base_url=BASE_URL)
    assert sent.returncode == 0, sent.stderr


def test_a_stranger_file_in_the_data_folder_is_still_refused(tmp_path: Path) -> None:
    """Only the fitted and pasted pictures are the app's own; not its other files."""
    other = paths.data_dir() / "history.png"
    pictures.webp(other.parent, other.name)
    (tmp_path / "elsewhere").mkdir()  # the data folder is in tmp_path too
    draft = write_draft(tmp_path / "elsewhere", "Hello", type="image", link=str(other))
    sent = run_cli("send", "--draft", str(draft), "--dry-run", base_url=BASE_URL)
    assert sent.returncode == 2 and "outside the draft's folder" in sent.stderr
    table = write_csv(tmp_path, [{"phone": "919999999999"}])
    batch = ["batch", "--draft", str(draft), "--csv", str(table), "--dry-run"]
    refused = run_cli(*batch, base_url=BASE_URL)
    assert refused.returncode == 2 and "outside the draft's folder" in refused.stderr
    assert "--allow-outside-files" in refused.stderr  # batch has the flag too
    allowed = run_cli(*batch, "--allow-outside-files", base_url=BASE_URL)
    assert "outside the draft's folder" not in allowed.stderr


def test_the_chooser_shows_every_picture_make_it_fit_converts(
    window: MainWindow, tmp_path: Path
) -> None:
    source = pictures.webp(tmp_path)
    seen: list[list[str]] = []

    def look_then_choose(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        seen.append(dialog.nameFilters())
        choose_file(source)(dialog)

    picker = window.composer.header
    choose_item(picker.kind_combo, "Image")
    with answering(look_then_choose):
        click(picker.pick_button)
    images, *rest = seen[0]
    for pattern in ("*.jpg", "*.jpeg", "*.png", "*.webp", "*.gif", "*.bmp", "*.tif", "*.tiff"):
        assert pattern in images.split("(")[1]
    assert "All files (*)" in rest
    assert picker.fit.button.isVisible()  # the WebP chosen there is offered a fit
