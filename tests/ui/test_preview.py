"""The preview as a user sees it: in the window and in the sandbox inbox, laid out as a
fresh preview of the same message would be, with the time of day and only what is known."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect

from rampwin_desktop.core.model import Button, Header, HeaderKind, Message
from rampwin_desktop.ui.preview import PreviewView
from tests.helpers import media_files
from tests.helpers.window import click_item, compose, send_and_wait, trigger

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtWidgets import QWidget
    from pytestqt.qtbot import QtBot

    from rampwin_desktop.ui.main_window import MainWindow

SANDBOX_MESSAGE = Message(
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


def freshly_built(qtbot: QtBot, preview: PreviewView) -> PreviewView:
    """A new preview showing what ``preview`` shows, with the same height."""
    fresh = PreviewView()
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
        fresh = freshly_built(qtbot, preview)
        assert shown == parts(fresh)
        assert preview.bubble.grab().toImage() == fresh.bubble.grab().toImage()


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
