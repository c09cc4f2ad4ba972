"""Header pictures the app made (fitted, or without metadata), kept by their content.

Each lives in the data folder's ``fitted/`` under a name from its SHA-256: the same result
is stored once, whoever made it (the window, ``send``, a batch), and a name never points to
other content. Written whole and private (0600); the user's own file is never touched.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rampwin_desktop.storage import paths
from rampwin_desktop.storage.atomic import write_bytes_atomically
from rampwin_desktop.storage.private import private_folder


@dataclass(frozen=True)
class Stored:
    path: Path
    digest: str  # SHA-256 of the content, as storage/upload_cache.file_digest gives it


def store(data: bytes, suffix: str, folder: Path | None = None) -> Stored:
    """Keep ``data`` as ``<sha256><suffix>`` (once: an existing copy is reused)."""
    digest = hashlib.sha256(data).hexdigest()
    where = private_folder(folder) if folder is not None else paths.fitted_images_dir()
    target = where / f"{digest}{suffix}"
    try:
        if target.stat().st_size == len(data):
            return Stored(target, digest)
    except FileNotFoundError:
        pass
    write_bytes_atomically(target, data)
    return Stored(target, digest)


def is_fitted(path: Path) -> bool:
    """Whether ``path`` is one of the pictures kept here (already fitted and clean)."""
    try:
        return Path(path).resolve().parent == paths.fitted_images_dir().resolve()
    except OSError:
        return False
