"""The composer window, driven through its real widgets."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pytest
from PySide6.QtCore import QMimeData, QObject, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QPushButton, QToolButton

from rampwin_desktop.cli import main
from rampwin_desktop.core.draft import load_draft
from rampwin_desktop.core.model import HeaderKind
from rampwin_desktop.ui.main_window import MainWindow
from rampwin_desktop.ui.theme import DARK, LIGHT, ThemeChoice
from tests.helpers import media_files

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

DOC_EXAMPLE = Path(__file__).parents[1] / "data" / "doc_example_request.json"
W = TypeVar("W", bound=QObject)


def find(window: MainWindow, kind: type[W], name: str) -> W:
    widget = window.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} named {name}"
    return widget


def body(window: MainWindow) -> QPlainTextEdit:
    return find(window, QPlainTextEdit, "bodyEdit")


def line(window: MainWindow, name: str) -> QLineEdit:
    return find(window, QLineEdit, name)


def button(window: MainWindow, name: str) -> QPushButton:
    return find(window, QPushButton, name)


def type_body(qtbot: QtBot, window: MainWindow, text: str) -> None:
    editor = body(window)
    editor.clear()
    qtbot.keyClicks(editor, text)


def preview_text(window: MainWindow) -> str:
    return window.preview.accessibleDescription()


# ------------------------------------------------------------------ typing and the preview


def test_typing_updates_preview_and_counter(qtbot: QtBot, window: MainWindow) -> None:
    type_body(qtbot, window, "Hi *there* _you_")
    assert window.composer.body.counter.text() == "16 / 1024"
    assert "Hi there you" in preview_text(window)
    qtbot.keyClicks(line(window, "footerEdit"), "Thanks")
    assert window.composer.footer.counter.text() == "6 / 60"
    assert preview_text(window).splitlines()[-3] == "Thanks"
    assert window.isWindowModified()


def test_format_shortcuts_wrap_the_selection(qtbot: QtBot, window: MainWindow) -> None:
    type_body(qtbot, window, "sale")
    editor = body(window)
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert editor.toPlainText() == "*sale*"
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert editor.toPlainText() == "_*sale*_"
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    window.composer.body.format_actions["~"].trigger()  # no selection: a pair, cursor inside
    qtbot.keyClicks(editor, "old")
    assert editor.toPlainText() == "_*sale*_~old~"


def test_limits_turn_fields_red_and_disable_sending(qtbot: QtBot, window: MainWindow) -> None:
    line(window, "recipientEdit").setText("919999999999")
    line(window, "channelEdit").setText("ch")
    assert button(window, "sendButton").isEnabled()
    line(window, "footerEdit").setText("f" * 61)
    counter = window.composer.footer.counter
    assert counter.over and counter.text() == "61 / 60"
    assert window.composer.footer.problem.isVisible()
    assert "at most 60" in window.composer.footer.problem.text()
    send = button(window, "sendButton")
    assert not send.isEnabled() and "at most 60" in send.toolTip()
    assert not button(window, "sendTestButton").isEnabled()
    line(window, "footerEdit").setText("f" * 60)
    assert send.isEnabled() and not counter.over


def test_send_test_needs_no_recipient(window: MainWindow) -> None:
    line(window, "channelEdit").setText("ch")
    assert not button(window, "sendButton").isEnabled()
    assert button(window, "sendTestButton").isEnabled()


# ------------------------------------------------------------------ buttons


def test_fourth_button_cannot_be_added(qtbot: QtBot, window: MainWindow) -> None:
    add = button(window, "addButtonButton")
    assert len(window.composer.buttons.rows) == 2  # the starter message has Yes / No
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert len(window.composer.buttons.rows) == 3
    assert not add.isEnabled() and "at most 3" in add.toolTip()
    window.composer.buttons.add_row()
    assert len(window.composer.buttons.rows) == 3


def test_button_id_follows_title_until_edited(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.mouseClick(button(window, "addButtonButton"), Qt.MouseButton.LeftButton)
    title = line(window, "buttonTitleEdit_3")
    qtbot.keyClicks(title, "Buy Now")
    assert line(window, "buttonIdEdit_3").text() == "buy_now"
    qtbot.keyClicks(line(window, "buttonIdEdit_3"), "_x")
    qtbot.keyClicks(title, "!")
    assert line(window, "buttonIdEdit_3").text() == "buy_now_x"
    assert "[Buy Now!]" in preview_text(window)


def test_remove_and_reorder_buttons(qtbot: QtBot, window: MainWindow) -> None:
    assert preview_text(window).splitlines()[-2:] == ["[Yes]", "[No]"]
    qtbot.mouseClick(
        window.findChild(QToolButton, "moveButtonUpButton_2"), Qt.MouseButton.LeftButton
    )
    assert preview_text(window).splitlines()[-2:] == ["[No]", "[Yes]"]
    assert line(window, "buttonTitleEdit_1").text() == "No"
    qtbot.mouseClick(
        window.findChild(QToolButton, "removeButtonButton_1"), Qt.MouseButton.LeftButton
    )
    assert [b.title for b in window.composer.message().buttons] == ["Yes"]


def test_duplicate_titles_are_shown_beside_the_button(window: MainWindow) -> None:
    line(window, "buttonTitleEdit_2").setText("YES")
    problem = window.composer.buttons.rows[1].title.problem
    assert problem.isVisible() and "same title" in problem.text()


# ------------------------------------------------------------------ header


def drop_files(window: MainWindow, *paths: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    picker = window.composer.header
    event = QDropEvent(
        QPoint(10, 10).toPointF(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    picker.dropEvent(event)


def test_drop_an_image_onto_the_header(window: MainWindow, tmp_path: Path) -> None:
    image = media_files.png(tmp_path, "hero.png", 800, 418)
    drop_files(window, image)
    header = window.composer.message().header
    assert header.kind is HeaderKind.IMAGE and header.link == str(image)
    assert "800 × 418 px" in window.composer.header.info.text()
    assert preview_text(window).startswith("[image: hero.png]")
    assert window.preview.bubble.media.isVisible()


def test_a_fake_image_is_refused_right_there(window: MainWindow, tmp_path: Path) -> None:
    window.composer.header.kind_combo.setCurrentIndex(2)  # Image
    drop_files(window, media_files.gif(tmp_path, "animation.png"))
    assert window.composer.message().header.link == ""
    problem = window.composer.header.problem
    assert problem.isVisible() and "GIF image" in problem.text() and "JPEG or PNG" in problem.text()
    big = media_files.sized_png(tmp_path, 5_000_001)
    assert not window.composer.header.use_file(big)
    assert "at most" in problem.text()


def test_paste_an_image(window: MainWindow, config_dir: Path) -> None:
    image = QImage(300, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366CC"))
    QGuiApplication.clipboard().setImage(image)
    assert window.composer.header.paste()
    link = Path(window.composer.message().header.link)
    assert link.parent == config_dir / "data" / "pasted" and link.suffix == ".png"
    assert QImage(str(link)).size() == image.size()
    assert window.composer.message().header.kind is HeaderKind.IMAGE


def test_typed_link_is_checked_too(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    window.composer.header.kind_combo.setCurrentIndex(2)
    link = line(window, "headerLinkEdit")
    link.setText(str(tmp_path / "missing.png"))
    assert "does not exist" in window.composer.header.problem.text()
    link.setText("https://cdn.example.com/banner.png")
    assert not window.composer.header.problem.isVisible()


def test_text_header_shows_markers_literally(window: MainWindow) -> None:
    window.composer.header.kind_combo.setCurrentIndex(1)
    line(window, "headerTextEdit").setText("*Sale*")
    assert preview_text(window).splitlines()[0] == "*Sale*"
    assert "as they are typed" in window.composer.header.problem.text()  # a warning


# ------------------------------------------------------------------ recipient


def test_recipient_is_normalised_on_leaving(window: MainWindow) -> None:
    recipient = line(window, "recipientEdit")
    recipient.setText("+91 99999 99999")
    assert window.composer.destination.country.text() == "India (IN)"
    recipient.editingFinished.emit()
    assert recipient.text() == "919999999999"
    recipient.setText("07911 123456")
    recipient.editingFinished.emit()
    assert recipient.text() == "07911 123456"  # never guessed
    assert "national number" in window.composer.destination.recipient_problem.text()


# ------------------------------------------------------------------ drafts


def test_open_edit_and_save_a_draft(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    draft = tmp_path / "example.json"
    shutil.copy(DOC_EXAMPLE, draft)
    assert window.load(draft)
    assert body(window).toPlainText() == "Hello how are you"
    assert line(window, "footerEdit").text() == "Thank You"
    assert line(window, "buttonTitleEdit_1").text() == "Buy Now"
    assert line(window, "buttonIdEdit_1").text() == "btn_1"
    assert line(window, "recipientEdit").text() == "919999999999"
    assert preview_text(window).splitlines()[1:] == ["Hello how are you", "Thank You", "[Buy Now]"]
    assert not window.isWindowModified()
    type_body(qtbot, window, "Hello again")
    assert window.isWindowModified() and window.windowTitle().startswith("example.json")
    assert window.save()
    assert not window.isWindowModified()
    saved = json.loads(draft.read_text())
    original = json.loads(DOC_EXAMPLE.read_text())
    original["interactive"]["body"]["text"] = "Hello again"
    assert saved == original
    assert load_draft(draft) == window.composer.message()
    assert str(draft.resolve()) in window._recent()


def test_broken_draft_is_reported_and_nothing_is_lost(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    type_body(qtbot, window, "keep me")
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    shown: list[str] = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.warning",
        lambda parent, title, text: shown.append(text),
    )
    assert not window.load(bad)
    assert "should be an object" in shown[0]
    assert body(window).toPlainText() == "keep me"


# ------------------------------------------------------------------ copy as cURL


def test_copy_as_curl_runs_against_the_sandbox(window: MainWindow) -> None:
    assert shutil.which("curl"), "curl is needed here (.ci/run installs it)"
    sandbox = window.account.sandbox()  # the window starts on its built-in sandbox
    window.composer.set_message(load_draft(DOC_EXAMPLE))
    window.copy_curl()
    command = QGuiApplication.clipboard().text()
    assert "$RAMPWIN_API_KEY" in command and sandbox.api_key not in command
    assert sandbox.base_url in command
    env = dict(os.environ, RAMPWIN_API_KEY=sandbox.api_key)
    done = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, env=env, timeout=30, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (recorded,) = sandbox.messages()
    assert recorded["body"] == json.loads(DOC_EXAMPLE.read_text())


def test_copy_json_is_the_request_body(window: MainWindow) -> None:
    window.composer.set_message(load_draft(DOC_EXAMPLE))
    window.copy_json()
    assert json.loads(QGuiApplication.clipboard().text()) == json.loads(DOC_EXAMPLE.read_text())


# ------------------------------------------------------------------ theme, settings, start-up


def test_theme_is_switchable_and_remembered(qtbot: QtBot, window: MainWindow) -> None:
    window.set_theme_choice(ThemeChoice.DARK)
    assert window.preview.theme is DARK
    window.set_theme_choice(ThemeChoice.LIGHT)
    assert window.preview.theme is LIGHT
    window.set_theme_choice(ThemeChoice.DARK)
    window.close()
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.preview.theme is DARK and again.theme_choice() is ThemeChoice.DARK


def test_window_opens_from_the_command(qapp: QApplication, config_dir: Path) -> None:
    seen: list[str] = []

    def close_all() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow):
                seen.append(widget.windowTitle())
                widget.close()

    QTimer.singleShot(300, close_all)
    assert main(["--config-dir", str(config_dir)]) == 0
    assert seen and "Rampwin Desktop" in seen[0]
    assert (config_dir / "settings.ini").exists()


def test_video_and_document_headers_show_as_whatsapp_shows_them(
    window: MainWindow, tmp_path: Path
) -> None:
    window.composer.header.kind_combo.setCurrentIndex(4)  # Document
    assert window.composer.header.use_file(media_files.pdf(tmp_path, "Catalogue.pdf"))
    media = window.preview.bubble.media
    assert media.isVisible() and media.caption == "Catalogue.pdf" and media.height() == 64
    assert preview_text(window).startswith("[document: Catalogue.pdf]")
    window.composer.header.kind_combo.setCurrentIndex(3)  # Video
    assert window.composer.header.use_file(media_files.mp4(tmp_path, "promo.mp4"))
    assert media.height() == round(media.width() * 9 / 16)
    assert preview_text(window).startswith("[video: promo.mp4]")
    window.composer.header.kind_combo.setCurrentIndex(0)
    assert not media.isVisible() and not preview_text(window).startswith("[")


def test_stable_object_names_for_automation(qtbot: QtBot, window: MainWindow) -> None:
    window.composer.buttons.add_row()
    names = [
        "bodyEdit",
        "footerEdit",
        "headerTypeCombo",
        "headerImagePickButton",
        "headerLinkEdit",
        "addButtonButton",
        "recipientEdit",
        "channelEdit",
        "sendButton",
        "sendTestButton",
        "previewView",
    ] + [
        f"{base}_{n}"
        for base in ("buttonTitleEdit", "buttonIdEdit", "removeButtonButton")
        for n in (1, 2, 3)
    ]
    missing = [name for name in names if window.findChild(QObject, name) is None]
    assert missing == []


@pytest.mark.parametrize(("answer", "stays_open"), [("Cancel", True), ("Discard", False)])
def test_closing_with_unsaved_changes_asks_first(
    qtbot: QtBot,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    stays_open: bool,
) -> None:
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def question(parent: object, title: str, text: str, *args: object) -> object:
        asked.append(text)
        return getattr(QMessageBox.StandardButton, answer)

    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.question", question)
    type_body(qtbot, window, "unsaved words")
    window.close()
    assert asked and "Save the changes" in asked[0]
    assert window.isVisible() is stays_open
    assert body(window).toPlainText() == "unsaved words"


def test_the_preview_never_fetches_typed_links(qtbot: QtBot, window: MainWindow) -> None:
    """A header link is shown as typed; no request leaves for it (no tracking pixels)."""
    from rampwin_desktop.api.client import RampwinClient

    sandbox = window.account.sandbox()
    with RampwinClient(sandbox.api_key, base_url=sandbox.base_url) as client:
        url = client.upload_media(media_files.png(Path(sandbox.folder), "pixel.png", 1, 1))
    window.composer.header.kind_combo.setCurrentIndex(2)
    line(window, "headerLinkEdit").setText(url)
    qtbot.wait(300)
    assert preview_text(window).startswith("[image: pixel.png]")
    assert not window.preview.bubble.media.has_image  # a placeholder, not the fetched picture
    assert [r for r in sandbox.requests() if r["endpoint"] == "media"] == []
