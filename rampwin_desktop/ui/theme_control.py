"""Which chat theme the previews show: the user's choice (View › Preview theme), kept in the
settings, or the system's colour scheme, followed as it changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication

from rampwin_desktop.ui.theme import ChatTheme, ThemeChoice, resolve

if TYPE_CHECKING:
    from rampwin_desktop.storage.settings import SettingsFile


class ThemeControl(QObject):
    changed = Signal(object)  # the ChatTheme to show

    def __init__(self, settings: SettingsFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
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
        self.changed.emit(self.theme())

    @Slot()
    def _on_system_scheme(self) -> None:
        if self.choice() is ThemeChoice.SYSTEM:
            self.changed.emit(self.theme())
