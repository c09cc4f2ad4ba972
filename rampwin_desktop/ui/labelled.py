"""Labelled buttons and actions, made the way that keeps ``QIcon`` off the start-up path.

``QPushButton(text, parent)`` and ``QAction(text, parent)`` also match PySide6's
``(QIcon, text, parent)`` overloads, so resolving the call creates Python's ``QIcon`` type
and its enums (1.3 ms, paid by the first labelled button before the window is painted).
Made with the parent only and then labelled, neither call has an icon overload to try.
``tests/test_lean_paths.py`` checks that ``QIcon`` is not made before the first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def push_button(text: str, parent: QWidget) -> QPushButton:
    button = QPushButton(parent)
    button.setText(text)
    return button


def action(text: str, parent: QWidget) -> QAction:
    made = QAction(parent)
    made.setText(text)
    return made
