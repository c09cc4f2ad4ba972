"""The README's commands and CI stay in step."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    return re.findall(r"^    (python3 -m venv \.venv .*)$", text, flags=re.MULTILINE)


def test_readme_has_an_app_command_and_a_test_command() -> None:
    app, tests = readme_commands()
    assert app.endswith(".venv/bin/rampwin-desktop --sandbox")
    assert "pip install" in tests and tests.endswith("python -m pytest")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    _, tests = readme_commands()
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert tests in ci


def test_pyside_is_pinned_below_6_12_on_python_3_11() -> None:
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert "PySide6-Essentials>=6.8,<6.12; python_version<'3.12'" in dependencies
    names = {re.split(r"[<>=!~;\s]", item, maxsplit=1)[0] for item in dependencies}
    assert "PySide6" not in names  # not the 700 MB meta package


def test_the_wheel_lists_every_package_and_ships_resources_inside_the_package() -> None:
    """pyproject.toml lists the packages by hand (it maps resources/ into the package), so a
    new subpackage or resources/ subfolder left out of it would be missing from the wheel."""
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    code = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "rampwin_desktop").rglob("__init__.py")
    }
    data = {
        ".".join(("rampwin_desktop", "_resources", *folder.relative_to(ROOT / "resources").parts))
        for folder in [ROOT / "resources", *(ROOT / "resources").rglob("*")]
        if folder.is_dir()
    }
    assert sorted(tool["packages"]) == sorted(code | data)
    assert tool["package-dir"] == {"rampwin_desktop._resources": "resources"}
    assert tool["package-data"] == {"rampwin_desktop._resources": ["**/*"]}
