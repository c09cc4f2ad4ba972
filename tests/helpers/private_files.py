"""The app's folders as another user would see them: which files and folders are not the
owner's alone (files 0600, folders 0700), and a tree left readable by all to start from."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def not_private(root: Path) -> list[str]:
    """Each file under ``root`` that is not 0600 and each folder (``root`` too) not 0700,
    with its mode; symbolic links are not followed."""
    found = []
    for path in [root, *root.rglob("*")]:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            continue
        wanted = 0o700 if stat.S_ISDIR(info.st_mode) else 0o600
        if stat.S_IMODE(info.st_mode) != wanted:
            found.append(f"{path.relative_to(root)} {stat.S_IMODE(info.st_mode):o}")
    return found


def left_readable(root: Path, files: list[str]) -> list[Path]:
    """``files`` (relative to ``root``) made 0644 in folders made 0755, as versions before
    this one left them; returns their paths."""
    made = []
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"919999999999 Hello")
        path.chmod(0o644)
        made.append(path)
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        folder.chmod(0o755)
    return made


@contextmanager
def umask(value: int) -> Iterator[None]:
    """The process umask set to ``value`` for a block (subprocesses inherit it)."""
    previous = os.umask(value)
    try:
        yield
    finally:
        os.umask(previous)
