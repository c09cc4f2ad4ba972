"""Autosave of the open composition, so a crash or ``kill -9`` loses at most a second of typing.

Shortly after each change (debounced) the message is written atomically to
``recovery.json`` in the config folder; a clean exit removes it; the next start offers to
restore it when it is still there.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Slot

from rampwin_desktop.core.atomic import write_text_atomically
from rampwin_desktop.core.draft import DraftError, draft_dict, message_from_draft
from rampwin_desktop.core.model import Message

log = logging.getLogger(__name__)
DEBOUNCE_MS = 700
FILE_NAME = "recovery.json"


@dataclass(frozen=True)
class Recovered:
    message: Message
    saved_at: float
    draft_path: str


class Autosave(QObject):
    def __init__(
        self,
        folder: Path,
        current: Callable[[], tuple[Message, str]],
        parent: QObject | None = None,
    ) -> None:
        """``current()`` returns the message and the draft path it belongs to ("" if untitled)."""
        super().__init__(parent)
        self.path = folder / FILE_NAME
        self._current = current
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.save_now)

    @Slot()
    def changed(self) -> None:
        self._timer.start()  # restarts: at most DEBOUNCE_MS after the last keystroke

    @Slot()
    def save_now(self) -> None:
        message, draft_path = self._current()
        record = {"saved_at": time.time(), "draft_path": draft_path, "message": draft_dict(message)}
        try:
            write_text_atomically(self.path, json.dumps(record, ensure_ascii=False))
        except OSError as exc:
            log.warning("could not write the recovery file: %s", exc.strerror)

    def discard(self) -> None:
        """A clean exit: nothing to recover."""
        self._timer.stop()
        self.path.unlink(missing_ok=True)

    def pending(self) -> Recovered | None:
        """What a previous session left behind, if anything. A corrupt file is moved aside."""
        try:
            record = json.loads(self.path.read_text(encoding="utf-8"))
            return Recovered(
                message=message_from_draft(record["message"], name="The recovery file"),
                saved_at=float(record["saved_at"]),
                draft_path=str(record.get("draft_path") or ""),
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, DraftError) as exc:
            aside = self.path.with_name(f"{FILE_NAME}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
            self.path.replace(aside)
            log.warning("moved an unreadable recovery file aside to %s: %s", aside, exc)
            return None
