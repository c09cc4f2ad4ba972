"""Which theme the window shows (View › Theme): the user's choice, kept in the settings, or
the system's colour scheme, followed as it changes. It sets the application's palette, so the
form, the docks and every dialog follow (``palette.py``), and says which chat theme the
previews show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication

from rampwin_desktop.ui import boot, palette
from rampwin_desktop.ui.theme import (
    DARK,
    LIGHT,
    ChatTheme,
    ThemeChoice,
    resolve,
    system_prefers_dark,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from rampwin_desktop.storage.settings import SettingsFile

SCHEME_NAMES = {ThemeChoice.LIGHT: "Light", ThemeChoice.DARK: "Dark"}  # Qt::ColorScheme
SYSTEM_DARK = "system_dark"  # the system's scheme as last seen (ui/boot.py, measure 7)


class ThemeControl(QObject):
    changed = Signal(object)  # the ChatTheme to show

    def __init__(self, settings: SettingsFile, parent: QWidget) -> None:
        super().__init__(parent)
        self.settings = settings
        # Asking Qt for the system's scheme makes the Qt namespace (ui/boot.py, measure 7):
        # the first frame follows the scheme last seen (on a first run, the platform's
        # palette), and the window asks the system once it is painted (``follow_system``).
        stored = settings.section("window").get(SYSTEM_DARK)
        self._system_dark = (
            stored if isinstance(stored, bool) else palette.is_dark(QGuiApplication.palette())
        )
        self._apply(self.choice(), start=True)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self.follow_system)

    def choice(self) -> ThemeChoice:
        stored = self.settings.section("window").get("theme", ThemeChoice.SYSTEM.value)
        try:
            return ThemeChoice(stored)
        except ValueError:
            return ThemeChoice.SYSTEM

    def theme(self) -> ChatTheme:
        choice = self.choice()
        if choice is ThemeChoice.SYSTEM:
            return DARK if self._system_dark else LIGHT
        return resolve(choice)

    def choose(self, choice: ThemeChoice) -> None:
        self.settings.set_values("window", {"theme": choice.value})
        self._apply(choice)
        self.changed.emit(self.theme())

    def _apply(self, choice: ThemeChoice, *, start: bool = False) -> None:
        """Tell Qt the scheme (Qt ≥ 6.8: native dialogs and title bars follow where the
        platform can), then set the palette to match."""
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "setColorScheme") and not (start and choice is ThemeChoice.SYSTEM):
            if choice is ThemeChoice.SYSTEM:
                hints.unsetColorScheme()
            else:
                boot.set_qt_properties(hints, colorScheme=SCHEME_NAMES[choice])
        palette.show_window(dark=self.theme() is DARK)

    def stop(self) -> None:
        """Stop following the system's scheme (the window has closed)."""
        QGuiApplication.styleHints().colorSchemeChanged.disconnect(self.follow_system)

    @Slot()
    def follow_system(self) -> None:
        """The system's scheme now (it changed, or the window was first painted)."""
        dark = system_prefers_dark()
        if self.settings.section("window").get(SYSTEM_DARK) != dark:
            self.settings.set_values("window", {SYSTEM_DARK: dark})
        if dark != self._system_dark:
            self._system_dark = dark
            if self.choice() is ThemeChoice.SYSTEM:
                self._apply(ThemeChoice.SYSTEM)
                self.changed.emit(self.theme())
