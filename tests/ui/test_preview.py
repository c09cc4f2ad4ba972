"""The preview as a user sees it: in the window and in the sandbox inbox, laid out as a
fresh preview of the same message would be, with the time of day and only what is known."""

from __future__ import annotations

import itertools
import time
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox

from rampwin_desktop.core.model import Button, Header, HeaderKind, Message
from rampwin_desktop.ui import time_stamp
from rampwin_desktop.ui.preview import PreviewView
from tests.helpers import media_files
from tests.helpers.dialogs import answering, press
from tests.helpers.window import (
    choose_item,
    click,
    click_item,
    click_row,
    compose,
    retype,
    send_and_wait,
    trigger,
    type_body,
    web_browser,
)

if TYPE_CHECKING:
    from pathlib import Path

    import pytest
    from PySide6.QtWidgets import QWidget
    from pytestqt.qtbot import QtBot

    from rampwin_desktop.ui.main_window import MainWindow

SANDBOX_MESSAGE = Message(
    body="Hello",
    buttons=(Button("yes", "Yes"), Button("no", "No")),
    recipient="+91 99999 99999",
    channel_id="sandbox",
)


def parts(preview: PreviewView) -> dict[str, QRect]:
    """Where each shown part of the bubble is, in the bubble; and the bubble's own size."""
    bubble = preview.bubble
    found = {"bubble": QRect(0, 0, bubble.width(), bubble.height())}
    for name in ("media", "header_text", "body", "footer", "time"):
        widget: QWidget = getattr(bubble, name)
        if widget.isVisibleTo(bubble):
            found[name] = QRect(widget.mapTo(bubble, widget.rect().topLeft()), widget.size())
    return found


def overlaps(shown: dict[str, QRect]) -> list[tuple[str, str]]:
    inside = {name: rect for name, rect in shown.items() if name != "bubble"}
    pairs = itertools.combinations(inside.items(), 2)
    crossing = [(a, b) for (a, one), (b, other) in pairs if one.intersects(other)]
    outside = [(name, "bubble") for name, r in inside.items() if not shown["bubble"].contains(r)]
    return crossing + outside


def freshly_built(qtbot: QtBot, preview: PreviewView, window: MainWindow) -> PreviewView:
    """A new preview showing what ``preview`` shows, with the same height, and the images
    of the window's sandbox as the inbox shows them."""
    fresh = PreviewView()
    fresh.follow_sandbox(lambda: window.account.sandbox_running)
    qtbot.addWidget(fresh)
    fresh.resize(preview.size())
    fresh.set_message(preview.message)
    fresh.show()
    return fresh


def test_the_inbox_preview_lays_out_each_message_as_a_fresh_preview_does(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """Choosing a message with more lines than the one shown must not draw text over text
    (the body over the image, the footer over a quote line)."""
    image = media_files.png(tmp_path, "photo.png", 800, 418)
    short = SANDBOX_MESSAGE.with_changes(
        header=Header.of_text("Hello"), body="two\nlines", footer="Thanks"
    )
    long = SANDBOX_MESSAGE.with_changes(
        header=Header.of_media(HeaderKind.IMAGE, str(image)),
        body="\n".join(f"> quoted line {n} *in bold*" for n in range(9)),
        footer="Reply below",
    )
    for message in (long, short):
        compose(window, message)
        assert send_and_wait(qtbot, window)
    trigger(window, "inboxDockAction")
    inbox = window.docks.inbox
    assert inbox.list.count() == 2
    for row, first_line in ((1, "quoted line 0"), (0, "two"), (1, "quoted line 0")):
        click_item(inbox.list, row)
        preview = inbox.preview
        assert first_line in preview.accessibleDescription()
        # At once, as the frame after the click shows it: nothing waits for a later pass.
        shown = parts(preview)
        assert overlaps(shown) == [], shown
        fresh = freshly_built(qtbot, preview, window)
        assert shown == parts(fresh)
        assert ("media" in shown) == (row == 1)
        assert preview.bubble.media.has_image or row != 1  # the file the sandbox stored
        assert preview.bubble.grab().toImage() == fresh.bubble.grab().toImage()


def test_a_preview_changed_while_hidden_is_laid_out_before_it_is_painted(
    qtbot: QtBot, window: MainWindow
) -> None:
    """A hidden preview is not laid out (it is as it is shown): the first frame after it
    shows again draws nothing over anything."""
    preview = window.preview
    preview.hide()
    compose(
        window,
        SANDBOX_MESSAGE.with_changes(
            header=Header.of_text("Hello"),
            body="\n".join(f"> quoted line {n} *in bold*" for n in range(12)),
            footer="Reply below",
        ),
    )
    preview.show()  # no event processed between: as the frame that follows draws it
    shown = parts(preview)
    assert overlaps(shown) == [], shown
    assert "quoted line 11" in preview.accessibleDescription()


def test_an_empty_inbox_shows_no_blank_bubble(qtbot: QtBot, window: MainWindow) -> None:
    trigger(window, "inboxDockAction")
    inbox = window.docks.inbox
    assert inbox.isVisible() and inbox.list.count() == 0
    assert not inbox.preview.bubble.isVisible()
    assert inbox.preview.accessibleDescription() == "No messages yet"
    compose(window, SANDBOX_MESSAGE.with_changes(body="First"))
    assert send_and_wait(qtbot, window)
    assert inbox.preview.bubble.isVisible()
    assert inbox.preview.accessibleDescription().splitlines()[0] == "First"


# ------------------------------------------------------------------ the time


def running_clock(start: datetime) -> time_stamp.Clock:
    """A clock that reads ``start`` now and runs at the real pace from there."""
    began = time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - began)


def stamp_and_timer(preview: PreviewView) -> tuple[QLabel, QTimer]:
    stamp = preview.findChild(QLabel, "previewTime")
    timer = preview.findChild(QTimer, "previewClock")
    assert stamp is not None and timer is not None
    return stamp, timer


def test_the_time_moves_on_as_each_minute_starts(qtbot: QtBot) -> None:
    """0.4 s before 09:42 by its clock: the time turns to 09:42 by itself, then the timer
    waits for the next minute (not a fixed minute from now)."""
    preview = PreviewView(clock=running_clock(datetime(2025, 3, 1, 9, 41, 59, 600_000)))
    qtbot.addWidget(preview)
    preview.set_message(Message(body="Hi"))
    preview.show()
    stamp, timer = stamp_and_timer(preview)
    assert stamp.text() == "09:41" and stamp.isVisible()
    assert timer.isActive() and timer.remainingTime() <= 400 + time_stamp.LATE_MS
    qtbot.waitUntil(lambda: stamp.text() == "09:42", timeout=2000)  # nothing else changed
    assert timer.isActive() and 59_000 < timer.remainingTime() <= 60_000 + time_stamp.LATE_MS
    preview.hide()
    assert not timer.isActive()  # no ticking for a preview nobody sees


def test_the_window_shows_the_time_of_day_not_the_time_it_started(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    stamp, timer = stamp_and_timer(window.preview)
    assert timer.isActive()
    assert stamp.text() in {
        (datetime.now() - timedelta(seconds=s)).strftime("%H:%M") for s in (0, 5)
    }
    later = datetime.now() + timedelta(hours=2, minutes=7)  # the window stayed open
    monkeypatch.setattr(time_stamp, "now", lambda: later)
    type_body(window, "Still here")
    assert stamp.text() == later.strftime("%H:%M")


def test_the_inbox_shows_when_each_message_was_received(qtbot: QtBot, window: MainWindow) -> None:
    line = "Received: our *Diwali sale* starts _today_ with 30% off " + "everything " * 12
    body = f"{line.strip()}\nBye"  # a first line wider than the list
    compose(window, SANDBOX_MESSAGE.with_changes(body=body))
    assert send_and_wait(qtbot, window)
    trigger(window, "inboxDockAction")
    server = window.account.sandbox_running
    assert server is not None
    received = datetime.fromisoformat(server.messages()[0]["received_at"]).astimezone()
    stamp, timer = stamp_and_timer(window.docks.inbox.preview)
    assert stamp.text() == received.strftime("%H:%M") and not timer.isActive()
    item = window.docks.inbox.list.item(0)
    assert item.text().startswith(received.strftime("%H:%M:%S"))
    assert item.text().endswith("everything everything")  # not cut mid-word at 40
    assert item.toolTip() == body
    listed = window.docks.inbox.list  # as wide as the list, elided ("…"), not scrolled
    assert listed.fontMetrics().horizontalAdvance(item.text()) > listed.viewport().width()
    assert listed.visualItemRect(item).width() <= listed.viewport().width()
    assert listed.textElideMode() == Qt.TextElideMode.ElideRight
    assert listed.horizontalScrollBar().maximum() == 0


# ------------------------------------------------------------------ header media


def light_pixels_at_the_bottom(widget: QWidget) -> int:
    """Light pixels in the bottom-left band of a video frame, where text would be drawn."""
    image = widget.grab().toImage()
    band = range(image.height() - 22, image.height() - 2)
    return sum(
        image.pixelColor(x, y).lightness() > 180 for y in band for x in range(4, image.width() // 2)
    )


def test_a_video_header_shows_no_invented_duration(window: MainWindow, tmp_path: Path) -> None:
    choose_item(window.composer.header.kind_combo, "Video")
    link = window.findChild(QLineEdit, "headerLinkEdit")
    assert link is not None
    retype(link, "https://example.com/promo.mp4")  # its length is not known here
    media = window.preview.bubble.media
    assert media.isVisible() and media.detail == ""
    assert light_pixels_at_the_bottom(media) == 0  # only the play button: no "0:15"
    photo = media_files.write(tmp_path / "photo.jpg", media_files.jpeg_bytes())
    retype(link, str(photo))  # a JPEG chosen as the video: what it is, not a length
    assert media.detail.startswith("JPEG ·")
    assert light_pixels_at_the_bottom(media) > 0


def test_send_again_shows_the_image_the_apps_sandbox_stored(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """Its link points at the app's own sandbox: read from the file it stored, without a
    request; any other link still shows a placeholder."""
    image = media_files.png(tmp_path, "photo.png", 800, 418)
    compose(
        window, SANDBOX_MESSAGE.with_changes(header=Header.of_media(HeaderKind.IMAGE, str(image)))
    )
    assert send_and_wait(qtbot, window)
    server = window.account.sandbox_running
    assert server is not None
    requests = len(server.requests())
    trigger(window, "historyDockAction")
    panel = window.docks.history_panel
    click_row(panel.table, 0)
    with answering(press(QMessageBox.StandardButton.Discard), press(QMessageBox.StandardButton.No)):
        click(panel.again_button)  # not sent again: the message stays in the form
    link = window.composer.message().header.link
    assert link.startswith(server.base_url + "/media/")
    media = window.preview.bubble.media
    assert media.has_image and media.caption == "photo.png"
    assert len(server.requests()) == requests  # read from disk, not fetched
    link_edit = window.findChild(QLineEdit, "headerLinkEdit")
    assert link_edit is not None
    for elsewhere in (
        link.replace(f":{server.port}/", f":{server.port + 1}/"),  # another server
        link.replace("/media/", "/media/0"),  # not one it stored
        "https://example.com/photo.png",
    ):
        retype(link_edit, elsewhere)
        assert not media.has_image, elsewhere


# ------------------------------------------------------------------ links


def test_a_click_on_a_link_in_the_preview_opens_the_whole_address(window: MainWindow) -> None:
    """Its second line, "_private_/page", is part of the address, not italic text."""
    address = "https://example.com/_private_/page"
    type_body(window, address)
    body = window.preview.bubble.body
    line = body.height() // 2
    assert body.plain_text() == address and line >= 14  # on two lines
    with web_browser() as opened:
        QTest.mouseClick(body, Qt.MouseButton.LeftButton, pos=QPoint(12, line + line // 2))
        QTest.mouseClick(body, Qt.MouseButton.LeftButton, pos=QPoint(12, line // 2))
        QTest.mouseClick(body, Qt.MouseButton.LeftButton, pos=QPoint(body.width() - 2, line + 4))
    assert opened == [address, address]  # not where no text is
