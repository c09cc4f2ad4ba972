"""Draft files on disk: written whole or not at all. (Their format: core/draft.py.)"""

from __future__ import annotations

from pathlib import Path

from rampwin_desktop.core.draft import dumps_draft
from rampwin_desktop.core.model import Message
from rampwin_desktop.storage.atomic import write_text_atomically


def save_draft(path: Path, message: Message) -> None:
    """Write ``message`` to ``path``; header files beside it are written as relative paths."""
    path = Path(path)
    write_text_atomically(path, dumps_draft(message, base_dir=path.parent.resolve()))
