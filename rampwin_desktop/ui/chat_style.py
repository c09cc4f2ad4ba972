"""Sizes shared by the parts of the chat preview, and the font they draw text with."""

from __future__ import annotations

from PySide6.QtGui import QFont

PHONE_WIDTH = 400
BUBBLE_SHARE = 0.65
BUBBLE_WIDTH = round(PHONE_WIDTH * BUBBLE_SHARE)
TAIL = 8
PREVIEW_MIN_WIDTH = BUBBLE_WIDTH + TAIL + 30  # the bubble and the canvas's margins
RADIUS = 8.0
PADDING = 7


def chat_font(points: float, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
    font.setBold(bold)
    return font
