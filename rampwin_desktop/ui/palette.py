"""The window's colours, light and dark: the application palette that the form, the docks and
every dialog take, and the few tones that some widgets take on top of it (problem lines,
banners, muted notes), through their own palette. No style sheets: Qt's style sheet style
takes over every widget that has one, and its children, for each polish and paint (≈ 10 ms
of a start, bench/README.md). The chat preview's colours are in ``theme.py``; which one
is shown is decided in ``theme_control.py``.

Light is the platform's own look, untouched. Dark is the platform's too when it gives one
(a dark system scheme, or one Qt ≥ 6.8 could request); otherwise it is ``window_palette``,
drawn with the Fusion style, whose drawing follows the palette on every platform.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

import shiboken6
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from rampwin_desktop.ui import dark_style

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

OWN_STYLE = "fusion"  # draws a palette set by the app faithfully


class Tones(NamedTuple):  # not a dataclass: see core/model.py
    """Colours for text and backgrounds on top of the palette, named by ``shade`` (``"error"``)."""

    error: str  # problem lines, a counter over its limit, the problem count
    muted: str  # counters, the recipient's country, hints
    caution: str  # a warning's text on the window's background
    notice: str  # background of the sandbox banner and of "may have been sent"
    notice_text: str
    info: str  # background of a note that needs no action (a key from the environment)
    info_text: str
    link: str  # a link in a label (rich text keeps the colour it was given)
    success: str  # background of "sent"
    success_text: str
    failure: str  # background of "not sent"
    failure_text: str
    outline: str  # the dashed outline of an empty header thumbnail


LIGHT_TONES = Tones(
    error="#D93025",
    muted="gray",
    caution="#8A6D00",
    notice="#FFF4CE",
    notice_text="#6B4E00",
    info="#E8F0FE",
    info_text="#174EA6",
    link="#0B57D0",
    success="#D9FDD3",
    success_text="#0B4D2C",
    failure="#FDE7E9",
    failure_text="#8A1C24",
    outline="#9AA0A6",
)

DARK_TONES = Tones(  # each text at least 4.5:1 on its background (WCAG AA)
    error="#FF8A80",
    muted="#A0A4A8",
    caution="#FDD663",
    notice="#3F3413",
    notice_text="#FCE8B2",
    info="#1B2A41",
    info_text="#C2D7FA",
    link="#8AB4F8",
    success="#173D27",
    success_text="#BFF0CF",
    failure="#4A1D21",
    failure_text="#FAD2D5",
    outline="#80868B",
)

Look = Callable[["QWidget", Tones], None]  # gives a widget its look in these tones
_looks: weakref.WeakKeyDictionary[QWidget, Look] = weakref.WeakKeyDictionary()
TEXT_ROLES = (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText)


def window_palette(*, dark: bool) -> QPalette:
    """Fusion's palette (the colours Qt ≥ 6.5 gives it for a dark scheme, with readable
    links); the light one is the style's standard palette."""
    if not dark:
        return QApplication.style().standardPalette()
    background, text = QColor(50, 50, 50), QColor(240, 240, 240)
    palette = QPalette(background)  # Qt derives light, mid, dark and shadow from it
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    disabled_text = QColor(155, 155, 155)
    placeholder = QColor(text)
    placeholder.setAlpha(128)
    for each, colour in (
        (role.WindowText, text),
        (role.Text, text),
        (role.ButtonText, text),
        (role.BrightText, QColor("#FF8A80")),
        # Fields lighter than the window: Fusion draws their frames, and the boxes of check
        # and radio buttons, in the window colour darkened, which a darker field hid.
        (role.Base, background.lighter(125)),
        # Buttons, and a scroll bar's handle, lighter than the fields: Fusion draws the
        # handle from this and its track from the fields' colour (the handle was darker
        # than its track, and a form scrolled to the top looked scrolled to the bottom).
        (role.Button, background.lighter(185)),
        (role.AlternateBase, background.lighter(140)),
        (role.ToolTipBase, QColor(30, 30, 30)),
        (role.ToolTipText, text),
        (role.Highlight, QColor(48, 140, 198)),
        (role.HighlightedText, text),
        (role.Link, QColor("#53BDEB")),
        (role.LinkVisited, QColor("#B39DDB")),
        (role.PlaceholderText, placeholder),
    ):
        palette.setColor(each, colour)
    for each in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, each, disabled_text)
    palette.setColor(group.Disabled, role.Base, background)
    # A disabled button flatter than an enabled one, its text still readable (3:1): on the
    # enabled face "At most 3 buttons" and a greyed ↑ were 1.5:1, next to invisible.
    palette.setColor(group.Disabled, role.Button, background.lighter(115))
    palette.setColor(group.Disabled, role.Highlight, QColor(145, 145, 145))
    return palette


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def tones() -> Tones:
    """The tones that go with the application's palette now."""
    return DARK_TONES if is_dark(QGuiApplication.palette()) else LIGHT_TONES


def follow_tones(widget: QWidget, look: Look) -> None:
    """Call ``look(widget, tones())`` now, and again each time the theme changes, for as
    long as ``widget`` lives (in its place, a later call's). ``look`` must not hold the
    widget itself: it is kept with it."""
    _looks[widget] = look
    look(widget, tones())


def shade(widget: QWidget, tone: str | None) -> None:
    """Draw ``widget``'s text (and its children's) in one of the tones, by name
    (``"muted"``, ``"error"``), in the light and the dark theme alike; None: in the
    palette's own colour again."""
    if tone is None:
        _looks.pop(widget, None)
        widget.setPalette(QPalette())  # no role of its own: the window's palette again
    else:
        follow_tones(widget, lambda shaded, tones: set_text_colour(shaded, getattr(tones, tone)))


def set_text_colour(widget: QWidget, colour: str) -> None:
    """Draw ``widget``'s text (and its children's) in ``colour``; every other colour
    still follows the window's palette."""
    palette = QPalette()  # no role set: each one comes from the parent's
    for role in TEXT_ROLES:
        palette.setColor(role, QColor(colour))
    widget.setPalette(palette)


def retint() -> None:
    """Give each widget of ``follow_tones`` its look in the tones of the palette now."""
    now = tones()
    for widget, look in list(_looks.items()):
        if shiboken6.isValid(widget):
            look(widget, now)


class _WindowLook:
    """The application's palette and style: the platform's, or the app's own while it does
    not match the theme (one per process, as the application palette is)."""

    def __init__(self) -> None:
        self.platform_style: str | None = None  # set while the app draws its own palette

    def show(self, *, dark: bool) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        if self.platform_style is not None and is_dark(app.palette()) == dark:
            return
        if self.platform_style is not None:  # back to the platform's look first
            if app.style().name() != self.platform_style:  # the dark one's has no name
                app.setStyle(self.platform_style)
            app.setPalette(QPalette())  # a palette with no role set: the platform's
            self.platform_style = None
        if is_dark(app.palette()) != dark:
            self.platform_style = app.style().name()
            if dark:  # Fusion, with check boxes that can be seen (ui/dark_style.py)
                app.setStyle(dark_style.FramedCheckBoxes(OWN_STYLE))
            elif self.platform_style != OWN_STYLE:
                app.setStyle(OWN_STYLE)
            app.setPalette(window_palette(dark=dark))
        retint()


_LOOK = _WindowLook()


def show_window(*, dark: bool) -> None:
    """Make the application light or dark: the platform's palette and style when they
    match, else the app's own palette, drawn with Fusion. Widgets given tones
    (``follow_tones``) follow."""
    _LOOK.show(dark=dark)
