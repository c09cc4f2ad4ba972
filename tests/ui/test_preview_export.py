"""The preview as a picture (``rampwin-desktop preview``, File › Export preview as PNG…, Edit ›
Copy preview image) is the window's preview, pixel for pixel; Copy as Python and Copy as
JavaScript give scripts that send the message (upload first) without the key in them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog

from rampwin_desktop.core.draft import load_draft
from rampwin_desktop.core.model import Button, Header, HeaderKind, Message
from rampwin_desktop.ui.chat_parts import ReplyButtonCard
from tests.helpers import TEST_KEY, media_files
from tests.helpers.cli import run_cli
from tests.helpers.dialogs import answering, cancel, choose_file
from tests.helpers.window import choose_header_file, compose, copied, trigger

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from pytestqt.qtbot import QtBot

    from rampwin_desktop.sandbox import SandboxServer
    from rampwin_desktop.ui.main_window import MainWindow

DOC_EXAMPLE = Path(__file__).parents[1] / "data" / "doc_example_request.json"
NINE_41 = datetime(2026, 3, 2, 9, 41)


def shown_part(window: MainWindow, height: int) -> QImage:
    """The window's preview as it is on the screen, its top ``height`` pixels."""
    preview = window.preview
    grabbed = preview.grab().toImage()
    return grabbed.copy(0, 0, preview.width(), height).convertToFormat(QImage.Format.Format_RGB32)


def as_rgb(image: QImage) -> QImage:
    return image.convertToFormat(QImage.Format.Format_RGB32)


def last_card_bottom(window: MainWindow) -> int:
    cards = [c for c in window.preview.findChildren(ReplyButtonCard) if c.isVisibleTo(window)]
    card = cards[-1]
    return card.mapTo(window.preview, card.rect().bottomLeft()).y()


# ------------------------------------------------------------------ rampwin-desktop preview


def test_preview_out_is_the_windows_preview_of_the_documented_example(
    window: MainWindow, tmp_path: Path
) -> None:
    compose(window, load_draft(DOC_EXAMPLE))
    window.preview.show_time(NINE_41)  # as the command's --time 09:41 shows it
    pictures: dict[str, QImage] = {}
    for theme, action_name in (("light", "themeLightAction"), ("dark", "themeDarkAction")):
        trigger(window, action_name)
        out = tmp_path / f"{theme}.png"
        done = run_cli(
            "preview", "--draft", str(DOC_EXAMPLE), "--out", str(out), "--theme", theme,
            "--time", "09:41",
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        picture = QImage(str(out))
        assert not picture.isNull()
        assert f"{picture.width()} × {picture.height()} pixels" in done.stdout
        # The window's preview at its default width, and as tall as the chat it shows: the
        # whole message with its button, and no more than the chat's bottom margin below.
        assert picture.width() == window.preview.width() == 400
        assert 0 < picture.height() - last_card_bottom(window) <= 16
        assert as_rgb(picture) == shown_part(window, picture.height())  # pixel for pixel
        pictures[theme] = picture
    assert as_rgb(pictures["light"]) != as_rgb(pictures["dark"])


def test_preview_scale_2_draws_twice_the_pixels(tmp_path: Path) -> None:
    sizes = []
    for scale in ("1", "2"):
        out = tmp_path / f"x{scale}.png"
        done = run_cli(
            "preview", "--draft", str(DOC_EXAMPLE), "--out", str(out), "--scale", scale,
            "--time", "09:41",
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        sizes.append(QImage(str(out)).size())
    assert sizes[1].width() == 2 * sizes[0].width()
    assert sizes[1].height() == 2 * sizes[0].height()
    sharp = QImage(str(tmp_path / "x2.png"))
    enlarged = QImage(str(tmp_path / "x1.png")).scaled(sharp.size())
    assert as_rgb(sharp) != as_rgb(enlarged)  # drawn at 2x, not the 1x picture blown up


# ------------------------------------------------------------------ the window's commands


def test_export_preview_writes_what_the_preview_shows(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    header = media_files.png(tmp_path, "banner.png", 800, 418)
    compose(
        window,
        Message(
            header=Header.of_media(HeaderKind.IMAGE, str(header)),
            body="*Spring* sale: _today_ only",
            footer="Reply STOP to opt out",
            buttons=(Button("yes", "Yes please"), Button("no", "No thanks")),
        ),
    )
    window.preview.show_time(NINE_41)
    target = tmp_path / "for approval"  # no suffix typed: .png is added
    with answering(choose_file(target)) as asked:
        trigger(window, "exportPreviewAction")
    assert asked == ["Export preview as PNG"]
    written = target.with_suffix(".png")
    qtbot.waitUntil(lambda: "Saved the preview" in window.statusBar().currentMessage())
    assert str(written) in window.statusBar().currentMessage()
    picture = QImage(str(written))
    assert picture.width() == window.preview.width()
    assert 0 < picture.height() - last_card_bottom(window) <= 16
    assert as_rgb(picture) == shown_part(window, picture.height())


def proposed_export(window: MainWindow) -> list[str]:
    """File › Export preview as PNG…: the file its dialog proposes; the dialog is cancelled."""
    proposed: list[str] = []

    def look_then_cancel(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        proposed.extend(dialog.selectedFiles())
        cancel(dialog)

    with answering(look_then_cancel):
        trigger(window, "exportPreviewAction")
    return proposed


def test_export_preview_cancelled_writes_nothing(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    compose(window, load_draft(DOC_EXAMPLE))
    proposed = proposed_export(window)
    assert proposed == [str(home / "preview.png")]  # an untitled draft: home, preview.png
    assert list(home.iterdir()) == []
    assert "preview" not in window.statusBar().currentMessage()


def test_export_preview_opens_where_the_last_file_was_chosen(
    window: MainWindow, tmp_path: Path
) -> None:
    pictures = tmp_path / "campaign pictures"
    pictures.mkdir()
    choose_header_file(window, media_files.png(pictures, "hero.png", 800, 418))
    proposed = proposed_export(window)
    assert proposed == [str(pictures / "preview.png")]  # not the home folder


def test_export_preview_says_when_it_cannot_write(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    compose(window, load_draft(DOC_EXAMPLE))
    (tmp_path / "taken").mkdir()  # a folder where the file would go
    with answering(choose_file(tmp_path / "taken" / "missing" / "x.png")):
        trigger(window, "exportPreviewAction")
    qtbot.waitUntil(lambda: "not saved" in window.statusBar().currentMessage())
    assert not (tmp_path / "taken" / "missing").exists()


def test_copy_preview_image_puts_the_preview_on_the_clipboard(
    window: MainWindow, tmp_path: Path
) -> None:
    compose(window, load_draft(DOC_EXAMPLE))
    window.preview.show_time(NINE_41)
    trigger(window, "themeDarkAction")
    QGuiApplication.clipboard().setText("before")
    trigger(window, "copyPreviewImageAction")
    copied = QGuiApplication.clipboard().image()
    assert not copied.isNull()
    assert copied.width() == window.preview.width()
    assert as_rgb(copied) == shown_part(window, copied.height())
    out = tmp_path / "dark.png"
    done = run_cli(
        "preview", "--draft", str(DOC_EXAMPLE), "--out", str(out), "--theme", "dark",
        "--time", "09:41",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert as_rgb(QImage(str(out))) == as_rgb(copied)  # the window and the command agree


# ------------------------------------------------------------------ copy as code


def message_with_header_file(folder: Path) -> Message:
    header = media_files.png(folder, "offer banner.png", 800, 418)  # a space in its name
    return Message(
        header=Header.of_media(HeaderKind.IMAGE, str(header)),
        body='Hello "friend" — 50% off\nLine two',
        footer="Thank You",
        buttons=(Button("btn_1", "Buy Now"),),
        recipient="919999999999",
        channel_id="channel-1",
    )


def check_arrived(sandbox: SandboxServer, sent: Message) -> None:
    (recorded,) = sandbox.messages()
    interactive = recorded["body"]["interactive"]
    link = interactive["header"]["image"]["link"]
    (upload,) = sandbox.uploads()
    assert sandbox.stored_file(link) == upload.path  # the link the upload returned
    assert upload.path.read_bytes() == Path(sent.header.link).read_bytes()
    assert interactive["body"]["text"] == sent.body
    assert recorded["body"]["phone_number"] == "919999999999"


def run_script(command: list[str], sandbox: SandboxServer) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "RAMPWIN_API_KEY": sandbox.api_key}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=False)


def test_copy_as_python_runs_against_the_sandbox(
    qtbot: QtBot, sandbox: SandboxServer, live: MainWindow, tmp_path: Path
) -> None:
    assert live.account.sandbox_running is None  # the test's sandbox, the key configured
    message = message_with_header_file(tmp_path)
    compose(live, message)
    script = copied(qtbot, live, "copyPythonAction")
    assert str(message.header.link) in script  # a picture with no metadata: the user's file
    assert TEST_KEY not in script and 'os.environ.get("RAMPWIN_API_KEY")' in script
    assert "timeout=TIMEOUT" in script
    path = tmp_path / "send_message.py"
    path.write_text(script, encoding="utf-8")
    done = run_script([sys.executable, str(path)], sandbox)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "sent" in done.stdout.lower()
    check_arrived(sandbox, message)


def test_copy_as_javascript_runs_against_the_sandbox(
    qtbot: QtBot, sandbox: SandboxServer, live: MainWindow, tmp_path: Path
) -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed here (.ci/run installs nodejs)"
    message = message_with_header_file(tmp_path)
    compose(live, message)
    script = copied(qtbot, live, "copyJavaScriptAction")
    assert TEST_KEY not in script and "process.env.RAMPWIN_API_KEY" in script
    assert "AbortSignal.timeout" in script
    path = tmp_path / "send-message.js"
    path.write_text(script, encoding="utf-8")
    done = run_script([node, str(path)], sandbox)
    assert done.returncode == 0, done.stdout + done.stderr
    check_arrived(sandbox, message)


@pytest.mark.parametrize("action_name", ["copyPythonAction", "copyJavaScriptAction"])
def test_copy_as_code_stops_with_the_servers_words_on_a_wrong_key(
    qtbot: QtBot, sandbox: SandboxServer, live: MainWindow, tmp_path: Path, action_name: str
) -> None:
    compose(live, message_with_header_file(tmp_path))
    path = tmp_path / ("send.py" if action_name == "copyPythonAction" else "send.js")
    path.write_text(copied(qtbot, live, action_name), encoding="utf-8")
    program = sys.executable if path.suffix == ".py" else shutil.which("node")
    assert program
    env = {"PATH": "/usr/bin:/bin", "RAMPWIN_API_KEY": "wrong-key"}
    done = subprocess.run(
        [program, str(path)], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert done.returncode != 0
    assert "The upload failed: HTTP 401" in done.stderr, done.stderr
    assert sandbox.messages() == []
