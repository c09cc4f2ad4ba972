"""Uploaded header files, remembered by content hash so the same image is not uploaded twice.

Rampwin does not say how long an uploaded URL lives, so entries carry the time they were
obtained and expire (7 days by default); "re-upload" ignores the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from rampwin_desktop.storage import paths
from rampwin_desktop.storage.atomic import set_aside, write_text_atomically
from rampwin_desktop.storage.private import private_folder

MAX_AGE_SECONDS = 7 * 24 * 3600


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class CachedUpload:
    url: str
    obtained_at: float


class UploadCache:
    def __init__(self, path: Path, *, max_age: float = MAX_AGE_SECONDS) -> None:
        self.path = Path(path)
        self.max_age = max_age
        self._lock = threading.Lock()

    def lookup(self, digest: str, base_url: str) -> CachedUpload | None:
        with self._lock:
            entry = self._read().get(_key(digest, base_url))
        if not isinstance(entry, dict):
            return None
        url, obtained = entry.get("url"), entry.get("obtained_at")
        if not isinstance(url, str) or not isinstance(obtained, int | float):
            return None
        if time.time() - obtained > self.max_age:
            return None
        return CachedUpload(url, float(obtained))

    def store(self, digest: str, base_url: str, url: str) -> None:
        with self._lock:
            entries = self._read()
            entries[_key(digest, base_url)] = {"url": url, "obtained_at": time.time()}
            private_folder(self.path.parent)
            write_text_atomically(self.path, json.dumps(entries, indent=1))

    def forget(self, digest: str, base_url: str) -> None:
        """The link is no good (the server refused it): the next send uploads again."""
        with self._lock:
            entries = self._read()
            if entries.pop(_key(digest, base_url), None) is not None:
                write_text_atomically(self.path, json.dumps(entries, indent=1))

    def _read(self) -> dict[str, object]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            self._move_aside()
            return {}
        return data if isinstance(data, dict) else {}

    def _move_aside(self) -> None:
        with contextlib.suppress(OSError):
            set_aside(self.path)


def open_upload_cache() -> UploadCache:
    return UploadCache(paths.upload_cache_file())


def _key(digest: str, base_url: str) -> str:
    """An entry's key: the same picture uploaded to another server is another entry."""
    return f"{base_url}|{digest}"
