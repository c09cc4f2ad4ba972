"""Edit › Copy as Python / cURL / JavaScript upload the picture the app would upload: a phone
photo's copy without its location and camera data (made off the GUI thread, the Copy done
when it is ready), the user's own file when they keep metadata, and the user's file, with
the reason in the status bar, when it cannot be cleaned."""

from __future__ import annotations

import ast
import io
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image
from PySide6.QtGui import QGuiApplication

from rampwin_desktop.core import image_meta
from rampwin_desktop.sandbox import SandboxServer
from rampwin_desktop.storage import paths
from rampwin_desktop.ui.main_window import MainWindow
from tests.helpers import pictures
from tests.helpers.window import (
    choose_header_file,
    compose,
    copied,
    keep_metadata_in_settings,
    trigger,
)

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

MESSAGE = pictures.MESSAGE
COPIED_MS = 30_000


def python_upload_path(script: str) -> Path:
    found = re.search(r"with open\((.+?), \"rb\"\) as file:", script)
    assert found, script
    return Path(ast.literal_eval(found.group(1)))


def curl_upload_path(commands: str) -> Path:
    found = re.search(r"file=@\"([^\"]+)\";type=image/jpeg", commands)
    assert found, commands
    return Path(found.group(1))


def assert_clean_copy_of(uploaded: bytes, photo: Path) -> None:
    assert image_meta.inspect_bytes(uploaded).found == ()
    with Image.open(io.BytesIO(uploaded)) as image:
        assert not image.getexif() and "comment" not in image.info
    assert image_meta.jpeg_scan_data(uploaded) == image_meta.jpeg_scan_data(photo.read_bytes())


def assert_read_whole(window: MainWindow) -> None:
    """The status bar's message is read whole at the window's default width (1100 px):
    QStatusBar draws it from x 6 to its width less 12 (no permanent widget), clipped."""
    bar = window.statusBar()
    assert window.width() == 1100 and bar.width() == 1100
    text = bar.currentMessage()
    assert bar.fontMetrics().horizontalAdvance(text) <= bar.width() - 18, text


def run_python(script: str, folder: Path, sandbox: SandboxServer) -> None:
    path = folder / "send_message.py"
    path.write_text(script, encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "RAMPWIN_API_KEY": sandbox.api_key}
    done = subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, env=env, timeout=60,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_copy_as_python_uploads_the_photo_without_its_location(
    qtbot: QtBot, live: MainWindow, sandbox: SandboxServer, tmp_path: Path
) -> None:
    photo = pictures.gps_jpeg(tmp_path)
    original = photo.read_bytes()
    assert pictures.GPS_LATITUDE and image_meta.inspect(photo).any
    compose(live, MESSAGE)
    choose_header_file(live, photo)
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("before")
    trigger(live, "copyPythonAction")
    # The picture is read and cleaned off the GUI thread: the action returns at once.
    assert clipboard.text() == "before"
    assert live.statusBar().currentMessage() == "Preparing the header picture for the copy…"
    qtbot.waitUntil(lambda: clipboard.text() != "before", timeout=COPIED_MS)
    script = clipboard.text()
    named = python_upload_path(script)
    assert named != photo and named.parent.parent == paths.fitted_images_dir()
    assert named.name == photo.name  # the user's name, in a folder named by the content
    assert_clean_copy_of(named.read_bytes(), photo)
    assert 'Rampwin Desktop\'s copy of "holiday.jpg" with its location and' in script
    status = live.statusBar().currentMessage()
    assert status == (
        "Copied the Python script (requests, key from $RAMPWIN_API_KEY). "
        "Picture: a copy of holiday.jpg without location or camera data."
    )
    assert_read_whole(live)
    run_python(script, tmp_path, sandbox)
    (upload,) = sandbox.uploads()
    assert_clean_copy_of(upload.path.read_bytes(), photo)
    (recorded,) = sandbox.messages()
    link = recorded["body"]["interactive"]["header"]["image"]["link"]
    assert sandbox.stored_file(link) == upload.path
    assert photo.read_bytes() == original  # the user's file is never changed


def test_copy_as_curl_and_javascript_name_the_same_clean_copy(
    qtbot: QtBot, live: MainWindow, tmp_path: Path
) -> None:
    photo = pictures.gps_jpeg(tmp_path)
    compose(live, MESSAGE)
    choose_header_file(live, photo)
    commands = copied(qtbot, live, "copyCurlAction", COPIED_MS)
    named = curl_upload_path(commands)
    assert named.parent.parent == paths.fitted_images_dir() and named.name == photo.name
    assert_clean_copy_of(named.read_bytes(), photo)
    assert '# The header picture is Rampwin Desktop\'s copy of "holiday.jpg"' in commands
    assert live.statusBar().currentMessage().startswith("Copied the curl command (key from ")
    assert (
        "copy of holiday.jpg without location or camera data" in live.statusBar().currentMessage()
    )
    assert_read_whole(live)
    script = copied(qtbot, live, "copyJavaScriptAction", COPIED_MS)
    assert "copy of holiday.jpg without location" in live.statusBar().currentMessage()
    assert_read_whole(live)
    assert f"fs.readFileSync({str(named)!r})".replace("'", '"') in script
    assert '// The header picture is Rampwin Desktop\'s copy of "holiday.jpg"' in script


def test_with_metadata_kept_the_copy_names_the_users_own_file(
    qtbot: QtBot, live: MainWindow, tmp_path: Path
) -> None:
    photo = pictures.gps_jpeg(tmp_path)
    compose(live, MESSAGE)
    choose_header_file(live, photo)
    by_default = copied(qtbot, live, "copyPythonAction", COPIED_MS)
    assert python_upload_path(by_default) != photo

    keep_metadata_in_settings(qtbot, live)
    script = copied(qtbot, live, "copyPythonAction", COPIED_MS)
    assert python_upload_path(script) == photo
    assert "copy of" not in script
    commands = copied(qtbot, live, "copyCurlAction", COPIED_MS)
    assert curl_upload_path(commands) == photo
    assert "copy of" not in commands
    assert "Picture" not in live.statusBar().currentMessage()


def test_a_photo_that_cannot_be_cleaned_is_named_as_it_is_and_the_status_says_why(
    qtbot: QtBot, live: MainWindow, tmp_path: Path
) -> None:
    photo = pictures.gps_jpeg(tmp_path)
    data = photo.read_bytes()
    frame = data.index(b"\xff\xc0")
    after = frame + 2 + int.from_bytes(data[frame + 2 : frame + 4], "big")
    photo.write_bytes(data[:after] + b"junk" + data[after:])  # shown, but not followed
    compose(live, MESSAGE)
    choose_header_file(live, photo)
    assert live.composer.header.link_edit.text() == str(photo)  # the picker accepts it
    script = copied(qtbot, live, "copyPythonAction", COPIED_MS)
    assert python_upload_path(script) == photo
    assert "copy of" not in script
    status = live.statusBar().currentMessage()
    assert status.startswith("Copied the Python script")
    assert "Picture not cleaned (holiday.jpg is damaged" in status
    assert status.endswith("): it names the file as it is."), status
    assert_read_whole(live)


def test_a_second_copy_while_the_first_is_prepared_is_refused_and_the_first_arrives(
    qtbot: QtBot, live: MainWindow, tmp_path: Path
) -> None:
    compose(live, MESSAGE)
    choose_header_file(live, pictures.gps_jpeg(tmp_path))
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("before")
    trigger(live, "copyPythonAction")
    trigger(live, "copyCurlAction")  # at once: the picture is still being prepared
    assert live.statusBar().currentMessage() == "Still preparing the last copy…"
    qtbot.waitUntil(lambda: clipboard.text() != "before", timeout=COPIED_MS)
    assert "import requests" in clipboard.text()  # the Python script, not the cURL commands
    assert "curl " not in clipboard.text()
