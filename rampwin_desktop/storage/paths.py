"""Where the app keeps its files: settings, data (history, pasted images), cache and logs.

The operating system's per-user folders (platformdirs), unless ``RAMPWIN_DESKTOP_CONFIG_DIR``
(or ``--config-dir``) names one folder for everything: settings in it, then ``data/``,
``cache/`` and ``logs/`` under it. Portable installs and tests use that. Every function
creates its folder when missing, 0700 (storage/private.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from rampwin_desktop import APP_ID
from rampwin_desktop.storage.private import private_folder

ENV_CONFIG_DIR = "RAMPWIN_DESKTOP_CONFIG_DIR"
AUTHOR = "Rampwin"


def _override() -> Path | None:
    value = os.environ.get(ENV_CONFIG_DIR, "").strip()
    return Path(value).expanduser() if value else None


_PLATFORM = {
    "config": platformdirs.user_config_path,
    "data": platformdirs.user_data_path,
    "cache": platformdirs.user_cache_path,
    "logs": platformdirs.user_log_path,
}


def _location(kind: str) -> Path:
    override = _override()
    if override is None:
        return _PLATFORM[kind](APP_ID, AUTHOR)
    return override if kind == "config" else override / kind


def app_folders() -> list[Path]:
    """The folders the app writes in (config, data, cache, logs; just the one folder when
    ``RAMPWIN_DESKTOP_CONFIG_DIR`` holds them all), not made when missing."""
    if _override() is not None:
        return [_location("config")]
    return [_location(kind) for kind in _PLATFORM]


def config_dir() -> Path:
    return private_folder(_location("config"))


def data_dir() -> Path:
    return private_folder(_location("data"))


def cache_dir() -> Path:
    return private_folder(_location("cache"))


def log_dir() -> Path:
    return private_folder(_location("logs"))


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


def fitted_images_dir() -> Path:
    """Header pictures made to fit, or without their metadata (``storage/fitted_images.py``)."""
    return private_folder(data_dir() / "fitted")


def pasted_images_dir() -> Path:
    return private_folder(data_dir() / "pasted")


def own_picture_folders() -> tuple[Path, ...]:
    """The folders of pictures the app itself made (fitted/, pasted/), not made when
    missing: a draft's header file there is the app's own, never a stranger's pick."""
    data = _location("data")
    return (data / "fitted", data / "pasted")  # fitted first: fitted_images.location
