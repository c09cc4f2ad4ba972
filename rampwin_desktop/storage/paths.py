"""Where the app keeps its files: settings, data (history, pasted images), cache and logs.

The operating system's per-user folders (platformdirs), unless ``RAMPWIN_DESKTOP_CONFIG_DIR``
(or ``--config-dir``) names one folder for everything: settings in it, then ``data/``,
``cache/`` and ``logs/`` under it. Portable installs and tests use that. Every function
creates its folder when missing.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from rampwin_desktop import APP_ID

ENV_CONFIG_DIR = "RAMPWIN_DESKTOP_CONFIG_DIR"
AUTHOR = "Rampwin"


def _override() -> Path | None:
    value = os.environ.get(ENV_CONFIG_DIR, "").strip()
    return Path(value).expanduser() if value else None


def _made(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    override = _override()
    return _made(override or platformdirs.user_config_path(APP_ID, AUTHOR))


def data_dir() -> Path:
    override = _override()
    return _made(override / "data" if override else platformdirs.user_data_path(APP_ID, AUTHOR))


def cache_dir() -> Path:
    override = _override()
    return _made(override / "cache" if override else platformdirs.user_cache_path(APP_ID, AUTHOR))


def log_dir() -> Path:
    override = _override()
    return _made(override / "logs" if override else platformdirs.user_log_path(APP_ID, AUTHOR))


def settings_file() -> Path:
    return config_dir() / "settings.json"


def recovery_file() -> Path:
    """The single recovery file of earlier versions, still offered once."""
    return config_dir() / "recovery.json"


def recovery_dir() -> Path:
    """Each window's recovery file (``storage/autosave.py``); made at the first write, not
    here, so that opening a window creates nothing."""
    return data_dir() / "recovery"


def history_file() -> Path:
    return data_dir() / "history.sqlite3"


def upload_cache_file() -> Path:
    return cache_dir() / "uploads.json"


def pasted_images_dir() -> Path:
    return _made(data_dir() / "pasted")
