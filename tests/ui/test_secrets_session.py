"""A whole session with a real key, then a search of every file the app wrote: no key anywhere."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from rampwin_desktop.core.model import Button, Header, HeaderKind, Message
from rampwin_desktop.sandbox import SandboxServer
from rampwin_desktop.storage.keystore import SERVICE
from rampwin_desktop.storage.profiles import SANDBOX
from rampwin_desktop.ui.main_window import MainWindow
from rampwin_desktop.ui.settings_dialog import SettingsDialog
from tests.helpers import media_files
from tests.helpers.file_keyring import FileKeyring

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

SECRET = "rk_live_TOPSECRET_9f8e7d6c"


def fill_settings_when_shown(base_url: str, name: str = "default") -> None:
    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog), dialog
        dialog.name_edit.setText(name)
        dialog.key_edit.setText(SECRET)
        dialog.base_url_edit.setText(base_url)
        dialog.channel_edit.setText("channel-1")
        dialog.accept()

    QTimer.singleShot(0, fill)


def test_a_whole_session_leaves_no_key_in_any_file(
    qtbot: QtBot,
    window: MainWindow,
    test_keyring: FileKeyring,
    config_dir: Path,
    tmp_path: Path,
) -> None:
    from rampwin_desktop.redaction import setup_logging
    from rampwin_desktop.ui import paths

    setup_logging(paths.log_dir())  # as the app does at start
    with SandboxServer(api_key=SECRET) as server:
        assert window.account.profile.name == SANDBOX  # no key yet
        fill_settings_when_shown(server.base_url)
        window.open_settings()
        assert test_keyring.entries[(SERVICE, "default:api-key")] == SECRET
        assert window.account.profile.name == "default"
        assert window.profile_combo.currentText() == "default"
        credentials = window.account.credentials()
        assert credentials is not None and credentials.api_key == SECRET
        assert SECRET not in repr(credentials) and SECRET not in str(credentials)

        image = media_files.png(tmp_path, "hero.png", 800, 418)
        window.composer.set_message(
            Message(
                header=Header.of_media(HeaderKind.IMAGE, str(image)),
                body="Hi *there*",
                buttons=(Button("ok", "OK"),),
                recipient="919999999999",
                channel_id="channel-1",
            )
        )
        with qtbot.waitSignal(window.sender_.finished, timeout=20_000) as sent:
            window.send_bar.send_button.click()
        assert sent.args == [True], window.send_bar.banner.text.text()
        assert len(server.messages()) == 1

        window.copy_curl()
        clipboard = QGuiApplication.clipboard().text()
        assert "$RAMPWIN_API_KEY" in clipboard and SECRET not in clipboard
        window.copy_json()
        assert SECRET not in QGuiApplication.clipboard().text()

        drafts = tmp_path / "drafts"
        drafts.mkdir()
        window.draft_path = drafts / "campaign.json"
        assert window.save()
        window.composer.body.set_text("typed after saving")  # leaves a recovery file
        window.autosave.save_now()
        assert (config_dir / "recovery.json").exists()
        assert window.grab().save(str(config_dir / "screenshot.png"))
        import logging

        logging.getLogger("rampwin_desktop.test").warning("finished with key %s", SECRET)
        recovery_text = (config_dir / "recovery.json").read_bytes()
        window._saved = window.composer.message()
        window.close()

    written = [p for folder in (config_dir, drafts) for p in folder.rglob("*") if p.is_file()]
    names = {p.name for p in written}
    assert {"history.sqlite3", "settings.ini", "rampwin-desktop.log", "screenshot.png"} <= names
    assert SECRET.encode() not in recovery_text
    log_text = (config_dir / "logs" / "rampwin-desktop.log").read_text()
    assert "finished with key [redacted]" in log_text
    leaks = [str(p) for p in written if SECRET.encode() in p.read_bytes()]
    assert leaks == []
    banner = window.send_bar.banner.text.text() + window.send_bar.banner.details.text()
    assert SECRET not in banner and SECRET not in window.status_note.text()


def test_profiles_have_their_own_keys_and_addresses(
    qtbot: QtBot, window: MainWindow, test_keyring: FileKeyring
) -> None:
    fill_settings_when_shown("https://api.rampwin.com", name="Shop A")
    window.new_profile()
    fill_settings_when_shown("https://eu.rampwin.example", name="Shop B")
    window.new_profile()
    assert window.account.names() == ["Shop A", "Shop B", SANDBOX]
    assert [window.profile_combo.itemText(i) for i in range(3)] == ["Shop A", "Shop B", SANDBOX]
    assert window.account.profile.name == "Shop B"
    assert window.account.base_url() == "https://eu.rampwin.example"
    window.profile_combo.activated.emit(0)
    assert window.account.profile.name == "Shop A"
    assert window.account.base_url() == "https://api.rampwin.com"
    assert {key for key in test_keyring.entries} == {
        (SERVICE, "Shop A:api-key"),
        (SERVICE, "Shop B:api-key"),
    }
