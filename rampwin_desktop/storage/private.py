"""The app's own files are the user's alone: files 0600, folders 0700 (on POSIX).

They hold phone numbers, message bodies and the log. Each is created with its mode given
explicitly (``os.open(..., 0o600)``, ``mkdir`` then ``chmod``, since ``mkdir``'s mode is
masked by the umask), never by changing the process umask: that would also change the
drafts the user saves, which are the user's documents in a folder the user chose and keep
the user's umask. :func:`tighten_tree` fixes files an older version left readable by all.
On Windows the folders are already the user's (ACLs), and nothing here changes anything.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from pathlib import Path

POSIX = os.name == "posix"
FILE_MODE = 0o600
FOLDER_MODE = 0o700

log = logging.getLogger(__name__)


def private_folder(path: Path) -> Path:
    """``path`` as a folder, made (with its missing parents) 0700 when it is missing."""
    path = Path(path)
    if path.is_dir():
        return path
    if path.parent != path and not path.parent.is_dir():
        private_folder(path.parent)
    try:
        path.mkdir(mode=FOLDER_MODE)
    except FileExistsError:
        if not path.is_dir():
            raise
        return path  # made meanwhile, by another process: it made it private
    _set_mode(path, FOLDER_MODE)
    return path


def opener(path: str, flags: int) -> int:
    """For ``open(..., opener=opener)``: a new file is made 0600, an existing one becomes 0600."""
    descriptor = os.open(path, flags, FILE_MODE)
    if POSIX:
        try:
            if stat.S_IMODE(os.fstat(descriptor).st_mode) != FILE_MODE:
                os.fchmod(descriptor, FILE_MODE)
        except OSError:
            os.close(descriptor)
            raise
    return descriptor


def create_file(path: Path) -> Path:
    """``path`` as an existing 0600 file (empty when new), for a writer that opens files
    itself (SQLite, Qt's image writer): those keep the mode of a file that exists."""
    os.close(opener(str(path), os.O_WRONLY | os.O_CREAT))
    return Path(path)


def tighten(path: Path) -> bool:
    """Make one file 0600 or one folder 0700 if it is not; whether it changed. Symbolic
    links (and what they point to) and files of other users are left alone."""
    if not POSIX:
        return False
    try:
        info = os.lstat(path)
        if stat.S_ISDIR(info.st_mode):
            wanted = FOLDER_MODE
        elif stat.S_ISREG(info.st_mode):
            wanted = FILE_MODE
        else:
            return False
        if stat.S_IMODE(info.st_mode) == wanted or info.st_uid != os.geteuid():
            return False
        os.chmod(path, wanted, follow_symlinks=False)
    except FileNotFoundError:  # gone since it was listed: a file written whole, renamed
        return False
    except (OSError, NotImplementedError) as exc:
        log.warning("could not make %s private: %s", path, exc)
        return False
    return True


def tighten_tree(root: Path) -> list[Path]:
    """Make ``root``, every folder under it 0700 and every file 0600; what changed. A
    missing ``root`` is not made."""
    if not POSIX or not Path(root).is_dir():
        return []
    changed = [Path(root)] if tighten(Path(root)) else []
    for folder, folders, files in os.walk(root, followlinks=False):
        for name in (*folders, *files):
            path = Path(folder, name)
            if tighten(path):
                changed.append(path)
    return changed


def _set_mode(path: Path, mode: int) -> None:
    if POSIX:
        with contextlib.suppress(OSError):
            os.chmod(path, mode)
