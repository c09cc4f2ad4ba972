"""The line under the send bar where the window says what it just did ("Saved the preview
as …"), for a few seconds."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

HIDES_EMPTY = "hidesWhenEmpty"  # the status bar's property once it is set up


def say_for(milliseconds: int, window: QMainWindow, text: str) -> None:
    """``text`` for ``milliseconds`` on ``window``'s status bar, which is there only while
    it says something: made at the first message (not before the first paint), it stayed
    afterwards as an empty strip with a size grip under the send bar (a newcomer's find)."""
    bar = window.statusBar()
    if not bar.property(HIDES_EMPTY):
        bar.setProperty(HIDES_EMPTY, True)
        bar.setSizeGripEnabled(False)
        bar.messageChanged.connect(lambda said: bar.setVisible(bool(said)))
    bar.showMessage(text, milliseconds)
    bar.show()
