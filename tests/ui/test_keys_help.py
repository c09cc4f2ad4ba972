"""Help › Keys and formatting: the window's keys, read from its commands, and the body's
formatting."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from tests.helpers.dialogs import answering, press
from tests.helpers.window import trigger

SHOT = Path("/tmp/keys-help.png")  # looked at when the dialog changes

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from rampwin_desktop.ui.main_window import MainWindow


def test_keys_and_formatting_lists_what_the_window_answers_to(window: MainWindow) -> None:
    """A newcomer found no list of the keys or of the formatting in the Help menu."""
    said: list[str] = []

    def read_then_close(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        assert dialog.windowTitle() == "Keys and formatting"
        said.append(dialog.text())
        dialog.grab().save(str(SHOT))
        press(QMessageBox.StandardButton.Ok)(dialog)

    with answering(read_then_close):
        trigger(window, "keysHelpAction")
    (text,) = said
    for name, keys in (
        ("Send", "Ctrl+Return"),  # a button's key
        ("Send test to me", "Ctrl+T"),
        ("Bold", "Ctrl+B"),  # a style button's, named by its tooltip, not "B"
        ("Monospace", "Ctrl+Shift+M"),
        ("Copy as cURL", "Ctrl+Shift+C"),  # menu commands
        ("Save as…", "Ctrl+Shift+S"),
        ("Undo", "Ctrl+Z"),
        ("Keys and formatting", "F1"),
    ):
        assert f"<td>{name}</td><td>&nbsp;&nbsp;<b>{keys}" in text, (name, keys)
    assert "<td>B</td>" not in text
    assert "Alt+Backspace" not in text  # Undo's usual key only, not every binding Qt has
    assert "<code>*bold*</code>" in text and "<code>{{name}}</code>" in text
