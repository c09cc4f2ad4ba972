"""Which theme the window shows (View › Theme): the user's choice, kept in the settings, or
the system's colour scheme, followed as it changes. It sets the application's palette, so the
form, the docks and every dialog follow (``palette.py``), and says which chat theme the
previews show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication

from rampwin_desktop.ui import palette
from rampwin_desktop.ui.theme import DARK, ChatTheme, ThemeChoice, resolve

if TYPE_CHECKING:
    from rampwin_desktop.storage.settings import SettingsFile

SCHEMES = {ThemeChoice.LIGHT: Qt.ColorScheme.Light, ThemeChoice.DARK: Qt.ColorScheme.Dark}


class ThemeControl(QObject):
    changed = Signal(object)  # the ChatTheme to show

    def __init__(self, settings: SettingsFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._apply(self.choice(), start=True)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_scheme)

    def choice(self) -> ThemeChoice:
        stored = self.settings.section("window").get("theme", ThemeChoice.SYSTEM.value)
        try:
            return ThemeChoice(stored)
        except ValueError:
            return ThemeChoice.SYSTEM

    def theme(self) -> ChatTheme:
        return resolve(self.choice())

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
                hints.setColorScheme(SCHEMES[choice])
        palette.show_window(dark=resolve(choice) is DARK)

    def stop(self) -> None:
        """Stop following the system's scheme (the window has closed)."""
        QGuiApplication.styleHints().colorSchemeChanged.disconnect(self._on_system_scheme)

    @Slot()
    def _on_system_scheme(self) -> None:
        if self.choice() is ThemeChoice.SYSTEM:
            self._apply(ThemeChoice.SYSTEM)
            self.changed.emit(self.theme())
