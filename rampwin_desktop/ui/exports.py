"""Edit › Copy as cURL, Copy as Python, Copy as JavaScript and Copy JSON: the message as
commands, a script or a request body, on the clipboard. The key is never written out: the
commands and scripts read it from ``$RAMPWIN_API_KEY``."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication

from rampwin_desktop.api import code_export, curl
from rampwin_desktop.api.errors import ConfigurationError
from rampwin_desktop.core import draft, payload
from rampwin_desktop.core.validation import errors, validate

if TYPE_CHECKING:
    from rampwin_desktop.core.model import Message
    from rampwin_desktop.ui.account import Account
    from rampwin_desktop.ui.composer import ComposerForm


class Exports(QObject):
    status = Signal(str)  # what was copied, or why not, for the status bar

    def __init__(self, composer: ComposerForm, account: Account, parent: QObject) -> None:
        super().__init__(parent)
        self.composer = composer
        self.account = account

    @Slot()
    def copy_curl(self) -> None:
        self._copy_code(
            curl.curl_command,
            self.tr("Copied the curl command; it reads the key from $RAMPWIN_API_KEY."),
        )

    @Slot()
    def copy_python(self) -> None:
        self._copy_code(
            code_export.python_script,
            self.tr("Copied a Python script (requests); it reads the key from $RAMPWIN_API_KEY."),
        )

    @Slot()
    def copy_javascript(self) -> None:
        self._copy_code(
            code_export.javascript_script,
            self.tr(
                "Copied a JavaScript script (Node.js fetch); it reads the key from "
                "$RAMPWIN_API_KEY."
            ),
        )

    def _copy_code(self, write: Callable[[Message, str], str], done: str) -> None:
        """The message as code from ``write`` on the clipboard, if it is valid and the
        address is usable (else why not, in the status bar)."""
        message = self.composer.message()
        found = errors(validate(message))
        if found:
            self.status.emit(self.tr("Fix the message first: %1").replace("%1", found[0].message))
            return
        try:
            address = self.account.base_url()
        except ConfigurationError as exc:  # e.g. plain http:// would carry the key in clear
            self.status.emit(self.tr("Fix the address first: %1").replace("%1", str(exc)))
            return
        QGuiApplication.clipboard().setText(write(message, address))
        self.status.emit(done)

    @Slot()
    def copy_json(self) -> None:
        message = self.composer.message()
        valid = not errors(validate(message))
        data = payload.send_body(message) if valid else draft.draft_dict(message)
        QGuiApplication.clipboard().setText(json.dumps(data, ensure_ascii=False, indent=2))
        self.status.emit(
            self.tr("Copied the request body.")
            if valid
            else self.tr("Copied the draft JSON (the message still has problems).")
        )
