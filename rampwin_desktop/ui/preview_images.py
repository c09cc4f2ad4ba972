"""File › Export preview as PNG… and Edit › Copy preview image: the preview as a picture to
hand around for approval, drawn by ``preview_export.render`` as ``rampwin-desktop preview``
draws it (the phone's width, the chat's whole height, the window's theme, the time now).

Drawing takes a few milliseconds and stays on the GUI thread (widgets live there); encoding
and writing the PNG run on a thread of their own.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication

from rampwin_desktop.ui import dialogs, preview_export
from rampwin_desktop.ui.background import BackgroundTask

if TYPE_CHECKING:
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QWidget

    from rampwin_desktop.ui.drafts import DraftFiles
    from rampwin_desktop.ui.preview import PreviewView


class PreviewImages(QObject):
    status = Signal(str)  # where the picture went, or why it did not, for the status bar
    saved = Signal(str)  # the PNG written (its path), once it is on disk

    def __init__(
        self,
        window: QWidget,
        preview: PreviewView,
        drafts: DraftFiles,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.preview = preview
        self.drafts = drafts
        self._writing: BackgroundTask | None = None
        self._target = Path()

    def image(self) -> QImage:
        """The message shown in the preview, as a picture: its theme, its time."""
        preview = self.preview
        return preview_export.render(
            preview.message, preview.theme, preview.bubble.time.fixed, sandbox=preview.sandbox
        )

    @Slot()
    def copy_image(self) -> None:
        QGuiApplication.clipboard().setImage(self.image())
        self.status.emit(self.tr("Copied the preview as a picture."))

    @Slot()
    def export_png(self) -> None:
        if self._writing is not None:
            self.status.emit(self.tr("Still writing the last picture…"))
            return
        draft = self.drafts.path
        place = dialogs.Place.PREVIEWS
        start = draft.with_suffix(".png") if draft else Path(dialogs.start_in(place, "preview.png"))
        name = dialogs.file_to_save(
            self.window,
            self.tr("Export preview as PNG"),
            str(start),
            self.tr("PNG images (*.png)"),
            place,
            suffix="png",
        )
        if not name:
            return
        self._target = Path(name)
        image = self.image()
        target = self._target
        self._writing = task = BackgroundTask(lambda: preview_export.save_png(image, target), self)
        task.succeeded.connect(self._on_written)
        task.failed.connect(self._on_failed)
        task.start()

    @Slot(object)
    def _on_written(self, _: object) -> None:
        self._done()
        self.status.emit(self.tr("Saved the preview as %1").replace("%1", str(self._target)))
        self.saved.emit(str(self._target))

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        self._done()
        self.status.emit(self.tr("The preview was not saved: %1").replace("%1", str(error)))

    def stop(self) -> None:
        """Let a PNG being written finish (the window is closing; it takes milliseconds)."""
        if self._writing is not None:
            self._writing.wait(5000)

    def _done(self) -> None:
        task, self._writing = self._writing, None
        if task is not None:
            task.deleteLater()
