"""The left side: every part of the message, each in its own widget, gathered into one form.

The form scrolls; its "Send to" box (``send_to``) is placed by the window above it, so that
the recipient and the channel are always in view."""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from rampwin_desktop.core import limits
from rampwin_desktop.core.model import Message
from rampwin_desktop.core.validation import Problem, Severity
from rampwin_desktop.ui.body_editor import BodyEditor
from rampwin_desktop.ui.buttons_editor import ButtonsEditor
from rampwin_desktop.ui.destination import DestinationForm
from rampwin_desktop.ui.fields import CountedLineEdit
from rampwin_desktop.ui.header_picker import HeaderPicker


def group(title: str, widget: QWidget, parent: QWidget) -> QGroupBox:
    box = QGroupBox(title, parent)
    inner = QVBoxLayout(box)
    inner.addWidget(widget)
    return box


SEND_TO_FIELDS = ("recipient", "channel_id")  # validation's fields of the "Send to" box


class ComposerForm(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Made in the order they are seen, which is the order Tab goes through them:
        # who receives it is placed above the rest (by the window).
        self.destination = DestinationForm(self)
        self.header = HeaderPicker(self)
        self.body = BodyEditor(self)
        self.footer = CountedLineEdit("footerEdit", limits.FOOTER_MAX, self.tr("Footer"), self)
        self.footer.edit.setPlaceholderText(self.tr("Small grey text under the body (optional)"))
        self.buttons = ButtonsEditor(self)
        self.buttons.tab_after = self.footer.edit
        self._loading = False

        column = QVBoxLayout(self)
        for title, widget, stretch in (
            (self.tr("Header"), self.header, 0),
            (self.tr("Body"), self.body, 1),  # a taller window: more room to write in
            (self.tr("Footer"), self.footer, 0),
            (self.tr("Reply buttons"), self.buttons, 0),
        ):
            column.addWidget(group(title, widget, self), stretch)
        # Who receives it stays in view above the scrolling form: the window places it.
        self.send_to = group(self.tr("Send to"), self.destination, self)
        self.send_to.setObjectName("sendToBox")

        for signal in (
            self.header.changed,
            self.body.changed,
            self.footer.textChanged,
            self.buttons.changed,
            self.destination.changed,
        ):
            signal.connect(self._emit_changed)

    def _emit_changed(self) -> None:
        if not self._loading:
            self.changed.emit()

    def message(self) -> Message:
        return Message(
            header=self.header.header(),
            body=self.body.text(),
            footer=self.footer.text(),
            buttons=self.buttons.buttons(),
            recipient=self.destination.recipient.text(),
            channel_id=self.destination.channel.text(),
            hide_from_chat=self.destination.hide_from_chat.isChecked(),
            dont_show_in_chat_list=self.destination.dont_show.isChecked(),
        )

    def set_message(self, message: Message) -> None:
        self._loading = True
        try:
            self.header.set_header(message.header)
            self.body.set_text(message.body)
            self.footer.set_text(message.footer)
            self.buttons.set_buttons(message.buttons)
            self.destination.recipient.setText(message.recipient)
            self.destination.channel.setText(message.channel_id)
            self.destination.hide_from_chat.setChecked(message.hide_from_chat)
            self.destination.dont_show.setChecked(message.dont_show_in_chat_list)
        finally:
            self._loading = False
        self.changed.emit()

    def show_problems(self, problems: list[Problem]) -> list[Problem]:
        """Each field shows its own problems; warnings show too, errors first. Returns them
        in the form's order ("Send to" is at the top), less an empty id that follows its
        empty title: typing the title fills it, so a new button was "2 problems to fix" for
        one thing to do (a newcomer's find)."""
        problems = [p for p in problems if not self._follows_title(p, problems)]
        problems.sort(key=lambda problem: problem.field not in SEND_TO_FIELDS)  # stable
        by_field: dict[str, list[Problem]] = defaultdict(list)
        for problem in problems:
            by_field[problem.field].append(problem)
        self.header.set_problems(
            by_field["header.text"] + by_field["header.link"] + by_field["header.filename"]
        )
        self.header.text_field.set_problems([])
        self.body.set_problems(by_field["body"])
        self.footer.set_problems(by_field["footer"])
        self.buttons.set_problems(by_field)
        destination = self.destination  # an empty field is prompted for, not an error yet
        empty_to = not destination.recipient.text().strip()
        empty_channel = not destination.channel.text().strip()
        destination.recipient_problem.set_problems(by_field["recipient"], prompt=empty_to)
        destination.channel_problem.set_problems(by_field["channel_id"], prompt=empty_channel)
        return problems

    def _follows_title(self, problem: Problem, problems: list[Problem]) -> bool:
        number = re.fullmatch(r"button\[(\d+)\]\.id", problem.field)
        if number is None or not 0 < int(number[1]) <= len(self.buttons.rows):
            return False
        row = self.buttons.rows[int(number[1]) - 1]
        title = f"button[{number[1]}].title"
        return (
            not row.id_edited
            and not row.id_edit.text()
            and any(other.field == title and other.severity is Severity.ERROR for other in problems)
        )

    def field_widget(self, field: str) -> QWidget:
        """The widget where the problem of ``field`` (a ``Problem.field``) is fixed; its
        problems show from now on."""
        number = re.fullmatch(r"button\[(\d+)\]\.(title|id)", field)
        if number is not None and int(number[1]) <= len(self.buttons.rows):
            row = self.buttons.rows[int(number[1]) - 1]
            if not row.touched:
                row.touched = True
                self._emit_changed()
            return row.title.edit if number[2] == "title" else row.id_edit
        widgets: dict[str, QWidget] = {
            "header.text": self.header.text_field.edit,
            "header.link": self.header.link_edit,
            "header.filename": self.header.link_edit,
            "body": self.body.edit,
            "footer": self.footer.edit,
            "buttons": self.buttons.add_button,
            "recipient": self.destination.recipient,
            "channel_id": self.destination.channel,
        }
        return widgets.get(field, self.header.kind_combo)
