"""From a click on Send to the result on the send bar: checks, the send thread, the banner."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from rampwin_desktop.api.errors import AuthenticationError, RampwinError
from rampwin_desktop.app import profiles as profile_rules
from rampwin_desktop.app.credentials import MissingKeyError
from rampwin_desktop.app.defaults import home_region, region_for
from rampwin_desktop.core import draft  # at the first send (ui/boot.py, LATER)
from rampwin_desktop.core.model import Message
from rampwin_desktop.core.phone import parse_phone_number
from rampwin_desktop.core.validation import errors, validate
from rampwin_desktop.ui import own_number_dialog, send_thread, send_worker

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from rampwin_desktop.api.contract import RetryPolicy, Timeouts
    from rampwin_desktop.app.sending import Sent
    from rampwin_desktop.storage.history import History
    from rampwin_desktop.ui.account import Account
    from rampwin_desktop.ui.send_bar import SendBar


class SendPresenter(QObject):
    """Owns the path of one send. Every slot here runs in the GUI thread."""

    finished = Signal(bool)  # True when the message was sent; the send thread has ended
    needs_key = Signal()  # the profile has no API key: Settings should ask for one

    def __init__(self, account: Account, history: History, bar: SendBar, window: QWidget) -> None:
        super().__init__(window)
        self.account = account
        self.history = history
        self.bar = bar
        self.window = window
        self.force_upload = False  # Edit › Re-upload the header on the next send
        self.timeouts: Timeouts | None = None  # None: the client's defaults; tests shorten them
        self.retry: RetryPolicy | None = None
        # Whether the user lets this message's header file go (``DraftFiles.confirm_header_file``).
        self.confirm_header_file: Callable[[Message], bool] = lambda _message: True
        self._what = ""
        self._file_name = ""  # the header file the send in progress uploads
        self._to = ""  # who the send in progress goes to, as the banner says it
        self._composed: Message | None = None  # the form's message the send started from
        self._sent = False  # how the send that is ending went
        self._key_missing = False
        self._controller: send_thread.SendController | None = None

    @property
    def controller(self) -> send_thread.SendController:
        """The send thread's owner, made for the first send."""
        if self._controller is None:
            stores = send_worker.Stores(self.account.secrets, self.account.profiles, self.history)
            controller = send_thread.SendController(stores, self)
            controller.stage_changed.connect(self._on_stage)
            controller.progress_changed.connect(self._on_progress)
            controller.succeeded.connect(self._on_succeeded)
            controller.failed.connect(self._on_failed)
            controller.running_changed.connect(self._on_running)
            self.bar.cancel_requested.connect(controller.cancel)
            self._controller = controller
        return self._controller

    @property
    def running(self) -> bool:
        return self._controller is not None and self._controller.running

    def send(self, message: Message, *, to_self: bool = False) -> bool:
        """Start sending; False (with the reason shown) when it cannot start."""
        if self.running:
            return False
        self._composed = message  # what the result will be about
        if to_self:
            own = self._own_number()
            if not own:
                return False
            message = message.with_changes(recipient=own)
        region = region_for(message, self.account.profile, self.account.system_locale())
        server = self.account.destination()
        problems = errors(validate(message, home_region=region, server=server))
        if problems:
            self.bar.banner.show_failure(RampwinError(problems[0].message))
            return False
        if not self.confirm_header_file(message):
            return False
        path = draft.local_header_file(message)
        self._what = message.header.kind.value if path is not None else ""
        number = parse_phone_number(message.recipient).e164  # valid: checked above
        self._to = (self.tr("to your number, %1") if to_self else self.tr("to %1")).replace(
            "%1", number
        )
        self._file_name = path.name if path is not None else ""
        self.controller.start(
            send_worker.SendRequest(
                message=message,
                profile=self.account.profile,
                credentials=self.account.sandbox_credentials(),
                force_upload=self.force_upload,
                timeouts=self.timeouts,
                retry=self.retry,
            )
        )
        return True

    def cancel(self) -> None:
        """Stop the send in progress as soon as it can be (a message already on its way
        cannot be called back); ``finished`` follows."""
        if self._controller is not None:
            self._controller.cancel()

    def _own_number(self) -> str:
        """The profile's own number; asked for (and remembered for the profile) the first time."""
        profile = self.account.profile
        if profile.own_number:
            return profile.own_number
        home = home_region(profile, self.account.system_locale())
        dialog = own_number_dialog.OwnNumberDialog(profile.name, self.window, home)
        if dialog.exec() != dialog.DialogCode.Accepted:
            return ""
        try:
            self.account.save_own_number(dialog.digits)
        except profile_rules.ProfileError as exc:
            self.bar.banner.show_failure(RampwinError(str(exc)))
            return ""
        return dialog.digits

    # ------------------------------------------------------------------ worker reports

    @Slot(bool)
    def _on_running(self, running: bool) -> None:
        self.bar.set_sending(running, self._file_name)
        if running:
            self.bar.banner.hide()
            self._sent = self._key_missing = False
            return
        # The thread has ended: whoever hears ``finished`` may close the window or send again.
        self.finished.emit(self._sent)
        if self._key_missing:
            self.needs_key.emit()

    @Slot(str)
    def _on_stage(self, stage: str) -> None:
        self.bar.set_stage(stage, self._what)

    @Slot(int, int)
    def _on_progress(self, sent: int, total: int) -> None:
        self.bar.set_progress(sent, total, self._what)

    @Slot(object)
    def _on_succeeded(self, sent: Sent) -> None:
        note = self.tr(" — header reused from an earlier upload") if sent.reused_upload else ""
        self.bar.banner.show_success(
            f"{sent.result.message} ({self._to})", note=note, about=self._composed
        )
        self.force_upload = False
        self._sent = True

    @Slot(object)
    def _on_failed(self, error: RampwinError) -> None:
        self._key_missing = isinstance(error, MissingKeyError)  # Settings opens next
        if isinstance(error, MissingKeyError):  # its own words name the command line's ways
            said = self.tr("No API key is stored for the profile “%1”: add it in Settings.")
            said = f"{said.replace('%1', error.profile)} {self.tr('Nothing was sent.')}"
            error = AuthenticationError(f"{error.why} {said}" if error.why else said)
        self.bar.banner.show_failure(error)
