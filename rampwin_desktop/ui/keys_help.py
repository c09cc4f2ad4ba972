"""Help › Keys and formatting: every key the window answers to, read from its own actions
and buttons (so the list cannot go stale), then WhatsApp's formatting, as the preview
draws it (``core/markup.py``)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QMessageBox

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

NATIVE = QKeySequence.SequenceFormat.NativeText


def keys(window: QWidget) -> list[tuple[str, str]]:
    """(what, keys) for each command of ``window`` that has keys, in the order the window
    made them (its actions, then its buttons': Send, Send test), each key once. A command
    shows its usual key: Qt lists its other bindings too (Undo: "Ctrl+Z, Alt+Backspace,
    Undo", a key few keyboards have), and they work."""
    named: list[tuple[str, QKeySequence]] = []
    for action in window.findChildren(QAction):
        name = action.text().replace("&", "")
        if len(name) <= 3:  # a style button's face ("B", "</>"): its tooltip names it
            name = action.toolTip().split(" (")[0]
        named.append((name, action.shortcut()))
    for button in window.findChildren(QAbstractButton):
        named.append((button.text().replace("&", ""), button.shortcut()))
    found: dict[str, str] = {}  # keys → what they do
    for name, shortcut in named:
        said = shortcut.toString(NATIVE)
        if said and said not in found:
            found[said] = name
    return [(name, said) for said, name in found.items()]


def show(window: QWidget) -> None:
    tr = window.tr
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td>&nbsp;&nbsp;<b>{html.escape(said)}</b></td></tr>"
        for name, said in keys(window)
    )
    formatting = [
        ("*bold*", tr("bold")),
        ("_italic_", tr("italic")),
        ("~strike~", tr("struck through")),
        ("```monospace```", tr("monospace, over several lines too")),
        ("`code`", tr("inline code")),
        ("- " + tr("item"), tr("a bulleted list")),
        ("1. " + tr("item"), tr("a numbered list")),
        ("> " + tr("quote"), tr("a quote")),
        ("{{name}}", tr("a column of the list, in Send to a list")),
    ]
    styles = "".join(
        f"<tr><td><code>{html.escape(typed)}</code></td><td>&nbsp;&nbsp;{html.escape(means)}</td></tr>"
        for typed, means in formatting
    )
    note = tr("Markers must hug the words: “*sale*”, not “* sale *”.")
    box = QMessageBox(window)
    box.setObjectName("keysHelp")
    box.setWindowTitle(tr("Keys and formatting"))
    box.setText(
        f"<p><b>{html.escape(tr('Keys'))}</b></p><table>{rows}</table>"
        f"<p><b>{html.escape(tr('Formatting in the body'))}</b></p><table>{styles}</table>"
        f"<p>{html.escape(note)}</p>"
    )
    box.exec()
