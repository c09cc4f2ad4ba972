"""A history of many attempts, written fast (one transaction), for ``bench_history.py``."""

from __future__ import annotations

import random
import time
from pathlib import Path

from rampwin_desktop.storage.history import Finished, History, Outcome, json_text

PROFILES = ("default", "shop", "support", "sandbox")
OUTCOMES = [Outcome.SENT] * 90 + [Outcome.REFUSED] * 5 + [Outcome.FAILED] * 3
OUTCOMES += [Outcome.UNKNOWN, Outcome.CANCELLED]
DETAILS = {
    Outcome.SENT: "Message sent",
    Outcome.REFUSED: "Rampwin refused the message: the recipient's 24-hour window is closed",
    Outcome.FAILED: "Could not reach Rampwin: the connection was refused",
    Outcome.UNKNOWN: "No answer in 30 s: the message may have been delivered",
    Outcome.CANCELLED: "Stopped before it was sent",
}


def body(index: int, phone: str) -> dict[str, object]:
    """A body as the app records it: a button message of about 400 characters."""
    return {
        "phone_number": phone,
        "channel_id": "channel-1",
        "hide_from_chat": False,
        "interactive": {
            "type": "button",
            "header": {"type": "text", "text": f"Order A-{index:06d}"},
            "body": {"text": f"Hello Customer {index % 5000}, your order is ready for pick-up."},
            "footer": {"text": "Reply to this message"},
            "action": {
                "buttons": [
                    {"type": "reply", "reply": {"id": f"ok-{index}", "title": "OK"}},
                    {"type": "reply", "reply": {"id": "later", "title": "Later"}},
                ]
            },
        },
    }


def fill(path: Path, attempts: int, seed: int = 17) -> None:
    """Write ``attempts`` attempts, oldest first, over the last year, into a new history (as
    a batch's rows are written: ``History.add``, which also indexes their words)."""
    chance = random.Random(seed)
    history = History(path)
    start = time.time() - 365 * 86400
    rows = []
    for index in range(attempts):
        phone = f"9198{chance.randrange(10**8):08d}"
        outcome = chance.choice(OUTCOMES)
        rows.append(
            Finished(
                created_at=start + index * (365 * 86400 / attempts),
                profile=chance.choice(PROFILES),
                recipient=phone,
                body=json_text(body(index, phone)),
                header_hash="",
                outcome=outcome,
                detail=DETAILS[outcome],
                batch=f"batch-{index // 1000}" if index % 3 == 0 else "",
            )
        )
    history.add(rows)
    history.close()
