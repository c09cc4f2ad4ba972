"""The recovery file: the message being written, so a crash or ``kill -9`` loses almost nothing.

The window writes it shortly after each change (``ui/recovery.py`` debounces), a clean
exit removes it, and the next start offers what a previous session left behind.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from rampwin_desktop.core.draft import DraftError, draft_dict, message_from_draft
from rampwin_desktop.core.model import Message
from rampwin_desktop.storage.atomic import set_aside, write_text_atomically

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recovered:
    message: Message
    saved_at: float
    draft_path: str  # the draft file the message belongs to; "" when untitled


class RecoveryFile:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def write(self, message: Message, draft_path: str) -> None:
        record = {"saved_at": time.time(), "draft_path": draft_path, "message": draft_dict(message)}
        try:
            write_text_atomically(self.path, json.dumps(record, ensure_ascii=False))
        except OSError as exc:
            log.warning("could not write the recovery file: %s", exc.strerror)

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)

    def pending(self) -> Recovered | None:
        """What a previous session left behind, if anything. A damaged file is moved aside."""
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
            aside = set_aside(self.path)
            log.warning("moved an unreadable recovery file aside to %s: %s", aside, exc)
            return None
