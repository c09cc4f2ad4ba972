"""Header pictures the app made (fitted, or without metadata), kept by their content.

Each lives in the data folder's ``fitted/`` in a folder named by its SHA-256, under the
user's own file name (``fitted/<sha256>/holiday.jpg``): the folder comes from the content,
so the same result is stored once per name whoever made it (the window, ``send``, a batch)
and a path never points to other content; the name is the one the user knows, shown in
the picker and the draft, and sent with the upload. Earlier versions kept
``fitted/<sha256>.jpg``; those still count as fitted. Written whole and private (0600);
the user's own file is never touched.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from rampwin_desktop.storage import paths
from rampwin_desktop.storage.atomic import write_bytes_atomically
from rampwin_desktop.storage.private import private_folder


@dataclass(frozen=True)
class Stored:
    path: Path
    digest: str  # SHA-256 of the content, as storage/upload_cache.file_digest gives it


MAX_STEM = 100  # characters of the user's name kept
MAX_STEM_BYTES = 200  # and UTF-8 bytes: file systems count bytes (ext4: 255 a name)
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')  # not in a name on any system
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10))}
_RESERVED |= {f"LPT{n}" for n in range(10)}  # Windows refuses these as names, any type


def readable_stem(name: str) -> str:
    """The user's file name (without its type) made safe as a file name everywhere:
    separators and control characters replaced, shortened; "picture" when nothing is left."""
    stem = _UNSAFE.sub("_", Path(name).stem).strip(" .")[:MAX_STEM]
    while len(stem.encode("utf-8", "surrogatepass")) > MAX_STEM_BYTES:
        stem = stem[:-1]
    stem = stem.strip(" .")
    if stem.split(".")[0].upper() in _RESERVED:
        stem = f"_{stem}"
    return stem or "picture"


def location(data: bytes, suffix: str, name: str = "", folder: Path | None = None) -> Path:
    """Where ``data`` is (or would be) kept: ``<sha256>/<name's stem><suffix>``. Creates
    nothing (a dry run asks it)."""
    digest = hashlib.sha256(data).hexdigest()
    where = folder if folder is not None else paths.own_picture_folders()[0]
    return where / digest / f"{readable_stem(name)}{suffix}"


def store(data: bytes, suffix: str, name: str = "", folder: Path | None = None) -> Stored:
    """Keep ``data`` as ``<sha256>/<name's stem><suffix>`` (once: an existing copy is
    reused); ``name`` is the user's file it was made from."""
    base = private_folder(folder) if folder is not None else paths.fitted_images_dir()
    target = location(data, suffix, name, base)
    private_folder(target.parent)
    digest = target.parent.name
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
        return Path(path).resolve().is_relative_to(paths.fitted_images_dir().resolve())
    except OSError:
        return False
