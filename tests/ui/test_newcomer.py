"""The window a newcomer meets: what is in view, what each click does, what it says.

Each test acts as the user did when the problem was found (issue 15): clicking the real
button, choosing the real menu item, typing into the real field.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAction, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDockWidget,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QWidget,
)

from rampwin_desktop.api.client import RampwinClient
from rampwin_desktop.core.model import Button, Header, HeaderKind, Message
from rampwin_desktop.sandbox import Fault
from rampwin_desktop.storage.profiles import SANDBOX, Profile
from rampwin_desktop.ui.batch_dialog import BatchDialog
from rampwin_desktop.ui.fields import ProblemLabel
from tests.helpers import media_files
from tests.helpers.dialogs import (
    answering,
    cancel,
    closing_every_dialog,
    fill,
    no_dialog,
    press,
)
from tests.helpers.window import (
    choose_from_menu,
    choose_item,
    choose_profile,
    click,
    click_item,
    click_row,
    close_window,
    compose,
    open_window,
    retype,
    send_and_wait,
    trigger,
    type_text,
)

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from rampwin_desktop.ui.main_window import MainWindow
    from tests.helpers.file_keyring import FileKeyring

LAYOUT_MS = 100  # for Qt to lay out what changed (posted events)
THREE_BUTTONS = Message(
    header=Header.of_text("Summer sale"),
    body="Hello *Priya* 👋\nOur summer sale starts today.\n- Free delivery\n- Easy returns",
    footer="Reply STOP to opt out",
    buttons=(
        Button("buy_now", "Buy now"),
        Button("remind_me", "Remind me later"),
        Button("not_interested", "Not interested"),
    ),
    recipient="+91 99999 99999",
    channel_id="sandbox",
)


def fully_visible(widget: QWidget) -> bool:
    """Shown whole in the window: not scrolled away, not cut by any of its parents."""
    if not widget.isVisible():
        return False
    parent = widget.parentWidget()
    while parent is not None:
        corner = widget.mapTo(parent, widget.rect().topLeft())
        if not parent.rect().contains(QRect(corner, widget.size())):
            return False
        parent = parent.parentWidget()
    return True


def squeezed(window: MainWindow) -> list[str]:
    """The visible labels and buttons given less room than they need to show themselves."""
    found = []
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        if not widget.isVisible():
            continue
        need = widget.minimumSizeHint()
        if widget.width() < need.width() or widget.height() < need.height():
            text = widget.text() if hasattr(widget, "text") else ""
            found.append(
                f"{type(widget).__name__} {widget.objectName() or text!r}: "
                f"{widget.width()}×{widget.height()} < {need.width()}×{need.height()}"
            )
    return found


# ------------------------------------------------------------------ what is in view


def test_recipient_and_channel_are_in_view_at_the_default_size_with_three_buttons(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    image = media_files.png(tmp_path, "banner.png", 800, 418)
    body = "\n".join(f"Line {n} of a long message" for n in range(12))
    compose(
        window,
        THREE_BUTTONS.with_changes(header=Header.of_media(HeaderKind.IMAGE, str(image)), body=body),
    )
    qtbot.wait(LAYOUT_MS)
    assert window.form_scroll.verticalScrollBar().maximum() > 0  # the form does not fit
    assert window.size().toTuple() == (1100, 800)  # the default, with no size kept yet
    destination = window.composer.destination
    assert fully_visible(destination.recipient) and fully_visible(destination.channel)
    window.form_scroll.verticalScrollBar().setValue(10_000)  # scrolled to the buttons
    qtbot.wait(LAYOUT_MS)
    assert fully_visible(destination.recipient) and fully_visible(destination.channel)


@pytest.mark.parametrize("size", ["default", "minimum", "minimum, Inbox open", "large"])
def test_no_label_or_button_is_squeezed(qtbot: QtBot, window: MainWindow, size: str) -> None:
    compose(window, THREE_BUTTONS)
    if size.startswith("minimum"):
        window.resize(200, 200)  # as small as the window lets itself be made
        assert window.size() == window.minimumSize()
    elif size == "large":
        window.resize(1600, 1000)
    if size.endswith("Inbox open"):
        trigger(window, "inboxDockAction")
        dock = next(d for d in window.findChildren(QDockWidget) if d.isVisible())
        window.resizeDocks([dock], [1000], Qt.Orientation.Vertical)  # dragged as tall as it goes
        window.resize(200, 200)  # and the window made as small as it goes again
    qtbot.wait(LAYOUT_MS)
    assert squeezed(window) == []
    destination = window.composer.destination
    assert fully_visible(destination.recipient) and fully_visible(destination.channel)
    box = window.composer.send_to
    assert box.height() >= box.minimumSizeHint().height()
    assert window.preview.width() >= window.preview.minimumWidth()
    assert fully_visible(window.preview)


def test_the_preview_takes_its_share_of_a_wide_window_and_the_fields_stay_readable(
    window: MainWindow,
) -> None:
    window.resize(1600, 1000)
    QApplication.processEvents()
    assert window.preview.width() >= 380  # about a phone's width
    assert window.composer.body.edit.width() <= 800  # not a 1,170-px text field
    assert window.composer.destination.recipient.width() <= 800


def test_a_taller_window_gives_the_body_more_room_not_empty_space_below_the_form(
    qtbot: QtBot, window: MainWindow
) -> None:
    """At 1600 × 1000 the body was 192 px tall over 150 px of nothing (a newcomer's find)."""
    window.resize(1000, 850)
    qtbot.wait(LAYOUT_MS)
    short = window.composer.body.edit.height()
    window.resize(1000, 1000)
    qtbot.wait(LAYOUT_MS)
    assert window.composer.body.edit.height() >= short + 140  # nearly all of the 150 px more
    buttons = window.composer.buttons.add_button
    bottom = buttons.mapTo(window.form_scroll.viewport(), QPoint(0, buttons.height())).y()
    assert window.form_scroll.viewport().height() - bottom < 40  # the form ends at its foot


def test_on_a_wide_screen_the_form_and_its_preview_stay_side_by_side_in_the_middle(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(1800, 900)
    qtbot.wait(LAYOUT_MS)
    form = window.form_scroll.parentWidget()
    form_left = form.mapTo(window, QPoint(0, 0)).x()
    form_right = form_left + form.width()
    preview_left = window.preview.mapTo(window, QPoint(0, 0)).x()
    preview_right = preview_left + window.preview.width()
    assert 0 <= preview_left - form_right <= window.splitter.handleWidth()  # no strip between
    assert abs(form_left - (window.width() - preview_right)) <= 2  # as much room either side
    assert form_left > 200


def test_counters_do_not_change_the_width_of_their_field(qtbot: QtBot, window: MainWindow) -> None:
    compose(window, THREE_BUTTONS.with_changes(footer=""))
    qtbot.wait(LAYOUT_MS)
    footer = window.composer.footer.edit
    title = window.composer.buttons.rows[0].title.edit
    before = footer.width(), title.width()
    type_text(footer, "Reply STOP to opt out")  # the counter goes from 0 to 21
    type_text(title, " today")  # and from 7 to 13
    qtbot.wait(LAYOUT_MS)
    assert (footer.width(), title.width()) == before


def test_a_button_title_and_its_id_are_labelled_and_line_up(
    qtbot: QtBot, window: MainWindow
) -> None:
    compose(window, THREE_BUTTONS)
    qtbot.wait(LAYOUT_MS)
    row = window.composer.buttons.rows[0]
    for edit, label in ((row.title.edit, "Title"), (row.id_edit, "Id")):
        buddies = [found.text() for found in row.findChildren(QLabel) if found.buddy() is edit]
        assert buddies == [label]
    title_left = row.title.edit.mapTo(row, row.title.edit.rect().topLeft()).x()
    id_left = row.id_edit.mapTo(row, row.id_edit.rect().topLeft()).x()
    assert title_left == id_left and row.title.edit.width() == row.id_edit.width()


# ------------------------------------------------------------------ problems


def test_a_new_button_says_nothing_until_its_field_is_left(
    qtbot: QtBot, window: MainWindow
) -> None:
    compose(window, THREE_BUTTONS.with_changes(buttons=THREE_BUTTONS.buttons[:1]))
    click(window.composer.buttons.add_button)
    qtbot.wait(LAYOUT_MS)
    row = window.composer.buttons.rows[-1]
    assert row.title.edit.hasFocus()
    assert not row.title.problem.isVisible() and not row.id_problem.isVisible()
    assert not window.send_bar.send_button.isEnabled()  # it still counts
    QTest.keyClick(row.title.edit, Qt.Key.Key_Tab)  # left without typing
    qtbot.wait(LAYOUT_MS)
    assert row.title.problem.isVisible() and "Button 2" in row.title.problem.text()


def test_a_new_empty_button_is_one_problem_its_title(window: MainWindow) -> None:
    """Add button made "2 problems to fix" (an empty title, an empty id) for one thing to
    do: the id follows the title. A draft's empty id is its own problem."""
    compose(window, THREE_BUTTONS.with_changes(buttons=THREE_BUTTONS.buttons[:2]))
    click(window.composer.buttons.add_button)
    bar = window.send_bar
    assert bar.problems_button.text().startswith("1 problem to fix")
    assert [item.text() for item in bar.problems_menu.actions()] == [
        "Button 3's title is empty; it needs at least one visible character."
    ]
    row = window.composer.buttons.rows[2]
    type_text(row.title.edit, "Maybe")
    assert not bar.problems_button.isVisible()
    retype(row.title.edit, "")  # emptied again: the id follows it, one problem
    assert bar.problems_button.text().startswith("1 problem to fix")
    empty = Button(id="", title="")  # a draft's button: its id is its own, two problems
    compose(window, THREE_BUTTONS.with_changes(buttons=(*THREE_BUTTONS.buttons[:2], empty)))
    assert bar.problems_button.text().startswith("2 problems to fix")


def test_the_problem_count_lists_the_problems_and_goes_to_the_chosen_field(
    window: MainWindow,
) -> None:
    compose(window, THREE_BUTTONS.with_changes(footer="x" * 61, channel_id=""))
    bar = window.send_bar
    assert bar.problems_button.isVisible() and bar.problems_button.text().startswith(
        "2 problems to fix"
    )
    listed = [item.text() for item in bar.problems_menu.actions()]
    assert "channel" in listed[0].lower() and "footer" in listed[1].lower(), listed  # form order
    channel_problem = next(text for text in listed if "channel" in text.lower())
    choose_from_menu(bar.problems_button, channel_problem)
    assert window.composer.destination.channel.hasFocus()
    footer_problem = next(text for text in listed if "footer" in text.lower())
    choose_from_menu(bar.problems_button, footer_problem)
    assert window.composer.footer.edit.hasFocus()
    assert fully_visible(window.composer.footer.edit)


def test_a_refused_header_file_is_forgotten_when_the_header_becomes_text(
    window: MainWindow, tmp_path: Path
) -> None:
    fake = tmp_path / "fake.png"
    fake.write_bytes(b"GIF89a" + b"\0" * 64)
    header = window.composer.header
    choose_item(header.kind_combo, "Image")
    header.use_file(fake)  # as a file dropped on the header
    assert header.problem.isVisible() and "GIF" in header.problem.text()
    choose_item(header.kind_combo, "Text")
    assert "GIF" not in header.problem.text()


# ------------------------------------------------------------------ results that no longer apply


def test_new_and_another_profile_clear_the_last_result(
    qtbot: QtBot, window: MainWindow, test_keyring: FileKeyring
) -> None:
    compose(window, THREE_BUTTONS)
    assert send_and_wait(qtbot, window)
    banner = window.send_bar.banner
    assert banner.isVisible() and "✓" in banner.text.text()
    assert "(to +919999999999)" in banner.text.text()  # who it went to
    with answering(press(QMessageBox.StandardButton.Discard)):
        trigger(window, "newDraftAction")
    assert not banner.isVisible()

    compose(window, THREE_BUTTONS)
    window.account.sandbox().add_fault(Fault(endpoint="send", status=500))
    assert not send_and_wait(qtbot, window)
    assert banner.isVisible()
    choose_profile(window, "default")
    assert not banner.isVisible()


# ------------------------------------------------------------------ Send test to me


def test_an_own_number_written_as_at_home_is_read_as_the_to_field_reads_it(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The To field said "a number in India without its country code", the "Your number"
    prompt and Settings' My number still "too few digits for Iran" (the second newcomer
    run)."""
    for variable in ("LC_ALL", "LC_CTYPE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "en_IN.UTF-8")
    india = "is a number in India without its country code (+91 98765 00099)"
    compose(window, THREE_BUTTONS.with_changes(recipient=""))
    said: list[str] = []

    def prompt(dialog: QWidget) -> None:
        edit = dialog.findChild(QLineEdit, "ownNumberEdit")
        assert edit is not None
        type_text(edit, "9876500099")
        problem = dialog.findChild(ProblemLabel)
        assert problem is not None
        said.append(problem.text())
        cancel(dialog)

    with answering(prompt):
        click(window.send_bar.send_test_button)
    assert india in said[0]

    def settings(dialog: QWidget) -> None:
        fill(profileNameEdit="shop", ownNumberEdit="9876500099")(dialog)  # and Save
        problem = dialog.findChild(ProblemLabel)
        assert problem is not None
        qtbot.waitUntil(problem.isVisible, timeout=5000)  # refused: the dialog stays
        said.append(problem.text())
        cancel(dialog)

    with answering(settings):
        trigger(window, "settingsAction")
    number = "9876500099 is not a number when read with its country code first, but it "
    assert f"My number: {number}{india}" in said[1]


def test_a_wrong_own_number_is_explained_in_the_prompt_and_kept(
    qtbot: QtBot, window: MainWindow
) -> None:
    compose(window, THREE_BUTTONS.with_changes(recipient=""))
    seen: list[tuple[str, bool, str]] = []

    def answer(dialog: QWidget) -> None:
        edit = dialog.findChild(QLineEdit, "ownNumberEdit")
        assert edit is not None
        type_text(edit, "12345")
        ok = [b for b in dialog.findChildren(QAbstractButton) if b.text() in ("OK", "&OK")]
        QTest.qWait(LAYOUT_MS)
        messages = [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]
        seen.append((edit.text(), ok[0].isEnabled(), " ".join(messages)))
        problem = next(label for label in dialog.findChildren(QLabel) if "few" in label.text())
        assert fully_visible(problem)  # the dialog grew: the explanation is not cut
        assert problem.height() >= problem.heightForWidth(problem.width())
        QTest.keyClick(edit, Qt.Key.Key_Return)  # refused: the prompt stays, the text too
        assert dialog.isVisible() and edit.text() == "12345"
        edit.clear()
        type_text(edit, "+91 99999 99999")
        seen.append((edit.text(), ok[0].isEnabled(), ""))
        QTest.mouseClick(ok[0], Qt.MouseButton.LeftButton)

    with answering(answer):
        assert send_and_wait(qtbot, window, to_self=True)
    (typed, ok_enabled, said), (_, ok_later, _) = seen
    assert typed == "12345" and not ok_enabled
    assert "too few digits" in said and "+1" not in said and "country code first" in said
    assert ok_later
    messages = window.account.sandbox().messages()
    assert [m["body"]["phone_number"] for m in messages] == ["919999999999"]
    assert "to your number, +919999999999" in window.send_bar.banner.text.text()


def test_the_sandbox_remembers_my_number_after_a_restart(qtbot: QtBot, window: MainWindow) -> None:
    compose(window, THREE_BUTTONS.with_changes(recipient=""))
    with answering(fill(ownNumberEdit="+44 7911 123456")):
        assert send_and_wait(qtbot, window, to_self=True)
    close_window(window)
    again = open_window(qtbot)
    assert again.account.profile.name == SANDBOX
    compose(again, THREE_BUTTONS.with_changes(recipient=""))
    with no_dialog():
        assert send_and_wait(qtbot, again, to_self=True)
    messages = again.account.sandbox().messages()
    assert [m["body"]["phone_number"] for m in messages] == ["447911123456"]
    close_window(again)


# ------------------------------------------------------------------ keys


def test_a_profile_without_a_stored_key_says_so_and_send_test_explains_before_settings(
    qtbot: QtBot, window: MainWindow
) -> None:
    choose_profile(window, "default")
    said = window.account_banner.plain_text()
    assert window.account_banner.isVisible()
    assert "No API key stored for “default”" in said and "add it in Settings" in said
    assert "RAMPWIN_API_KEY" not in said  # the window's way; the README has the others
    tips = window.profiles.combo.itemData(
        window.profiles.combo.findText("default"), Qt.ItemDataRole.ToolTipRole
    )
    assert "no API key stored" in tips
    compose(window, THREE_BUTTONS.with_changes(channel_id="channel-1"))
    said = window.send_bar.summary.text()  # the message is fine, the profile is not yet
    assert said == "The message is ready; add this profile's API key in Settings to send it."
    with answering(cancel) as shown:  # Settings opens to ask for the key
        click(window.send_bar.send_button)
        qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert shown[0].startswith("Settings")
    banner = window.send_bar.banner
    said = banner.text.text()  # the window's words: no command line to type
    assert banner.isVisible() and said.startswith(
        "✕ No API key is stored for the profile “default”: add it in Settings. Nothing was sent."
    ), said
    assert "rampwin-desktop" not in said and "RAMPWIN_API_KEY" not in said


def test_a_key_kept_for_one_session_is_explained_after_a_restart(
    qtbot: QtBot, no_keyring: None
) -> None:
    window = open_window(qtbot)
    with answering(fill(apiKeyEdit="session-key")):
        trigger(window, "settingsAction")
    placeholders: list[str] = []

    def look(dialog: QWidget) -> None:
        key = dialog.findChild(QLineEdit, "apiKeyEdit")
        assert key is not None
        placeholders.append(key.placeholderText())
        cancel(dialog)

    with answering(look):
        trigger(window, "settingsAction")
    assert placeholders == ["Kept for this session only"]  # not "stored in the keyring"
    close_window(window)

    again = open_window(qtbot)  # the next day: the key is gone; the window says why
    choose_profile(again, "default")  # the profile whose key was kept for one session
    said = again.account_banner.plain_text()
    assert "kept for one session only" in said and "no system keyring" in said
    assert said.count("keyring") == 2, said  # "no system keyring", "set up a keyring": once
    close_window(again)


# ------------------------------------------------------------------ sending


def test_cancel_says_why_it_is_greyed_out_once_the_message_is_on_its_way(
    qtbot: QtBot, window: MainWindow
) -> None:
    compose(window, THREE_BUTTONS)
    window.account.sandbox().add_fault(Fault(endpoint="send", delay=1.0))
    bar = window.send_bar
    click(bar.send_button)
    qtbot.waitUntil(lambda: bar.cancel_button.isVisible() and not bar.cancel_button.isEnabled())
    assert "could not take it back" in bar.cancel_button.toolTip()
    # Qt draws no text on a busy bar: the words are beside it (it looked empty).
    assert bar.progress.maximum() == 0 and bar.progress.text() == ""
    assert bar.summary.text() == "Sending… (on its way: it cannot be stopped now)"
    qtbot.waitUntil(lambda: not window.sending.running, timeout=10_000)
    assert bar.summary.text() == "Ready to send."  # and gone once it is done


def test_the_status_bar_shows_one_message_whole(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from tests.helpers.dialogs import choose_file

    target = tmp_path / ("a-rather-long-folder-name-for-drafts" * 2) / "summer-sale.json"
    target.parent.mkdir()
    with answering(choose_file(target)):
        trigger(window, "saveAsAction")
    status = window.statusBar()
    assert status.currentMessage().startswith("Saved ")
    permanent = [w for w in status.findChildren(QWidget) if w.isVisible() and w.width() > 0]
    assert all(not isinstance(w, QLabel) or not w.text() for w in permanent)


# ------------------------------------------------------------------ every command, every button


def test_every_menu_command_and_every_button_can_be_used(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """Trigger every action and click every visible, enabled button; any dialog it opens is
    cancelled. Nothing may raise (pytest-qt fails the test) or report an error."""
    image = media_files.png(tmp_path, "photo.png", 800, 418)
    compose(
        window, THREE_BUTTONS.with_changes(header=Header.of_media(HeaderKind.IMAGE, str(image)))
    )
    skip = {"quitAction"}  # last: it closes the window
    assert send_and_wait(qtbot, window)
    used = ["sendButton"]
    with closing_every_dialog() as closed:
        for item in window.findChildren(QAction):
            if item.objectName() in skip or not item.isEnabled() or item.isSeparator():
                continue
            if not item.text() or item.menu() is not None:
                continue
            item.trigger()
            used.append(item.objectName() or item.text())
            qtbot.waitUntil(lambda: not window.sending.running, timeout=20_000)
        for button in window.findChildren(QAbstractButton):
            if button.isVisible() and button.isEnabled():
                QTest.mouseClick(button, Qt.MouseButton.LeftButton)
                used.append(button.objectName() or button.text())
                qtbot.waitUntil(lambda: not window.sending.running, timeout=20_000)
        # Resume a batch… reads the data folder in the background, then asks: its question
        # is closed here, not when the test's end deletes the windows under it.
        batch = window.findChild(BatchDialog, "batchDialog")
        assert batch is not None
        qtbot.waitUntil(lambda: not batch.resumer.busy, timeout=10_000)
    assert [said for said in closed if said.startswith("error: ")] == []
    assert {"settingsAction", "newProfileAction", "aboutAction", "sendButton"} <= set(used)
    with closing_every_dialog():
        trigger(window, "quitAction")


def test_undoing_a_removal_does_not_put_the_focus_on_the_recipient(
    qtbot: QtBot, window: MainWindow
) -> None:
    compose(window, THREE_BUTTONS)
    qtbot.wait(LAYOUT_MS)
    click(window.composer.buttons.rows[1].remove)
    trigger(window, "undoAction")
    qtbot.wait(LAYOUT_MS)
    assert [b.title for b in window.composer.message().buttons] == [
        b.title for b in THREE_BUTTONS.buttons
    ]
    recipient = window.composer.destination.recipient
    assert not recipient.hasFocus()  # a keystroke now would have replaced the number
    assert window.composer.buttons.isAncestorOf(QApplication.focusWidget())


def test_settings_from_the_sandbox_offers_a_new_profile_once_profiles_exist(
    window: MainWindow,
) -> None:
    window.account.profiles.save(Profile("shop", channel_id="channel-1"))
    assert window.account.profile.name == SANDBOX
    with answering(cancel) as shown:
        trigger(window, "settingsAction")
    assert shown == ["New profile"]  # not shop's settings, where its key could be replaced


def test_the_profile_chooser_grows_to_show_a_long_name_whole(
    qtbot: QtBot, window: MainWindow
) -> None:
    name = "Customer support team"
    with answering(fill(profileNameEdit=name, apiKeyEdit="key-123", defaultChannelEdit="c1")):
        trigger(window, "newProfileAction")
    combo = window.profiles.combo
    qtbot.waitUntil(lambda: combo.currentText() == name)
    needed = combo.fontMetrics().horizontalAdvance(name)
    qtbot.waitUntil(lambda: combo.width() > needed)  # it was as wide as "Sandbox"
    said = window.statusBar().currentMessage()
    assert said == f"Saved the profile “{name}”; the window sends from it."
    with answering(fill(profileNameEdit="promo", defaultChannelEdit="c2")):  # no key
        trigger(window, "newProfileAction")
    assert combo.currentText() == name  # it cannot send yet: not chosen, and said so
    said = window.statusBar().currentMessage()
    assert said == "Saved the profile “promo”. Add its API key to send from it."


def test_a_refused_paste_is_forgotten_once_a_link_is_typed(window: MainWindow) -> None:
    QApplication.clipboard().setText("not a picture")
    header = window.composer.header
    choose_item(header.kind_combo, "Image")
    trigger(window, "pasteHeaderAction")
    assert "clipboard holds no image" in header.problem.text()
    type_text(header.link_edit, "https://example.com/photo.png")
    assert "clipboard" not in header.problem.text()


# ------------------------------------------------------------------ the smaller controls


def test_the_header_remove_and_paste_image_buttons(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    image = media_files.png(tmp_path, "photo.png", 800, 418)
    compose(
        window, THREE_BUTTONS.with_changes(header=Header.of_media(HeaderKind.IMAGE, str(image)))
    )
    header = window.composer.header
    click(header.remove_button)
    assert header.link_edit.text() == "" and window.composer.message().header.link == ""
    QApplication.clipboard().setImage(QImage(str(image)))
    click(header.paste_button)
    pasted = Path(window.composer.message().header.link)
    assert pasted.name.startswith("pasted-") and pasted.is_file()


def test_the_inbox_refresh_button_shows_what_arrived_since(
    qtbot: QtBot, window: MainWindow
) -> None:
    compose(window, THREE_BUTTONS)
    assert send_and_wait(qtbot, window)
    trigger(window, "inboxDockAction")
    inbox = window.docks.inbox
    qtbot.waitUntil(lambda: inbox.list.count() == 1)
    server = window.account.sandbox()
    with RampwinClient(server.api_key, base_url=server.base_url) as api:  # another sender
        api.send_interactive(THREE_BUTTONS.with_changes(recipient="447911123456"))
    assert inbox.list.count() == 1
    click(inbox.refresh_button)
    qtbot.waitUntil(lambda: inbox.list.count() == 2)


def test_the_inbox_follows_a_batch_and_keeps_an_older_message_chosen(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """It showed what a batch sent only when Refresh was clicked (a newcomer's find)."""
    from tests.helpers.batch_window import no_limit, open_batch, people, slowed

    trigger(window, "inboxDockAction")
    inbox = window.docks.inbox
    sandbox = slowed(window.account.sandbox())  # 0.3 s a message: a run of ~2 s
    compose(window, THREE_BUTTONS.with_changes(body="Hello {{name}}"))
    dialog = open_batch(qtbot, window, people(tmp_path, 6))
    no_limit(dialog)  # the sandbox sets the pace
    click(dialog.ui.start_button)
    qtbot.waitUntil(lambda: inbox.list.count() >= 2, timeout=5_000)
    assert dialog.controller.running  # followed while it runs, not only at its end
    assert inbox.list.currentRow() == 0  # the newest shown
    click_item(inbox.list, inbox.list.count() - 1)  # the first message, chosen
    chosen = inbox.list.currentItem().text()
    qtbot.waitUntil(lambda: not dialog.controller.running, timeout=10_000)
    assert inbox.list.count() == len(sandbox.messages()) == 6
    assert inbox.list.currentItem().text() == chosen  # still the one chosen
    dialog.close()


def test_the_banners_settings_link_opens_settings(window: MainWindow) -> None:
    banner = window.account_banner
    assert "add it in Settings" in banner.plain_text()
    banner.setFocus()
    QTest.keyClick(banner, Qt.Key.Key_Tab)  # to the link, as a keyboard user does
    intro: list[str] = []

    focused: list[str] = []

    def read_intro(dialog: QWidget) -> None:
        label = dialog.findChild(QLabel, "settingsIntro")
        intro.append(label.text() if label is not None and label.isVisible() else "")
        focused.append(QApplication.focusWidget().objectName())
        cancel(dialog)

    with answering(read_intro) as shown:
        QTest.keyClick(banner, Qt.Key.Key_Return)
    assert len(shown) == 1 and shown[0].startswith("Settings")  # the first profile to fill in
    # The toolbar says Sandbox, the dialog "default": it says why.
    assert intro == [
        "The Sandbox needs no key. To send for real, fill in your Rampwin account here: it "
        "is kept as a profile, under the name given below, and the window uses it once its "
        "key is saved."
    ]
    assert focused == ["apiKeyEdit"]  # what is missing, not the name (a newcomer's find)
    window.account.profiles.save(Profile("shop", channel_id="channel-1"))
    window.account.choose("shop")
    with answering(read_intro):
        trigger(window, "settingsAction")
    assert intro[-1] == ""  # a real profile's own settings need no word on the Sandbox


def test_a_double_click_in_history_opens_the_attempt(qtbot: QtBot, window: MainWindow) -> None:
    compose(window, THREE_BUTTONS.with_changes(body="Sent before"))
    assert send_and_wait(qtbot, window)
    with answering(press(QMessageBox.StandardButton.Discard)):
        trigger(window, "newDraftAction")
    assert window.composer.message().body != "Sent before"
    trigger(window, "historyDockAction")
    table = window.docks.history_panel.table
    qtbot.waitUntil(lambda: table.model().rowCount() == 1)
    qtbot.wait(LAYOUT_MS)  # the dock laid out
    click_row(table, 0)  # the first click of the two
    where = table.visualRect(table.model().index(0, 0)).center()
    QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.composer.message().body == "Sent before"


def test_tab_goes_through_the_form_as_it_reads_and_reaches_every_button_row(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Tab went from the footer to Add button and then to To: the button rows, made after
    the window, came last in the tab order, after the send bar and the toolbar."""
    assert QApplication.focusWidget() is window.composer.body.edit  # where one writes
    typed_at = window.composer.body.edit.textCursor().position()
    assert typed_at == len(window.composer.message().body)  # after "Hello!": not "xHello!"

    def tabbing_from(start: QWidget, steps: int) -> list[str]:
        QTest.mouseClick(start, Qt.MouseButton.LeftButton)
        names = []
        for _ in range(steps):
            focused = QApplication.focusWidget()
            QTest.keyClick(focused, Qt.Key.Key_Tab)
            names.append(QApplication.focusWidget().objectName())
        return names

    compose(window, THREE_BUTTONS.with_changes(buttons=THREE_BUTTONS.buttons[:1]))
    buttons = window.composer.buttons
    click(buttons.add_button)  # a row made now, long after the window
    qtbot.wait(LAYOUT_MS)
    assert tabbing_from(window.composer.footer.edit, 1) == ["buttonTitleEdit_1"]
    assert tabbing_from(buttons.rows[0].id_edit, 3) == [
        "moveButtonDownButton_1",
        "removeButtonButton_1",
        "buttonTitleEdit_2",
    ]
    assert tabbing_from(buttons.rows[1].id_edit, 3) == [
        "moveButtonUpButton_2",
        "removeButtonButton_2",
        "addButtonButton",
    ]
    click(buttons.add_button)
    click(buttons.rows[2].up)  # and moved up: the tab order follows the rows
    qtbot.wait(LAYOUT_MS)
    destination = window.composer.destination
    assert tabbing_from(destination.channel, 3) == [
        "hideFromChatCheck",
        "dontShowInChatListCheck",
        "headerTypeCombo",  # "Send to" is above the header on screen
    ]
    row_2 = ["buttonTitleEdit_2", "buttonIdEdit_2", "moveButtonUpButton_2"]
    assert tabbing_from(window.composer.footer.edit, 8) == [
        "buttonTitleEdit_1",
        "buttonIdEdit_1",
        "moveButtonDownButton_1",  # button 1's ↑ is disabled: Tab passes it
        "removeButtonButton_1",
        *row_2,
        "moveButtonDownButton_2",
    ]
    assert [row.title.text() for row in buttons.rows] == [THREE_BUTTONS.buttons[0].title, "", ""]
    # Once round the window: no stop on a scroll area (the form's, the preview's), which
    # shows no focus at all (a newcomer's find).
    seen: list[QWidget] = []
    QTest.mouseClick(window.composer.footer.edit, Qt.MouseButton.LeftButton)
    for _ in range(40):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert window.composer.footer.edit in seen  # round, back where it began
    assert [type(w).__name__ for w in seen if isinstance(w, QScrollArea)] == []


def test_tab_goes_through_a_picture_header_and_the_format_buttons_before_the_body(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """A newcomer's Tab went from the header's type to the body, then back up to Choose
    file…, and through B, I, S after the body they format."""
    picture = tmp_path / "sale.png"
    picture.write_bytes(media_files.png_bytes(width=40))
    compose(window, Message(header=Header.of_media(HeaderKind.IMAGE, str(picture)), body="Hi"))
    qtbot.wait(LAYOUT_MS)
    combo = window.composer.header.kind_combo
    combo.setFocus()
    seen = []
    for _ in range(10):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget().objectName())
    assert seen == [
        "headerImagePickButton",
        "headerPasteButton",
        "headerRemoveButton",
        "headerLinkEdit",
        "formatBoldButton",
        "formatItalicButton",
        "formatStrikethroughButton",
        "formatMonospaceButton",
        "bodyEdit",
        "footerEdit",
    ]


def test_tab_from_send_to_into_a_form_scrolled_away_brings_the_field_into_view(
    qtbot: QtBot, window: MainWindow
) -> None:
    """From "Don't show in chat list" Tab went to the header's type, scrolled out of view:
    focus nowhere to be seen (a newcomer's find)."""
    window.resize(900, 560)  # a form taller than its room: it scrolls
    compose(window, THREE_BUTTONS)
    qtbot.wait(LAYOUT_MS)
    bar = window.form_scroll.verticalScrollBar()
    bar.setValue(bar.maximum())  # down at the buttons
    QTest.mouseClick(window.composer.destination.dont_show, Qt.MouseButton.LeftButton)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused.objectName() == "headerTypeCombo"
    qtbot.waitUntil(lambda: focused.visibleRegion().boundingRect() == focused.rect())


def test_a_button_added_is_scrolled_wholly_into_view(qtbot: QtBot, window: MainWindow) -> None:
    """At 800 x 600 Add button focused the new title, but its id field stayed below the
    fold: the title took the focus before the row had a place (a newcomer's find)."""
    window.resize(800, 600)
    qtbot.wait(LAYOUT_MS)
    add = window.composer.buttons.add_button
    window.form_scroll.ensureWidgetVisible(add)  # where a user scrolls to click it
    QTest.mouseClick(add, Qt.MouseButton.LeftButton)
    id_edit = window.findChild(QLineEdit, "buttonIdEdit_3")
    assert id_edit is not None
    qtbot.wait(LAYOUT_MS)  # laid out: at first the new row's fields are a few pixels tall
    assert id_edit.height() == id_edit.sizeHint().height()
    assert id_edit.visibleRegion().boundingRect() == id_edit.rect()
    title = window.findChild(QLineEdit, "buttonTitleEdit_3")
    assert title is not None and title.hasFocus()
    assert title.visibleRegion().boundingRect() == title.rect()


def test_a_new_draft_starts_at_the_top_of_the_form(qtbot: QtBot, window: MainWindow) -> None:
    """After File › New the form stayed scrolled down, the top of the body out of view."""
    window.resize(900, 560)  # a form taller than its room: it scrolls
    compose(window, THREE_BUTTONS)
    qtbot.wait(LAYOUT_MS)
    bar = window.form_scroll.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())  # down at the buttons
    with answering(press(QMessageBox.StandardButton.Discard)):
        trigger(window, "newDraftAction")
    qtbot.wait(LAYOUT_MS)
    assert bar.value() == 0


def test_a_number_typed_without_its_country_code_is_caught_by_the_systems_region(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "8123456789" was accepted as a number in Japan with no own number set and no LANG
    (Windows and macOS set none): the system's regional settings now say where the user
    is, as Qt reads them (QLocale.system())."""
    monkeypatch.setattr(type(window.account), "system_locale", staticmethod(lambda: "en_IN"))
    compose(window, THREE_BUTTONS.with_changes(recipient=""))
    field = window.composer.destination.recipient
    QTest.mouseClick(field, Qt.MouseButton.LeftButton)
    type_text(field, "8123456789")
    qtbot.wait(LAYOUT_MS)
    said = window.composer.destination.recipient_problem.text()
    assert "reads as a number in Japan" in said and "India without its country code" in said
    assert not window.send_bar.send_button.isEnabled()


def test_a_long_header_link_does_not_widen_the_form(qtbot: QtBot, window: MainWindow) -> None:
    """At 700 px the form scrolled sideways, Choose file… and the counters cut off, for a
    header given as a long link: its text beside the thumbnail could not wrap."""
    link = "https://cdn.example.com/campaigns/" + "x" * 120 + "/summer-sale.png"
    compose(window, THREE_BUTTONS.with_changes(header=Header(kind=HeaderKind.IMAGE, link=link)))
    window.resize(700, 600)
    qtbot.wait(LAYOUT_MS)
    info = window.composer.header.info
    assert info.text().startswith("Link: https://cdn.example.com/")
    assert info.text().endswith("/summer-sale.png") and "…" in info.text()
    assert info.toolTip() == f"Link: {link}"  # whole, where it is asked for
    assert window.form_scroll.horizontalScrollBar().maximum() == 0


def test_a_picture_an_earlier_sandbox_kept_is_asked_for_again(
    qtbot: QtBot, window: MainWindow
) -> None:
    """History's Send again… of a picture message sent in an earlier session: the sandbox
    refused it as "Invalid media URL … it must be public", and the form said "Ready"."""
    gone = f"http://127.0.0.1:1/media/{'Q' * 22}/h.jpg"  # the last session's sandbox
    header = Header(kind=HeaderKind.IMAGE, link=gone)
    compose(window, THREE_BUTTONS.with_changes(header=header))
    window.account.sandbox()  # this session's, on its own port
    qtbot.waitUntil(window.composer.header.problem.isVisible)
    said = window.composer.header.problem.text()
    assert said.startswith("The header file was kept by a sandbox that is gone (127.0.0.1:1")
    assert not window.send_bar.send_button.isEnabled()


def test_a_header_link_on_this_computer_is_refused_for_a_server_elsewhere(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Send again… from History put the built-in sandbox's copy of a picture
    (http://127.0.0.1:…/media/…) in the header, and a send through a real profile took
    that link along: no other server can fetch it."""
    link = "http://127.0.0.1:34219/media/ab12/banner.jpg"
    header = Header(kind=HeaderKind.IMAGE, link=link)
    compose(window, THREE_BUTTONS.with_changes(header=header, channel_id="shop-main"))  # kept
    qtbot.wait(LAYOUT_MS)
    problem = window.composer.header.problem
    assert not problem.isVisible()  # the built-in sandbox can fetch it
    choose_profile(window, "default")  # https://api.rampwin.com
    qtbot.wait(LAYOUT_MS)
    assert problem.isVisible()
    assert problem.text().startswith("The header link is on this computer (127.0.0.1:34219)")
    assert "api.rampwin.com cannot fetch it" in problem.text()
