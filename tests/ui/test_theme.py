"""View › Theme: the whole window, its docks and its dialogs turn dark or light, follow the
system's colour scheme when asked to, and the choice survives a restart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette, QStyleHints
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDockWidget,
    QLineEdit,
    QStyle,
    QStyleOptionButton,
    QStyleOptionSlider,
    QTableView,
    QToolButton,
)

from rampwin_desktop.core.model import Button, Message
from rampwin_desktop.ui.palette import DARK_TONES, LIGHT_TONES, is_dark
from rampwin_desktop.ui.theme import DARK, LIGHT
from tests.helpers.dialogs import answering, cancel
from tests.helpers.window import (
    action,
    background_seen,
    click,
    close_window,
    compose,
    new_window,
    open_window,
    retype,
    text_in,
    trigger,
    type_text,
)

if TYPE_CHECKING:
    import pytest
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import (
        QCheckBox,
        QWidget,
    )
    from pytestqt.qtbot import QtBot

    from rampwin_desktop.ui.main_window import MainWindow
    from tests.helpers.file_keyring import FileKeyring

DARK_MAX = 100  # the lightness (0-255) under which a colour counts as dark
LIGHT_MIN = 200

Role = QPalette.ColorRole


def lightness(widget: QWidget, role: Role) -> int:
    return widget.palette().color(role).lightness()


def form_fields(window: MainWindow) -> list[QWidget]:
    """The body's editor and the footer's field, as a user types into them."""
    return [window.composer.body.edit, window.composer.footer.edit]


def assert_window_dark(window: MainWindow) -> None:
    for field in form_fields(window):
        assert lightness(field, Role.Base) < DARK_MAX, field.objectName()
        assert lightness(field, Role.Text) > LIGHT_MIN, field.objectName()
    assert lightness(window, Role.Window) < DARK_MAX
    assert window.preview.theme is DARK


def assert_window_light(window: MainWindow) -> None:
    for field in form_fields(window):
        assert lightness(field, Role.Base) > LIGHT_MIN, field.objectName()
    assert lightness(window, Role.Window) > LIGHT_MIN
    assert window.preview.theme is LIGHT


def test_dark_turns_the_form_docks_and_dialogs_dark(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: assert_window_light(window))  # the offscreen system scheme is light
    trigger(window, "themeDarkAction")
    qtbot.waitUntil(lambda: assert_window_dark(window))
    trigger(window, "historyDockAction")
    history = window.findChild(QDockWidget, "historyDock")
    assert history is not None and history.isVisible()
    table = history.findChild(QTableView)
    assert table is not None
    qtbot.waitUntil(lambda: lightness(table, Role.Base) < DARK_MAX)
    seen: list[tuple[int, int]] = []

    def look_then_cancel(dialog: QWidget) -> None:
        field = dialog.findChild(QLineEdit)
        assert field is not None
        seen.append((lightness(dialog, Role.Window), lightness(field, Role.Base)))
        cancel(dialog)

    with answering(look_then_cancel):
        trigger(window, "settingsAction")
    assert seen and max(seen[0]) < DARK_MAX
    trigger(window, "themeLightAction")
    qtbot.waitUntil(lambda: assert_window_light(window))
    qtbot.waitUntil(lambda: lightness(table, Role.Base) > LIGHT_MIN)


def test_problem_lines_and_banners_take_the_themes_tones(window: MainWindow) -> None:
    footer = window.composer.footer
    type_text(footer.edit, "f" * 61)  # one over the limit: a red counter and problem line
    assert footer.problem.isVisible()
    assert text_in(footer.problem, LIGHT_TONES.error)
    assert footer.counter.font().weight() > footer.edit.font().weight()  # bold, once over
    trigger(window, "themeDarkAction")  # lines already shown change with the theme
    assert text_in(footer.problem, DARK_TONES.error)
    assert text_in(footer.counter, DARK_TONES.error)
    assert text_in(window.send_bar.problems_button, DARK_TONES.error)
    retype(footer.edit, "fine")
    assert text_in(footer.counter, DARK_TONES.muted)
    assert footer.counter.font().weight() == footer.edit.font().weight()
    trigger(window, "themeLightAction")
    assert text_in(footer.counter, LIGHT_TONES.muted)


def test_a_warning_under_a_field_takes_the_caution_tone_not_the_errors(
    window: MainWindow,
) -> None:
    """'shop_now' as a title said its warning in red while the bar said "Ready to send"."""
    title = window.composer.buttons.rows[0].title
    QTest.mouseClick(title.edit, Qt.MouseButton.LeftButton)
    retype(title.edit, "shop_now")
    QTest.keyClick(title.edit, Qt.Key.Key_Tab)  # left: its problems show
    assert title.problem.isVisible() and "formatting markers" in title.problem.text()
    assert text_in(title.problem, LIGHT_TONES.caution)
    assert window.send_bar.send_test_button.isEnabled()  # a warning stops no send
    retype(title.edit, "x" * 21)  # an error too: the line is red
    assert text_in(title.problem, LIGHT_TONES.error)
    retype(title.edit, "*" + "x" * 20)  # an error and a warning: red
    assert text_in(title.problem, LIGHT_TONES.error)


def test_the_account_banner_is_readable_in_dark(qtbot: QtBot, test_keyring: FileKeyring) -> None:
    window = open_window(qtbot, sandbox=True)
    banner = window.account_banner
    assert banner.isVisible() and background_seen(banner) == QColor(LIGHT_TONES.notice)
    trigger(window, "themeDarkAction")
    assert background_seen(banner) == QColor(DARK_TONES.notice)
    assert text_in(banner, DARK_TONES.notice_text)
    assert f"color: {DARK_TONES.link}" in banner.text()  # its link, readable on dark too
    trigger(window, "themeSystemAction")
    close_window(window)


def test_the_choice_survives_a_restart(qtbot: QtBot, window: MainWindow) -> None:
    trigger(window, "themeDarkAction")
    close_window(window)
    QApplication.setPalette(QPalette())  # as a new process starts: the platform's palette
    again = open_window(qtbot)
    assert action(again, "themeDarkAction").isChecked()
    qtbot.waitUntil(lambda: assert_window_dark(again))
    trigger(again, "themeSystemAction")
    qtbot.waitUntil(lambda: assert_window_light(again))
    close_window(again)
    third = open_window(qtbot)
    assert action(third, "themeSystemAction").isChecked()
    qtbot.waitUntil(lambda: assert_window_light(third))
    close_window(third)


def test_system_choice_follows_the_systems_scheme(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert action(window, "themeSystemAction").isChecked()
    hints = QGuiApplication.styleHints()
    # The offscreen platform has no scheme to switch: report one, as a desktop does.
    monkeypatch.setattr(QStyleHints, "colorScheme", lambda _self: Qt.ColorScheme.Dark)
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    qtbot.waitUntil(lambda: assert_window_dark(window))
    trigger(window, "themeLightAction")  # the user's choice wins over the system's
    qtbot.waitUntil(lambda: assert_window_light(window))
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    qtbot.wait(50)  # time for the palette to reach the widgets, were it to change
    assert_window_light(window)
    trigger(window, "themeSystemAction")
    qtbot.waitUntil(lambda: assert_window_dark(window))
    monkeypatch.setattr(QStyleHints, "colorScheme", lambda _self: Qt.ColorScheme.Light)
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    qtbot.waitUntil(lambda: assert_window_light(window))


def test_the_first_frame_shows_the_scheme_the_system_had_last_time(
    qtbot: QtBot, test_keyring: FileKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asking Qt for the system's scheme before the first paint would cost it 12-24 ms
    (ui/boot.py, measure 7): the window opens in the scheme the system had when last
    asked, then asks, follows the answer and remembers it for the next start."""
    monkeypatch.setattr(QStyleHints, "colorScheme", lambda _self: Qt.ColorScheme.Dark)
    first = new_window(qtbot)  # a first run: the platform's palette (light) is the guess
    assert first.preview.theme is LIGHT
    with qtbot.waitSignal(first.start.done, timeout=10_000):
        first.show()
    qtbot.waitUntil(lambda: assert_window_dark(first))  # the system said dark
    assert first.preview.theme is DARK
    close_window(first)
    QApplication.setPalette(QPalette())  # as a new process starts: the platform's palette
    again = new_window(qtbot)
    assert again.preview.theme is DARK  # dark from the first frame
    assert is_dark(QApplication.palette())
    monkeypatch.setattr(QStyleHints, "colorScheme", lambda _self: Qt.ColorScheme.Light)
    with qtbot.waitSignal(again.start.done, timeout=10_000):
        again.show()  # the system turned light while the app was closed
    qtbot.waitUntil(lambda: assert_window_light(again))
    close_window(again)
    QApplication.setPalette(QPalette())
    third = new_window(qtbot)
    assert third.preview.theme is LIGHT
    third.drafts.mark_saved()


def test_own_dark_palette_is_drawn_with_fusion(
    qtbot: QtBot, qapp: QApplication, window: MainWindow
) -> None:
    """A style that draws its own light controls (as Windows' native one does) gives way
    to Fusion for the dark palette, and comes back with light."""
    platform_style = qapp.style().name()
    qapp.setStyle("Windows")
    button = window.findChild(QToolButton)  # the body's Bold
    assert button is not None and button.isVisible()
    assert _middle(button).lightness() > LIGHT_MIN  # Windows draws its own light buttons
    try:
        trigger(window, "themeDarkAction")
        qtbot.waitUntil(lambda: assert_window_dark(window))
        face = qapp.palette().color(Role.Button).lightness()  # Fusion draws with the palette
        assert abs(_middle(button).lightness() - face) < 40 and face < LIGHT_MIN - 60
        trigger(window, "themeLightAction")
        assert qapp.style().name() == "windows"
        qtbot.waitUntil(lambda: assert_window_light(window))
    finally:
        qapp.setStyle(platform_style)


def test_in_dark_a_check_box_stands_out_from_the_window(qtbot: QtBot, window: MainWindow) -> None:
    """Fusion frames a check box in the window colour made darker: 1.2:1 on the dark
    window, a box nobody could see (a newcomer's find). Its frame is now 3:1 or more
    against the window (WCAG's minimum for a control), and a ticked box shows a light tick."""
    trigger(window, "themeDarkAction")
    qtbot.waitUntil(lambda: assert_window_dark(window))
    box = window.composer.destination.hide_from_chat
    assert not box.isChecked()
    square = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, _option(box), box)
    picture = box.grab().toImage()
    edge = picture.pixelColor(square.left(), square.center().y())
    around = picture.pixelColor(0, box.height() - 1)
    assert _contrast(edge, around) >= 3.0, (edge.name(), around.name())
    click(box)
    ticked = box.grab().toImage()
    inside = square.adjusted(3, 3, -3, -3)
    tick = max(
        ticked.pixelColor(x, y).lightness()
        for x in range(inside.left(), inside.right() + 1)
        for y in range(inside.top(), inside.bottom() + 1)
    )
    assert tick >= LIGHT_MIN - 20, tick  # Fusion's tick, in the text colour
    trigger(window, "themeLightAction")
    qtbot.waitUntil(lambda: assert_window_light(window))


def test_in_dark_a_disabled_button_can_still_be_read(qtbot: QtBot, window: MainWindow) -> None:
    """With three buttons, Add button says "At most 3 buttons", greyed out: in dark its
    text was 1.5:1 on its face, next to invisible (a newcomer's find)."""
    trigger(window, "themeDarkAction")
    qtbot.waitUntil(lambda: assert_window_dark(window))
    buttons = [Button(id=f"b{n}", title=f"B{n}") for n in range(3)]
    compose(window, Message(body="Hi", buttons=tuple(buttons)))
    add = window.composer.buttons.add_button
    assert not add.isEnabled() and add.text() == "At most 3 buttons"
    picture = add.grab().toImage()
    face = picture.pixelColor(6, add.height() // 2)
    text = max(
        (picture.pixelColor(x, y) for x in range(add.width()) for y in range(add.height())),
        key=lambda colour: colour.lightness(),
    )
    assert _contrast(text, face) >= 3.0, (text.name(), face.name())
    trigger(window, "themeLightAction")
    qtbot.waitUntil(lambda: assert_window_light(window))


def _middle(widget: QWidget) -> QColor:
    """The colour a little inside ``widget``'s top-left corner (its face, not its text)."""
    return widget.grab().toImage().pixelColor(4, 4)


def _contrast(one: QColor, other: QColor) -> float:
    """WCAG's contrast ratio of two colours (1 to 21)."""

    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        red, green, blue = (channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _option(box: QCheckBox) -> QStyleOptionButton:
    option = QStyleOptionButton()
    option.initFrom(box)
    return option


def test_in_dark_a_scroll_bars_handle_is_lighter_than_its_track(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The handle was darker than its track: a form scrolled to the top looked scrolled to
    the bottom (the second newcomer run)."""
    window.resize(900, 560)  # a form taller than its room: it scrolls
    trigger(window, "themeDarkAction")
    qtbot.waitUntil(lambda: assert_window_dark(window))
    bar = window.form_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(0)
    option = QStyleOptionSlider()
    bar.initStyleOption(option)
    style = bar.style()
    handle = style.subControlRect(
        QStyle.ComplexControl.CC_ScrollBar, option, QStyle.SubControl.SC_ScrollBarSlider, bar
    )
    picture = bar.grab().toImage()
    on_handle = picture.pixelColor(handle.center()).lightness()
    below = picture.pixelColor(handle.center().x(), handle.bottom() + 12).lightness()
    assert on_handle > below, (on_handle, below)
    trigger(window, "themeLightAction")


def test_in_dark_a_docks_float_and_close_buttons_can_be_seen(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Drawn dark whatever the palette: dark grey on dark grey (the second newcomer run)."""
    trigger(window, "themeDarkAction")
    trigger(window, "historyDockAction")
    dock = window.findChild(QDockWidget, "historyDock")
    assert dock is not None
    for name in ("qt_dockwidget_closebutton", "qt_dockwidget_floatbutton"):
        button = dock.findChild(QAbstractButton, name)
        assert button is not None and button.isVisible()
        picture = button.icon().pixmap(16).toImage()
        strokes = [
            picture.pixelColor(x, y)
            for x in range(picture.width())
            for y in range(picture.height())
            if picture.pixelColor(x, y).alpha() > 128
        ]
        assert strokes and max(c.lightness() for c in strokes) >= LIGHT_MIN - 60, name
    trigger(window, "themeLightAction")
