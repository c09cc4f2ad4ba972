"""A whole session with a real key, then a search of every file the app wrote: no key anywhere."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from rampwin_desktop.app.credentials import resolve
from rampwin_desktop.core.model import Button, Header, HeaderKind, Message
from rampwin_desktop.sandbox import SandboxServer
from rampwin_desktop.storage import paths
from rampwin_desktop.storage.keystore import SERVICE
from rampwin_desktop.storage.logs import setup_logging
from rampwin_desktop.storage.profiles import SANDBOX
from rampwin_desktop.ui.main_window import MainWindow
from tests.helpers import media_files
from tests.helpers.dialogs import Answer, answering, choose_file, fill, press
from tests.helpers.file_keyring import FileKeyring
from tests.helpers.window import choose_profile, compose, send_and_wait, trigger

if TYPE_CHECKING:
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

        trigger(window, "copyCurlAction")
        clipboard = QGuiApplication.clipboard().text()
        assert "$RAMPWIN_API_KEY" in clipboard and SECRET not in clipboard
        trigger(window, "copyJsonAction")
        assert SECRET not in QGuiApplication.clipboard().text()

        with answering(choose_file(drafts / "campaign.json")):
            trigger(window, "saveAction")
        assert (drafts / "campaign.json").is_file()
        body = window.composer.body.edit
        body.setFocus()
        QTest.keyClicks(body, " typed after saving")  # leaves a recovery file
        recovery = config_dir / "recovery.json"
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
        assert secret not in banner and secret not in window.status_note.text()


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
