"""Render the window to PNG (offscreen) for the docs: light and dark, a full message.

Run from the repo root: .venv/bin/python docs/screenshots/make_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["RAMPWIN_DESKTOP_CONFIG_DIR"] = tempfile.mkdtemp(prefix="rampwin-shots-")

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter
from PySide6.QtWidgets import QApplication

from rampwin_desktop.core.model import Button, Header, HeaderKind, Message
from rampwin_desktop.ui.main_window import MainWindow
from rampwin_desktop.ui.theme import ThemeChoice

HERE = Path(__file__).resolve().parent


def banner(path: Path) -> Path:
    """An 800×418 banner (WhatsApp's recommended 1.91:1) drawn here, so no asset is needed."""
    image = QImage(800, 418, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    gradient = QLinearGradient(QPointF(0, 0), QPointF(800, 418))
    gradient.setColorAt(0, QColor("#FF7E5F"))
    gradient.setColorAt(1, QColor("#6A5ACD"))
    painter.fillRect(image.rect(), gradient)
    painter.setPen(QColor("#FFFFFF"))
    font = QFont()
    font.setPixelSize(92)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(image.rect(), 0x84, "SUMMER SALE")  # AlignCenter
    painter.end()
    image.save(str(path))
    return path


def main() -> None:
    app = QApplication(sys.argv[:1])
    header = banner(Path(os.environ["RAMPWIN_DESKTOP_CONFIG_DIR"]) / "summer-sale.png")
    message = Message(
        header=Header.of_media(HeaderKind.IMAGE, str(header)),
        body=(
            "Hello *Priya* 👋\n"
            "Our _summer sale_ starts today: ~20%~ *30% off* everything.\n"
            "- Free delivery 🚚\n"
            "- Easy returns\n"
            "> Offer ends Sunday\n"
            "Use code `SUN30` at https://rampwin.com/sale"
        ),
        footer="Reply STOP to opt out",
        buttons=(
            Button("buy_now", "Buy now 🛒"),
            Button("remind_me", "Remind me later"),
            Button("not_interested", "Not interested"),
        ),
        recipient="+91 99999 99999",
        channel_id="channel-1",
    )
    window = MainWindow()
    window.resize(1180, 900)
    window.show()
    window.composer.set_message(message)
    for choice in (ThemeChoice.LIGHT, ThemeChoice.DARK):
        window.set_theme_choice(choice)
        app.processEvents()
        window.grab().save(str(HERE / f"window-{choice.value}.png"))
    window._saved = window.composer.message()
    window.close()


if __name__ == "__main__":
    main()
