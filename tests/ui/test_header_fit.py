"""Header pictures in the window: "Make it fit" (clicked, converted off the GUI thread, the
header and the preview then show the converted picture, the sandbox accepts it), and a
phone photo's location and camera data removed on the way (the note says so)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PIL import Image

from rampwin_desktop.core import image_meta
from rampwin_desktop.core.model import Header, HeaderKind
from rampwin_desktop.sandbox import SandboxServer
from rampwin_desktop.storage import paths
from rampwin_desktop.ui.main_window import MainWindow
from tests.helpers import ROOT, media_files, pictures
from tests.helpers.window import (
    choose_header_file,
    click,
    compose,
    heartbeat,
    keep_metadata_in_settings,
    longest_gap,
    make_it_fit,
    send_and_wait,
)

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

MESSAGE = pictures.MESSAGE
FIT_TIMEOUT_MS = 60_000


def test_a_picture_with_only_text_notes_is_not_said_to_lose_location_or_camera(
    window: MainWindow, tmp_path: Path
) -> None:
    """A PNG an editor saved with a text note (ImageMagick's dates): the note is removed and
    said as what it is, not as location and camera data (a newcomer's find)."""
    drawn = media_files.write(tmp_path / "drawn.png", media_files.png_bytes(800, 418, padding=8))
    choose_header_file(window, drawn)
    note = window.composer.header.fit.note
    assert (
        note.isVisible() and note.text() == "Sent without the data stored in the file (text notes)."
    )
    assert window.preview.plain_text().splitlines()[0] == "[image: drawn.png]"


def test_a_phone_photo_leaves_the_window_without_exif_and_with_its_scan_bytes(
    qtbot: QtBot, live: MainWindow, sandbox: SandboxServer, tmp_path: Path
) -> None:
    photo = pictures.gps_jpeg(tmp_path)
    compose(live, MESSAGE)
    choose_header_file(live, photo)
    note = live.composer.header.fit.note
    assert note.isVisible() and "location and camera data removed" in note.text()
    assert not live.composer.header.fit.button.isVisible()  # it fits already
    header_line = live.preview.plain_text().splitlines()[0]
    assert header_line == "[image: holiday.jpg · location and camera data removed]"
    assert live.preview.accessibleDescription().startswith(header_line)
    assert send_and_wait(qtbot, live)
    (upload,) = sandbox.uploads()
    uploaded = upload.path.read_bytes()
    assert image_meta.inspect_bytes(uploaded).found == ()
    with Image.open(io.BytesIO(uploaded)) as image:
        assert not image.getexif()
    assert image_meta.jpeg_scan_data(uploaded) == image_meta.jpeg_scan_data(photo.read_bytes())


@pytest.mark.parametrize("make", list(pictures.UNFIT.values()), ids=list(pictures.UNFIT))
def test_make_it_fit_turns_each_refused_picture_into_a_header_the_server_accepts(
    qtbot: QtBot,
    live: MainWindow,
    sandbox: SandboxServer,
    tmp_path: Path,
    make: Callable[[Path], Path],
) -> None:
    source = make(tmp_path)
    original = source.read_bytes()
    compose(live, MESSAGE)
    choose_header_file(live, source)
    picker = live.composer.header
    assert picker.link_edit.text() == "" and picker.problem.isVisible()  # refused
    assert picker.fit.button.isVisible()
    refused = picker.problem.text().removeprefix("Not used: ")
    fitted = make_it_fit(qtbot, live)
    assert fitted.parent.parent == paths.fitted_images_dir()
    assert fitted.name == f"{source.stem}.jpg"  # the user's name, in a folder from the content
    assert not picker.problem.isVisible() and not picker.fit.button.isVisible()
    assert picker.fit.note.text().startswith(f"Made to fit: {source.name}: ")
    # Why it was made to fit stays said: the refusal is gone with the refused file.
    assert picker.fit.note.text().endswith(f" As it was, it could not be sent: {refused}")
    media = live.preview.bubble.media
    qtbot.waitUntil(lambda: media.has_image and media.caption == fitted.name)
    assert send_and_wait(qtbot, live)
    (upload,) = sandbox.uploads()
    assert upload.path.read_bytes() == fitted.read_bytes()
    assert source.read_bytes() == original  # the user's file is never changed


def test_a_draft_whose_header_picture_would_be_refused_offers_a_fit(
    qtbot: QtBot, live: MainWindow, tmp_path: Path
) -> None:
    source = pictures.cmyk_jpeg(tmp_path)
    compose(live, MESSAGE.with_changes(header=Header.of_media(HeaderKind.IMAGE, str(source))))
    picker = live.composer.header
    assert picker.fit.button.isVisible() and "CMYK" in picker.problem.text()
    fitted = make_it_fit(qtbot, live, source)
    assert fitted.parent.parent == paths.fitted_images_dir() and fitted.name == "print-shop.jpg"
    assert live.composer.message().header.link == str(fitted)
    assert "As it was, it could not be sent: " in picker.fit.note.text()
    assert "CMYK" in picker.fit.note.text()


def test_a_broken_picture_is_not_offered_a_fit(live: MainWindow, tmp_path: Path) -> None:
    photo = pictures.big_photo(tmp_path)
    photo.write_bytes(photo.read_bytes()[:6_000_000])  # too large, and cut short
    compose(live, MESSAGE)
    choose_header_file(live, photo)
    picker = live.composer.header
    assert "cut short" in picker.problem.text()
    assert not picker.fit.button.isVisible()


def test_the_window_stays_responsive_while_a_big_photo_is_fitted(
    qtbot: QtBot, live: MainWindow, tmp_path: Path
) -> None:
    photo = pictures.big_photo(tmp_path)
    compose(live, MESSAGE)
    choose_header_file(live, photo)
    picker = live.composer.header
    with heartbeat() as beats:
        click(picker.fit.button)
        assert picker.fit.busy.isVisible() and not picker.fit.button.isEnabled()
        qtbot.waitUntil(lambda: picker.link_edit.text() != "", timeout=FIT_TIMEOUT_MS)
        qtbot.wait(300)  # the thumbnail and the preview show the result meanwhile
    assert len(beats) > 5
    assert longest_gap(beats) < 0.25  # bench/bench_fit.py measures it against 50 ms


def test_keeping_metadata_is_a_setting_the_next_send_follows(
    qtbot: QtBot, live: MainWindow, sandbox: SandboxServer, tmp_path: Path
) -> None:
    photo = pictures.gps_jpeg(tmp_path)
    compose(live, MESSAGE.with_changes(header=Header.of_media(HeaderKind.IMAGE, str(photo))))
    note = live.composer.header.fit.note
    assert note.isVisible()

    keep_metadata_in_settings(qtbot, live)
    qtbot.waitUntil(lambda: not note.isVisible())  # the note follows the switch
    assert live.preview.plain_text().splitlines()[0] == "[image: holiday.jpg]"
    assert send_and_wait(qtbot, live)
    (upload,) = sandbox.uploads()
    assert upload.path.read_bytes() == photo.read_bytes()


QUIT_MID_CONVERSION = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from rampwin_desktop.core.model import HeaderKind
from rampwin_desktop.ui.main_window import MainWindow
from pathlib import Path

app = QApplication([])
window = MainWindow(sandbox=True)
window.show()
picker = window.composer.header
picker.kind_combo.setCurrentIndex(picker.kind_combo.findData(HeaderKind.IMAGE.value))
assert not picker.use_file(Path(sys.argv[1]))
picker.fit.button.click()  # then the window closes and the application quits at once
window.drafts.mark_saved()
QTimer.singleShot(20, window.close)
QTimer.singleShot(30, app.quit)
app.exec()
"""


def test_quitting_while_a_picture_is_converted_waits_for_it(
    tmp_path: Path, config_dir: Path
) -> None:
    """Not "QThread: Destroyed while thread is still running" (an abort, exit 134)."""
    photo = pictures.big_photo(tmp_path)
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, "-c", QUIT_MID_CONVERSION, str(photo)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Destroyed while thread" not in done.stderr


def test_a_chosen_picture_sits_inside_the_thumbnails_dashed_outline(
    window: MainWindow, tmp_path: Path
) -> None:
    """A wide picture covered the outline's sides and its rounded corners (a newcomer's find)."""
    wide = tmp_path / "wide.png"
    Image.new("RGB", (800, 400), (255, 0, 0)).save(wide)
    choose_header_file(window, wide)
    thumbnail = window.composer.header.thumbnail
    seen = thumbnail.grab().toImage()
    middle = seen.height() // 2
    red = [x for x in range(seen.width()) if seen.pixelColor(x, middle).name() == "#ff0000"]
    assert red, "the picture is shown"
    assert red[0] >= 2 and red[-1] <= seen.width() - 3  # the outline's sides stay in view
    corner = seen.pixelColor(1, 1).name()
    assert corner != "#ff0000"  # a rounded corner, not the picture's square one
