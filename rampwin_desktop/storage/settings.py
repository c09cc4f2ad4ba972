"""The settings file: one JSON object that the window and the command line share.

``settings.json`` in the config folder holds the profiles, the profile last used and the
window's own choices (theme, recent drafts, geometry). Never a secret: keys and cookies
live in the keyring (``keystore``). Every read comes from disk, because another process
may have written since; every write locks the file, reads it, changes it and replaces it
atomically, so two writers never lose each other's changes. A damaged file is moved aside
(``settings.json.corrupt-<time>``) and the app starts with a fresh one.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rampwin_desktop.storage import legacy, paths
from rampwin_desktop.storage.atomic import set_aside, write_text_atomically
from rampwin_desktop.storage.file_lock import locked
from rampwin_desktop.storage.private import private_folder

log = logging.getLogger(__name__)

Data = dict[str, Any]
PICTURES, KEEP_METADATA = "pictures", "keep_metadata"  # see keep_metadata()
KEY_HINTS = "keyring_has_key"  # by profile name: see profiles.ProfileStore.key_known_stored


class SettingsFile:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.moved_aside: Path | None = None  # set when a damaged file was replaced

    def read(self) -> Data:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            return self._set_aside(exc)
        return data if isinstance(data, dict) else self._set_aside("not a JSON object")

    def update(self, change: Callable[[Data], None]) -> None:
        """Apply ``change`` to the file's data and write it back, holding the lock."""
        private_folder(self.path.parent)
        with locked(self.path):
            data = self.read()
            change(data)
            text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            write_text_atomically(self.path, text)

    def section(self, name: str) -> Data:
        """``name``'s object in the file ({} when missing or not an object)."""
        value = self.read().get(name)
        return value if isinstance(value, dict) else {}

    def set_values(self, section: str, values: Data) -> None:
        """Store ``values`` in ``section``'s object (made afresh when it is not one)."""

        def change(data: Data) -> None:
            if not isinstance(data.get(section), dict):
                data[section] = {}
            data[section].update(values)

        self.update(change)

    def keep_metadata(self) -> bool:
        """Whether header pictures keep their metadata (EXIF, XMP, IPTC) when uploaded;
        False unless the user chose it: a photo's GPS position would reach every recipient."""
        return self.section(PICTURES).get(KEEP_METADATA) is True

    def set_keep_metadata(self, keep: bool) -> None:
        self.set_values(PICTURES, {KEEP_METADATA: bool(keep)})

    def _set_aside(self, why: object) -> Data:
        try:
            aside = set_aside(self.path)
        except OSError:
            log.warning("could not move the damaged settings file %s aside", self.path)
            return {}
        log.warning("moved the damaged settings file aside to %s: %s", aside, why)
        self.moved_aside = aside
        return {}


def open_settings() -> SettingsFile:
    """The settings file in the config folder; on a first start after an upgrade, the
    settings an older version kept (``settings.ini``) and its history are brought over."""
    settings = SettingsFile(paths.settings_file())
    if not settings.path.exists():
        imported = legacy.read_settings_ini(paths.config_dir())
        if imported:
            settings.update(lambda data: data.update(imported))
            legacy.copy_history(paths.history_file())
    return settings
