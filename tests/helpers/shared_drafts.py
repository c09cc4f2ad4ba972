"""A draft as someone else may send one: their number, and a photo header that names a file
somewhere on this computer (issue 16: one click uploaded a private photo to them)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import media_files

THEIR_NUMBER = "447911123456"


def private_photo(home: Path) -> Path:
    """A photo of the user's, in ``home/Pictures``: outside any folder a draft arrives in."""
    (home / "Pictures").mkdir(parents=True, exist_ok=True)
    return media_files.png(home / "Pictures", "private.png", 800, 418)


def shared_draft(folder: Path, link: str, *, name: str = "offer.json") -> Path:
    """A draft in ``folder`` whose image header's ``link`` is written as given."""
    folder.mkdir(parents=True, exist_ok=True)
    body = {
        "channel_id": "channel-1",
        "phone_number": THEIR_NUMBER,
        "hide_from_chat": False,
        "interactive": {
            "type": "button",
            "header": {"type": "image", "image": {"link": link}},
            "body": {"text": "Look at this!"},
            "action": {"buttons": [{"type": "reply", "reply": {"id": "ok", "title": "OK"}}]},
        },
    }
    path = folder / name
    path.write_text(json.dumps(body, indent=2), encoding="utf-8")
    return path
