"""Draft files on disk: written whole or not at all. (Their format: core/draft.py.)"""

from __future__ import annotations

from pathlib import Path

from rampwin_desktop.core.draft import dumps_draft
from rampwin_desktop.core.model import Message
from rampwin_desktop.storage.atomic import write_text_atomically


def save_draft(path: Path, message: Message) -> None:
    """Write ``message`` to ``path``; header files beside it are written as relative paths.

    A draft is the user's document, in the folder the user chose: it gets the user's umask
    (or keeps its mode), not the 0600 of the app's own files."""
    path = Path(path)
    text = dumps_draft(message, base_dir=path.parent.resolve())
    write_text_atomically(path, text, private=False)
