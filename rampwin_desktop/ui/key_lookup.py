"""Does a profile have an API key? Asked of the keyring off the GUI thread.

The first keyring call imports every keyring backend and, with a Secret Service, makes a
D-Bus round trip: 100-200 ms that would otherwise freeze the window just after it
appears. The answer comes back as ``answered`` (queued to the receiver's thread).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QThread, Signal

from rampwin_desktop.keystore import KeyringUnavailableError, Secret, read

log = logging.getLogger(__name__)

BROKEN_KEYRING = (
    "The system keyring could not be read (the log has the details), so the API key "
    "cannot be stored."
)


class KeyLookup(QThread):
    answered = Signal(bool, str)  # (a key is stored, why the keyring is unusable or "")

    def __init__(self, profile: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self.found = False
        self.unavailable = ""

    def run(self) -> None:
        try:
            self.found = read(Secret.API_KEY, self.profile) is not None
        except KeyringUnavailableError as exc:
            self.unavailable = str(exc)
        except Exception:  # a broken backend must still answer, or start-up never ends
            log.exception("reading the keyring failed")
            self.unavailable = BROKEN_KEYRING
        self.answered.emit(self.found, self.unavailable)
