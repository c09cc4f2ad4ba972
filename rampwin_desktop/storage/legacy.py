"""What versions before 0.2 left on disk, brought over once.

They kept settings in Qt's INI format (``settings.ini``) and used Qt's folder names
(``~/.config/Rampwin/rampwin-desktop`` on Linux). At the first start of this version
without a ``settings.json``, the profiles, the profile last used, the theme and the recent
drafts are read from the old file (it stays where it is), and the send history is copied
from the old data folder. Window geometry is not carried over.
"""

from __future__ import annotations

import configparser
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import platformdirs

from rampwin_desktop import APP_ID
from rampwin_desktop.storage import history, paths, settings

INI_NAME = "settings.ini"
_KEY_ESCAPE = re.compile(r"%U([0-9A-Fa-f]{4})|%([0-9A-Fa-f]{2})")
_VALUE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "0": "\0"}
_FLAGS = {"hide_from_chat", "dont_show_in_chat_list"}
_PROFILE_KEYS = {"base_url", "channel_id", "own_number", *_FLAGS}  # as settings.json has them
_KEY_HINT = "keyringHasKey"


def _separate_folder() -> bool:
    """Whether ``RAMPWIN_DESKTOP_CONFIG_DIR`` names the one folder for everything: older
    versions kept their files in it too, never in the user's folders."""
    return bool(os.environ.get(paths.ENV_CONFIG_DIR, "").strip())


def qt_config_dir() -> Path:
    """Where Qt's ``AppConfigLocation`` put the settings for organisation "Rampwin"."""
    if _separate_folder():
        return paths.config_dir()
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Preferences" / "Rampwin" / APP_ID
    return platformdirs.user_config_path("Rampwin", appauthor=False) / APP_ID


def qt_data_dir() -> Path:
    """Where Qt's ``AppDataLocation`` put the history."""
    if _separate_folder():
        return paths.data_dir()
    return platformdirs.user_data_path("Rampwin", appauthor=False, roaming=True) / APP_ID


def read_settings_ini(config_dir: Path) -> dict[str, Any]:
    """The old settings as ``settings.json`` data ({} when there is no old file)."""
    for folder in (config_dir, qt_config_dir()):
        path = folder / INI_NAME
        if path.is_file():
            return _convert(_parse(path))
    return {}


def copy_history(target: Path) -> bool:
    """Copy the old history database to ``target`` (which does not exist yet); whether
    there was one."""
    source = qt_data_dir() / target.name
    if target.exists() or not source.is_file() or source.resolve() == target.resolve():
        return False
    history.copy_database(source, target)
    return True


def _parse(path: Path) -> dict[str, dict[str, str]]:
    parser = configparser.RawConfigParser(strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError, OSError):
        return {}
    return {
        section: {_unescape_key(k): _unescape_value(v) for k, v in parser.items(section)}
        for section in parser.sections()
    }


def _convert(ini: dict[str, dict[str, str]]) -> dict[str, Any]:
    general = ini.get("General", {})
    profiles: dict[str, dict[str, Any]] = {}
    hints: dict[str, bool] = {}
    for key, value in ini.get("profiles", {}).items():
        name, _, setting = key.rpartition("\\")
        if name and setting == _KEY_HINT:
            hints[name] = value.lower() == "true"
        elif name and setting in _PROFILE_KEYS:
            stored = value.lower() == "true" if setting in _FLAGS else value
            profiles.setdefault(name, {})[setting] = stored
    data: dict[str, Any] = {"profiles": profiles} if profiles else {}
    if hints:
        data[settings.KEY_HINTS] = hints
    if "currentProfile" in general:
        data["current_profile"] = general["currentProfile"]
    window: dict[str, Any] = {}
    if "theme" in general:
        window["theme"] = general["theme"]
    try:
        recent = json.loads(general.get("recentDrafts", "[]"))
    except ValueError:
        recent = []
    if isinstance(recent, list) and recent:
        window["recent_drafts"] = [item for item in recent if isinstance(item, str)]
    if window:
        data["window"] = window
    return data


def _unescape_key(key: str) -> str:
    """A key as Qt wrote it: ``%XX`` and ``%UXXXX`` (UTF-16, so an emoji is a surrogate pair)."""
    text = _KEY_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), key)
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _unescape_value(value: str) -> str:
    """A string value as Qt wrote it: maybe in double quotes, with backslash escapes."""
    text = value.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            following = text[index + 1]
            if following == "x":
                digits = re.match(r"[0-9A-Fa-f]{1,4}", text[index + 2 :])
                if digits:
                    out.append(chr(int(digits.group(), 16)))
                    index += 2 + len(digits.group())
                    continue
            out.append(_VALUE_ESCAPES.get(following, following))
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)
