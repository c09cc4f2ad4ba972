"""Edit › Undo, Redo, Cut, Copy, Paste and Select all, used as a user uses them: the reply
buttons' add, remove and move undone and redone, and the focused field's clipboard."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QToolButton

from rampwin_desktop.core.model import Message
from rampwin_desktop.ui.main_window import MainWindow
from tests.helpers.window import action, click, compose, retype, trigger, type_text

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

EDIT_ACTIONS = (
    "undoAction",
    "redoAction",
    "cutAction",
    "copyAction",
    "pasteAction",
    "selectAllAction",
)


def field(window: MainWindow, name: str) -> QLineEdit:
    found = window.findChild(QLineEdit, name)
    assert found is not None, name
    return found


def tool(window: MainWindow, name: str) -> QToolButton:
    found = window.findChild(QToolButton, name)
    assert found is not None, name
    return found


def buttons(window: MainWindow) -> list[tuple[str, str]]:
    """The reply buttons in the message, (title, id) each, in order."""
    return [(button.title, button.id) for button in window.composer.message().buttons]


def preview_buttons(window: MainWindow) -> list[str]:
    return [line for line in window.preview.accessibleDescription().splitlines() if line[:1] == "["]


def add_buttons(window: MainWindow, *titles: str) -> None:
    """Add Button for each title, typed into the new row's title field."""
    for title in titles:
        click(window.composer.buttons.add_button)
        focused = QApplication.focusWidget()
        assert isinstance(focused, QLineEdit), "the new row's title has the focus"
        type_text(focused, title)


def test_removing_and_moving_a_button_can_be_undone_and_redone(window: MainWindow) -> None:
    compose(window, Message(body="Pick one", recipient="919999999999", channel_id="c"))
    assert not action(window, "undoAction").isEnabled()  # a loaded message: nothing yet
    add_buttons(window, "Alpha", "Beta", "Gamma")
    retype(field(window, "buttonIdEdit_2"), "second")  # an id of one's own comes back too
    three = [("Alpha", "alpha"), ("Beta", "second"), ("Gamma", "gamma")]
    assert buttons(window) == three

    click(tool(window, "removeButtonButton_2"))
    assert buttons(window) == [three[0], three[2]]
    assert preview_buttons(window) == ["[Alpha]", "[Gamma]"]
    assert action(window, "undoAction").text() == "&Undo remove button 2"
    trigger(window, "undoAction")
    assert buttons(window) == three  # the same title and id, in the same place
    assert preview_buttons(window) == ["[Alpha]", "[Beta]", "[Gamma]"]
    trigger(window, "redoAction")
    assert buttons(window) == [three[0], three[2]]
    trigger(window, "undoAction")
    assert buttons(window) == three

    click(tool(window, "moveButtonUpButton_3"))
    assert buttons(window) == [three[0], three[2], three[1]]
    trigger(window, "undoAction")
    assert buttons(window) == three
    assert preview_buttons(window) == ["[Alpha]", "[Beta]", "[Gamma]"]
    trigger(window, "redoAction")
    assert buttons(window) == [three[0], three[2], three[1]]


def test_typing_after_an_undo_ends_what_redo_would_bring_back(window: MainWindow) -> None:
    """A newcomer undid a removal, typed in the button's title, then pressed Redo in the
    field (nothing to redo there): the stale "redo remove button 2" took the button away."""
    click(tool(window, "removeButtonButton_2"))  # the starter's No
    trigger(window, "undoAction")
    assert buttons(window) == [("Yes", "yes"), ("No", "no")]
    assert action(window, "redoAction").text() == "&Redo remove button 2"
    title = field(window, "buttonTitleEdit_2")
    QTest.mouseClick(title, Qt.MouseButton.LeftButton)
    type_text(title, " thanks")
    QTest.qWait(0)  # the change is done
    assert not action(window, "redoAction").isEnabled()  # the field has nothing to redo
    shift_control = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(title, Qt.Key.Key_Z, shift_control)  # Redo's key, let through by the field
    assert buttons(window) == [("Yes", "yes"), ("No thanks", "no_thanks")]
    trigger(window, "undoAction")  # the typing is still the field's to undo
    assert buttons(window) == [("Yes", "yes"), ("No", "no")]


def test_ctrl_z_right_after_a_removal_undoes_it_and_a_field_keeps_its_own_undo(
    window: MainWindow,
) -> None:
    footer = field(window, "footerEdit")
    QTest.mouseClick(footer, Qt.MouseButton.LeftButton)
    type_text(footer, "Thanks")
    click(tool(window, "removeButtonButton_1"))  # the starter's Yes
    assert buttons(window) == [("No", "no")]
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert buttons(window) == [("Yes", "yes"), ("No", "no")]
    assert footer.text() == "Thanks"  # the removal was undone, not the typing before it

    QTest.mouseClick(footer, Qt.MouseButton.LeftButton)
    trigger(window, "undoAction")  # in the footer, with typing to undo: the typing goes
    assert footer.text() == "" and buttons(window) == [("Yes", "yes"), ("No", "no")]
    trigger(window, "redoAction")
    assert footer.text() == "Thanks"

    click(tool(window, "moveButtonDownButton_1"))
    title = field(window, "buttonTitleEdit_1")  # "No" now, nothing typed in it
    QTest.mouseClick(title, Qt.MouseButton.LeftButton)
    QTest.keyClick(title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert buttons(window) == [("Yes", "yes"), ("No", "no")]  # the field let the key through


def test_cut_copy_paste_and_select_all_act_on_the_focused_field(window: MainWindow) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("from elsewhere")
    footer = field(window, "footerEdit")
    QTest.mouseClick(footer, Qt.MouseButton.LeftButton)
    type_text(footer, "Reply by Friday")
    assert not action(window, "copyAction").isEnabled()  # nothing selected
    assert not action(window, "cutAction").isEnabled()
    trigger(window, "selectAllAction")
    assert footer.selectedText() == "Reply by Friday"
    trigger(window, "copyAction")
    assert clipboard.text() == "Reply by Friday"
    trigger(window, "cutAction")
    assert footer.text() == "" and clipboard.text() == "Reply by Friday"
    assert "Reply by Friday" not in window.preview.accessibleDescription()
    trigger(window, "pasteAction")
    trigger(window, "pasteAction")
    assert footer.text() == "Reply by FridayReply by Friday"
    assert "Reply by FridayReply by Friday" in window.preview.accessibleDescription()

    window.profiles.combo.setFocus()  # out of any text field: nothing to cut or paste into
    for name in ("cutAction", "copyAction", "pasteAction", "selectAllAction"):
        assert not action(window, name).isEnabled(), name


def test_paste_is_enabled_while_the_clipboard_holds_text(window: MainWindow) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.clear()
    QTest.mouseClick(field(window, "footerEdit"), Qt.MouseButton.LeftButton)
    assert not action(window, "pasteAction").isEnabled()  # nothing to paste
    clipboard.setText("copied in another program")
    assert action(window, "pasteAction").isEnabled()
    clipboard.clear()
    assert not action(window, "pasteAction").isEnabled()


def test_edit_actions_are_in_the_edit_menu_with_standard_keys_and_no_clash(
    qtbot: QtBot, window: MainWindow
) -> None:
    edit_menu = next(menu.menu() for menu in window.menuBar().actions() if menu.text() == "&Edit")
    listed = [item.objectName() for item in edit_menu.actions() if not item.isSeparator()]
    assert listed[: len(EDIT_ACTIONS)] == list(EDIT_ACTIONS)
    standard = QKeySequence.StandardKey
    for name, key in zip(
        EDIT_ACTIONS,
        (standard.Undo, standard.Redo, standard.Cut, standard.Copy, standard.Paste,
         standard.SelectAll),
        strict=True,
    ):  # fmt: skip
        assert action(window, name).shortcuts() == QKeySequence.keyBindings(key), name
    shortcuts = [
        key.toString()
        for item in window.findChildren(QAction)
        if item.shortcutContext() != Qt.ShortcutContext.WidgetWithChildrenShortcut
        for key in item.shortcuts()
    ]
    assert len(shortcuts) == len(set(shortcuts)), sorted(shortcuts)
    mnemonics = [
        item.text().split("&")[1][0].lower() for item in edit_menu.actions() if "&" in item.text()
    ]
    assert len(mnemonics) == len(set(mnemonics)), mnemonics


def test_the_edit_menu_opened_with_its_key_acts_on_the_field_left(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Alt+E from a title with typing to undo showed Undo and Select all greyed out: the
    menu bar took the focus, and the menu acted on no field (a newcomer's find)."""
    title = field(window, "buttonTitleEdit_1")
    QTest.mouseClick(title, Qt.MouseButton.LeftButton)
    type_text(title, " please")
    seen: list[tuple[bool, bool]] = []

    def look() -> None:
        menu = QApplication.activePopupWidget()
        if menu is not None and not seen:
            seen.append(
                (
                    action(window, "undoAction").isEnabled(),
                    action(window, "selectAllAction").isEnabled(),
                )
            )
            QTest.keyClick(menu, Qt.Key.Key_Escape)

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(10)
    QTest.keyClick(title, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    timer.stop()
    assert seen == [(True, True)]


def test_a_menu_commands_own_key_works_from_a_field(qtbot: QtBot, window: MainWindow) -> None:
    """Ctrl+Shift+J, Copy JSON's key (set by name before the first paint: ui/boot.py,
    measure 7), pressed where the message is written."""
    compose(window, Message(body="Hi", recipient="+91 99999 99999", channel_id="c1"))
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("before")
    body = window.composer.body.edit
    body.setFocus()
    control_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(body, Qt.Key.Key_J, control_shift)
    qtbot.waitUntil(lambda: clipboard.text() != "before")
    assert '"Hi"' in clipboard.text()
    assert body.toPlainText() == "Hi"  # the key was the command's, not typed
