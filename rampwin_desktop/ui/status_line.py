"""The line under the send bar where the window says what it just did ("Saved the preview
as …"), for a few seconds.

Qt's status bar is made once the window has been painted (it is not needed for the first
frame, and making it costs a few milliseconds) and stays: one shown only while it had
something to say made the form jump each time a message came and went; one made at the
first message, and kept, moved the form once and left a size grip (newcomers' finds)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow


def add_status_line(window: QMainWindow) -> None:
    """``window``'s status line, from now on (after its first paint: ``ui/boot.py``)."""
    window.statusBar().setSizeGripEnabled(False)  # the window's own edges resize it


def say_for(milliseconds: int, window: QMainWindow, text: str) -> None:
    """``text`` on ``window``'s status line for ``milliseconds``."""
    window.statusBar().showMessage(text, milliseconds)
