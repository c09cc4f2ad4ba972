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
