"""Pictures decoded off the GUI thread, for the GUI thread to show without decoding them.

Decoding a converted 4096-pixel JPEG for the picker's thumbnail and again for the preview
took about 60 ms of the GUI thread. "Make it fit" decodes the result once in its worker
(``decode``, at most ``SIDE`` pixels, turned upright) and leaves it here (``keep``); the
thumbnail and the preview scale that copy (a few milliseconds) for as long as the file is
the same (its size and modification time).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui
from PySide6.QtCore import QSize

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

SIDE = 1024  # enough for the preview at twice its width (HiDPI)
_kept: dict[tuple[str, int, int], tuple[QImage, QSize]] = {}


def _key(path: Path) -> tuple[str, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (str(path), info.st_size, info.st_mtime_ns)


def decode(path: Path) -> tuple[QImage, QSize] | None:
    """``path`` decoded at most ``SIDE`` pixels a side, and its own size; any thread."""
    reader = QtGui.QImageReader(str(path))  # named here: not a type the first frame makes
    reader.setAutoTransform(True)
    size = reader.size()
    if not size.isValid() or size.isEmpty():
        return None
    if max(size.width(), size.height()) > SIDE:
        reader.setScaledSize(
            size.scaled(QSize(SIDE, SIDE), QtCore.Qt.AspectRatioMode.KeepAspectRatio)
        )
    image = reader.read()
    return None if image.isNull() else (image, size)


def keep(path: Path, decoded: tuple[QImage, QSize]) -> None:
    key = _key(path)
    if key is not None:
        _kept.clear()  # one picture at a time: the header's
        _kept[key] = decoded


def scaled(path: Path, size: QSize) -> tuple[QImage, QSize] | None:
    """The kept copy of ``path`` scaled to fit ``size`` and the picture's own size; None
    when none is kept for this version of the file."""
    key = _key(path)
    found = _kept.get(key) if key is not None else None
    if found is None:
        return None
    image, own = found
    fitted = image.scaled(
        size,
        QtCore.Qt.AspectRatioMode.KeepAspectRatio,
        QtCore.Qt.TransformationMode.SmoothTransformation,
    )
    return fitted, own
