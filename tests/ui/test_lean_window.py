"""The window paints first and does the rest after; the preview redoes only what changed."""

from __future__ import annotations

import itertools
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QImage

from rampwin_desktop.core.model import Button, Header, HeaderKind, Message
from rampwin_desktop.ui.main_window import MainWindow
from rampwin_desktop.ui.theme import DARK, LIGHT
from tests.helpers.file_keyring import FileKeyring
from tests.ui.conftest import open_window

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot


def test_start_up_paints_first_then_finishes(
    qtbot: QtBot, config_dir: Path, test_keyring: FileKeyring
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    assert not window.started_up and not hasattr(window, "sender_")
    # A first run starts on the sandbox unless the keyring has a key: the banner is there
    # from the first paint, so it does not push the form down when the keyring answers.
    assert window.sandbox_banner.isVisibleTo(window)
    assert window.composer.destination.channel.text() == "sandbox"  # no red "enter a channel"
    assert window.profile_combo.currentText() == "Sandbox"
    assert window.send_bar.send_button.shortcut().isEmpty()  # shortcuts come after the paint
    with qtbot.waitSignal(window.started, timeout=5000):
        window.show()
    assert window.send_bar.send_button.shortcut().toString() == "Ctrl+Return"
    assert window.send_bar.cancel_button.shortcut().toString() == "Esc"
    bold = window.composer.body.format_actions["*"]
    assert bold.shortcut().toString() == "Ctrl+B" and bold.toolTip() == "Bold (Ctrl+B)"
    window.composer.body.add_shortcuts()  # again: the same tooltip, not "(Ctrl+B) (Ctrl+B)"
    assert bold.toolTip() == "Bold (Ctrl+B)"
    assert window.started_up and window.account.profile.is_sandbox  # no key: the sandbox
    assert window.sandbox_banner.isVisibleTo(window)
    texts = [action.text() for action in window.toolbar.actions()]
    assert window.inbox_dock.toggleViewAction() in window.toolbar.actions()
    assert window.history_dock.toggleViewAction() in window.toolbar.actions()
    assert texts.count("Sandbox inbox") == 1 and texts.count("History") == 1  # no leftovers
    before = window.toolbar.actions()
    window.finish_start()  # a second call (e.g. from a send) changes nothing
    assert window.toolbar.actions() == before
    window._saved = window.composer.message()
    window.close()


def test_building_the_window_validates_and_previews_the_starter_message_once(
    qtbot: QtBot, config_dir: Path, test_keyring: FileKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Filling the form (the profile's channel) used to redo the whole update per field.
    from rampwin_desktop.ui import main_window
    from rampwin_desktop.ui.preview import PreviewView

    validated: list[Message] = []
    previewed: list[Message] = []
    real_validate, real_set_message = main_window.validate, PreviewView.set_message

    def validate(message: Message) -> list[object]:
        validated.append(message)
        return list(real_validate(message))

    def set_message(view: PreviewView, message: Message) -> None:
        previewed.append(message)
        real_set_message(view, message)

    monkeypatch.setattr(main_window, "validate", validate)
    monkeypatch.setattr(PreviewView, "set_message", set_message)
    window = MainWindow()
    qtbot.addWidget(window)
    assert len(validated) == 1
    assert previewed == validated
    assert validated[0].channel_id == "sandbox"  # the filled-in form, not the bare starter
    window.composer.body.set_text("Changed")
    assert len(validated) == 2 and previewed[-1].body == "Changed"  # typing still updates
    window._saved = window.composer.message()
    window.close()


def test_the_result_banner_is_made_for_the_first_result_above_the_buttons(
    qtbot: QtBot, window: MainWindow
) -> None:
    from rampwin_desktop.ui.send_bar import ResultBanner

    bar = window.send_bar
    assert bar.findChildren(ResultBanner) == []  # most starts never show a result
    bar.banner.show_success("Sent")
    assert bar.findChildren(ResultBanner) == [bar.banner] and bar.banner.isVisible()
    qtbot.waitUntil(lambda: bar.banner.geometry().bottom() < bar.send_button.geometry().top())
    assert "Sent" in bar.banner.text.text()


def test_a_new_preview_draws_its_first_message_once(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rampwin_desktop.ui.preview import PreviewView

    drawn: list[Message] = []
    real_set_message = PreviewView.set_message

    def set_message(view: PreviewView, message: Message) -> None:
        drawn.append(message)
        real_set_message(view, message)

    monkeypatch.setattr(PreviewView, "set_message", set_message)
    view = PreviewView()
    qtbot.addWidget(view)
    assert drawn == []  # not an empty message first, then the real one (~1 ms of start-up)
    view.set_message(Message(body="Hi"))
    view.show()
    assert [m.body for m in drawn] == ["Hi"] and "Hi" in view.accessibleDescription()
    bare = PreviewView()  # shown without a message: it shows the empty one
    qtbot.addWidget(bare)
    bare.show()
    assert drawn[-1] == Message() and bare.bubble.time.text()


def test_problem_lines_are_styled_when_first_shown(qtbot: QtBot, window: MainWindow) -> None:
    from rampwin_desktop.ui.fields import ERROR_COLOUR, ProblemLabel

    labels = window.findChildren(ProblemLabel)
    assert len(labels) >= 8
    assert all(not label.styleSheet() for label in labels if label.isHidden())  # ~0.04 ms each
    footer = window.composer.footer
    footer.set_text("x" * 70)
    assert footer.problem.isVisible() and footer.problem.wordWrap()
    assert ERROR_COLOUR in footer.problem.styleSheet()
    footer.set_text("ok")
    assert footer.problem.isHidden()


def test_typing_does_not_reload_or_rescale_the_header_but_a_saved_file_shows(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "header.png"
    wide = QImage(1600, 900, QImage.Format.Format_RGB32)
    wide.fill(QColor("#2E7D32"))
    assert wide.save(str(path))
    window.composer.set_message(
        Message(
            body="Hello",
            header=Header.of_media(HeaderKind.IMAGE, str(path)),
            buttons=(Button("a", "A"),),
        )
    )
    media = window.preview.bubble.media
    media.repaint()
    image, scaled, height = media._image, media._pixmap, media.height()
    assert image is not None and scaled is not None
    window.composer.body.set_text("Hello there")
    media.repaint()
    assert media._image is image and media._pixmap is scaled  # not decoded, not rescaled
    assert "Hello there" in window.preview.plain_text()

    square = QImage(800, 800, QImage.Format.Format_RGB32)  # saved again, same name
    square.fill(QColor("#1565C0"))
    assert square.save(str(path))
    window.composer.body.set_text("Hello there!")
    media.repaint()
    assert media._image is not image and media.height() > height  # 4:5 crop, not 1.91:1


def test_only_the_changed_part_is_rebuilt(qtbot: QtBot, window: MainWindow) -> None:
    window.composer.set_message(Message(body="*Sale* today", footer="Reply STOP"))
    footer_html = window.preview.bubble.footer._lines
    body_html = window.preview.bubble.body._lines
    assert "<b>Sale</b>" in body_html[0]
    window.composer.body.set_text("*Sale* today and tomorrow")
    assert window.preview.bubble.footer._lines is footer_html  # untouched
    assert window.preview.bubble.body._lines != body_html
    assert "today and tomorrow" in window.preview.plain_text()


def window_with_a_stored_key(qtbot: QtBot, keyring: FileKeyring) -> MainWindow:
    """A new window (not shown yet) whose default profile has a key in the keyring."""
    keyring.set_password("rampwin-desktop", "default:api-key", "a-real-key")
    window = MainWindow()
    qtbot.addWidget(window)
    return window


def test_a_key_found_after_the_paint_takes_the_banner_away(
    qtbot: QtBot, config_dir: Path, test_keyring: FileKeyring
) -> None:
    window = window_with_a_stored_key(qtbot, test_keyring)
    assert window.sandbox_banner.isVisibleTo(window)  # the first-run guess
    with qtbot.waitSignal(window.started, timeout=5000):
        window.show()
    assert window.account.profile.name == "default"
    assert window._key_lookup is not None and window._key_lookup.by_helper  # not this process
    assert not window.sandbox_banner.isVisibleTo(window)
    assert window.composer.destination.channel.text() == ""  # the guess's "sandbox" is gone
    window._saved = window.composer.message()
    window.close()


@pytest.fixture
def slow_keyring(test_keyring: FileKeyring) -> FileKeyring:
    """The test keyring, answering after 0.4 s (a D-Bus round trip, a wallet to unlock)."""
    test_keyring.answer_after(0.4)
    return test_keyring


def test_the_keyring_is_asked_off_the_gui_thread(
    qtbot: QtBot, config_dir: Path, slow_keyring: FileKeyring
) -> None:
    """A slow keyring must not freeze the new window."""
    window = window_with_a_stored_key(qtbot, slow_keyring)
    ticks: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(lambda: ticks.append(time.perf_counter()))
    heartbeat.start()
    shown = time.perf_counter()
    with qtbot.waitSignal(window.started, timeout=5000):
        window.show()
    qtbot.wait(100)  # keep ticking a little: a stall just before `started` shows as a gap
    heartbeat.stop()
    assert time.perf_counter() - shown >= 0.35  # it did wait for the keyring's answer...
    gaps = [later - earlier for earlier, later in itertools.pairwise(ticks)]
    assert len(ticks) > 10 and max(gaps) < 0.1  # ...while the window kept ticking
    assert window.account.profile.name == "default"  # and the answer was used
    window._saved = window.composer.message()
    window.close()


def shown_before_the_keyring_answers(qtbot: QtBot) -> MainWindow:
    """A window as right after its first paint, with the (slow) keyring lookup running."""
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.finish_start()
    assert not window._profile_settled
    return window


def test_a_send_clicked_before_the_keyring_answers_waits_for_it(
    qtbot: QtBot, config_dir: Path, slow_keyring: FileKeyring
) -> None:
    window = shown_before_the_keyring_answers(qtbot)
    assert window.send_bar.send_test_button.isEnabled()
    window.send_bar.send_test_button.click()  # no number set: it asks, nothing is sent
    assert window._profile_settled and window.account.profile.is_sandbox
    window._saved = window.composer.message()
    window.close()


def test_a_profile_chosen_before_start_up_settles_is_kept(
    qtbot: QtBot, config_dir: Path, slow_keyring: FileKeyring
) -> None:
    window = shown_before_the_keyring_answers(qtbot)
    combo = window.profile_combo
    combo.activated.emit(combo.findText("default"))  # the user picks a profile now
    assert window.account.profile.name == "default"
    qtbot.wait(600)  # the keyring's late answer must not undo the user's choice
    assert window.account.profile.name == "default" and window._profile_settled
    window._saved = window.composer.message()
    window.close()


def test_a_profile_whose_key_was_seen_starts_without_asking_the_keyring(
    qtbot: QtBot, config_dir: Path, test_keyring: FileKeyring
) -> None:
    test_keyring.set_password("rampwin-desktop", "default:api-key", "a-real-key")
    first = open_window(qtbot)  # asks the keyring (in a helper) and remembers the answer
    assert first.account.profile.name == "default"
    first._saved = first.composer.message()
    first.close()

    assert test_keyring.asked == ["default:api-key"]  # by the first run's helper
    second = open_window(qtbot)
    assert second.account.profile.name == "default"
    assert len(test_keyring.asked) == 1  # not asked at start
    assert not second.sandbox_banner.isVisibleTo(second)
    test_keyring.entries.clear()  # the key was deleted from a shell since
    assert second.account.credentials() is None  # a send asks: no key, so it opens Settings
    assert len(test_keyring.asked) == 2
    second._saved = second.composer.message()
    second.close()

    third = open_window(qtbot)  # it knows there was none: the keyring is asked again
    assert third.account.profile.is_sandbox and len(test_keyring.asked) == 3
    third._saved = third.composer.message()
    third.close()


def test_the_sandbox_starts_at_its_first_use(qtbot: QtBot, window: MainWindow) -> None:
    assert window.account.profile.is_sandbox
    assert window.account.sandbox_running is None  # not at start-up: nothing has used it
    assert window.status_note.text() == "Sandbox: messages stay on this computer."
    window.composer.set_message(
        Message(body="Hi", buttons=(Button("a", "A"),), recipient="+91 99999 99999", channel_id="c")
    )
    window.copy_curl()  # the command needs its address
    server = window.account.sandbox_running
    assert server is not None and server.base_url in window.status_note.text()
    assert window.inbox._server is server


def test_closing_before_start_up_settles_keeps_the_autosave_of_a_crash(
    qtbot: QtBot, config_dir: Path, slow_keyring: FileKeyring
) -> None:
    from rampwin_desktop.ui import paths
    from rampwin_desktop.ui.recovery import Autosave

    def crashed() -> tuple[Message, str]:
        return Message(body="Words typed before a crash"), ""

    Autosave(paths.config_dir(), crashed).save_now()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.finish_start()  # the keyring has not answered: recovery has not been offered
    window._saved = window.composer.message()
    window.close()
    recovered = Autosave(paths.config_dir(), crashed).pending()
    assert recovered is not None and recovered.message.body == "Words typed before a crash"


def test_the_bubble_is_drawn_once_per_size_and_in_the_current_theme(
    qtbot: QtBot, config_dir: Path
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    bubble = window.preview.bubble
    for theme in (DARK, LIGHT):
        window.preview.set_theme(theme)
        top_middle = bubble.grab().toImage().pixelColor(bubble.width() // 2, 1)
        assert top_middle.name() == QColor(theme.bubble).name()
    drawn = bubble._background
    window.composer.body.set_text("Hello! 👋 and welcome")  # one line still: same size
    bubble.grab()
    assert bubble._background is drawn
    window.composer.body.set_text("Hello!\n\nA second paragraph makes it taller.")
    bubble.grab()
    assert bubble._background is not drawn
    window._saved = window.composer.message()
    window.close()
