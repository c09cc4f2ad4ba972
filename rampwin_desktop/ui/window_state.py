"""The window's size, place and splitter, kept in the settings file's "window" section
between runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QSplitter

    from rampwin_desktop.storage.settings import SettingsFile

DEFAULT_SIZE = (1100, 800)


def restore(window: QMainWindow, splitter: QSplitter, settings: SettingsFile) -> None:
    """As it was when it last closed; the default size the first time (or when what was
    kept is unusable)."""
    state = settings.section("window")
    geometry = _bytes(state.get("geometry"))
    if geometry.isEmpty() or not window.restoreGeometry(geometry):
        window.resize(*DEFAULT_SIZE)
    kept = _bytes(state.get("splitter"))
    if not kept.isEmpty():
        splitter.restoreState(kept)


def save(window: QMainWindow, splitter: QSplitter, settings: SettingsFile) -> None:
    settings.set_values(
        "window",
        {
            "geometry": _text(window.saveGeometry()),
            "splitter": _text(splitter.saveState()),
        },
    )


def _bytes(value: object) -> QByteArray:
    return QByteArray.fromBase64(str(value or "").encode("ascii"))


def _text(value: QByteArray) -> str:
    return bytes(value.toBase64().data()).decode("ascii")
