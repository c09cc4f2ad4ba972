"""The one resources helper finds resources/ from a source tree, an installed wheel and a
frozen build (rampwin_desktop/resources.py); the wheel's copy is checked for real by CI."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from rampwin_desktop import resources
from tests.helpers import ROOT

ICON = ("icons", "rampwin-desktop.svg")


def test_a_source_tree_uses_the_top_level_folder() -> None:
    assert resources.resources_dir() == ROOT / "resources"
    assert resources.app_icon_path() == ROOT / "resources" / "icons" / "rampwin-desktop.svg"


def test_an_installed_wheel_uses_the_copy_inside_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "site-packages" / "rampwin_desktop"
    (package / "_resources" / "icons").mkdir(parents=True)
    (package / "_resources" / "icons" / "rampwin-desktop.svg").write_text("<svg/>")
    monkeypatch.setattr(resources, "PACKAGE", package)
    assert resources.resources_dir() == package / "_resources"
    assert resources.app_icon_path() == package / "_resources" / "icons" / "rampwin-desktop.svg"


def test_a_frozen_build_uses_the_folder_it_unpacked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "resources" / "icons").mkdir(parents=True)
    (tmp_path / "resources" / "icons" / "rampwin-desktop.svg").write_text("<svg/>")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resource_path(*ICON) == tmp_path / "resources" / "icons" / ICON[1]


def test_a_missing_resource_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(resources, "PACKAGE", tmp_path / "rampwin_desktop")
    with pytest.raises(FileNotFoundError, match=r"missing resource icons/rampwin-desktop\.svg"):
        resources.app_icon_path()
