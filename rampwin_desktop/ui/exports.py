"""Edit › Copy as cURL and Copy JSON: the message as a command or a request body, on the
clipboard. The key is never written out: the command reads it from ``$RAMPWIN_API_KEY``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication

from rampwin_desktop.api import curl
from rampwin_desktop.api.errors import ConfigurationError
from rampwin_desktop.core import draft, payload
from rampwin_desktop.core.validation import errors, validate

if TYPE_CHECKING:
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
        QGuiApplication.clipboard().setText(curl.curl_command(message, address))
        self.status.emit(
            self.tr("Copied the curl command; it reads the key from $RAMPWIN_API_KEY.")
        )

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
