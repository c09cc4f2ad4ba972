"""The preview as a picture: what File › Export preview as PNG…, Edit › Copy preview image
and ``rampwin-desktop preview --out`` make, by one function (``render``).

A fresh ``PreviewView``, the window's own widget, shows the message at the phone's width
and is grabbed whole, as tall as the chat needs (nothing scrolled away), at the screen's
pixel ratio: ``rampwin-desktop preview --scale 2`` starts Qt with ``QT_SCALE_FACTOR`` so
that every part (the bubble, the wallpaper, the header image, the text) is drawn at twice
the pixels, not blown up. docs/preview.md ("Export").
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize

from rampwin_desktop.core import draft, geometry, variables
from rampwin_desktop.core.model import HeaderKind, Message
from rampwin_desktop.ui.chat_style import PHONE_WIDTH
from rampwin_desktop.ui.preview import PreviewView, SandboxGetter
from rampwin_desktop.ui.theme import ChatTheme

if TYPE_CHECKING:
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

PLATFORM_ENV = "QT_QPA_PLATFORM"
SCALE_ENV = "QT_SCALE_FACTOR"


class PreviewImageError(ValueError):
    """A picture the preview needs cannot be read; ``str(error)`` says which and why."""


def render(
    message: Message,
    theme: ChatTheme,
    at: datetime | None = None,
    *,
    sandbox: SandboxGetter | None = None,
) -> QImage:
    """``message`` as the window's preview draws it in ``theme``, its time ``at`` (the time
    of day when None), at the phone's width and the chat's whole height. GUI thread only."""
    view = PreviewView()
    try:
        if sandbox is not None:
            view.follow_sandbox(sandbox)
        view.set_theme(theme)
        view.show_time(at)
        view.set_message(message)
        view.resize(PHONE_WIDTH, view.whole_height())
        image = view.grab().toImage()
    finally:
        view.deleteLater()
    return image


def header_problem(message: Message) -> str | None:
    """Why a local header image cannot be shown (None when it can, or there is none). A
    link with a placeholder (``{{image}}``: each row of a list has its own picture) is no
    file: the preview shows its stand-in, as for a link."""
    path = draft.local_header_file(message)
    if path is None or message.header.kind is not HeaderKind.IMAGE:
        return None
    if variables.names_in(message.header.link):
        return None
    from PySide6 import QtGui

    reader = QtGui.QImageReader(str(path))
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and not size.isEmpty():  # decoded as the preview does: scaled down
        box = geometry.header_image_box(size.width(), size.height(), 2 * PHONE_WIDTH)
        reader.setScaledSize(QSize(box.image_width, box.image_height))
        if not reader.read().isNull():
            return None
    reason = reader.errorString()
    if not reason or reason == "Unknown error":
        reason = "it is damaged, or not a picture this app can show"
    return f"cannot read the header image {path}: {reason}"


def save_png(image: QImage, path: Path) -> None:
    """Write ``image`` as a PNG (any thread); OSError with the reason when it cannot be."""
    from PySide6 import QtGui

    writer = QtGui.QImageWriter(str(path), b"png")  # PNG whatever the name ends in
    if not writer.write(image):
        raise OSError(f"cannot write {path}: {writer.errorString()}")


def application(scale: float) -> QApplication:
    """The command line's QApplication: offscreen unless a platform was chosen, and drawing
    at ``scale`` device pixels per pixel."""
    os.environ.setdefault(PLATFORM_ENV, "offscreen")
    os.environ[SCALE_ENV] = f"{scale:g}"  # 1 too: a factor from the environment is not asked for
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["rampwin-desktop"])
    assert isinstance(app, QApplication)
    return app


def write_preview(
    message: Message, theme: ChatTheme, at: datetime | None, out: Path, *, scale: float = 1
) -> QSize:
    """``rampwin-desktop preview``: the picture of ``message`` into ``out``; its size in
    pixels. PreviewImageError for a header image it cannot read, OSError for ``out``."""
    application(scale)
    problem = header_problem(message)
    if problem is not None:
        raise PreviewImageError(problem)
    image = render(message, theme, at)
    save_png(image, out)
    return image.size()
