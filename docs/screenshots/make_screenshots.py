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

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QPointF, QTimer
from PySide6.QtGui import QAction, QColor, QFont, QImage, QLinearGradient, QPainter
from PySide6.QtWidgets import QApplication

from rampwin_desktop.core.model import Button, Header, HeaderKind, Message
from rampwin_desktop.sandbox import Fault
from rampwin_desktop.ui.main_window import MainWindow
from rampwin_desktop.ui.settings_dialog import SettingsDialog
from rampwin_desktop.ui.theme import ThemeChoice

if TYPE_CHECKING:
    from rampwin_desktop.ui.batch_dialog import BatchDialog

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
    window = MainWindow(sandbox=True)
    window.resize(1180, 900)
    window.show()
    wait(app, lambda: window.start.finished)  # what follows the first paint
    window.composer.set_message(message)
    for choice in (ThemeChoice.LIGHT, ThemeChoice.DARK):
        window.theme.choose(choice)
        settle(app)  # a new theme re-polishes every widget: their layouts follow
        window.grab().save(str(HERE / f"window-{choice.value}.png"))
    window.theme.choose(ThemeChoice.LIGHT)
    sending_states(app, window, message)
    make_it_fit(app, window, header)
    settings_dialog(app, window)
    send_to_a_list(app, window)
    window.drafts.mark_saved()
    window.close()


def settle(app: QApplication, milliseconds: int = 200) -> None:
    """Let the events already posted (layouts, repaints) run for ``milliseconds``."""
    deadline = time.monotonic() + milliseconds / 1000
    while time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def wait(app: QApplication, condition: Callable[[], bool], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def sending_states(app: QApplication, window: MainWindow, message: Message) -> None:
    """Progress of a large upload, a success, a failure with details, and the inbox."""
    folder = Path(os.environ["RAMPWIN_DESKTOP_CONFIG_DIR"])
    document = folder / "Summer catalogue.pdf"
    with document.open("wb") as stream:
        stream.write(b"%PDF-1.4\n")
        stream.truncate(95_000_000)
    window.composer.set_message(
        message.with_changes(header=Header.of_media(HeaderKind.DOCUMENT, str(document)))
    )
    bar = window.send_bar
    window.send_bar.send_button.click()
    wait(app, lambda: bar.progress.maximum() == 1000 and bar.progress.value() > 300)
    window.grab().save(str(HERE / "window-sending.png"))
    wait(app, lambda: not window.sending.running)

    window.composer.set_message(message)
    window.send_bar.send_button.click()
    wait(app, lambda: not window.sending.running and bar.banner.isVisible())
    window.grab().save(str(HERE / "window-sent.png"))

    server = window.account.sandbox()
    server.add_fault(
        Fault(
            endpoint="send",
            status=502,
            body="<html><h1>502 Bad Gateway</h1></html>",
            content_type="text/html",
        )
    )
    window.send_bar.send_button.click()
    wait(app, lambda: not window.sending.running and "502" in bar.banner.text.text())
    bar.banner.details_button.click()
    app.processEvents()
    window.grab().save(str(HERE / "window-failed.png"))

    window.docks.inbox_action.trigger()
    window.resize(1180, 1300)
    app.processEvents()
    window.grab().save(str(HERE / "window-inbox.png"))
    window.docks.inbox_action.trigger()
    window.resize(1180, 900)


def make_it_fit(app: QApplication, window: MainWindow, banner_png: Path) -> None:
    """A WebP saved from a browser: refused, with Make it fit; then fitted."""
    from PIL import Image

    webp = banner_png.with_name("summer-sale.webp")
    with Image.open(banner_png) as image:
        image.save(webp, "WEBP")
    window.send_bar.banner.close_button.click()  # the last send's result, dismissed
    app.processEvents()
    picker = window.composer.header
    picker.use_file(webp)
    app.processEvents()
    window.grab().save(str(HERE / "window-make-it-fit.png"))
    picker.fit.button.click()
    wait(app, lambda: picker.link_edit.text().endswith(".jpg"))
    app.processEvents()
    window.grab().save(str(HERE / "window-fitted.png"))
    picker.use_file(banner_png)


def settings_dialog(app: QApplication, window: MainWindow) -> None:
    dialog = SettingsDialog(window.account.profiles.load("default"), window.account, window)
    dialog.key_edit.setText("rk_live_0123456789abcdef")  # shown masked
    dialog.own_number_edit.setText("+91 99999 99999")
    dialog.channel_edit.setText("channel-1")
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(HERE / "settings-dialog.png"))
    dialog.key_edit.clear()
    dialog.reject()


def send_to_a_list(app: QApplication, window: MainWindow) -> None:
    """File › Send to a list… on a six-row CSV, one row with a problem, row 3 previewed."""
    from rampwin_desktop.ui import batch_dialog, dialogs

    folder = Path(os.environ["RAMPWIN_DESKTOP_CONFIG_DIR"])
    table = folder / "customers.csv"
    rows = [(f"+91 98765 0000{n}", name, f"A{n}") for n, name in enumerate(NAMES, start=1)]
    rows.append(("12345", "Dev", "A6"))
    table.write_text(
        "phone,name,order\n" + "".join(",".join(row) + "\n" for row in rows), encoding="utf-8"
    )
    window.composer.set_message(
        Message(
            body="Hello *{{name}}*, your order {{order}} is ready 👋",
            footer="Reply STOP to opt out",
            buttons=(Button("ok_{{order}}", "Got it"),),
            channel_id="channel-1",
        )
    )
    real_chooser = dialogs.file_to_open
    dialogs.file_to_open = lambda *_args: str(table)  # the file dialog, answered
    try:
        window.findChild(QAction, "sendToListAction").trigger()
        dialog = window.findChild(batch_dialog.BatchDialog, "batchDialog")
        dialog.resize(1000, 620)
        dialog.ui.choose_button.click()
        wait(app, lambda: dialog.ui.problems.count() > 0)
    finally:
        dialogs.file_to_open = real_chooser
    dialog.ui.preview_row.setValue(3)
    app.processEvents()
    dialog.grab().save(str(HERE / "send-to-a-list.png"))
    dialog.ui.tabs.setCurrentIndex(0)  # the Rows tab: the row with a problem in red
    app.processEvents()
    dialog.grab().save(str(HERE / "send-to-a-list-rows.png"))
    results_while_sending(app, dialog)
    resume_a_batch(app, dialog, table)
    dialog.close()


def results_while_sending(app: QApplication, dialog: BatchDialog) -> None:
    """The Results tab two rows into a run: every row listed, those still to send pending."""
    ui = dialog.ui
    ui.skip.setChecked(True)
    ui.rate.setValue(2.0)
    ui.start_button.click()
    wait(app, lambda: sum(row[2] == "sent" for row in ui.results.visible_rows()) >= 2)
    ui.tabs.setCurrentIndex(2)  # Results
    settle(app)
    dialog.grab().save(str(HERE / "send-to-a-list-results.png"))
    ui.stop_button.click()
    wait(app, lambda: not dialog.controller.running)
    settle(app)


def resume_a_batch(app: QApplication, dialog: BatchDialog, table: Path) -> None:
    """Resume a batch…'s list: one batch stopped after two rows, one with a row unknown."""
    from rampwin_desktop.app import batch
    from rampwin_desktop.storage.journal import RowState

    loaded = dialog._loaded
    for sent, unknown in ((2, 0), (3, 1)):
        journal = batch.open_or_create(
            loaded.plan, loaded.message, loaded.table, resume=None, csv_path=str(table),
            profile="default", rate=1, phone_column="phone", allow_duplicates=False,
        )  # fmt: skip
        for planned in loaded.plan.rows[:sent]:
            journal.mark(planned.row, RowState.SENT)
        for planned in loaded.plan.rows[sent : sent + unknown]:
            journal.mark(planned.row, RowState.UNKNOWN, kind="unknown")
        journal.close()
        time.sleep(1.1)  # another start time (and batch id)
    shot: list[bool] = []

    def grab_and_cancel() -> None:
        chooser = QApplication.activeModalWidget()
        if chooser is not None and chooser.objectName() == "batchResumeChooser" and not shot:
            shot.append(chooser.grab().save(str(HERE / "send-to-a-list-resume.png")))
            chooser.reject()

    timer = QTimer()
    timer.timeout.connect(grab_and_cancel)
    timer.start(50)
    dialog.ui.resume_button.click()
    wait(app, lambda: bool(shot))
    timer.stop()


NAMES = ("Asha", "Ravi", "Meena", "Kiran", "Farah")


if __name__ == "__main__":
    main()
