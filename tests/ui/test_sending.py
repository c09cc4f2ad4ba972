"""Sending from the window: worker thread, progress, cancel, results, cache, history, settings."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QPushButton

from rampwin_desktop.app.credentials import resolve
from rampwin_desktop.core.model import Button, Header, HeaderKind, Message
from rampwin_desktop.core.payload import send_body
from rampwin_desktop.sandbox import Fault, SandboxServer
from rampwin_desktop.sandbox.faults import Drop
from rampwin_desktop.storage.history import Outcome
from rampwin_desktop.storage.keystore import SERVICE
from rampwin_desktop.storage.profiles import SANDBOX, Profile, ProfileStore
from rampwin_desktop.storage.settings import open_settings
from rampwin_desktop.ui.main_window import MainWindow
from tests.helpers import TEST_KEY, media_files
from tests.helpers.cli import run_cli
from tests.helpers.dialogs import answering, cancel, click_ok, fill, no_dialog, press
from tests.helpers.file_keyring import FileKeyring
from tests.helpers.window import (
    action,
    cell_text,
    choose_profile,
    click,
    click_row,
    close_window,
    compose,
    heartbeat,
    longest_gap,
    open_window,
    retype,
    send_and_wait,
    trigger,
    type_body,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from pytestqt.qtbot import QtBot

MESSAGE = Message(
    body="Hello *there* 👋",
    footer="Thanks",
    buttons=(Button("yes", "Yes"), Button("no", "No")),
    recipient="+91 99999 99999",
    channel_id="channel-1",
)
Buttons = QMessageBox.StandardButton


def with_image(folder: Path) -> tuple[Message, Path]:
    image = media_files.png(folder, "photo.png", 800, 418)
    return MESSAGE.with_changes(header=Header.of_media(HeaderKind.IMAGE, str(image))), image


def compose_with_large_document(window: MainWindow, path: Path, size: int) -> None:
    """A message whose header is a sparse PDF of ``size`` bytes (a big upload, little disk)."""
    with path.open("wb") as stream:
        stream.write(b"%PDF-1.4\n")
        stream.truncate(size)
    compose(window, MESSAGE.with_changes(header=Header.of_media(HeaderKind.DOCUMENT, str(path))))


def files_containing(folder: Path, secret: str) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


def test_environment_override_is_used_and_said(live: MainWindow) -> None:
    assert live.account.profile.name != SANDBOX
    said = live.account_banner.plain_text()
    assert live.account_banner.isVisible()
    assert "RAMPWIN_API_KEY" in said and "RAMPWIN_BASE_URL" in said and "Sandbox" not in said


def test_send_with_an_image_reaches_the_sandbox(
    qtbot: QtBot, live: MainWindow, sandbox: SandboxServer, tmp_path: Path
) -> None:
    message, image = with_image(tmp_path)
    compose(live, message)
    before = live.composer.message()
    assert send_and_wait(qtbot, live)

    (stored,) = sandbox.uploads()
    assert stored.path.read_bytes() == image.read_bytes()
    (recorded,) = sandbox.messages()
    link = recorded["body"]["interactive"]["header"]["image"]["link"]
    assert recorded["body"] == send_body(message, media_link=link)
    assert live.composer.message() == before  # the composition stays as it was
    banner = live.send_bar.banner
    assert banner.isVisible() and "Interactive message sent successfully" in banner.text.text()
    (attempt,) = live.history.attempts()
    assert attempt.outcome is Outcome.SENT and attempt.recipient == "919999999999"
    assert attempt.body["interactive"]["header"]["image"]["link"] == link


def test_same_image_is_not_uploaded_twice_unless_asked(
    qtbot: QtBot, live: MainWindow, sandbox: SandboxServer, tmp_path: Path
) -> None:
    compose(live, with_image(tmp_path)[0])
    formats: list[str] = []
    live.sending.controller.progress_changed.connect(
        lambda _sent, _total: formats.append(live.send_bar.progress.format())
    )
    assert send_and_wait(qtbot, live)
    assert formats and formats[-1].startswith("Uploading image ")  # not "0.0 / 0.0 MB"
    assert formats[-1].endswith(" bytes") or formats[-1].endswith(" KB"), formats
    assert send_and_wait(qtbot, live)
    assert len(sandbox.uploads()) == 1 and len(sandbox.messages()) == 2
    assert "reused" in live.send_bar.banner.text.text()
    reupload = action(live, "reuploadAction")
    trigger(live, "reuploadAction")  # Edit › Re-upload the header on the next send
    assert reupload.isChecked()
    assert send_and_wait(qtbot, live)
    assert len(sandbox.uploads()) == 2
    assert "reused" not in live.send_bar.banner.text.text()
    assert not reupload.isChecked()  # one re-upload, then back to the cache


def test_progress_and_cancel_of_a_large_upload(
    qtbot: QtBot, live: MainWindow, sandbox: SandboxServer, tmp_path: Path
) -> None:
    compose_with_large_document(live, tmp_path / "catalogue.pdf", 90_000_000)
    bar = live.send_bar
    formats: list[str] = []
    summaries: list[str] = []
    after_click: list[tuple[str, bool]] = []

    def on_progress(sent: int, total: int) -> None:
        formats.append(bar.progress.format())
        summaries.append(bar.summary.text())
        if sent > 5_000_000 and bar.cancel_button.isEnabled():
            click(bar.cancel_button)
            after_click.append((bar.progress.format(), bar.cancel_button.isEnabled()))

    live.sending.controller.progress_changed.connect(on_progress)
    assert not send_and_wait(qtbot, live)
    assert any(f.startswith("Uploading document ") and f.endswith(" / 90.0 MB") for f in formats)
    assert summaries and set(summaries) == {"catalogue.pdf"}
    assert "cancelled" in bar.banner.text.text()
    assert sandbox.uploads() == [] and sandbox.messages() == []
    assert after_click == [("Cancelling…", False)]  # said at once, and not clicked twice
    assert live.history.attempts()[0].outcome is Outcome.CANCELLED
    assert not bar.progress.isVisible()


def test_ctrl_return_sends_and_esc_cancels_as_the_buttons_say(
    qtbot: QtBot, live: MainWindow, sandbox: SandboxServer, tmp_path: Path
) -> None:
    """The keys the buttons' tooltips name, pressed in the window (their shortcuts are set
    by name before the first paint: ui/boot.py, measure 7)."""
    compose(live, MESSAGE)
    assert send_with_keys(qtbot, live)
    assert len(sandbox.messages()) == 1
    compose_with_large_document(live, tmp_path / "catalogue.pdf", 90_000_000)
    pressed: list[int] = []

    said: list[str] = []

    def on_progress(sent: int, total: int) -> None:
        if sent > 5_000_000 and not pressed:
            pressed.append(sent)
            QTest.keyClick(live.composer.body.edit, Qt.Key.Key_Escape)
            # At once: a button's own shortcut clicks it 100 ms later, when a fast upload
            # may have ended and the message gone out.
            said.append(live.send_bar.progress.format())

    live.sending.controller.progress_changed.connect(on_progress)
    assert not send_with_keys(qtbot, live)
    assert said == ["Cancelling…"]
    assert pressed and "cancelled" in live.send_bar.banner.text.text()
    assert sandbox.uploads() == [] and len(sandbox.messages()) == 1


def send_with_keys(qtbot: QtBot, window: MainWindow, *, keypad: bool = False) -> bool:
    """Ctrl+Return where the message is written (or Ctrl and the keypad's Enter), and the
    send's result: whether it was sent."""
    field = window.composer.body.edit
    field.setFocus()
    key, held = Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    if keypad:
        key, held = Qt.Key.Key_Enter, held | Qt.KeyboardModifier.KeypadModifier
    with qtbot.waitSignal(window.sending.finished, timeout=20_000) as blocker:
        QTest.keyClick(field, key, held)
    qtbot.waitUntil(lambda: not window.sending.running)
    return bool(blocker.args[0])


def test_the_file_being_sent_is_named_while_the_in_app_sandbox_starts(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    assert window.account.sandbox_running is None  # the first send starts it
    compose_with_large_document(window, tmp_path / "catalogue.pdf", 5_000_000)
    summaries: list[str] = []
    window.sending.controller.progress_changed.connect(
        lambda sent, total: summaries.append(window.send_bar.summary.text())
    )
    assert send_and_wait(qtbot, window)
    assert summaries and set(summaries) == {"catalogue.pdf"}


def test_a_long_file_name_being_sent_is_shortened_not_widening_the_window(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    name = "Quarterly catalogue for our customers in the northern region, final version 3.pdf"
    compose_with_large_document(window, tmp_path / name, 20_000_000)
    window.resize(800, 700)
    bar = window.send_bar
    seen: list[tuple[int, str, str]] = []

    def on_progress(sent: int, total: int) -> None:
        bar.summary.repaint()  # as the screen would show it now
        seen.append((window.width(), bar.summary.text(), bar.summary.toolTip()))

    window.sending.controller.progress_changed.connect(on_progress)
    assert send_and_wait(qtbot, window)
    assert seen and set(seen) == {(800, name, name)}  # whole in its text and its tooltip
    assert window.minimumSizeHint().width() <= 800


def test_cancel_after_the_whole_file_is_sent_says_it_waits_for_the_server(
    qtbot: QtBot, live: MainWindow, sandbox: SandboxServer, tmp_path: Path
) -> None:
    compose_with_large_document(live, tmp_path / "catalogue.pdf", 2_000_000)
    sandbox.add_fault(Fault(endpoint="upload", delay=1.5))  # a server slow to answer
    bar = live.send_bar
    said: list[str] = []

    def on_progress(sent: int, total: int) -> None:
        if sent == total and bar.cancel_button.isEnabled():
            click(bar.cancel_button)
            said.append(bar.progress.format())
            said.append(bar.progress.toolTip())
            room.append(bar.progress.width() - 12)  # the bar's frame and margins

    room: list[int] = []
    live.sending.controller.progress_changed.connect(on_progress)
    assert not send_and_wait(qtbot, live)
    assert said[0] == "Cancelling: waiting for the server…"
    assert bar.progress.fontMetrics().horizontalAdvance(said[0]) <= room[0]  # not cut
    assert "the message is not sent" in said[1] and len(said) == 2  # clicked once
    # The upload ended with the server's answer; the message itself was never sent.
    assert "cancelled before sending" in bar.banner.text.text().lower()
    assert sandbox.messages() == []


def test_window_stays_responsive_during_a_large_upload(
    qtbot: QtBot, live: MainWindow, sandbox: SandboxServer, tmp_path: Path
) -> None:
    compose_with_large_document(live, tmp_path / "big.pdf", 60_000_000)
    with heartbeat() as beats:
        assert send_and_wait(qtbot, live)
    assert len(beats) > 10
    gap = longest_gap(beats)
    assert gap < 0.1, f"the GUI thread stalled for {gap * 1000:.0f} ms"
    assert len(sandbox.uploads()) == 1


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
        (Fault(endpoint="send", drop=Drop.BEFORE_RESPONSE), "may have been delivered", ""),
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
    qtbot: QtBot,
    live: MainWindow,
    sandbox: SandboxServer,
    fault: Fault,
    words: str,
    details: str,
) -> None:
    compose(live, MESSAGE)
    before = live.composer.message()
    sandbox.add_fault(fault)
    assert not send_and_wait(qtbot, live)
    banner = live.send_bar.banner
    assert words in banner.text.text()
    if details:
        assert not banner.details.isVisible()
        click(banner.details_button)
        assert banner.details.isVisible() and details in banner.details.text()
        assert banner.details_button.text() == "Hide details"
        click(banner.details_button)
        assert not banner.details.isVisible() and banner.details_button.text() == "Details"
    assert live.composer.message() == before
    assert len(sandbox.messages()) == (1 if fault.drop else 0)


def test_a_success_goes_once_the_message_is_edited_and_a_failure_stays(
    qtbot: QtBot, live: MainWindow, sandbox: SandboxServer
) -> None:
    compose(live, MESSAGE)
    assert send_and_wait(qtbot, live)
    banner = live.send_bar.banner
    assert banner.isVisible() and banner.text.text().startswith("✓")
    live.composer.setFocus()  # nothing changed yet: the success still describes the form
    assert banner.isVisible()
    type_body(live, "Another message")
    assert not banner.isVisible()  # it was about the message before
    sandbox.add_fault(Fault(endpoint="send", status=500))
    assert not send_and_wait(qtbot, live)
    type_body(live, "And another")
    assert banner.isVisible()  # a failure may need acting on: it stays until the next send


def test_send_test_to_me_asks_for_my_number_once(
    qtbot: QtBot, live: MainWindow, sandbox: SandboxServer
) -> None:
    compose(live, MESSAGE.with_changes(recipient=""))
    assert not live.send_bar.send_button.isEnabled()  # no recipient: only a test can go
    with answering(fill(ownNumberEdit="+44 7911 123456")) as asked:
        assert send_and_wait(qtbot, live, to_self=True)
    assert asked == ["Your number"]
    with no_dialog():
        assert send_and_wait(qtbot, live, to_self=True)
    assert [m["body"]["phone_number"] for m in sandbox.messages()] == ["447911123456"] * 2
    assert live.account.profiles.load(live.account.profile.name).own_number == "447911123456"
    assert live.composer.message().recipient == ""  # the recipient field is untouched


def start_a_large_upload(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    compose_with_large_document(window, path, 95_000_000)
    progress = window.send_bar.progress
    click(window.send_bar.send_button)
    qtbot.waitUntil(lambda: progress.format().endswith(" / 95.0 MB"), timeout=10_000)
    assert window.sending.running


def test_closing_during_a_send_cancels_cleanly(
    qtbot: QtBot, live: MainWindow, sandbox: SandboxServer, tmp_path: Path
) -> None:
    start_a_large_upload(qtbot, live, tmp_path / "big.pdf")
    still_running: list[bool] = []  # whoever hears that the send is over can act on it
    live.sending.finished.connect(lambda _sent: still_running.append(live.sending.running))
    with heartbeat() as beats, answering(press(Buttons.Yes), press(Buttons.Discard)) as asked:
        trigger(live, "quitAction")
        assert live.isVisible() and "in progress" in asked[0], asked
        qtbot.waitUntil(lambda: not live.isVisible(), timeout=10_000)  # once the send ends
    assert longest_gap(beats) < 0.1  # the window was not held while the send stopped
    assert still_running == [False]
    assert sandbox.messages() == [] and sandbox.uploads() == []


def test_closing_during_a_send_can_be_called_off(
    qtbot: QtBot, live: MainWindow, sandbox: SandboxServer, tmp_path: Path
) -> None:
    start_a_large_upload(qtbot, live, tmp_path / "big.pdf")
    with qtbot.waitSignal(live.sending.finished, timeout=20_000) as finished:
        with answering(press(Buttons.No)) as questions:
            trigger(live, "quitAction")
        assert "in progress" in questions[0], questions
        assert live.isVisible()  # the window stays, and so does the send
    assert finished.args == [True], live.send_bar.banner.text.text()
    assert len(sandbox.uploads()) == 1 and len(sandbox.messages()) == 1


def test_a_missing_key_opens_settings_and_the_next_send_uses_it(
    qtbot: QtBot, window: MainWindow, sandbox: SandboxServer, test_keyring: FileKeyring
) -> None:
    choose_profile(window, "default")  # no key stored for it
    compose(window, MESSAGE)
    with answering(fill(apiKeyEdit=TEST_KEY, baseUrlEdit=sandbox.base_url)) as shown:
        assert not send_and_wait(qtbot, window)
    assert shown == ["Settings — default"]
    assert not window.send_bar.banner.isVisible()  # Settings asked instead of a refusal
    assert sandbox.requests() == []
    assert test_keyring.entries[(SERVICE, "default:api-key")] == TEST_KEY
    assert window.account.profile.name == "default"
    assert send_and_wait(qtbot, window), window.send_bar.banner.text.text()
    (recorded,) = sandbox.messages()
    assert recorded["body"] == send_body(MESSAGE)


def test_a_send_clicked_before_the_keyring_answers_goes_once_it_does(
    qtbot: QtBot, sandbox: SandboxServer, test_keyring: FileKeyring
) -> None:
    """The key is in the keyring (put there by another tool: the window has no note of it),
    so the window asks a slow keyring at start. A click on Send meanwhile waits for the
    answer, not the GUI thread, and the message then goes from that profile."""
    result = run_cli("profile", "set", "default", "--base-url", sandbox.base_url)
    assert result.returncode == 0, result.stderr
    test_keyring.entries[(SERVICE, "default:api-key")] = TEST_KEY
    test_keyring.answer_after(1.0)
    window = MainWindow()
    qtbot.addWidget(window, before_close_func=lambda widget: widget.drafts.mark_saved())
    window.show()
    qtbot.waitExposed(window)
    compose(window, MESSAGE)
    assert not window.start.settled  # the keyring has not answered yet
    with heartbeat() as beats:
        assert send_and_wait(qtbot, window), window.send_bar.banner.text.text()
    assert window.account.profile.name == "default"
    (recorded,) = sandbox.messages()
    assert recorded["body"] == send_body(MESSAGE)
    gap = longest_gap(beats)
    assert gap < 0.1, f"the GUI thread stalled for {gap * 1000:.0f} ms"
    close_window(window)


def test_settings_keep_the_key_in_the_keyring_only(
    qtbot: QtBot, window: MainWindow, test_keyring: FileKeyring, config_dir: Path
) -> None:
    seen: dict[str, object] = {}

    def type_key_and_number(dialog: QWidget) -> None:
        key = dialog.findChild(QLineEdit, "apiKeyEdit")
        show = dialog.findChild(QPushButton, "showKeyButton")
        number = dialog.findChild(QLineEdit, "ownNumberEdit")
        assert key is not None and show is not None and number is not None
        seen["hidden"] = key.echoMode()
        QTest.keyClicks(key, "rk_live_secret_123")
        QTest.mouseClick(show, Qt.MouseButton.LeftButton)
        seen["shown"] = key.echoMode()
        QTest.keyClicks(number, "+91 99999 99999")
        click_ok(dialog)

    with answering(type_key_and_number):
        trigger(window, "settingsAction")
    assert seen == {"hidden": QLineEdit.EchoMode.Password, "shown": QLineEdit.EchoMode.Normal}
    assert test_keyring.entries[(SERVICE, "default:api-key")] == "rk_live_secret_123"
    assert window.account.profiles.load("default").own_number == "919999999999"
    assert window.profiles.combo.currentText() == "default"
    assert files_containing(config_dir, "rk_live_secret_123") == []

    def forget(dialog: QWidget) -> None:
        key = dialog.findChild(QLineEdit, "apiKeyEdit")
        button = dialog.findChild(QPushButton, "forgetKeyButton")
        assert key is not None and button is not None
        seen["text"], seen["placeholder"] = key.text(), key.placeholderText()
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        seen["then"], seen["focus"] = key.placeholderText(), dialog.focusWidget() is key
        click_ok(dialog)

    with answering(forget):
        trigger(window, "settingsAction")
    assert seen["text"] == "" and "keyring" in str(seen["placeholder"])
    assert seen["then"] == "Removed when you save" and seen["focus"] is True
    assert (SERVICE, "default:api-key") not in test_keyring.entries


def test_no_keyring_keeps_the_key_for_this_session_only(
    qtbot: QtBot, config_dir: Path, no_keyring: None
) -> None:
    window = open_window(qtbot)
    try:
        assert window.account.profile.name == SANDBOX
        with answering(fill(apiKeyEdit="session-key")):
            trigger(window, "settingsAction")
        unavailable = window.account.secrets.unavailable or ""
        assert "No system keyring" in unavailable and "this session only" in unavailable
        assert window.account.profile.name == "default"  # the key counts, for this session
        account = window.account
        assert resolve(account.profile, account.secrets, account.profiles).api_key == "session-key"
        assert "session only" in window.account_banner.plain_text()
        assert files_containing(config_dir, "session-key") == []
    finally:
        close_window(window)


def test_settings_say_there_is_no_keyring_before_a_key_is_typed(
    qtbot: QtBot, config_dir: Path, no_keyring: None
) -> None:
    """A next start on the Sandbox asks the keyring nothing: Settings let a key be typed
    with no word that it would not be kept (a newcomer's find); the banner said it only on
    the first start."""
    ProfileStore(open_settings()).current = SANDBOX  # as the last session left it
    window = open_window(qtbot)
    try:
        assert window.account.secrets.unavailable is None  # nothing asked the keyring yet
        said: list[str] = []

        def read_note(dialog: QWidget) -> None:
            note = dialog.findChild(QLabel, "keyringNote")
            assert note is not None
            qtbot.waitUntil(note.isVisible)  # found out off the GUI thread, then said
            said.append(note.text())
            cancel(dialog)

        with answering(read_note):
            trigger(window, "settingsAction")
        assert said[0].startswith("No system keyring is available")
        assert said[0].endswith("It is kept for this session only.")
        assert "session only" in window.account_banner.plain_text()  # and the banner says it
    finally:
        close_window(window)


def test_closing_right_after_settings_waits_for_the_keyring_check(
    qtbot: QtBot, config_dir: Path, no_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check Settings starts runs on a thread of the window's: closing the window
    while it ran would leave the thread running, and Qt aborts the process for that."""
    from rampwin_desktop.storage import keystore

    real = keystore.missing_backend

    def slow() -> str:  # a keyring that takes its time to be found (a D-Bus round trip)
        time.sleep(0.5)
        return real()

    monkeypatch.setattr(keystore, "missing_backend", slow)
    ProfileStore(open_settings()).current = SANDBOX
    window = open_window(qtbot)
    with answering(cancel):
        trigger(window, "settingsAction")
    close_window(window)
    assert [t for t in window.findChildren(QThread) if t.isRunning()] == []


def test_a_start_on_the_sandbox_in_place_of_the_last_profile_says_why(
    qtbot: QtBot, config_dir: Path, no_keyring: None
) -> None:
    """The last session's profile had its key for that session only: the next start came
    back on the Sandbox without a word (a newcomer's find)."""
    profiles = ProfileStore(open_settings())
    profiles.save(Profile("shop", channel_id="c1"))
    profiles.current = "shop"
    window = open_window(qtbot)
    try:
        qtbot.waitUntil(lambda: window.start.finished)
        assert window.account.profile.name == SANDBOX
        said = window.statusBar().currentMessage()
        assert said == "“shop” has no API key stored, so the window is on the Sandbox."
    finally:
        close_window(window)


def test_a_first_start_says_nothing_of_a_profile_it_never_had(
    qtbot: QtBot, config_dir: Path, no_keyring: None
) -> None:
    window = open_window(qtbot)
    try:
        qtbot.waitUntil(lambda: window.start.finished)
        assert window.account.profile.name == SANDBOX
        assert "no API key stored" not in window.statusBar().currentMessage()
    finally:
        close_window(window)


def test_a_send_with_no_key_and_no_keyring_says_both_in_the_windows_words(
    qtbot: QtBot, config_dir: Path, no_keyring: None
) -> None:
    ProfileStore(open_settings()).save(Profile("promo", channel_id="c1"))
    window = open_window(qtbot)
    try:
        choose_profile(window, "promo")
        compose(window, MESSAGE.with_changes(channel_id="c1"))
        with answering(cancel):  # Settings opens to ask for the key
            click(window.send_bar.send_button)
            qtbot.waitUntil(window.send_bar.banner.isVisible, timeout=10_000)
        said = window.send_bar.banner.text.text()
        assert said.startswith("✕ No system keyring is available"), said
        assert "No API key is stored for the profile “promo”: add it in Settings." in said
        assert "set-key" not in said
    finally:
        close_window(window)


def test_sandbox_mode_and_inbox(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    assert window.account.profile.name == SANDBOX
    banner = window.account_banner
    assert banner.isVisible() and "nothing leaves" in banner.plain_text()
    compose(window, with_image(tmp_path)[0].with_changes(channel_id="sandbox"))
    assert send_and_wait(qtbot, window)
    server = window.account.sandbox_running
    assert server is not None and len(server.messages()) == 1
    trigger(window, "inboxDockAction")
    inbox = window.docks.inbox
    assert inbox.isVisible() and inbox.list.count() == 1
    raw = json.loads(inbox.raw.toPlainText())
    assert raw["body"]["phone_number"] == "919999999999"
    assert "Hello there 👋" in inbox.preview.accessibleDescription()
    shown = inbox.preview.bubble.media
    assert not shown.isHidden() and shown.has_image  # the stored upload, as the phone shows it


def test_history_lists_attempts_and_reopens_them(
    qtbot: QtBot, live: MainWindow, sandbox: SandboxServer
) -> None:
    compose(live, MESSAGE)
    assert send_and_wait(qtbot, live)
    sandbox.add_fault(
        Fault(
            endpoint="send",
            status=400,
            body='{"success": false, "message": "Invalid phone number"}',
        )
    )
    compose(live, MESSAGE.with_changes(body="Second try"))
    assert not send_and_wait(qtbot, live)
    trigger(live, "historyDockAction")
    panel = live.docks.history_panel
    assert panel.isVisible() and panel.table.model().rowCount() == 2
    assert [cell_text(panel.table, r, 3) for r in range(2)] == ["refused", "sent"]
    QTest.keyClicks(panel.filter, "refused")
    assert panel.table.model().rowCount() == 1
    retype(panel.filter, "+91 99999 99999")  # as people write it: found by its digits
    assert panel.table.model().rowCount() == 2
    retype(panel.filter, "+44 7700 900123")
    assert panel.table.model().rowCount() == 0
    panel.filter.selectAll()
    QTest.keyClick(panel.filter, Qt.Key.Key_Backspace)
    assert panel.table.model().rowCount() == 2
    click_row(panel.table, 1)
    with answering(press(Buttons.Discard)):  # "Second try" was never saved
        click(panel.open_button)
    assert live.composer.message().body == "Hello *there* 👋"


def test_ctrl_and_the_keypads_enter_send_too(
    qtbot: QtBot, live: MainWindow, sandbox: SandboxServer
) -> None:
    """The README says Ctrl+Enter; only Ctrl and the main Return key sent (a newcomer's
    find)."""
    compose(live, MESSAGE)
    assert send_with_keys(qtbot, live, keypad=True)
    assert len(sandbox.messages()) == 1
