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


def open_folder(parent: QWidget, folder: Path) -> None:
    """Show ``folder`` in the system's file manager; where there is none, say where it is."""
    from PySide6 import QtCore, QtGui  # boot.py, measure 6

    if not QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(folder))):
        text = parent.tr("No file manager could show the folder. It is at:\n%1")
        QMessageBox.information(parent, APP_NAME, text.replace("%1", str(folder)))


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
        + parent.tr("Qt's licences:")  # the address shown: it can be copied without a browser
        + ' <a href="https://doc.qt.io/qtforpython-6/licenses.html">'
        "https://doc.qt.io/qtforpython-6/licenses.html</a>",
    )


class Place(Enum):
    """What a file dialog chooses: each remembers its own folder (pictures are seldom kept
    beside drafts), this session and in the settings for the next."""

    DRAFTS = "drafts"
    PICTURES = "pictures"
    LISTS = "lists"  # recipients' CSVs, and their results
    PREVIEWS = "previews"  # exported pictures of the preview


class _LastChosen:
    """Where the last file of each place was chosen in a file dialog, this session, and
    the last file of any place."""

    folders: dict[Place, Path] = {}  # noqa: RUF012  (the one shared record, on purpose)
    latest: Path | None = None


LAST_FOLDERS = "last_folders"  # settings.json's "window" section: by place, for next time


def start_in(place: Place, name: str = "") -> str:
    """Where a file dialog for ``place`` with no better start opens: the folder of the last
    file of that place chosen (this session's, else the last session's), or the nearest
    folder above it that still exists; else where the last file of any place was chosen
    this session (a preview exported beside the picture just chosen); else the home
    folder. With ``name``, that file name there."""
    mine = _LastChosen.folders.get(place) or _kept_folder(place)
    folder = _existing(mine) or _existing(_LastChosen.latest) or Path.home()
    return str(folder / name) if name else str(folder)


def _kept_folder(place: Place) -> Path | None:
    kept = open_settings().section("window").get(LAST_FOLDERS)
    folder = kept.get(place.value) if isinstance(kept, dict) else None
    return Path(folder) if isinstance(folder, str) and folder else None


def _existing(folder: Path | None) -> Path | None:
    """``folder``, or the nearest folder above it that exists (not the root)."""
    while folder is not None and not folder.is_dir():
        folder = folder.parent if folder.parent != folder else None
    return folder if folder is not None and folder.parent != folder else None


def file_to_open(
    parent: QWidget, caption: str, start: str, filters: str, place: Place | None = None
) -> str:
    """The file the user chose, or "" when they cancelled; its folder is remembered for
    ``place`` (None: not remembered, e.g. the app's own data folder)."""
    name, _ = QFileDialog.getOpenFileName(parent, caption, start, filters)
    return _remembered(name, place)


def file_to_save(
    parent: QWidget,
    caption: str,
    start: str,
    filters: str,
    place: Place | None = None,
    *,
    suffix: str,
) -> str:
    """Where the user chose to save, or "" when they cancelled (remembered as above). A
    name typed without an extension gets ``suffix`` ("csv"), and the dialog asks about
    replacing a file under that name, not the name as typed."""
    dialog = QFileDialog(parent, caption, start, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix(suffix)
    chosen = dialog.selectedFiles() if dialog.exec() else []
    return _remembered(chosen[0] if chosen else "", place)


def _remembered(name: str, place: Place | None) -> str:
    if name and place is not None:
        _LastChosen.folders[place] = _LastChosen.latest = folder = Path(name).parent
        try:
            open_settings().set_values("window", {LAST_FOLDERS: _kept_with(place, folder)})
        except OSError as error:  # only the next session's starting place is lost
            log.warning("could not keep the last folder in the settings: %s", error)
    return name


def _kept_with(place: Place, folder: Path) -> dict[str, str]:
    kept = open_settings().section("window").get(LAST_FOLDERS)
    folders = dict(kept) if isinstance(kept, dict) else {}
    return {**folders, place.value: str(folder)}
