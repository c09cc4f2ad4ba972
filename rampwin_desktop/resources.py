"""The one way to find files under resources/: from a source tree, a wheel and a frozen build.

The repository keeps them in the top-level ``resources/`` folder (beside the package, which is
also where an editable install finds them). A wheel ships that folder inside the package as
``rampwin_desktop/_resources`` (pyproject.toml maps it); PyInstaller unpacks it to
``<_MEIPASS>/resources`` (packaging/rampwin-desktop.spec).
"""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)  # PyInstaller unpacks data files here
    if frozen:
        return Path(frozen) / "resources"
    installed = PACKAGE / "_resources"  # a wheel's copy, when the package was installed
    if installed.is_dir():
        return installed
    return PACKAGE.parent / "resources"  # the source tree (and an editable install)


def resource_path(*parts: str) -> Path:
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"missing resource {'/'.join(parts)} (looked in {path.parent})")
    return path


def app_icon_path() -> Path:
    """The app's icon, the file the window and the Linux package use."""
    return resource_path("icons", "rampwin-desktop.svg")
