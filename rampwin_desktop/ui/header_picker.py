"""The header: none, text, or a media file chosen by dialog, drag and drop, paste, or link."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui
from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from rampwin_desktop.app import header_files
from rampwin_desktop.core import limits, media
from rampwin_desktop.core.model import Header, HeaderKind
from rampwin_desktop.core.validation import is_remote_link
from rampwin_desktop.storage import paths
from rampwin_desktop.storage.private import create_file
from rampwin_desktop.ui import boot, dialogs, picture_proxy
from rampwin_desktop.ui.fields import CountedLineEdit, ProblemLabel, Said, push_button
from rampwin_desktop.ui.header_fit import FitOffer
from rampwin_desktop.ui.rounded import RoundedLabel

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

THUMBNAIL = QSize(96, 64)
OUTLINE_GAP = 2  # pixels between the dashed outline and what it holds: its corners stay round
PICTURE = QSize(THUMBNAIL.width() - 2 * OUTLINE_GAP, THUMBNAIL.height() - 2 * OUTLINE_GAP)
LONGEST_WORD = 48  # characters of a link or file name shown unbroken beside the thumbnail

_FILTERS = {
    HeaderKind.VIDEO: "Videos (*.mp4)",
    HeaderKind.DOCUMENT: "Documents (*.pdf *.doc *.docx *.xls *.xlsx)",
}


def image_thumbnail(path: Path, size: QSize) -> tuple[QPixmap, QSize] | None:
    """The image file at ``path`` scaled to fit ``size``, and the image's own size; None when
    it is not an ordinary file (a FIFO would block the reader) or not a readable image."""
    if not path.is_file():
        return None
    kept = picture_proxy.scaled(path, size)  # decoded off the GUI thread (Make it fit)
    if kept is not None:
        return QPixmap.fromImage(kept[0]), kept[1]
    reader = QtGui.QImageReader(str(path))
    dimensions = reader.size()
    if not dimensions.isValid():
        return None
    reader.setScaledSize(dimensions.scaled(size, QtCore.Qt.AspectRatioMode.KeepAspectRatio))
    return QPixmap.fromImage(reader.read()), dimensions


class HeaderPicker(QWidget):
    changed = Signal()
    file_chosen = Signal()  # the user chose a file: with the dialog, by pasting or dropping it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("headerTypeCombo")
        self.kind_combo.setAccessibleName(self.tr("Header type"))
        for kind, label in (
            (HeaderKind.NONE, self.tr("No header")),
            (HeaderKind.TEXT, self.tr("Text")),
            (HeaderKind.IMAGE, self.tr("Image")),
            (HeaderKind.VIDEO, self.tr("Video")),
            (HeaderKind.DOCUMENT, self.tr("Document")),
        ):
            self.kind_combo.addItem(label, kind.value)

        self.text_field = CountedLineEdit(
            "headerTextEdit", limits.HEADER_TEXT_MAX, self.tr("Header text"), self
        )
        self.text_field.edit.setPlaceholderText(self.tr("Bold title above the body"))

        self.media = QWidget(self)
        self.thumbnail = RoundedLabel(self.media, padding=(OUTLINE_GAP, OUTLINE_GAP))
        self.thumbnail.setFixedSize(THUMBNAIL)
        boot.set_qt_properties(self.thumbnail, alignment="AlignCenter")
        self.thumbnail.set_tones(text="muted", outline="outline")
        self.info = QLabel(self.media)
        self.info.setWordWrap(True)
        self.pick_button = push_button(self.tr("Choose file…"), self.media)
        self.pick_button.setObjectName("headerImagePickButton")
        self.paste_button = push_button(self.tr("Paste image"), self.media)
        self.paste_button.setObjectName("headerPasteButton")
        self.remove_button = push_button(self.tr("Remove"), self.media)
        self.remove_button.setObjectName("headerRemoveButton")
        self.link_edit = QLineEdit(self.media)
        self.link_edit.setObjectName("headerLinkEdit")
        self.link_edit.setAccessibleName(self.tr("Header link or file path"))
        self.link_edit.setPlaceholderText(
            self.tr("https://… link, or a file path; or drop a file here")
        )
        self.problem = ProblemLabel(self)
        self.fit = FitOffer(self)  # "Make it fit", and what an upload removes

        buttons = QVBoxLayout()
        buttons.addWidget(self.pick_button)
        buttons.addWidget(self.paste_button)
        buttons.addWidget(self.remove_button)
        top = QHBoxLayout()
        top.addWidget(self.thumbnail)
        top.addWidget(self.info, 1)
        top.addLayout(buttons)
        media_layout = QVBoxLayout(self.media)
        media_layout.setContentsMargins(0, 0, 0, 0)
        media_layout.addLayout(top)
        media_layout.addWidget(self.link_edit)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.kind_combo)
        column.addWidget(self.text_field)
        column.addWidget(self.media)
        column.addWidget(self.problem)
        column.addWidget(self.fit)

        self.kind_combo.currentIndexChanged.connect(self._on_kind)
        self.text_field.textChanged.connect(lambda _value: self.changed.emit())
        self.link_edit.textChanged.connect(self._on_link)
        self.pick_button.clicked.connect(self.choose_file)
        self.paste_button.clicked.connect(self.paste)
        self.remove_button.clicked.connect(self.remove)
        self.fit.fitted.connect(self._use_fitted)
        self.fit.failed.connect(self._fit_failed)
        self._refusal = ""
        self._refused: Path | None = None  # the refused file a conversion would make fit
        self._why_refused = ""  # why it was refused
        self._on_kind()

    # ------------------------------------------------------------------ state

    def kind(self) -> HeaderKind:
        return HeaderKind(self.kind_combo.currentData())

    def header(self) -> Header:
        kind = self.kind()
        if kind is HeaderKind.NONE:
            return Header()
        if kind is HeaderKind.TEXT:
            return Header.of_text(self.text_field.text())
        return Header.of_media(kind, self.link_edit.text())

    def set_header(self, header: Header) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(header.kind.value))
        self.text_field.set_text(header.text)
        self.link_edit.setText(header.link)
        self._refusal = ""
        self._on_kind()

    def set_problems(self, said: Sequence[Said]) -> None:
        shown: list[Said] = [self._refusal] if self._refusal else []
        self.problem.set_problems([*shown, *said])

    # ------------------------------------------------------------------ choosing a file

    def choose_file(self) -> None:
        kind = self.kind() if self.kind().is_media else HeaderKind.IMAGE
        filters = ";;".join([_filter(kind), self.tr("All files (*)")])
        place = dialogs.Place.PICTURES
        start = self._file_folder() or dialogs.start_in(place)
        name = dialogs.file_to_open(self, self.tr("Choose a header file"), start, filters, place)
        if name:
            self.use_file(Path(name))

    def _file_folder(self) -> str:
        """The folder of the header's own file, when it is one: its neighbours are the
        likely next choice (a newcomer's draft named a picture in a folder the dialog did
        not open in). "" for a link or a file whose folder is gone."""
        link = self.link_edit.text().strip()
        if not link or "://" in link:
            return ""
        folder = Path(link).expanduser().parent
        return str(folder) if folder.is_absolute() and folder.is_dir() else ""

    def use_file(self, path: Path) -> bool:
        """Take a local file as the header, or refuse it here with the reason."""
        kind = self.kind()
        if not kind.is_media:
            found = media.sniff(path).kind if path.is_file() else None
            kind = found or HeaderKind.IMAGE
        try:
            media.check_media_file(path, kind)
        except media.MediaFileError as exc:
            self._refusal = self.tr("Not used: %1").replace("%1", str(exc))
            self.problem.set_problems([self._refusal])
            self._refused = path if exc.fixable and kind is HeaderKind.IMAGE else None
            self._why_refused = str(exc)
            self._update_fit()
            return False
        self._refusal = ""
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind.value))
        self.link_edit.setText(str(path))
        self.file_chosen.emit()
        return True

    def paste(self) -> bool:
        """Use an image or an image file from the clipboard."""
        return self.use_mime(QGuiApplication.clipboard().mimeData())

    def use_mime(self, mime: QMimeData | None) -> bool:
        if mime is None:
            return False
        if mime.hasUrls():
            files = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
            if files:
                return self.use_file(Path(files[0]))
        if mime.hasImage():
            image = (
                QGuiApplication.clipboard().image() if not mime.imageData() else mime.imageData()
            )
            stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 1_000_000_000:09d}"
            if isinstance(image, QtGui.QImage) and not image.isNull():
                # Made 0600 first: Qt's writer keeps the mode of a file that exists.
                target = create_file(paths.pasted_images_dir() / f"pasted-{stamp}.png")
                if image.save(str(target)):
                    if self.kind() is not HeaderKind.IMAGE:
                        self.kind_combo.setCurrentIndex(
                            self.kind_combo.findData(HeaderKind.IMAGE.value)
                        )
                    return self.use_file(target)
                target.unlink(missing_ok=True)
        self._refusal = self.tr("The clipboard holds no image or file.")
        self.problem.set_problems([self._refusal])
        return False

    def remove(self) -> None:
        self.link_edit.clear()
        self._refusal = ""

    # ------------------------------------------------------------------ drag and drop, paste key

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls() or mime.hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.use_mime(event.mimeData()):
            event.acceptProposedAction()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.matches(QKeySequence.StandardKey.Paste) and not self.link_edit.hasFocus():
            self.paste()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ display

    def _on_kind(self) -> None:
        kind = self.kind()
        self._refusal = ""  # a file refused for the header kind before no longer applies
        self.text_field.setVisible(kind is HeaderKind.TEXT)
        self.media.setVisible(kind.is_media)
        self.paste_button.setVisible(kind is HeaderKind.IMAGE)
        if kind.is_media:
            limit = media.format_size(media.MAX_BYTES[kind])
            self.pick_button.setToolTip(
                self.tr("%1, up to %2").replace("%1", media.ACCEPTED[kind]).replace("%2", limit)
            )
        self._show_file()
        self._update_fit()
        self.changed.emit()

    def _on_link(self) -> None:
        self._refusal = ""  # another file or link: what was refused before no longer applies
        self._show_file()
        self._update_fit()
        self.changed.emit()

    def _update_fit(self) -> None:
        """Offer "Make it fit" for the refused file, or for a header file that would be
        refused for a reason a conversion removes; say what its upload removes."""
        link = self.link_edit.text().strip()
        local = None
        if self.kind() is HeaderKind.IMAGE and link and not is_remote_link(link):
            local = Path(link).expanduser()
            local = local if local.is_file() else None
        offered = self._refused if self._refusal else None
        why = self._why_refused if offered is not None else ""
        if offered is None and local is not None and (why := header_files.fit_reason(local)):
            offered = local
        self.fit.offer(offered, why)
        self.fit.show_metadata(local if offered is None else None)

    def _use_fitted(self, path: object) -> None:
        self.use_file(Path(str(path)))

    def _fit_failed(self, reason: str) -> None:
        self._refusal = self.tr("Not converted: %1").replace("%1", reason)
        self._refused = None
        self.problem.set_problems([self._refusal])

    def _say(self, text: str) -> None:
        """``text`` beside the thumbnail, each word too long to wrap (a link, a long file
        name) shortened in its middle, so that the form keeps its width; whole in the
        tooltip."""
        words = re.split(r"(\s+)", text)
        short = "".join(w if len(w) <= LONGEST_WORD else _middle_out(w) for w in words)
        self.info.setText(short)
        self.info.setToolTip(text if short != text else "")

    def _show_file(self) -> None:
        link = self.link_edit.text().strip()
        self.remove_button.setEnabled(bool(link))
        if not link:
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText(self.tr("Drop\nhere"))
            self.info.setText(self.tr("No file chosen"))
            return
        if is_remote_link(link):
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText("🔗")
            self._say(self.tr("Link: %1").replace("%1", link))
            return
        path = Path(link).expanduser()
        if not path.is_file():
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText("?")
            self._say(path.name)
            return
        size = media.format_size(path.stat().st_size)
        name = _short(path.name)
        image = image_thumbnail(path, PICTURE) if self.kind() is HeaderKind.IMAGE else None
        if image is not None:
            picture, dimensions = image
            self.thumbnail.setPixmap(picture)
            self._say(f"{name}\n{dimensions.width()} × {dimensions.height()} px · {size}")
        else:
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText(media.sniff(path).name.split()[0])
            self._say(f"{name}\n{size}")


def _filter(kind: HeaderKind) -> str:
    """The chooser's filter for ``kind``: for images, every picture Make it fit converts
    (core/media.CONVERTIBLE), not only what fits as it is. Made when the chooser opens:
    core/media is not loaded before the first paint (ui/boot.LATER)."""
    if kind is HeaderKind.IMAGE:
        return "Images ({})".format(" ".join(f"*{end}" for end in media.CONVERTIBLE_SUFFIXES))
    return _FILTERS[kind]


def _short(name: str, most: int = 40) -> str:
    """A long file name shortened in the middle, so that it never widens the form (a
    converted picture keeps the user's name: ``fitted/<sha256>/<their name>.jpg``)."""
    return name if len(name) <= most else f"{name[: most // 2]}…{name[-(most // 2 - 1) :]}"


def _middle_out(word: str) -> str:
    """``word`` shortened to ``LONGEST_WORD`` characters, its middle left out: a link
    keeps its host and its file name."""
    front = 28  # "https://cdn.example.com/cam"
    return f"{word[:front]}…{word[front + 1 - LONGEST_WORD :]}"
