"""Recovery files: the message being written, so a crash or ``kill -9`` loses almost nothing.

Each window has its own, ``<pid>-<random>.json`` in the recovery folder, and holds the lock
of ``<same name>.lock`` from its first write until it closes (``WindowRecovery``). The window
writes it shortly after each change (``ui/recovery.py`` debounces); a clean exit removes it
and nothing else. A file whose lock is free was left by a window that is gone (killed,
crashed): a starting window offers those (``claim_orphan``), never a file whose window is
still open, so several windows on one folder neither overwrite nor delete each other's work.
The single ``recovery.json`` of earlier versions is offered the same way.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from rampwin_desktop.core.draft import DraftError, draft_dict, message_from_draft
from rampwin_desktop.core.model import Message
from rampwin_desktop.storage.atomic import set_aside, write_text_atomically
from rampwin_desktop.storage.file_lock import HeldLock

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recovered:
    message: Message
    saved_at: float
    draft_path: str  # the draft file the message belongs to; "" when untitled


class RecoveryFile:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def write(self, message: Message, draft_path: str) -> bool:
        """Whether it was written (a failure is logged: typing goes on)."""
        record = {"saved_at": time.time(), "draft_path": draft_path, "message": draft_dict(message)}
        try:
            write_text_atomically(self.path, json.dumps(record, ensure_ascii=False))
        except OSError as exc:
            log.warning("could not write the recovery file: %s", exc.strerror)
            return False
        return True

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


def _lock_of(path: Path) -> Path:
    return path.with_suffix(".lock")


class WindowRecovery:
    """One window's recovery file in ``folder``. Nothing is on disk until the first write."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / f"{os.getpid()}-{os.urandom(6).hex()}.json"
        self._lock: HeldLock | None = None

    def write(self, message: Message, draft_path: str) -> bool:
        if self._lock is None:  # the lock first: a file is never seen without its owner
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._lock = HeldLock.take(_lock_of(self.path))
            except OSError as exc:
                log.warning("could not lock the recovery file: %s", exc.strerror)
            if self._lock is None:
                return False
        return RecoveryFile(self.path).write(message, draft_path)

    def discard(self) -> None:
        """A clean exit: this window's file goes, and no other."""
        _remove(self.path)
        if self._lock is not None:
            self._lock.remove()
            self._lock = None


@dataclass
class Orphan:
    """A recovery file whose window is gone, locked by the window offering it, so that no
    other window offers it at the same time."""

    path: Path
    recovered: Recovered
    lock: HeldLock = field(repr=False)

    def discard(self) -> None:
        """Restored elsewhere, or not wanted: only this file goes."""
        _remove(self.path)
        self.lock.remove()

    def release(self) -> None:
        """Kept, for the next start."""
        self.lock.release()


def claim_orphan(folder: Path, legacy: Path, passed: set[Path]) -> Orphan | None:
    """The newest recovery file in ``folder`` (or the single ``legacy`` file of earlier
    versions) whose window is gone, or ``None``. Files in ``passed`` are skipped; a damaged
    one is set aside; a lock file left with no recovery file (a window killed before its
    first write) is removed."""
    found = [legacy] if legacy.is_file() else []
    if folder.is_dir():
        found += folder.glob("*.json")
        _sweep_locks(folder)
    for path in sorted(found, key=_modified, reverse=True):
        if path in passed:
            continue
        try:
            lock = HeldLock.take(_lock_of(path))
        except OSError as exc:
            log.warning("could not check the recovery file %s: %s", path.name, exc.strerror)
            continue
        if lock is None:
            continue  # its window is open
        recovered = RecoveryFile(path).pending()  # sets a damaged file aside
        if recovered is not None:
            return Orphan(path, recovered, lock)
        lock.remove()
    return None


def _sweep_locks(folder: Path) -> None:
    for path in folder.glob("*.lock"):
        if path.with_suffix(".json").exists():
            continue
        try:
            lock = HeldLock.take(path)
        except OSError:
            continue
        if lock is not None:  # else its window is open and has not written yet
            lock.remove()


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not remove the recovery file %s: %s", path.name, exc.strerror)
