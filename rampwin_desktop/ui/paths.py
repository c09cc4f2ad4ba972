"""Where settings, drafts, pasted images and logs live.

``RAMPWIN_DESKTOP_CONFIG_DIR`` (or ``--config-dir``) puts everything under one folder,
so tests and portable installs never touch the user's real settings.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

ENV_CONFIG_DIR = "RAMPWIN_DESKTOP_CONFIG_DIR"


def config_dir() -> Path:
    override = os.environ.get(ENV_CONFIG_DIR)
    if override:
        path = Path(override).expanduser()
    else:
        location = QStandardPaths.StandardLocation.AppConfigLocation
        path = Path(QStandardPaths.writableLocation(location))
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    if os.environ.get(ENV_CONFIG_DIR):
        path = config_dir() / "data"
    else:
        location = QStandardPaths.StandardLocation.AppDataLocation
        path = Path(QStandardPaths.writableLocation(location))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    if os.environ.get(ENV_CONFIG_DIR):
        path = config_dir() / "logs"
    else:
        location = QStandardPaths.StandardLocation.AppLocalDataLocation
        path = Path(QStandardPaths.writableLocation(location)) / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def pasted_images_dir() -> Path:
    path = data_dir() / "pasted"
    path.mkdir(parents=True, exist_ok=True)
    return path


def settings() -> QSettings:
    """The settings file; a damaged one is moved aside (``settings.ini.corrupt-<time>``)."""
    path = config_dir() / "settings.ini"
    store = QSettings(str(path), QSettings.Format.IniFormat)
    if store.status() == QSettings.Status.FormatError:
        aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        path.replace(aside)
        store = QSettings(str(path), QSettings.Format.IniFormat)
        store.setProperty("movedAside", str(aside))
    return store
