"""Render the app icon (SVG) to the PNG sizes freedesktop icon themes use."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main(svg: Path, hicolor: Path) -> None:
    app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    assert renderer.isValid(), svg
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        target = hicolor / f"{size}x{size}" / "apps" / "rampwin-desktop.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        assert image.save(str(target)), target
    app.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
