"""The live preview: the message as a WhatsApp chat on a phone shows it.

A phone-width chat (wallpaper, contact bar, date chip), one incoming bubble with a
tail (header, body, footer, time) at about 65% of the width, and each reply button
as its own card under the bubble. Colours: ui/theme.py and docs/preview.md. The
chat's parts are in ui/chat_parts.py, the bubble's header media in ui/header_media.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from rampwin_desktop.core import markup, variables
from rampwin_desktop.core.model import Header, HeaderKind, Message
from rampwin_desktop.core.validation import is_remote_link
from rampwin_desktop.ui import boot
from rampwin_desktop.ui.chat_parts import Bubble, ChatCanvas, ChatTitleBar, ReplyButtonCard
from rampwin_desktop.ui.chat_style import (
    BUBBLE_WIDTH,
    PHONE_WIDTH,
    PREVIEW_MIN_WIDTH,
    TAIL,
    chat_font,
)
from rampwin_desktop.ui.rounded import RoundedLabel
from rampwin_desktop.ui.theme import LIGHT, ChatTheme
from rampwin_desktop.ui.time_stamp import Clock

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

    from rampwin_desktop.sandbox import SandboxServer

SandboxGetter = Callable[[], "SandboxServer | None"]


def _literal_html(text: str) -> str:
    """Text WhatsApp shows as typed (header, footer): escaped, never formatted."""
    return markup.to_html([markup.Block(markup.BlockKind.PARAGRAPH, (markup.Span(text),))])


class PreviewView(QWidget):
    """The phone. ``set_message`` updates it; its accessible description is the text it shows."""

    def __init__(self, parent: QWidget | None = None, *, clock: Clock | None = None) -> None:
        """``clock``: the time of day now (``time_stamp.now`` when None)."""
        super().__init__(parent)
        self.setObjectName("previewView")
        self.setAccessibleName(self.tr("Message preview"))
        self.setMinimumWidth(PREVIEW_MIN_WIDTH)  # shrinks with a small window, not cut
        self.setMaximumWidth(PHONE_WIDTH)
        self._theme = LIGHT
        self._message = Message()
        self._shown: Message | None = None  # what the widgets show; None: redo everything
        self._drawn = False  # whether any message was put into the widgets yet
        self._nothing = ""  # while no message is shown: the note in its place
        self._body_blocks: list[markup.Block] = []
        self._header_note = ""  # e.g. "location and camera data removed" (set_header_note)
        self._sandbox: SandboxGetter = lambda: None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self._top_bar = ChatTitleBar(self.tr("Your business"), self)
        outer.addWidget(self._top_bar)

        self._canvas = ChatCanvas(self)
        scroll = QScrollArea(self)
        scroll.setWidget(self._canvas)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        boot.set_qt_properties(  # no Tab stop that shows no focus
            scroll, horizontalScrollBarPolicy="ScrollBarAlwaysOff", focusPolicy="NoFocus"
        )
        outer.addWidget(scroll)

        column = QVBoxLayout(self._canvas)
        column.setContentsMargins(10, 12, 10, 12)
        column.setSpacing(3)
        self._date = RoundedLabel(self._canvas, padding=(10, 3))
        self._date.setText(self.tr("Today"))
        self._date.setFont(chat_font(8))
        boot.set_qt_properties(self._date, alignment="AlignCenter")
        date_row = QHBoxLayout()
        date_row.addStretch()
        date_row.addWidget(self._date)
        date_row.addStretch()
        column.addLayout(date_row)
        column.addSpacing(8)
        self.bubble = Bubble(clock, self._canvas)
        bubble_row = QHBoxLayout()  # at the left
        bubble_row.addWidget(self.bubble)
        bubble_row.addStretch(1)
        column.addLayout(bubble_row)
        self._buttons = QVBoxLayout()
        self._buttons.setContentsMargins(TAIL, 0, 0, 0)
        self._buttons.setSpacing(3)
        self._cards: list[ReplyButtonCard] = []
        column.addLayout(self._buttons)
        column.addStretch()
        self._style(LIGHT)

    @property
    def message(self) -> Message:
        """The message shown (or to be shown once the preview is first shown)."""
        return self._message

    @property
    def theme(self) -> ChatTheme:
        return self._theme

    def set_theme(self, theme: ChatTheme) -> None:
        if theme != self._theme:  # start-up asks again with the saved choice: often the same
            self._style(theme)

    def _style(self, theme: ChatTheme) -> None:
        self._theme = theme
        self._canvas.theme = theme
        self.bubble.set_theme(theme)
        self._top_bar.set_theme(theme)
        self._date.set_colours(text=theme.date_chip_text, fill=theme.date_chip)
        self._shown = None
        if self._drawn and not self._nothing:  # a new preview waits for its first message
            self.set_message(self._message)
        self._canvas.update()

    def show_time(self, at: datetime | None) -> None:
        """Show ``at`` as the message's time (received then); None: the time of day."""
        self.bubble.time.show_fixed(at)

    def follow_sandbox(self, sandbox: SandboxGetter) -> None:
        """Show header links of the app's own sandbox (``sandbox()``, when it runs) from
        the files it stored, as its inbox does. No other link is ever fetched."""
        self._sandbox = sandbox

    @property
    def sandbox(self) -> SandboxGetter:
        """The sandbox whose stored files header links are shown from (``follow_sandbox``)."""
        return self._sandbox

    def _media_link(self, header: Header) -> str:
        """Where the header's media is read from: a local file, or a link never fetched."""
        link = header.link
        if header.kind.is_media and is_remote_link(link) and (server := self._sandbox()):
            stored = server.stored_file(link)
            return str(stored) if stored is not None else link
        return link

    def showEvent(self, event: QShowEvent) -> None:
        if not self._drawn:  # shown before any set_message: show the empty message
            self.set_message(self._message)
        super().showEvent(event)
        self._lay_out_now()  # what changed while hidden, before it is painted

    def sizeHint(self) -> QSize:
        return QSize(PHONE_WIDTH, super().sizeHint().height())  # a phone's width when there is room

    def whole_height(self) -> int:
        """How tall the preview is when it shows the whole chat, none of it scrolled away."""
        return self._top_bar.height() + self._canvas.minimumSizeHint().height()

    def show_nothing(self, note: str) -> None:
        """No message: an empty chat with ``note`` where the date is (an empty inbox)."""
        self._message, self._shown, self._drawn, self._nothing = Message(), None, True, note
        self.bubble.hide()
        self._show_buttons([])
        self._date.setText(note)
        self.setAccessibleDescription(note)

    def set_message(self, message: Message) -> None:
        """Show ``message`` as it is sent (``\\{{`` as ``{{``), redoing only the parts that
        differ from what is shown."""
        message = variables.shown(message)
        self._message = message
        self._drawn = True
        if self._nothing:
            self._nothing = ""
            self._date.setText(self.tr("Today"))
            self.bubble.show()
        shown, self._shown = self._shown, message
        theme = self._theme
        changed = False
        header = message.header
        # Asked every time (one stat at most): the header file may have been saved again.
        if self.bubble.media.show_header(
            header.kind, self._media_link(header), header.filename, BUBBLE_WIDTH - 6
        ):
            changed = True
        if shown is None or header != shown.header:
            self.bubble.header_text.setVisible(header.kind is HeaderKind.TEXT)
            if header.kind is HeaderKind.TEXT:
                # Markers are shown literally in a header: escape, do not format.
                self.bubble.header_text.set_html(
                    _literal_html(header.text), colour=theme.text, font=chat_font(11, bold=True)
                )
            changed = True
        if shown is None or message.body != shown.body:
            self._body_blocks = markup.parse(message.body)
            self.bubble.body.set_lines(
                markup.to_html_lines(self._body_blocks, theme.html_colours()),
                colour=theme.text,
                font=chat_font(10.5),
            )
            changed = True
        if shown is None or message.footer != shown.footer:
            self.bubble.footer.setVisible(bool(message.footer))
            self.bubble.footer.set_html(
                _literal_html(message.footer), colour=theme.secondary, font=chat_font(9)
            )
            changed = True
        if shown is None or message.buttons != shown.buttons:
            self._show_buttons([button.title for button in message.buttons])
            changed = True
        self.bubble.time.refresh()  # the time of day as the message changes
        if not changed:
            return  # e.g. only the recipient changed: nothing here to redo
        self._lay_out_now()
        self.setAccessibleDescription(self.plain_text())

    def _lay_out_now(self) -> None:
        """Lay out now rather than over several event-loop passes, so no frame ever shows
        text spilling out of a bubble that has not grown yet, or parts drawn over parts."""
        bubble_layout, canvas_layout = self.bubble.layout(), self._canvas.layout()
        if bubble_layout is None or canvas_layout is None or not self.isVisible():
            return  # not shown: laid out as it is (showEvent)
        bubble_layout.activate()
        # The scroll area makes the canvas taller only when its posted layout request
        # comes: until then the canvas's layout squeezed a taller bubble into the old
        # height, and its parts, which cannot shrink, overlapped.
        canvas = self._canvas
        needed = canvas.minimumSizeHint().height()
        if canvas.height() < needed:
            canvas.resize(canvas.width(), needed)
        canvas_layout.activate()

    def _show_buttons(self, titles: list[str]) -> None:
        # Cards are reused, not rebuilt, so typing a title does not make the chat flicker.
        while len(self._cards) < len(titles):
            card = ReplyButtonCard("", self._theme, self._canvas)
            self._cards.append(card)
            self._buttons.addWidget(card)
        for index, card in enumerate(self._cards):
            visible = index < len(titles)
            if card.isVisibleTo(self) != visible:  # a card shown early is laid out twice
                card.setVisible(visible)
            if visible:
                card.set_title(titles[index], self._theme)

    def set_header_note(self, note: str) -> None:
        """What the header line says about the picture beyond its name (its metadata
        removed on upload); not drawn in the bubble, which shows what the phone shows."""
        if note != self._header_note:
            self._header_note = note
            if self._drawn and not self._nothing:
                self.setAccessibleDescription(self.plain_text())

    def plain_text(self) -> str:
        """What the preview shows, as text: header, body, footer, button titles."""
        message = self._message
        lines: list[str] = []
        header = message.header
        if header.kind is HeaderKind.TEXT:
            lines.append(header.text)
        elif header.kind.is_media:
            note = f" · {self._header_note}" if self._header_note else ""
            lines.append(f"[{header.kind.value}: {self.bubble.media.caption}{note}]")
        lines.append(markup.to_plain(self._body_blocks))
        if message.footer:
            lines.append(message.footer)
        lines.extend(f"[{button.title}]" for button in message.buttons)
        return "\n".join(lines)
