"""Edit › Copy as cURL, Copy as Python, Copy as JavaScript and Copy JSON: the message as
commands, a script or a request body, on the clipboard. The key is never written out: the
commands and scripts read it from ``$RAMPWIN_API_KEY``.

A header picture on this computer is written out as the app would upload it: the copy
without location and camera data (``app/header_files.for_export``), made off the GUI thread
(reading a large photo takes a while); the copy lands on the clipboard when it is ready, and
the status bar says so. One copy is prepared at a time. What the status bar says is short
enough to be read whole at the window's default width (1100 px)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication

from rampwin_desktop.api import code_export, curl
from rampwin_desktop.api.errors import ConfigurationError
from rampwin_desktop.app import header_files
from rampwin_desktop.core import draft, payload
from rampwin_desktop.core.validation import errors, validate
from rampwin_desktop.core.variables import unescaped
from rampwin_desktop.ui.background import BackgroundTask

if TYPE_CHECKING:
    from rampwin_desktop.core.model import Message
    from rampwin_desktop.ui.account import Account
    from rampwin_desktop.ui.composer import ComposerForm


class Writer(Protocol):
    def __call__(self, message: Message, base_url: str, *, original: Path | None = None) -> str:
        """The message as commands or a script; ``original``: see api/request_plan.py."""
        ...


Pending = tuple[Writer, "Message", str, str]  # write, the message, the address, what to say


class Exports(QObject):
    status = Signal(str)  # what was copied, or why not, for the status bar

    def __init__(self, composer: ComposerForm, account: Account, parent: QObject) -> None:
        super().__init__(parent)
        self.composer = composer
        self.account = account
        self._preparing: BackgroundTask | None = None
        self._pending: Pending | None = None

    @Slot()
    def copy_curl(self) -> None:
        self._copy_code(
            curl.curl_command,
            self.tr("Copied the curl command (key from $RAMPWIN_API_KEY)."),
        )

    @Slot()
    def copy_python(self) -> None:
        self._copy_code(
            code_export.python_script,
            self.tr("Copied the Python script (requests, key from $RAMPWIN_API_KEY)."),
        )

    @Slot()
    def copy_javascript(self) -> None:
        self._copy_code(
            code_export.javascript_script,
            self.tr("Copied the JavaScript (Node.js fetch, key from $RAMPWIN_API_KEY)."),
        )

    def _copy_code(self, write: Writer, done: str) -> None:
        """The message as code from ``write`` on the clipboard, if it is valid and the
        address is usable (else why not, in the status bar); with a local header file, once
        the file the app would upload is known (off the GUI thread)."""
        if self._preparing is not None:
            self.status.emit(self.tr("Still preparing the last copy…"))
            return
        message = self.composer.message()
        found = errors(validate(message))
        if found:
            self.status.emit(self.tr("Fix the message first: %1").replace("%1", found[0].message))
            return
        message = unescaped(message)  # as a send sends it: "\\{{" goes out as "{{"
        done += self._sandbox_key()
        try:
            address = self.account.base_url()
        except ConfigurationError as exc:  # e.g. plain http:// would carry the key in clear
            self.status.emit(self.tr("Fix the address first: %1").replace("%1", str(exc)))
            return
        if draft.local_header_file(message) is None:
            QGuiApplication.clipboard().setText(write(message, address))
            self.status.emit(done)
            return
        settings = self.account.profiles.settings
        self._pending = (write, message, address, done)
        self._preparing = task = BackgroundTask(
            lambda: header_files.for_export(message, keep_metadata=settings.keep_metadata()),
            self,
        )
        task.succeeded.connect(self._on_prepared)
        task.failed.connect(self._on_failed)
        self.status.emit(self.tr("Preparing the header picture for the copy…"))
        task.start()

    def _sandbox_key(self) -> str:
        """On the built-in sandbox, the key it accepts (a test key made for this session,
        shown nowhere else), so that the copy can be run against it; else ""."""
        sandbox = self.account.sandbox_credentials()
        if sandbox is None:
            return ""
        said = self.tr(" The built-in sandbox accepts RAMPWIN_API_KEY=%1 while the app runs.")
        return said.replace("%1", sandbox.api_key)

    @Slot(object)
    def _on_prepared(self, result: object) -> None:
        pending = self._finish()
        if pending is None or not isinstance(result, header_files.ExportHeader):
            return
        write, _, address, done = pending
        text = write(result.message, address, original=result.original)
        QGuiApplication.clipboard().setText(text)
        if result.original is not None:
            done += " " + self.tr("Picture: a copy of %1 without location or camera data.").replace(
                "%1", result.original.name
            )
        elif result.problem:
            done += " " + self._not_cleaned(result.problem)
        self.status.emit(done)

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        """Something unforeseen: the copy names the header file as it is, and says why."""
        pending = self._finish()
        if pending is None:
            return
        write, message, address, done = pending
        QGuiApplication.clipboard().setText(write(message, address))
        self.status.emit(done + " " + self._not_cleaned(str(error)))

    def _not_cleaned(self, why: str) -> str:
        return self.tr("Picture not cleaned (%1): it names the file as it is.").replace("%1", why)

    def _finish(self) -> Pending | None:
        task, self._preparing = self._preparing, None
        if task is not None:
            task.deleteLater()
        pending, self._pending = self._pending, None
        return pending

    def stop(self) -> None:
        """Let a header picture being prepared finish (the window is closing)."""
        if self._preparing is not None:
            self._preparing.wait(30_000)

    @Slot()
    def copy_json(self) -> None:
        message = self.composer.message()
        valid = not errors(validate(message))
        data = payload.send_body(unescaped(message)) if valid else draft.draft_dict(message)
        QGuiApplication.clipboard().setText(json.dumps(data, ensure_ascii=False, indent=2))
        self.status.emit(
            self.tr("Copied the request body.")
            if valid
            else self.tr("Copied the draft JSON (the message still has problems).")
        )
