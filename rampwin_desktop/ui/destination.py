"""Who receives it: the recipient (normalised on leaving the field) and the channel."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from rampwin_desktop.core.phone import PhoneNumberError, parse_phone_number
from rampwin_desktop.ui import palette
from rampwin_desktop.ui.fields import ProblemLabel


class DestinationForm(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recipient = QLineEdit(self)
        self.recipient.setObjectName("recipientEdit")
        self.recipient.setAccessibleName(self.tr("Recipient phone number"))
        # No example here: the line under the field gives one from home.
        self.recipient.setPlaceholderText(self.tr("The number, with its country code"))
        self.country = QLabel(self)
        self.country.setObjectName("recipientCountryLabel")
        palette.shade(self.country, "muted")
        self.recipient_problem = ProblemLabel(self)
        self.channel = QLineEdit(self)
        self.channel.setObjectName("channelEdit")
        self.channel.setAccessibleName(self.tr("Channel id"))
        self.channel.setPlaceholderText(self.tr("Your WhatsApp channel id"))
        self.channel_problem = ProblemLabel(self)
        self.hide_from_chat = QCheckBox(self.tr("Hide from chat"), self)
        self.hide_from_chat.setObjectName("hideFromChatCheck")
        self.hide_from_chat.setToolTip(self.tr("Send hide_from_chat: true"))
        self.dont_show = QCheckBox(self.tr("Don't show in chat list"), self)
        self.dont_show.setObjectName("dontShowInChatListCheck")
        self.dont_show.setToolTip(self.tr("Send ?dontShowInChatList=true"))

        to_label = QLabel(self.tr("&To"), self)
        to_label.setBuddy(self.recipient)
        channel_label = QLabel(self.tr("Cha&nnel"), self)
        channel_label.setBuddy(self.channel)
        options = QHBoxLayout()
        options.addWidget(self.hide_from_chat)
        options.addWidget(self.dont_show)
        options.addStretch()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        grid.addWidget(to_label, 0, 0)
        grid.addWidget(self.recipient, 0, 1)
        grid.addWidget(self.country, 0, 2)
        grid.addWidget(self.recipient_problem, 1, 1, 1, 2)
        # Its first line kept, said or not: the hint, a problem and a good number take the
        # same room, and what is below does not move as a number is typed.
        grid.setRowMinimumHeight(1, self.recipient_problem.fontMetrics().lineSpacing())
        kept = self.recipient_problem.sizePolicy()
        kept.setRetainSizeWhenHidden(True)  # hidden, it keeps its row (and the spacing)
        self.recipient_problem.setSizePolicy(kept)
        grid.addWidget(channel_label, 2, 0)
        grid.addWidget(self.channel, 2, 1, 1, 2)
        grid.addWidget(self.channel_problem, 3, 1, 1, 2)
        grid.addLayout(options, 4, 1, 1, 2)
        grid.setColumnStretch(1, 1)

        self.recipient.textChanged.connect(self._on_recipient)
        self.recipient.editingFinished.connect(self.normalise_recipient)
        for signal in (
            self.channel.textChanged,
            self.hide_from_chat.toggled,
            self.dont_show.toggled,
        ):
            signal.connect(self.changed)

    def _on_recipient(self, value: str) -> None:
        try:
            number = parse_phone_number(value)
        except PhoneNumberError:
            self.country.setText("")
        else:
            name = territory_name(number.region)
            self.country.setText(f"{name} ({number.region})" if name else number.region)
        self.changed.emit()

    def normalise_recipient(self) -> None:
        """Show the number as it will be sent: ``+91 99999 99999`` becomes ``919999999999``."""
        try:
            number = parse_phone_number(self.recipient.text())
        except PhoneNumberError:
            return
        if number.digits != self.recipient.text():
            # An edit of the field's own, which Ctrl+Z takes back ("+44 7700 900777" again);
            # setText emptied its undo, and Undo went on to a reply button removed long before.
            self.recipient.selectAll()
            self.recipient.insert(number.digits)


def territory_name(region: str) -> str:
    """The country's name for a region code ("India" for "IN"), from Qt's locale data.

    (phonenumbers' geocoder has the names too, but takes ~300 ms to load.)
    """
    territory = QLocale.codeToTerritory(region) if len(region) == 2 else None
    if territory is None or territory == QLocale.Country.AnyTerritory:
        return ""
    return QLocale.territoryToString(territory)
