"""Start-up as a user sees it: the first frame, the keyring's answer (or its silence), and a
window that keeps working while it waits."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolBar

from rampwin_desktop.api.client import Timeouts
from rampwin_desktop.core.model import Button, Message
from rampwin_desktop.storage.keystore import SERVICE
from rampwin_desktop.storage.profiles import SANDBOX, Profile, ProfileStore
from rampwin_desktop.storage.settings import open_settings
from rampwin_desktop.ui import key_lookup
from tests.helpers import FAST_RETRY, TEST_KEY
from tests.helpers.dialogs import answering, cancel, fill, no_dialog
from tests.helpers.window import (
    action,
    choose_item,
    choose_profile,
    click,
    close_window,
    compose,
    heartbeat,
    longest_gap,
    new_window,
    open_window,
    send_and_wait,
    shows_sandbox,
    trigger,
    type_body,
)

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from rampwin_desktop.sandbox import SandboxServer
    from rampwin_desktop.ui.main_window import MainWindow
    from tests.helpers.file_keyring import FileKeyring

KEY_ENTRY = "default:api-key"
HELLO = Message(
    body="Hello from the test",
    buttons=(Button("yes", "Yes"),),
    recipient="919999999999",
    channel_id="channel-1",
)


def quick_sends(window: MainWindow) -> None:
    window.sending.timeouts = Timeouts(connect=2.0, read=5.0)
    window.sending.retry = FAST_RETRY


def lookup_running(qtbot: QtBot, window: MainWindow) -> key_lookup.KeyLookup:
    """Show ``window`` and return once it is asking the keyring (its profile not settled)."""
    window.show()
    qtbot.waitUntil(lambda: window.start.lookup is not None, timeout=5000)
    lookup = window.start.lookup
    assert lookup is not None and lookup.running and not window.start.settled
    return lookup


def store_default_profile(keyring: FileKeyring, base_url: str) -> None:
    """The default profile sends to ``base_url`` with the sandbox's key, kept in the keyring."""
    keyring.set_password(SERVICE, KEY_ENTRY, TEST_KEY)
    ProfileStore(open_settings()).save(
        Profile(name="default", base_url=base_url, channel_id="channel-1")
    )


# ------------------------------------------------------------------ the first frame


def test_the_first_frame_of_a_first_run_shows_the_sandbox(
    qtbot: QtBot, test_keyring: FileKeyring
) -> None:
    window = new_window(qtbot)
    # Before the first paint: the banner is there already, so it does not push the form
    # down when start-up settles, and the channel is filled in (no red "enter a channel").
    assert shows_sandbox(window)
    assert window.composer.destination.channel.text() == "sandbox"
    assert window.profiles.combo.currentText() == SANDBOX
    with qtbot.waitSignal(window.start.done, timeout=10_000):
        window.show()
    assert window.account.profile.is_sandbox  # no key anywhere: the sandbox
    assert shows_sandbox(window)
    assert window.profiles.combo.currentText() == SANDBOX
    assert window.send_bar.send_button.shortcut().toString() == "Ctrl+Return"
    assert window.send_bar.cancel_action.shortcut().toString() == "Esc"
    toolbar = window.findChild(QToolBar, "profileToolbar")
    assert toolbar is not None
    texts = [item.text() for item in toolbar.actions()]
    assert texts.count("Sandbox inbox") == 1 and texts.count("History") == 1


def test_a_key_found_after_the_paint_takes_the_banner_away(
    qtbot: QtBot, test_keyring: FileKeyring
) -> None:
    test_keyring.set_password(SERVICE, KEY_ENTRY, "a-real-key")
    window = new_window(qtbot)
    assert shows_sandbox(window)  # the first-run guess
    with qtbot.waitSignal(window.start.done, timeout=10_000):
        window.show()
    assert window.account.profile.name == "default"
    assert window.profiles.combo.currentText() == "default"
    assert not shows_sandbox(window)
    assert window.composer.destination.channel.text() == ""  # the guess's "sandbox" is gone
    assert test_keyring.asked == [KEY_ENTRY]


def test_the_sandbox_starts_at_its_first_use(qtbot: QtBot, window: MainWindow) -> None:
    assert window.account.profile.is_sandbox
    assert window.account.sandbox_running is None  # not at start-up: nothing has used it
    assert window.account_banner.plain_text().startswith(
        "Sandbox: sends go to a test server inside this app; nothing leaves"
    )
    said = window.account_banner.plain_text()
    compose(window, HELLO)
    trigger(window, "copyCurlAction")  # the command needs its address
    server = window.account.sandbox_running
    assert server is not None and server.base_url in window.account_banner.toolTip()
    assert window.account_banner.plain_text() == said  # no longer: the form moved down
    assert send_and_wait(qtbot, window)
    trigger(window, "inboxDockAction")
    assert window.docks.inbox.isVisible()
    assert window.docks.inbox.list.count() == 1 and len(server.messages()) == 1


# ------------------------------------------------------------------ a slow or silent keyring


def test_the_keyring_is_asked_off_the_gui_thread(qtbot: QtBot, test_keyring: FileKeyring) -> None:
    """A slow keyring must not freeze the new window."""
    test_keyring.set_password(SERVICE, KEY_ENTRY, "a-real-key")
    test_keyring.answer_after(0.4)  # a D-Bus round trip, a wallet to unlock
    window = new_window(qtbot)
    with heartbeat() as beats:
        shown = time.monotonic()
        with qtbot.waitSignal(window.start.done, timeout=10_000):
            window.show()
        waited = time.monotonic() - shown
        qtbot.wait(100)  # keep beating a little: a stall just before `done` shows as a gap
    assert waited >= 0.35  # it did wait for the keyring's answer...
    assert len(beats) > 10 and longest_gap(beats) < 0.1  # ...while the window kept going
    assert window.account.profile.name == "default"  # and the answer was used


def test_a_keyring_that_never_answers_is_reported_and_the_window_keeps_working(
    qtbot: QtBot, test_keyring: FileKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(key_lookup, "ANSWER_TIMEOUT_MS", 500)
    test_keyring.answer_after(30)  # a locked wallet nobody unlocks
    window = new_window(qtbot)
    settled = qtbot.waitSignal(window.start.done, timeout=5000)
    with heartbeat() as beats:
        lookup = lookup_running(qtbot, window)
        asked_at = time.monotonic()
        qtbot.waitUntil(lambda: bool(beats) and beats[-1] > asked_at, timeout=100)
        assert lookup.running  # the window ticked while the helper was still asking
        settled.wait()  # the profile settles without the keyring's answer
    assert longest_gap(beats) < 0.1
    assert not lookup.running  # the helper was ended at the deadline
    note = window.account_banner.plain_text()
    assert "not answering" in note and "kept for this session only" in note

    type_body(window, "Still *typing*")
    assert "Still typing" in window.preview.plain_text()
    with heartbeat() as beats, answering(cancel) as shown:
        trigger(window, "settingsAction")
    assert shown and shown[0].startswith("Settings")
    assert longest_gap(beats) < 0.5  # opening Settings did not wait for the keyring
    started = time.monotonic()
    close_window(window)
    assert not window.isVisible() and time.monotonic() - started < 1.0


def test_a_send_clicked_before_the_keyring_answers_goes_out_once_settled(
    qtbot: QtBot, test_keyring: FileKeyring, sandbox: SandboxServer
) -> None:
    store_default_profile(test_keyring, sandbox.base_url)
    test_keyring.answer_after(1.5)
    window = new_window(qtbot)
    quick_sends(window)
    lookup_running(qtbot, window)
    compose(window, HELLO)
    with heartbeat() as beats:
        with qtbot.waitSignal(window.sending.finished, timeout=20_000) as finished:
            clicked = time.monotonic()
            click(window.send_bar.send_button)
            assert time.monotonic() - clicked < 0.1  # the click did not wait
            assert not window.start.settled and not window.sending.running
        qtbot.waitUntil(lambda: not window.sending.running)
    assert finished.args == [True]
    assert longest_gap(beats) < 0.1
    assert window.account.profile.name == "default"
    assert window.account.sandbox_running is None  # not to the built-in sandbox
    qtbot.wait(200)
    (recorded,) = sandbox.messages()  # once
    assert recorded["body"]["phone_number"] == HELLO.recipient
    assert recorded["body"]["interactive"]["body"]["text"] == HELLO.body


def test_a_profile_chosen_before_start_up_settles_is_kept(
    qtbot: QtBot, test_keyring: FileKeyring
) -> None:
    test_keyring.answer_after(0.8)  # no key stored: the answer alone would mean the sandbox
    window = new_window(qtbot)
    lookup = lookup_running(qtbot, window)
    with qtbot.waitSignal(window.start.done, timeout=1000):
        choose_item(window.profiles.combo, "default")  # the user picks a profile now
    assert window.account.profile.name == "default"
    qtbot.waitUntil(lambda: lookup.done, timeout=10_000)  # the keyring's late answer...
    qtbot.wait(50)
    assert window.account.profile.name == "default"  # ...does not undo the user's choice
    assert window.profiles.combo.currentText() == "default"


def test_a_profile_whose_key_was_seen_starts_without_asking_the_keyring(
    qtbot: QtBot, test_keyring: FileKeyring
) -> None:
    test_keyring.set_password(SERVICE, KEY_ENTRY, "a-real-key")
    first = open_window(qtbot)  # asks the keyring (in a helper) and remembers the answer
    assert first.account.profile.name == "default"
    close_window(first)
    assert test_keyring.asked == [KEY_ENTRY]

    second = open_window(qtbot)
    assert second.account.profile.name == "default"
    assert test_keyring.asked == [KEY_ENTRY]  # not asked at start
    assert not shows_sandbox(second)
    test_keyring.entries.clear()  # the key was deleted from a shell since
    compose(second, HELLO)
    with answering(cancel) as shown:  # a send asks: no key, so it opens Settings
        assert not send_and_wait(qtbot, second)
    assert shown == ["Settings — default"]
    assert len(test_keyring.asked) >= 2
    close_window(second)

    asked = len(test_keyring.asked)
    third = open_window(qtbot)  # it knows there was none: the keyring is asked again
    assert third.account.profile.is_sandbox
    assert len(test_keyring.asked) == asked + 1


# ------------------------------------------------------------------ Settings


@pytest.mark.parametrize("where", ["toolbar", "Edit menu"])
def test_settings_opens_from_the_toolbar_and_the_edit_menu(
    qtbot: QtBot,
    window: MainWindow,
    test_keyring: FileKeyring,
    sandbox: SandboxServer,
    where: str,
) -> None:
    answer = fill(
        profileNameEdit="shop",
        apiKeyEdit=TEST_KEY,
        baseUrlEdit=sandbox.base_url,
        defaultChannelEdit="channel-1",
    )
    with answering(answer) as shown:
        if where == "toolbar":
            toolbar = window.findChild(QToolBar, "profileToolbar")
            assert toolbar is not None
            button = toolbar.widgetForAction(action(window, "settingsAction"))
            assert button is not None
            click(button)
        else:
            trigger(window, "settingsAction")
    assert shown and shown[0].startswith("Settings")
    stored = ProfileStore(open_settings())
    assert "shop" in stored.names()
    profile = stored.load("shop")
    assert (profile.base_url, profile.channel_id) == (sandbox.base_url, "channel-1")
    assert test_keyring.entries[(SERVICE, "shop:api-key")] == TEST_KEY
    assert window.account.profile.name == "shop"
    assert window.profiles.combo.currentText() == "shop"

    quick_sends(window)
    compose(window, HELLO)
    assert send_and_wait(qtbot, window)
    (recorded,) = sandbox.messages()
    assert recorded["body"]["phone_number"] == HELLO.recipient
    assert window.account.sandbox_running is None


def test_renaming_a_profile_in_settings_keeps_its_key(
    qtbot: QtBot, test_keyring: FileKeyring, sandbox: SandboxServer
) -> None:
    profiles = ProfileStore(open_settings())
    profiles.save(Profile(name="shop", base_url=sandbox.base_url, channel_id="channel-1"))
    profiles.current = "shop"
    test_keyring.set_password(SERVICE, "shop:api-key", TEST_KEY)
    profiles.remember_key_stored("shop", True)
    window = open_window(qtbot)
    assert window.account.profile.name == "shop"
    with answering(fill(profileNameEdit="Shop 2")) as shown:
        trigger(window, "settingsAction")
    assert shown == ["Settings — shop"]
    assert window.profiles.combo.currentText() == "Shop 2"
    assert "shop" not in [
        window.profiles.combo.itemText(i) for i in range(window.profiles.combo.count())
    ]
    assert test_keyring.get_password(SERVICE, "Shop 2:api-key") == TEST_KEY
    assert test_keyring.get_password(SERVICE, "shop:api-key") is None
    quick_sends(window)
    message = Message(body="Hi", buttons=(Button("ok", "OK"),), recipient="+91 99999 99999")
    compose(window, message.with_changes(channel_id="channel-1"))
    assert send_and_wait(qtbot, window)  # with the key it took along
    assert len(sandbox.messages()) == 1


def test_the_form_follows_the_profile_chosen_until_the_user_changes_it(
    qtbot: QtBot, test_keyring: FileKeyring
) -> None:
    profiles = ProfileStore(open_settings())
    profiles.save(Profile(name="shop", channel_id="shop-1", hide_from_chat=True))
    profiles.save(Profile(name="home", dont_show_in_chat_list=True))
    profiles.current = SANDBOX
    window = open_window(qtbot)
    window.activateWindow()
    qtbot.waitActive(window)
    destination = window.composer.destination
    assert destination.channel.text() == "sandbox"

    choose_profile(window, "shop")
    assert destination.channel.text() == "shop-1"
    assert destination.hide_from_chat.isChecked() and not destination.dont_show.isChecked()
    assert not window.isWindowModified()  # the untouched form stays untouched

    choose_profile(window, "home")  # no channel: the one "shop" filled in goes
    assert destination.channel.text() == ""
    assert not destination.hide_from_chat.isChecked() and destination.dont_show.isChecked()

    type_body(window, "my own words")
    box = destination.hide_from_chat  # its box, at the left: the widget may be wider
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    destination.channel.setFocus()
    QTest.keyClicks(destination.channel, "typed-7")
    choose_profile(window, "shop")  # a changed form keeps what the user set
    assert destination.channel.text() == "typed-7"
    assert destination.hide_from_chat.isChecked() and destination.dont_show.isChecked()
    assert window.isWindowModified()
    close_window(window)


@pytest.mark.parametrize("stored", [None, ["not", "an", "object"]])
def test_the_window_reopens_at_the_size_it_was_closed(
    qtbot: QtBot, test_keyring: FileKeyring, stored: object
) -> None:
    if stored is not None:  # a settings file edited by hand: its window section is unusable
        open_settings().update(lambda data: data.update(window=stored))
    window = open_window(qtbot)
    screen = window.screen().availableGeometry()  # the window's restored size fits in it
    window.resize(screen.width() - 40, 620)
    window.splitter.setSizes([window.splitter.width() - 300, 300])
    size, sizes = window.size(), window.splitter.sizes()
    assert size.height() == 620
    with no_dialog():  # nothing was edited: nothing to ask
        trigger(window, "quitAction")
    assert not window.isVisible()
    assert {"geometry", "splitter"} <= set(open_settings().section("window"))

    again = open_window(qtbot)
    assert again.size() == size
    assert again.splitter.sizes() == sizes
    close_window(again)
