"""Under the header picker: "Make it fit" for a picture refused for its type, size, colour
depth or model, and the note that a picture's location and camera data are removed.

The conversion (``app/header_files.fit_file``) runs in a ``BackgroundTask``: a busy bar
shows meanwhile and the window stays responsive; once done, ``fitted(path)`` gives the
converted file in the data folder, which the picker then uses as the header.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from rampwin_desktop.app import header_files
from rampwin_desktop.core import image_meta
from rampwin_desktop.storage import paths
from rampwin_desktop.storage.settings import SettingsFile
from rampwin_desktop.ui import background, palette, picture_proxy
from rampwin_desktop.ui.fields import SMALL_POINTS, push_button, set_font

if TYPE_CHECKING:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QImage

log = logging.getLogger(__name__)

_notes: dict[tuple[str, int, int], image_meta.Metadata] = {}


class _Choice(QObject):
    """Lives as long as the application: the "keep metadata" switch's notifier, and the
    owner of conversions under way, which the application waits for before it quits (a
    window closed meanwhile does not take a running thread down with it)."""

    changed = Signal()  # "keep metadata" was switched (Settings): notes are said again

    def __init__(self, application: QCoreApplication | None) -> None:
        super().__init__(application)
        if application is not None:
            application.aboutToQuit.connect(self._wait_for_conversions)

    @Slot()
    def _wait_for_conversions(self) -> None:
        for task in self.findChildren(background.BackgroundTask):
            task.wait(30_000)


def metadata_choice() -> _Choice:
    """The application's one notifier of the "keep metadata" switch (made at first use)."""
    application = QCoreApplication.instance()
    found = application.findChild(_Choice, _CHOICE) if application is not None else None
    if found is None:
        found = _Choice(application)
        found.setObjectName(_CHOICE)
    return found


_CHOICE = "keepMetadataChoice"


def metadata_found(path: Path) -> image_meta.Metadata:
    """What ``path`` carries that an upload removes, read from its headers once per version
    of the file (a few kilobytes, never the whole picture)."""
    try:
        info = path.stat()
    except OSError:
        return image_meta.Metadata()
    key = (str(path), info.st_size, info.st_mtime_ns)
    if key not in _notes:
        if len(_notes) >= 64:  # pictures chosen in one session: a bound, not a cache policy
            _notes.clear()
        _notes[key] = image_meta.inspect(path)
    return _notes[key]


class FitOffer(QWidget):
    """The "Make it fit" button with its busy bar, and the metadata note."""

    fitted = Signal(object)  # Path: the converted picture, kept in the data folder
    failed = Signal(str)  # why it could not be converted
    noted = Signal(str)  # what an upload removes, for the preview's header line ("" nothing)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = push_button(self.tr("Make it fit"), self)
        self.button.setObjectName("fitHeaderImageButton")
        self.button.setToolTip(
            self.tr(
                "Convert a copy to a JPEG (or PNG) WhatsApp accepts: at most 5 MB and "
                "4096 pixels, 8-bit RGB, turned upright. Your file is not changed."
            )
        )
        self._busy: QtWidgets.QProgressBar | None = None  # made at the first conversion
        self.note = QLabel(self)
        self.note.setObjectName("headerMetadataNote")
        self.note.setWordWrap(True)
        palette.shade(self.note, "muted")
        set_font(self.note, points=SMALL_POINTS)
        self.note.hide()

        self._row = row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.button)
        row.addStretch()  # the button as wide as its text, not the form
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.note)
        self.button.hide()
        self.button.clicked.connect(self._start)
        self._path: Path | None = None
        self._why = ""  # why the file offered is refused
        self._task: background.BackgroundTask | None = None
        self._described: Path | None = None  # the picture the note is about
        metadata_choice().changed.connect(self._say_again)

    @property
    def running(self) -> bool:
        return self._task is not None

    @property
    def busy(self) -> QtWidgets.QProgressBar:
        """The busy bar shown while a conversion runs (Pillow does not report progress)."""
        if self._busy is None:
            # Named through its module, made at first use: no type the first frame needs.
            self._busy = QtWidgets.QProgressBar(self)
            self._busy.setObjectName("fitHeaderImageProgress")
            self._busy.setRange(0, 0)
            self._busy.setTextVisible(False)
            self._busy.setMaximumHeight(8)
            self._busy.hide()
            self._row.insertWidget(1, self._busy, 1)
        return self._busy

    def offer(self, path: Path | None, why: str = "") -> None:
        """Offer to convert ``path``, refused because ``why``; None: nothing to offer."""
        if self._task is not None:
            return  # a conversion is under way: its result decides what is shown
        self._path, self._why = path, why
        self.button.setVisible(path is not None)
        self.button.setEnabled(True)

    def show_metadata(self, path: Path | None) -> None:
        """Say what an upload of the picture ``path`` removes (nothing when None, when the
        user keeps metadata, or when it carries none)."""
        self._described = path
        found = metadata_found(path) if path is not None else None
        text = short = ""
        if found is not None and found.any and not _keeps_metadata():
            private = image_meta.tells_where_or_what(found.found)
            text = (
                self.tr("Sent with location and camera data removed (%1).")
                if private
                else self.tr("Sent without the data stored in the file (%1).")
            ).replace("%1", image_meta.describe(found.found))
            short = self.tr("location and camera data removed") if private else ""
            if found.orientation != 1:
                text += " " + self.tr("It is turned upright as its EXIF orientation says.")
        self.note.setText(text)
        self.note.setVisible(bool(text))
        self.noted.emit(short)

    @Slot()
    def _say_again(self) -> None:
        if self._task is None and not self.note.text().startswith(self.tr("Made to fit")):
            self.show_metadata(self._described)

    def wait(self, milliseconds: int) -> bool:
        return self._task.wait(milliseconds) if self._task is not None else True

    @Slot()
    def _start(self) -> None:
        path = self._path
        if path is None or self._task is not None:
            return
        self.button.setEnabled(False)
        self.busy.show()
        # Owned by the application (see _Choice): a window closed meanwhile does not take a
        # running thread down with it; the result then reaches no one.
        owner = metadata_choice() if QCoreApplication.instance() is not None else self
        self._task = background.BackgroundTask(lambda: _fit_and_decode(path), owner)
        self._task.succeeded.connect(self._on_fitted)
        self._task.failed.connect(self._on_failed)
        self._task.start()

    @Slot(object)
    def _on_fitted(self, result: object) -> None:
        self._finish()
        kept, report, decoded = result if isinstance(result, tuple) else (None, None, None)
        source = self._path.name if self._path is not None else ""
        why = self._why
        if isinstance(kept, Path) and decoded is not None:
            picture_proxy.keep(kept, decoded)  # the picker and preview show it undecoded
        self.offer(None)
        self.fitted.emit(kept)  # the picker now shows the converted picture
        if isinstance(report, header_files.FitReport):
            said = self.tr("Made to fit: %1").replace("%1", report.sentence(source))
            if why:  # what the conversion was for, which the picture no longer shows
                said += " " + self.tr("As it was, it could not be sent: %1").replace("%1", why)
            self.note.setText(said)
            self.note.show()

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        self._finish()
        self.offer(None)
        if not isinstance(error, header_files.FitError | OSError):
            log.error("converting a header picture failed", exc_info=error)  # type: ignore[arg-type]
        self.failed.emit(str(error))

    def _finish(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.deleteLater()
        if self._busy is not None:
            self._busy.hide()


def _fit_and_decode(
    path: Path,
) -> tuple[Path | None, header_files.FitReport, tuple[QImage, QSize] | None]:
    """In the worker: the converted picture, the report, and the picture decoded for show."""
    kept, report = header_files.fit_file(path)
    return kept, report, picture_proxy.decode(kept) if kept is not None else None


def _keeps_metadata() -> bool:
    return SettingsFile(paths.settings_file()).keep_metadata()
