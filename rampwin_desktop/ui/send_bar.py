"""Send, Send test to me, progress with Cancel, and the result of the last send.

The buttons are enabled only when the message is valid; their tooltip lists what is wrong.
"""

from __future__ import annotations

import time

from PySide6 import QtCore, QtGui
from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QProgressBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rampwin_desktop.api.errors import RampwinError
from rampwin_desktop.core import media
from rampwin_desktop.core.model import Message
from rampwin_desktop.core.validation import Problem
from rampwin_desktop.ui import boot, palette
from rampwin_desktop.ui.elided_label import ElidedLabel
from rampwin_desktop.ui.fields import EMPHASIS_WEIGHT, push_button, set_font
from rampwin_desktop.ui.rounded import RoundedPanel


class ResultBanner(RoundedPanel):
    """The outcome of the last send: its sentence, the time, and details behind a toggle."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultBanner")
        self.about: Message | None = None  # the composed message a success is about
        self.text = QLabel(self)
        self.text.setObjectName("resultText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_button = QToolButton(self)
        self.details_button.setObjectName("resultDetailsButton")
        self.details_button.setText(self.tr("Details"))
        self.details_button.setCheckable(True)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAccessibleName(self.tr("Dismiss"))
        self.details = QLabel(self)
        self.details.setObjectName("resultDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        fixed = QtGui.QFontDatabase.SystemFont.FixedFont  # the font a terminal shows
        self.details.setFont(QtGui.QFontDatabase.systemFont(fixed))
        set_font(self.details, points=8)
        self.details.hide()
        row = QHBoxLayout()
        row.addWidget(self.text, 1)
        row.addWidget(self.details_button)
        row.addWidget(self.close_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 6, 6, 6)
        column.addLayout(row)
        column.addWidget(self.details)
        self.details_button.toggled.connect(self._show_details)
        self.close_button.clicked.connect(self.hide)
        self.hide()

    def show_success(self, message: str, *, note: str = "", about: Message | None = None) -> None:
        """``about``: the composed message that was sent; once the form holds another, the
        success no longer describes it (``SendBar.message_changed``)."""
        when = time.strftime("%H:%M:%S")
        self._show(f"✓ {message} ({when}){note}", "", "success")
        self.about = about

    def show_failure(self, error: RampwinError) -> None:
        self.about = None  # a failure stays until the next send: it may need acting on
        lines = []
        if error.status is not None:
            lines.append(f"HTTP {error.status}")
        if error.server_message:
            lines.append(f"Server said: {error.server_message}")
        if error.body:
            lines.append(error.body)
        tone = "notice" if error.may_have_been_sent else "failure"
        mark = "⚠" if error.may_have_been_sent else "✕"
        when = time.strftime("%H:%M:%S")
        self._show(f"{mark} {error.user_message} ({when})", "\n".join(lines), tone)

    @Slot(bool)
    def _show_details(self, shown: bool) -> None:
        """The details, and the button saying what it does next: in the dark theme a
        pressed button looks much like one that is not."""
        self.details.setVisible(shown)
        self.details_button.setText(self.tr("Hide details") if shown else self.tr("Details"))

    def _show(self, text: str, details: str, tone: str) -> None:
        """``tone``: the background's (``palette.Tones``), its text in ``{tone}_text``."""
        self.text.setText(text)
        self.details.setText(details)
        self.details_button.setVisible(bool(details))
        self.details_button.setChecked(False)
        self.set_tones(text=f"{tone}_text", fill=tone)
        self.setAccessibleDescription(text)
        self.show()


class SendBar(QWidget):
    send_requested = Signal()
    send_test_requested = Signal()
    cancel_requested = Signal()
    problem_chosen = Signal(str)  # the ``Problem.field`` the user wants to fix

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._banner: ResultBanner | None = None
        self.summary = ElidedLabel(self)  # a long file's name never widens the window
        self.summary.setObjectName("sendSummaryLabel")
        palette.shade(self.summary, "muted")
        # "2 problems to fix": a button that lists them; choosing one goes to its field.
        self.problems_button = push_button("", self)  # with its menu's arrow, as a menu button
        self.problems_button.setObjectName("problemsButton")
        palette.shade(self.problems_button, "error")
        set_font(self.problems_button, weight=EMPHASIS_WEIGHT)
        self.problems_menu = QMenu(self.problems_button)
        self.problems_menu.setObjectName("problemsMenu")
        self.problems_menu.triggered.connect(self._on_problem_chosen)
        self.problems_button.setMenu(self.problems_menu)
        self.problems_button.hide()
        self.progress = QProgressBar(self)
        self.progress.setObjectName("sendProgressBar")
        self.progress.setTextVisible(True)
        self.progress.setMinimumWidth(300)
        self.progress.hide()
        self.cancel_button = push_button(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("cancelSendButton")
        self.cancel_button.hide()
        self.send_test_button = push_button(self.tr("Send test to me"), self)
        self.send_test_button.setObjectName("sendTestButton")
        self.send_button = push_button(self.tr("Send"), self)
        self.send_button.setObjectName("sendButton")
        self.send_button.setDefault(True)
        # Esc cancels at once. As the button's own shortcut it would click the button only
        # once its press had been shown, 100 ms later: an upload that ended meanwhile would
        # have let the message go out.
        self.cancel_action = QAction(text=self.tr("Cancel the send"), parent=self)
        self.cancel_action.setObjectName("cancelSendAction")
        boot.set_qt_properties(self.cancel_action, shortcut=QKeySequence("Esc"))
        self.cancel_action.setEnabled(False)
        self.addAction(self.cancel_action)
        boot.set_qt_properties(self.send_test_button, shortcut=QKeySequence("Ctrl+T"))
        boot.set_qt_properties(self.send_button, shortcut=QKeySequence("Ctrl+Return"))
        # The keypad's Enter too, as "Ctrl+Enter" is read (a button has one shortcut).
        self.keypad_send_action = QAction(text=self.tr("Send (the keypad's Enter)"), parent=self)
        self.keypad_send_action.setObjectName("keypadSendAction")
        boot.set_qt_properties(self.keypad_send_action, shortcut=QKeySequence("Ctrl+Enter"))
        self.keypad_send_action.triggered.connect(self.send_button.click)  # not if disabled
        self.addAction(self.keypad_send_action)
        row = QHBoxLayout()
        row.addWidget(self.problems_button)
        row.addWidget(self.summary, 1)
        row.addWidget(self.progress)
        row.addWidget(self.cancel_button)
        row.addWidget(self.send_test_button)
        row.addWidget(self.send_button)
        self._column = column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        self.send_button.clicked.connect(self.send_requested)
        self.send_test_button.clicked.connect(self.send_test_requested)
        self.cancel_button.clicked.connect(self._on_cancel)
        self.cancel_action.triggered.connect(self._on_cancel)
        self._problems: list[Problem] = []
        self._listed: list[Problem] = []  # what the problems menu lists
        self._sending = False
        self._key_missing = False  # the profile has no API key: a send would ask for it
        self._cancelling = False
        self._file = ""  # the header file being sent, said beside the bar

    @property
    def banner(self) -> ResultBanner:
        """The last send's result, above the buttons; made for the first result."""
        if self._banner is None:
            self._banner = ResultBanner(self)
            self._column.insertWidget(0, self._banner)
        return self._banner

    def message_changed(self, message: Message) -> None:
        """The form changed: a success about another message goes (a failure stays)."""
        banner = self._banner
        if banner is not None and banner.about is not None and message != banner.about:
            banner.about = None
            banner.hide()

    def clear_result(self) -> None:
        """The last send's result no longer applies (another profile or message)."""
        if self._banner is not None:
            self._banner.hide()

    @Slot(bool)
    def follow_batch(self, running: bool) -> None:
        """A list being sent: the last single send's result is old news."""
        if running:
            self.clear_result()

    def set_problems(self, problems: list[Problem]) -> None:
        """``problems``: errors only. A test to yourself does not need the recipient field."""
        self._problems = problems
        self._refresh()

    def set_key_missing(self, missing: bool) -> None:
        """Whether the profile has no API key yet (the ready message then says so)."""
        self._key_missing = missing
        self._refresh()

    def _on_cancel(self) -> None:
        """Said at once: the upload stops at its next block, or, once the whole file is
        sent, when the server answers it (nothing is sent to anyone either way)."""
        self._cancelling = True
        self._allow_cancel(False)
        uploaded = self.progress.maximum() > 0 and self.progress.value() >= self.progress.maximum()
        self._say(  # short: it fits the bar (a newcomer saw it cut in two)
            self.tr("Cancelling: waiting for the server…") if uploaded else self.tr("Cancelling…")
        )
        if uploaded:
            self.progress.setToolTip(
                self.tr(
                    "The file is uploaded: the upload ends with the server's answer, and "
                    "the message is not sent."
                )
            )
        self.cancel_requested.emit()

    def set_sending(self, sending: bool, file_name: str = "") -> None:
        """A send started (naming the header file it uploads, if any) or ended."""
        self._sending = sending
        self._cancelling = False
        if sending:
            self._file = file_name  # said beside the bar once it counts the upload's bytes
        self.progress.setVisible(sending)
        self.cancel_button.setVisible(sending)
        self._allow_cancel(sending)
        self.cancel_button.setToolTip(self.tr("Stop this send (Esc)"))
        self.progress.setToolTip("")
        if sending:
            self.progress.setRange(0, 0)  # busy until the first byte count arrives
            self._say(self.tr("Starting…"))
        self._refresh()

    def _allow_cancel(self, allowed: bool) -> None:
        self.cancel_button.setEnabled(allowed)
        self.cancel_action.setEnabled(allowed)

    def _say(self, text: str) -> None:
        """What the send is doing, in the bar; beside it too while the bar is busy (it has
        no end yet), since Qt draws no text on a busy bar (a newcomer saw an empty one)."""
        self.progress.setFormat(text)
        if self.progress.maximum() == 0:
            self.summary.setText(text)

    def set_stage(self, stage: str, what: str = "") -> None:
        if self._cancelling:
            return
        if stage == "sending":
            self.progress.setRange(0, 0)
            self._say(self.tr("Sending… (on its way: it cannot be stopped now)"))
            # Once the message is on its way it cannot be called back.
            self._allow_cancel(False)
            self.cancel_button.setToolTip(
                self.tr("The message is on its way; stopping now could not take it back.")
            )
        elif stage == "checking":
            self._say(self.tr("Checking %1…").replace("%1", what))
        else:
            self._say(self.tr("Uploading %1…").replace("%1", what))

    def set_progress(self, sent: int, total: int, what: str) -> None:
        if total <= 0 or self._cancelling:
            return
        self.progress.setRange(0, 1000)
        self.progress.setValue(int(sent * 1000 / total))
        self.summary.setText(self._file)  # the bar says how far: beside it, which file
        self.progress.setFormat(  # "31.3 KB / 31.3 KB" for a small picture, not "0.0 / 0.0 MB"
            self.tr("Uploading %1 %2 / %3")
            .replace("%1", what)
            .replace("%2", media.format_size(sent))
            .replace("%3", media.format_size(total))
        )

    def _refresh(self) -> None:
        problems = self._problems
        blocking = [p for p in problems if p.field != "recipient"]
        self.send_button.setEnabled(not problems and not self._sending)
        self.send_test_button.setEnabled(not blocking and not self._sending)
        listed = "\n".join(f"• {p.message}" for p in problems)
        self.send_button.setToolTip(
            self.tr("Send to the recipient (Ctrl+Enter)")
            if not problems
            else self.tr("Fix these first:") + "\n" + listed
        )
        self.send_test_button.setToolTip(
            self.tr("Send to your own number (Ctrl+T)")
            if not blocking
            else self.tr("Fix these first:") + "\n" + "\n".join(f"• {p.message}" for p in blocking)
        )
        count = len(problems)
        self.problems_button.setVisible(bool(count) and not self._sending)
        if count and problems != self._listed:  # called on every keystroke
            self._listed = list(problems)
            text = (
                self.tr("1 problem to fix")
                if count == 1
                else self.tr("%1 problems to fix").replace("%1", str(count))
            )
            self.problems_button.setText(text)
            self.problems_button.setToolTip(self.tr("Show each problem and go to its field"))
            self.problems_menu.clear()
            for problem in problems:
                action = self.problems_menu.addAction(problem.message)
                action.setData(problem.field)
        if not self._sending:
            ready = (
                self.tr("The message is ready; add this profile's API key in Settings to send it.")
                if self._key_missing
                else self.tr("Ready to send.")
            )
            self.summary.setText("" if count else ready)

    @Slot(QAction)
    def _on_problem_chosen(self, action: QAction) -> None:
        self.problem_chosen.emit(str(action.data()))
