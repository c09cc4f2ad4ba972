"""History's "Send again…": the attempt's message back in the form, then, once the user
says yes, sent as Send sends it (from the current profile).

"Open as draft" stops after the first step, for a message to change before sending.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from rampwin_desktop.ui import dialogs

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from rampwin_desktop.storage.history import Attempt
    from rampwin_desktop.ui.account import Account
    from rampwin_desktop.ui.drafts import DraftFiles
    from rampwin_desktop.ui.send_bar import SendBar


class SendAgain(QObject):
    def __init__(
        self, window: QMainWindow, account: Account, drafts: DraftFiles, send_bar: SendBar
    ) -> None:
        super().__init__(window)
        self.window = window
        self.account = account
        self.drafts = drafts
        self.send_bar = send_bar

    @Slot(object)
    def run(self, attempt: Attempt) -> None:
        if not self.drafts.open_attempt(attempt):
            return
        if not self.send_bar.send_button.isEnabled():  # said before any question
            dialogs.warn(
                self.window,
                self.tr("Send again"),
                self.tr("This message cannot be sent as it is: the form shows what to fix."),
            )
            return
        profile = self.account.profile.name
        question = self.tr("Send this message again to %1, from the profile “%2”?")
        to = "+" + attempt.recipient if attempt.recipient.isdigit() else attempt.recipient
        question = question.replace("%1", to).replace("%2", profile)
        if attempt.profile and attempt.profile != profile:
            question += " " + self.tr("It was sent from “%1” before.").replace(
                "%1", attempt.profile
            )
        answer = dialogs.ask(
            self.window,
            self.tr("Send again"),
            question,
            (dialogs.Answer.YES, dialogs.Answer.NO),
            dialogs.Answer.NO,  # as every question before a send: Enter sends nothing
        )
        if answer is dialogs.Answer.YES:  # else it stays in the form, as "Open as draft" leaves it
            self.send_bar.send_button.click()
