"""A whole session with a real key, then a search of every file the app wrote: no key anywhere."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QMessageBox

from rampwin_desktop.app.credentials import resolve
from rampwin_desktop.core.model import Button, Header, HeaderKind, Message
from rampwin_desktop.sandbox import SandboxServer
from rampwin_desktop.storage import paths
from rampwin_desktop.storage.keystore import SERVICE
from rampwin_desktop.storage.logs import setup_logging
from rampwin_desktop.storage.profiles import SANDBOX
from rampwin_desktop.ui.fields import ProblemLabel
from rampwin_desktop.ui.main_window import MainWindow
from tests.helpers import media_files
from tests.helpers.dialogs import Answer, answering, choose_file, fill, press
from tests.helpers.file_keyring import FileKeyring
from tests.helpers.window import (
    choose_profile,
    compose,
    copied,
    heartbeat,
    longest_gap,
    send_and_wait,
    trigger,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from pytestqt.qtbot import QtBot

SECRET = "rk_live_TOPSECRET_9f8e7d6c"
COOKIE = "AWSALB=cookieSECRET_4b3a2918"


def settings(name: str, key: str, base_url: str, **more: str) -> Answer:
    """The answer to the Settings dialog: a profile with its key, address and channel."""
    return fill(
        profileNameEdit=name,
        apiKeyEdit=key,
        baseUrlEdit=base_url,
        defaultChannelEdit="channel-1",
        **more,
    )


def test_a_whole_session_leaves_no_key_in_any_file(
    qtbot: QtBot,
    window: MainWindow,
    test_keyring: FileKeyring,
    config_dir: Path,
    tmp_path: Path,
) -> None:
    setup_logging(paths.log_dir())  # as the app does at start
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    with SandboxServer(api_key=SECRET) as server:
        assert window.account.profile.name == SANDBOX  # no key yet
        with answering(settings("default", SECRET, server.base_url, cookieEdit=COOKIE)):
            trigger(window, "settingsAction")
        assert test_keyring.entries[(SERVICE, "default:api-key")] == SECRET
        assert test_keyring.entries[(SERVICE, "default:cookie")] == COOKIE
        assert window.account.profile.name == "default"
        assert window.profiles.combo.currentText() == "default"
        account = window.account
        credentials = resolve(account.profile, account.secrets, account.profiles)
        assert credentials.api_key == SECRET
        assert SECRET not in repr(credentials) and SECRET not in str(credentials)

        image = media_files.png(tmp_path, "hero.png", 800, 418)
        compose(
            window,
            Message(
                header=Header.of_media(HeaderKind.IMAGE, str(image)),
                body="Hi *there*",
                buttons=(Button("ok", "OK"),),
                recipient="919999999999",
                channel_id="channel-1",
            ),
        )
        assert send_and_wait(qtbot, window), window.send_bar.banner.text.text()
        assert len(server.messages()) == 1
        cookies = [entry["cookie"] for entry in server.requests()]
        assert cookies[0] == COOKIE  # the cookie from Settings goes out, as a header
        assert all(sent.count("AWSALB=") == 1 for sent in cookies), cookies  # one value only

        clipboard = copied(qtbot, window, "copyCurlAction")
        assert "$RAMPWIN_API_KEY" in clipboard and SECRET not in clipboard
        trigger(window, "copyJsonAction")
        assert SECRET not in QGuiApplication.clipboard().text()

        with answering(choose_file(drafts / "campaign.json")):
            trigger(window, "saveAction")
        assert (drafts / "campaign.json").is_file()
        body = window.composer.body.edit
        body.setFocus()
        QTest.keyClicks(body, " typed after saving")  # leaves a recovery file
        recovery = window.autosave.own.path
        qtbot.waitUntil(recovery.exists, timeout=5000)
        assert window.grab().save(str(config_dir / "screenshot.png"))
        logging.getLogger("rampwin_desktop.test").warning("finished with key %s", SECRET)
        logging.getLogger("rampwin_desktop.test").warning("and cookie %s", COOKIE)
        recovery_text = recovery.read_bytes()
        with answering(press(QMessageBox.StandardButton.Discard)):
            trigger(window, "quitAction")
        assert not window.isVisible()

    written = [p for folder in (config_dir, drafts) for p in folder.rglob("*") if p.is_file()]
    names = {p.name for p in written}
    assert {
        "history.sqlite3",
        "settings.json",
        "uploads.json",
        "rampwin-desktop.log",
        "screenshot.png",
        "campaign.json",
    } <= names
    assert b"typed after saving" in recovery_text
    log_text = (config_dir / "logs" / "rampwin-desktop.log").read_text()
    assert "finished with key [redacted]" in log_text and "and cookie [redacted]" in log_text
    banner = window.send_bar.banner.text.text() + window.send_bar.banner.details.text()
    for secret in (SECRET, COOKIE, COOKIE.split("=", 1)[1]):
        assert secret.encode() not in recovery_text
        leaks = [str(p) for p in written if secret.encode() in p.read_bytes()]
        assert leaks == []
        assert secret not in banner and secret not in window.account_banner.plain_text()


def test_profiles_have_their_own_keys_and_addresses(
    qtbot: QtBot, window: MainWindow, test_keyring: FileKeyring
) -> None:
    with answering(settings("Shop A", SECRET, "https://api.rampwin.com")):
        trigger(window, "newProfileAction")
    with answering(settings("Shop B", SECRET + "_b", "https://eu.rampwin.example")):
        trigger(window, "newProfileAction")
    assert window.account.names() == ["Shop A", "Shop B", SANDBOX]
    combo = window.profiles.combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["Shop A", "Shop B", SANDBOX]
    assert window.account.profile.name == "Shop B"
    assert window.account.base_url() == "https://eu.rampwin.example"
    choose_profile(window, "Shop A")
    assert window.account.profile.name == "Shop A"
    assert window.account.base_url() == "https://api.rampwin.com"
    assert dict(test_keyring.entries) == {
        (SERVICE, "Shop A:api-key"): SECRET,
        (SERVICE, "Shop B:api-key"): SECRET + "_b",
    }


def test_saving_settings_waits_for_a_slow_keyring_without_freezing_the_window(
    qtbot: QtBot, window: MainWindow, test_keyring: FileKeyring
) -> None:
    test_keyring.answer_after(0.6)  # a D-Bus round trip, a wallet being unlocked
    seen: dict[str, object] = {}

    def save_and_try_to_leave(dialog: QWidget) -> None:
        settings("shop", SECRET, "https://api.rampwin.com")(dialog)  # types, clicks Save
        note = dialog.findChild(QLabel, "savingNote")
        save = dialog.findChild(QDialogButtonBox)
        assert note is not None and save is not None
        seen["saving"] = note.isVisible() and not save.isEnabled()
        QTest.keyClick(dialog, Qt.Key.Key_Escape)  # no leaving half-saved
        seen["still open"] = dialog.isVisible()

    with heartbeat() as beats, answering(save_and_try_to_leave) as shown:
        trigger(window, "newProfileAction")
        assert shown == ["New profile"]
    assert seen == {"saving": True, "still open": True}
    assert test_keyring.entries[(SERVICE, "shop:api-key")] == SECRET
    assert window.account.profile.name == "shop"  # it can send now: the window uses it
    gap = longest_gap(beats)
    assert gap < 0.1, f"the GUI thread stalled for {gap * 1000:.0f} ms"


def problems(dialog: QWidget) -> list[str]:
    """What the dialog's problem lines say (the visible ones)."""
    return [label.text() for label in dialog.findChildren(ProblemLabel) if label.isVisible()]


def test_settings_say_what_is_wrong_and_keep_what_was_typed(
    qtbot: QtBot, window: MainWindow, test_keyring: FileKeyring
) -> None:
    seen: list[str] = []

    def wrong_then_right(dialog: QWidget) -> None:
        fill(profileNameEdit="a/b", apiKeyEdit=SECRET, baseUrlEdit="http://api.example")(dialog)
        qtbot.waitUntil(lambda: any("slashes" in text for text in problems(dialog)), timeout=5000)
        seen.extend(problems(dialog))
        assert dialog.isVisible()
        key = dialog.findChild(QLineEdit, "apiKeyEdit")
        assert key is not None and key.text() == SECRET and key.isEnabled()
        # The dialog grew for the lines said: its fields were squeezed to a sliver.
        squeezed = [
            f.objectName()
            for f in dialog.findChildren(QLineEdit)
            if f.height() < f.sizeHint().height()
        ]
        assert squeezed == []
        # Each fix is taken back at once, not at the next Save (it looked as if it had not
        # worked: a newcomer's find).
        name = dialog.findChild(QLineEdit, "profileNameEdit")
        assert name is not None
        dialog.resize(dialog.width(), dialog.height() + 120)  # as tall as a user made it
        qtbot.wait(10)  # laid out
        fields = {f.objectName(): f.geometry().top() for f in dialog.findChildren(QLineEdit)}
        name.clear()
        QTest.keyClicks(name, "shop")
        left = problems(dialog)
        assert not any("slashes" in text for text in left)
        assert any("plain http://" in text for text in left)
        address = dialog.findChild(QLineEdit, "baseUrlEdit")
        assert address is not None
        address.clear()
        QTest.keyClicks(address, "https://api.rampwin.com")
        assert problems(dialog) == []
        qtbot.wait(10)  # laid out again
        # The fields stay where they were: a key was typed into the name field that had
        # moved under the pointer (a newcomer's find).
        assert {f.objectName(): f.geometry().top() for f in dialog.findChildren(QLineEdit)} == (
            fields
        )
        fill(profileNameEdit="shop", baseUrlEdit="https://api.rampwin.com")(dialog)

    with answering(wrong_then_right):
        trigger(window, "newProfileAction")
    assert "without slashes" in seen[0] and "plain http://" in seen[0]
    assert test_keyring.entries[(SERVICE, "shop:api-key")] == SECRET
    assert window.account.profiles.stored_names() == ["shop"]


def test_a_new_profile_may_not_take_the_name_of_another(
    qtbot: QtBot, window: MainWindow, test_keyring: FileKeyring
) -> None:
    with answering(settings("shop", SECRET, "https://api.rampwin.com")):
        trigger(window, "newProfileAction")
    seen: list[str] = []

    def same_name(dialog: QWidget) -> None:
        fill(profileNameEdit="shop", baseUrlEdit="https://eu.rampwin.example")(dialog)
        qtbot.waitUntil(lambda: bool(problems(dialog)), timeout=5000)
        seen.extend(problems(dialog))
        QTest.keyClick(dialog, Qt.Key.Key_Escape)  # gives up: nothing is stored

    with answering(same_name):
        trigger(window, "newProfileAction")
    assert seen == ["There is a profile named 'shop' already; choose another name."]
    kept = window.account.profiles.load("shop")
    assert (kept.base_url, kept.channel_id) == ("https://api.rampwin.com", "channel-1")
    assert window.account.profiles.stored_names() == ["shop"]
