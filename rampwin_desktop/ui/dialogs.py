"""The questions, warnings and file choosers the window puts to the user: Qt's standard
dialogs, each behind one function, so that callers speak in answers, not in Qt's flags."""

from __future__ import annotations

import logging
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from rampwin_desktop import APP_NAME, __version__
from rampwin_desktop.storage.settings import open_settings

if TYPE_CHECKING:
    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

Button = QMessageBox.StandardButton


class Answer(Enum):
    SAVE = Button.Save
    DISCARD = Button.Discard
    CANCEL = Button.Cancel
    YES = Button.Yes
    NO = Button.No


def ask(
    parent: QWidget, title: str, text: str, answers: tuple[Answer, ...], default: Answer
) -> Answer:
    """A question with ``answers`` as its buttons; closing it answers the last one."""
    buttons = Button.NoButton
    for answer in answers:
        buttons |= answer.value
    chosen = QMessageBox.question(parent, title, text, buttons, default.value)
    return next((answer for answer in answers if answer.value == chosen), answers[-1])


def warn(parent: QWidget, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def confirm(parent: QWidget, title: str, text: str, detail: str, picture: QPixmap | None) -> bool:
    """A yes-or-no warning (No is the default) showing ``picture`` in place of its icon;
    ``text`` is plain text, never markup (it may hold a file name)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, Button.Yes | Button.No, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(detail)
    box.setDefaultButton(Button.No)
    if picture is not None:
        box.setIconPixmap(picture)
    box.exec()
    return box.clickedButton() is box.button(Button.Yes)


def fail(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.critical(parent, title, text)


def about_app(parent: QWidget) -> None:
    """Help › About: what the app is, its version, and the libraries it is built with."""
    QMessageBox.about(
        parent,
        parent.tr("About %1").replace("%1", APP_NAME),
        f"<b>{APP_NAME}</b> {__version__}<br><br>"
        + parent.tr(
            "Compose, preview and send WhatsApp interactive button messages "
            "through the Rampwin API."
        )
        + "<br><br>"
        + parent.tr(
            "Built with Qt for Python (PySide6, LGPLv3), requests and requests-toolbelt "
            "(Apache 2.0), keyring (MIT), phonenumbers (Apache 2.0), platformdirs (MIT) "
            "and Pillow (MIT-CMU). "
        )
        + '<a href="https://doc.qt.io/qtforpython-6/licenses.html">Qt licences</a>',
    )


class _LastChosen:
    """Where the last file chosen in a file dialog was, this session."""

    folder: Path | None = None


LAST_FOLDER = "last_folder"  # settings.json's "window" section: for the next session


def start_in(name: str = "") -> str:
    """Where a file dialog with no better place opens: the folder of the last file chosen in
    one (this session's, else the last session's if it is still there; the list's folder for
    its results, a draft's for its preview), else the home folder; with ``name``, that file
    name there."""
    folder = _LastChosen.folder or _kept_folder() or Path.home()
    return str(folder / name) if name else str(folder)


def _kept_folder() -> Path | None:
    kept = open_settings().section("window").get(LAST_FOLDER)
    if isinstance(kept, str) and kept and Path(kept).is_dir():
        return Path(kept)
    return None


def file_to_open(parent: QWidget, caption: str, start: str, filters: str) -> str:
    """The file the user chose, or "" when they cancelled."""
    name, _ = QFileDialog.getOpenFileName(parent, caption, start, filters)
    return _remembered(name)


def file_to_save(parent: QWidget, caption: str, start: str, filters: str) -> str:
    """Where the user chose to save, or "" when they cancelled."""
    name, _ = QFileDialog.getSaveFileName(parent, caption, start, filters)
    return _remembered(name)


def _remembered(name: str) -> str:
    if name:
        _LastChosen.folder = folder = Path(name).parent
        try:
            open_settings().set_values("window", {LAST_FOLDER: str(folder)})
        except OSError as error:  # only the next session's starting place is lost
            log.warning("could not keep the last folder in the settings: %s", error)
    return name
