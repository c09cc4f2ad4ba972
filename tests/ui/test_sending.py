"""Sending from the window: worker thread, progress, cancel, results, cache, history, settings."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QImage

from rampwin_desktop.core.model import Button, Header, HeaderKind, Message
from rampwin_desktop.core.payload import send_body
from rampwin_desktop.sandbox import Fault, SandboxServer
from rampwin_desktop.storage.history import Outcome
from rampwin_desktop.storage.keystore import SERVICE
from rampwin_desktop.storage.profiles import SANDBOX
from rampwin_desktop.ui.main_window import MainWindow
from rampwin_desktop.ui.settings_dialog import SettingsDialog
from tests.helpers import TEST_KEY
from tests.helpers.file_keyring import FileKeyring
from tests.ui.conftest import open_window

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

MESSAGE = Message(
    body="Hello *there* 👋",
    footer="Thanks",
    buttons=(Button("yes", "Yes"), Button("no", "No")),
    recipient="+91 99999 99999",
    channel_id="channel-1",
)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch, config_dir: Path) -> Iterator[SandboxServer]:
    """A sandbox started by the test; the window reaches it through the environment."""
    with SandboxServer(api_key=TEST_KEY) as sandbox:
        monkeypatch.setenv("RAMPWIN_API_KEY", TEST_KEY)
        monkeypatch.setenv("RAMPWIN_BASE_URL", sandbox.base_url)
        yield sandbox


@pytest.fixture
def live(qtbot: QtBot, server: SandboxServer, window: MainWindow) -> MainWindow:
    return window


def real_png(folder: Path, name: str = "photo.png") -> Path:
    image = QImage(800, 418, QImage.Format.Format_RGB32)
    image.fill(QColor("#2E7D32"))
    path = folder / name
    assert image.save(str(path))
    return path


def compose_with_large_document(window: MainWindow, path: Path, size: int) -> None:
    """A message whose header is a sparse PDF of ``size`` bytes (a big upload, little disk)."""
    with path.open("wb") as stream:
        stream.write(b"%PDF-1.4\n")
        stream.truncate(size)
    window.composer.set_message(
        MESSAGE.with_changes(header=Header.of_media(HeaderKind.DOCUMENT, str(path)))
    )


def send_and_wait(qtbot: QtBot, window: MainWindow, *, to_self: bool = False) -> bool:
    with qtbot.waitSignal(window.sender_.finished, timeout=20_000) as blocker:
        button = window.send_bar.send_test_button if to_self else window.send_bar.send_button
        assert button.isEnabled(), button.toolTip()
        button.click()
    qtbot.waitUntil(lambda: not window.controller.running)
    return bool(blocker.args[0])


def test_environment_override_is_used_and_said(live: MainWindow) -> None:
    assert live.account.profile.name != SANDBOX
    assert "RAMPWIN_API_KEY" in live.status_note.text()
    assert "RAMPWIN_BASE_URL" in live.status_note.text()
    assert not live.sandbox_banner.isVisible()


def test_send_with_an_image_reaches_the_sandbox(
    qtbot: QtBot, live: MainWindow, server: SandboxServer, tmp_path: Path
) -> None:
    image = real_png(tmp_path)
    message = MESSAGE.with_changes(header=Header.of_media(HeaderKind.IMAGE, str(image)))
    live.composer.set_message(message)
    before = live.composer.message()
    assert send_and_wait(qtbot, live)

    (stored,) = server.uploads()
    assert stored.path.read_bytes() == image.read_bytes()
    (recorded,) = server.messages()
    link = recorded["body"]["interactive"]["header"]["image"]["link"]
    assert recorded["body"] == send_body(message, media_link=link)
    assert live.composer.message() == before  # the composition stays as it was
    banner = live.send_bar.banner
    assert banner.isVisible() and "Interactive message sent successfully" in banner.text.text()
    (attempt,) = live.history.attempts()
    assert attempt.outcome is Outcome.SENT and attempt.recipient == "919999999999"
    assert attempt.body["interactive"]["header"]["image"]["link"] == link


def test_same_image_is_not_uploaded_twice_unless_asked(
    qtbot: QtBot, live: MainWindow, server: SandboxServer, tmp_path: Path
) -> None:
    image = real_png(tmp_path)
    live.composer.set_message(
        MESSAGE.with_changes(header=Header.of_media(HeaderKind.IMAGE, str(image)))
    )
    assert send_and_wait(qtbot, live)
    assert send_and_wait(qtbot, live)
    assert len(server.uploads()) == 1 and len(server.messages()) == 2
    assert "reused" in live.send_bar.banner.text.text()
    live.reupload_action.setChecked(True)
    assert send_and_wait(qtbot, live)
    assert len(server.uploads()) == 2
    assert not live.reupload_action.isChecked()  # one re-upload, then back to the cache


def test_progress_and_cancel_of_a_large_upload(
    qtbot: QtBot, live: MainWindow, server: SandboxServer, tmp_path: Path
) -> None:
    compose_with_large_document(live, tmp_path / "catalogue.pdf", 90_000_000)
    formats: list[str] = []

    def on_progress(sent: int, total: int) -> None:
        formats.append(live.send_bar.progress.format())
        assert live.send_bar.summary.text() == "catalogue.pdf"
        if sent > 5_000_000:
            live.send_bar.cancel_button.click()

    live.controller.progress_changed.connect(on_progress)
    assert not send_and_wait(qtbot, live)
    assert any(f.startswith("Uploading document ") and f.endswith(" / 90.0 MB") for f in formats)
    assert "cancelled" in live.send_bar.banner.text.text()
    assert server.uploads() == [] and server.messages() == []
    assert live.history.attempts()[0].outcome is Outcome.FAILED
    assert not live.send_bar.progress.isVisible()


def test_window_stays_responsive_during_a_large_upload(
    qtbot: QtBot, live: MainWindow, server: SandboxServer, tmp_path: Path
) -> None:
    compose_with_large_document(live, tmp_path / "big.pdf", 60_000_000)
    beats: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(lambda: beats.append(time.monotonic()))
    heartbeat.start()
    try:
        assert send_and_wait(qtbot, live)
    finally:
        heartbeat.stop()
    gaps = [later - earlier for earlier, later in itertools.pairwise(beats)]
    assert len(beats) > 10
    assert max(gaps) < 0.1, f"the GUI thread stalled for {max(gaps) * 1000:.0f} ms"


@pytest.mark.parametrize(
    ("fault", "words", "details"),
    [
        (Fault(endpoint="send", status=401), "did not accept the API key", "HTTP 401"),
        (
            Fault(
                endpoint="send", status=400, body='{"success": false, "message": "Invalid buttons"}'
            ),
            "Invalid buttons",
            "HTTP 400",
        ),
        (Fault(endpoint="send", status=500), "may have been delivered", "HTTP 500"),
        (Fault(endpoint="send", status=503), "Try again in a few minutes", "HTTP 503"),
        (Fault(endpoint="send", drop="before_response"), "may have been delivered", ""),  # type: ignore[arg-type]
        (
            Fault(endpoint="send", status=429, retry_after="30"),
            "try again in 30 seconds",
            "HTTP 429",
        ),
        (
            Fault(
                endpoint="send", status=400, body='{"success": false, "message": "Session expired"}'
            ),
            "Send any message from your phone to your business number, then try again.",
            "HTTP 400",
        ),
    ],
)
def test_failures_show_their_sentence_and_keep_the_message(
    qtbot: QtBot, live: MainWindow, server: SandboxServer, fault: Fault, words: str, details: str
) -> None:
    live.composer.set_message(MESSAGE)
    before = live.composer.message()
    server.add_fault(fault)
    assert not send_and_wait(qtbot, live)
    banner = live.send_bar.banner
    assert words in banner.text.text()
    if details:
        assert not banner.details.isVisible()
        banner.details_button.click()
        assert banner.details.isVisible() and details in banner.details.text()
    assert live.composer.message() == before
    assert len(server.messages()) == (1 if fault.drop else 0)


def test_send_test_to_me_asks_for_my_number_once(
    qtbot: QtBot,
    live: MainWindow,
    server: SandboxServer,
    modal_dialogs: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []

    def get_text(*args: object) -> tuple[str, bool]:
        asked.append("asked")
        return ("+44 7911 123456", True)

    monkeypatch.setattr("rampwin_desktop.ui.sending.QInputDialog.getText", get_text)
    live.composer.set_message(MESSAGE.with_changes(recipient=""))
    assert send_and_wait(qtbot, live, to_self=True)
    assert send_and_wait(qtbot, live, to_self=True)
    assert asked == ["asked"]
    assert [m["body"]["phone_number"] for m in server.messages()] == ["447911123456"] * 2
    assert live.account.profiles.load(live.account.profile.name).own_number == "447911123456"
    assert live.composer.message().recipient == ""  # the recipient field is untouched


def test_closing_during_a_send_cancels_cleanly(
    qtbot: QtBot,
    live: MainWindow,
    server: SandboxServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QMessageBox

    compose_with_large_document(live, tmp_path / "big.pdf", 95_000_000)
    questions: list[str] = []

    def question(parent: object, title: str, text: str, *args: object) -> object:
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.question", question)
    with qtbot.waitSignal(live.controller.progress_changed, timeout=10_000):
        live.send_bar.send_button.click()
    live._saved = live.composer.message()
    assert live.controller.running
    live.close()
    assert questions and "in progress" in questions[0], questions
    assert not live.controller.running and not live.isVisible()
    assert server.messages() == []


def test_settings_keep_the_key_in_the_keyring_only(
    qtbot: QtBot, window: MainWindow, test_keyring: FileKeyring, config_dir: Path
) -> None:
    profile = window.account.profiles.load("default")
    dialog = SettingsDialog(profile, window.account.secrets, window)
    qtbot.addWidget(dialog)
    assert dialog.key_edit.echoMode() == dialog.key_edit.EchoMode.Password
    dialog.key_edit.setText("rk_live_secret_123")
    dialog.show_key.click()
    assert dialog.key_edit.echoMode() == dialog.key_edit.EchoMode.Normal
    dialog.own_number_edit.setText("+91 99999 99999")
    dialog.accept()
    assert test_keyring.entries[(SERVICE, "default:api-key")] == "rk_live_secret_123"
    window.account.save_profile(dialog.profile)
    assert dialog.profile.own_number == "919999999999"
    window.settings.sync()
    for path in config_dir.rglob("*"):
        if path.is_file():
            assert b"rk_live_secret_123" not in path.read_bytes(), path

    again = SettingsDialog(window.account.profiles.load("default"), window.account.secrets, window)
    qtbot.addWidget(again)
    assert again.key_edit.text() == "" and "keyring" in again.key_edit.placeholderText()
    again.forget_key.click()
    again.accept()
    assert (SERVICE, "default:api-key") not in test_keyring.entries


def test_no_keyring_keeps_the_key_for_this_session_only(
    qtbot: QtBot, config_dir: Path, monkeypatch: pytest.MonkeyPatch, modal_dialogs: list[str]
) -> None:
    import keyring
    from keyring.backends.fail import Keyring as NoKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")  # helpers too
    monkeypatch.delenv("RAMPWIN_API_KEY", raising=False)
    try:
        window = open_window(qtbot)
        assert window.account.profile.name == SANDBOX
        assert not window.account.secrets.set(
            __import__("rampwin_desktop.keystore").keystore.Secret.API_KEY, "session-key", "default"
        )
        assert "No system keyring" in (window.account.secrets.unavailable or "")
        assert "this session only" in window.account.secrets.unavailable
        window.account.choose("default")
        assert window.account.credentials() is not None
        assert "session only" in window.status_note.text()
        for path in config_dir.rglob("*"):
            if path.is_file():
                assert b"session-key" not in path.read_bytes()
        window._saved = window.composer.message()
        window.close()
    finally:
        keyring.set_keyring(previous)


def test_sandbox_mode_and_inbox(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    assert window.account.profile.name == SANDBOX
    assert window.sandbox_banner.isVisible() and "nothing leaves" in window.sandbox_banner.text()
    image = real_png(tmp_path)
    window.composer.set_message(
        MESSAGE.with_changes(
            channel_id="sandbox", header=Header.of_media(HeaderKind.IMAGE, str(image))
        )
    )
    assert send_and_wait(qtbot, window)
    server = window.account.sandbox_running
    assert server is not None and len(server.messages()) == 1
    assert window.inbox.list.count() == 1
    raw = json.loads(window.inbox.raw.toPlainText())
    assert raw["body"]["phone_number"] == "919999999999"
    assert "Hello there 👋" in window.inbox.preview.accessibleDescription()
    shown = window.inbox.preview.bubble.media
    assert not shown.isHidden() and shown.has_image  # the stored upload, as the phone shows it


def test_history_lists_attempts_and_reopens_them(
    qtbot: QtBot, live: MainWindow, server: SandboxServer
) -> None:
    live.composer.set_message(MESSAGE)
    assert send_and_wait(qtbot, live)
    server.add_fault(
        Fault(
            endpoint="send",
            status=400,
            body='{"success": false, "message": "Invalid phone number"}',
        )
    )
    live.composer.body.set_text("Second try")
    assert not send_and_wait(qtbot, live)
    panel = live.history_panel
    assert panel.table.rowCount() == 2
    assert [panel.table.item(r, 2).text() for r in range(2)] == ["refused", "sent"]
    panel.filter.setText("refused")
    assert panel.table.rowCount() == 1
    panel.filter.setText("")
    panel.table.selectRow(1)
    live._saved = live.composer.message()
    panel.open_button.click()
    assert live.composer.message().body == "Hello *there* 👋"
