"""From a click to a result: checks, history, the worker, and what the send bar shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QInputDialog, QLineEdit

from rampwin_desktop.api.contract import RetryPolicy, Timeouts
from rampwin_desktop.api.delivery import local_header_file
from rampwin_desktop.api.errors import AuthenticationError, RampwinError, RejectedError
from rampwin_desktop.core.history import History, Outcome
from rampwin_desktop.core.model import Message
from rampwin_desktop.core.payload import send_body
from rampwin_desktop.core.phone import PhoneNumberError, parse_phone_number
from rampwin_desktop.core.validation import Severity, validate
from rampwin_desktop.ui.account import Account
from rampwin_desktop.ui.send_bar import SendBar
from rampwin_desktop.ui.send_worker import SendController, SendJob, SendOutcome

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class Sender(QObject):
    """Owns the path of one send. Every slot here runs in the GUI thread."""

    finished = Signal(bool)  # True when the message was sent
    needs_key = Signal()

    def __init__(
        self,
        account: Account,
        controller: SendController,
        history: History,
        bar: SendBar,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.account = account
        self.controller = controller
        self.history = history
        self.bar = bar
        self.window = window
        self.force_upload = False
        self.timeouts = Timeouts()  # the client's defaults; tests shorten them
        self.retry = RetryPolicy()
        self._attempt = 0
        self._what = ""
        self._body: dict[str, object] = {}
        controller.stage_changed.connect(self._on_stage)
        controller.progress_changed.connect(self._on_progress)
        controller.succeeded.connect(self._on_succeeded)
        controller.failed.connect(self._on_failed)
        controller.running_changed.connect(self._on_running)

    def send(self, message: Message, *, to_self: bool = False) -> bool:
        """Start sending; False (with the reason shown) when it cannot start."""
        if self.controller.running:
            return False
        if to_self:
            own = self._own_number()
            if not own:
                return False
            message = message.with_changes(recipient=own)
        problems = [p for p in validate(message) if p.severity is Severity.ERROR]
        if problems:
            self.bar.banner.show_failure(RampwinError(problems[0].message))
            return False
        credentials = self.account.credentials()
        if credentials is None:
            self.needs_key.emit()
            return False
        path = local_header_file(message)
        self._what = message.header.kind.value if path is not None else ""
        self.bar.summary.setText(path.name if path is not None else "")
        self._body = send_body(message)
        self._attempt = self.history.begin(
            profile=self.account.profile.name,
            recipient=self._body["phone_number"],  # type: ignore[arg-type]
            body=self._body,
        )
        self.controller.start(
            SendJob(
                message=message,
                api_key=credentials.api_key,
                base_url=credentials.base_url,
                cookie=credentials.cookie,
                force_upload=self.force_upload,
                timeouts=self.timeouts,
                retry=self.retry,
            )
        )
        return True

    def cancel(self) -> None:
        self.controller.cancel()

    def _own_number(self) -> str:
        profile = self.account.profile
        if profile.own_number:
            return profile.own_number
        text, ok = QInputDialog.getText(
            self.window,
            self.tr("Your number"),
            self.tr("Your WhatsApp number, with country code (asked once, kept in Settings):"),
            QLineEdit.EchoMode.Normal,
        )
        if not ok:
            return ""
        try:
            digits = parse_phone_number(text).digits
        except PhoneNumberError as exc:
            self.bar.banner.show_failure(RampwinError(str(exc)))
            return ""
        profile.own_number = digits
        self.account.save_profile(profile)
        return digits

    # ------------------------------------------------------------------ worker reports

    @Slot(bool)
    def _on_running(self, running: bool) -> None:
        self.bar.set_sending(running)
        if running:
            self.bar.banner.hide()

    @Slot(str)
    def _on_stage(self, stage: str) -> None:
        self.bar.set_stage(stage, self._what)

    @Slot(int, int)
    def _on_progress(self, sent: int, total: int) -> None:
        self.bar.set_progress(sent, total, self._what)

    @Slot(object)
    def _on_succeeded(self, outcome: SendOutcome) -> None:
        delivery = outcome.delivery
        body = dict(self._body)
        if delivery.media_link:
            body = send_body_with_link(self._body, delivery.media_link)
        self.history.finish(
            self._attempt,
            Outcome.SENT,
            delivery.result.message,
            body=body,
            header_hash=outcome.header_hash,
        )
        note = self.tr(" — header reused from an earlier upload") if outcome.reused_upload else ""
        self.bar.banner.show_success(delivery.result.message, note=note)
        self.force_upload = False
        self.finished.emit(True)

    @Slot(object)
    def _on_failed(self, error: RampwinError) -> None:
        if error.may_have_been_sent:
            outcome = Outcome.UNKNOWN
        elif isinstance(error, RejectedError | AuthenticationError):
            outcome = Outcome.REFUSED
        else:
            outcome = Outcome.FAILED
        self.history.finish(self._attempt, outcome, error.user_message)
        self.bar.banner.show_failure(error)
        self.finished.emit(False)


def send_body_with_link(body: dict[str, object], link: str) -> dict[str, object]:
    """The recorded body with the uploaded URL in place of the local file path."""
    interactive = dict(body["interactive"])  # type: ignore[call-overload]
    header = dict(interactive["header"])
    kind = header["type"]
    header[kind] = {**header[kind], "link": link}
    interactive["header"] = header
    return {**body, "interactive": interactive}
