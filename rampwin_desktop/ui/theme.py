"""Chat colours for the preview, light and dark. Sources: docs/preview.md."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from PySide6 import QtCore
from PySide6.QtGui import QGuiApplication

from rampwin_desktop.core.markup import HtmlColours


class ThemeChoice(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


class ChatTheme(NamedTuple):  # not a dataclass: see core/model.py
    name: str
    wallpaper: str
    doodle: str  # the faint pattern on the wallpaper
    bubble: str
    text: str
    secondary: str  # footer, time stamp
    button_text: str  # reply buttons: WhatsApp blue
    link: str
    divider: str
    shadow: str
    code_background: str
    quote_bar: str
    date_chip: str
    date_chip_text: str
    header_bar: str
    header_bar_text: str

    def html_colours(self) -> HtmlColours:
        return HtmlColours(
            link=self.link,
            quote_bar=self.quote_bar,
            quote_text=self.secondary,
            code_background=self.code_background,
        )


LIGHT = ChatTheme(
    name="light",
    wallpaper="#EFEAE2",
    doodle="#E4DDD2",
    bubble="#FFFFFF",
    text="#111B21",
    secondary="#667781",
    button_text="#00A5F4",
    link="#027EB5",
    divider="#E9EDEF",
    shadow="#0B141A",
    code_background="#F0F2F5",
    quote_bar="#06CF9C",
    date_chip="#FFFFFF",
    date_chip_text="#54656F",
    header_bar="#008069",
    header_bar_text="#FFFFFF",
)

DARK = ChatTheme(
    name="dark",
    wallpaper="#0B141A",
    doodle="#141D23",
    bubble="#202C33",
    text="#E9EDEF",
    secondary="#8696A0",
    button_text="#53BDEB",
    link="#53BDEB",
    divider="#2A3942",
    shadow="#000000",
    code_background="#111B21",
    quote_bar="#06CF9C",
    date_chip="#182229",
    date_chip_text="#8696A0",
    header_bar="#202C33",
    header_bar_text="#E9EDEF",
)


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return bool(hints.colorScheme() == QtCore.Qt.ColorScheme.Dark)


def resolve(choice: ThemeChoice) -> ChatTheme:
    if choice is ThemeChoice.LIGHT:
        return LIGHT
    if choice is ThemeChoice.DARK:
        return DARK
    return DARK if system_prefers_dark() else LIGHT
