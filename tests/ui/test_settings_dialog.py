"""The Settings dialog: its title and fields wide enough to read (as New profile… opens it),
and Delete profile…."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPushButton, QStyle, QStyleOptionFrame

from rampwin_desktop.storage.keystore import SERVICE, Secret
from rampwin_desktop.storage.profiles import SANDBOX
from rampwin_desktop.ui.main_window import MainWindow
from tests.helpers.dialogs import answering, cancel, fill, press
from tests.helpers.window import close_window, open_window, trigger

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from PySide6.QtWidgets import QWidget
    from pytestqt.qtbot import QtBot

    from tests.helpers.file_keyring import FileKeyring

KEY = "rk_test_bakery_0123456789"


def text_room(field: QLineEdit) -> int:
    """The width a line edit leaves for its text: its width less its frame and margins."""
    option = QStyleOptionFrame()
    field.initStyleOption(option)
    frame = field.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, option, field)
    margins = field.textMargins()
    return field.width() - 2 * frame - margins.left() - margins.right() - 4


def test_new_profile_dialog_has_a_plain_title_and_room_for_its_hints(window: MainWindow) -> None:
    seen: dict[str, object] = {}

    def look_then_cancel(dialog: QWidget) -> None:
        seen["title"] = dialog.windowTitle()
        for name in ("apiKeyEdit", "cookieEdit", "ownNumberEdit", "profileNameEdit"):
            field = dialog.findChild(QLineEdit, name)
            assert field is not None and field.isVisible(), name
            hint = QFontMetrics(field.font()).horizontalAdvance(field.placeholderText())
            seen[name] = text_room(field) >= hint or (text_room(field), hint)
        dialog.grab().save("/tmp/docks/new-profile.png")
        cancel(dialog)

    with answering(look_then_cancel) as shown:
        trigger(window, "newProfileAction")
    assert shown == ["New profile"]
    assert seen.pop("title") == "New profile"
    assert all(fits is True for fits in seen.values()), seen
    assert window.account.profiles.names() == ["default"]  # Cancel stored nothing


INFORMED: list[str] = []  # what each question answered by ``read_then`` said below its text


def read_then(button: QMessageBox.StandardButton) -> Callable[[QWidget], None]:
    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        INFORMED.append(dialog.informativeText())
        press(button)(dialog)

    return answer


def click_delete(dialog: QWidget) -> None:
    """Settings' Delete profile… button, as a user clicks it; once this answer has returned,
    so that the question it opens is answered in turn (a timer does not fire inside its
    own handler)."""
    button = dialog.findChild(QPushButton, "deleteProfileButton")
    assert button is not None and button.isVisible(), "no Delete profile… button"
    QTimer.singleShot(0, lambda: QTest.mouseClick(button, Qt.MouseButton.LeftButton))


def test_a_profile_is_deleted_in_settings_with_its_key(
    qtbot: QtBot, window: MainWindow, test_keyring: FileKeyring
) -> None:
    """A newcomer made a profile and found no way to remove it but the command line."""
    with answering(fill(profileNameEdit="bakery", apiKeyEdit=KEY)):
        trigger(window, "newProfileAction")
    assert window.account.profile.name == "bakery"  # a key: the window sends from it
    assert test_keyring.entries[(SERVICE, "bakery:api-key")] == KEY
    with answering(click_delete, read_then(QMessageBox.StandardButton.No), cancel) as said:
        trigger(window, "settingsAction")  # changed its mind: kept
    assert said[1] == "Delete the profile “bakery”?"
    assert INFORMED[-1].startswith("Its API key and cookie are taken out of the keyring.")
    assert window.account.profiles.exists("bakery")
    with answering(click_delete, press(QMessageBox.StandardButton.Yes)):
        trigger(window, "settingsAction")
    qtbot.waitUntil(lambda: window.account.profile.name == SANDBOX)
    assert not window.account.profiles.exists("bakery")
    assert (SERVICE, "bakery:api-key") not in test_keyring.entries
    combo = window.profiles.combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["default", SANDBOX]
    said = window.statusBar().currentMessage()
    assert said == f"Deleted the profile “bakery”; the window sends from “{SANDBOX}”."


def test_without_a_keyring_deleting_says_the_key_was_this_sessions(
    qtbot: QtBot, config_dir: Path, no_keyring: None
) -> None:
    """The question spoke of a keyring that the banner said was not there."""
    window = open_window(qtbot)
    try:
        with answering(fill(profileNameEdit="bakery", apiKeyEdit=KEY)):
            trigger(window, "newProfileAction")
        assert window.account.secrets.unavailable  # no keyring: kept for this session
        with answering(click_delete, read_then(QMessageBox.StandardButton.Yes)):
            trigger(window, "settingsAction")
        said = INFORMED[-1]
        assert said.startswith("Its API key, kept for this session only, is forgotten.")
        qtbot.waitUntil(lambda: window.account.profile.name == SANDBOX)
        assert not window.account.secrets.remembers(Secret.API_KEY, "bakery")
    finally:
        close_window(window)


def test_the_sandbox_and_a_new_profile_have_nothing_to_delete(window: MainWindow) -> None:
    seen: list[bool] = []

    def look_then_cancel(dialog: QWidget) -> None:
        button = dialog.findChild(QPushButton, "deleteProfileButton")
        seen.append(button is not None and button.isVisible())
        cancel(dialog)

    with answering(look_then_cancel):
        trigger(window, "newProfileAction")
    assert seen == [False]
