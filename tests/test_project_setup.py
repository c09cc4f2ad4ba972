"""The README's commands and CI stay in step."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# X libraries Qt's xcb plugin links that apt installs with the README's packages anyway
# (libgl1, libegl1 and the xcb libraries listed there depend on them).
PULLED_IN = {
    "libxcb1", "libx11-xcb1", "libxcb-randr0", "libxcb-render0", "libxcb-shm0", "libxcb-sync1",
    "libxcb-xfixes0", "libxcb-util1",
}  # fmt: skip


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    return re.findall(r"^    (python3 -m venv \.venv .*)$", text, flags=re.MULTILINE)


def test_readme_has_an_app_command_and_a_test_command() -> None:
    app, tests = readme_commands()
    assert app.endswith(".venv/bin/rampwin-desktop --sandbox")
    assert "pip install" in tests and tests.endswith("python -m pytest")


def readme_apt_packages() -> list[str]:
    text = (ROOT / "README.md").read_text()
    found = re.search(r"^    apt-get install -y (.*?)\n\n", text, flags=re.MULTILINE | re.DOTALL)
    assert found, "the README has no apt-get install command"
    return found.group(1).replace("\\", " ").split()


def ci_apt_packages() -> list[str]:
    text = (ROOT / ".ci" / "run").read_text()
    found = re.search(r"apt-get install -y -qq --no-install-recommends(.*?)>/dev/null", text, re.S)
    assert found, ".ci/run has no apt-get install command"
    return found.group(1).replace("\\", " ").split()


def debian_package(soname: str) -> str:
    """Debian's name for the package of a library: libxcb-icccm.so.4 → libxcb-icccm4."""
    stem, version = soname.split(".so.")
    return (f"{stem}-{version}" if stem[-1].isdigit() else f"{stem}{version}").lower()


def test_readme_set_up_works_as_root_and_with_sudo_on_a_fresh_machine() -> None:
    text = (ROOT / "README.md").read_text()
    commands = [line.strip() for line in text.splitlines() if line.startswith("    ")]
    assert not [line for line in commands if line.startswith("sudo ")]  # no sudo when root
    assert "as root, or with `sudo`" in " ".join(text.split())
    install = next(i for i, line in enumerate(commands) if line.startswith("apt-get install"))
    assert commands.index("apt-get update") < install
    assert "python3 -m keyring" not in text  # the system Python has no keyring module
    first_bare = next(i for i, line in enumerate(commands) if line.startswith("rampwin-desktop"))
    assert text.index(". .venv/bin/activate") < text.index(commands[first_bare])


def test_ci_installs_every_system_package_the_readme_lists() -> None:
    """So a misspelt or vanished package name in the README fails CI's apt-get."""
    assert set(readme_apt_packages()) <= set(ci_apt_packages())


@pytest.mark.skipif(sys.platform != "linux", reason="the README's apt list is Debian's")
def test_readme_installs_what_qt_needs_to_open_a_window() -> None:
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    linked = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True)
    sonames = [line.split()[0] for line in linked.stdout.splitlines() if ".so." in line]
    x_libraries = {
        debian_package(name)
        for name in sonames
        if name.startswith(("libxcb", "libxkbcommon-x11", "libX11-xcb"))
    }
    assert "libxcb-cursor0" in x_libraries  # Qt 6.5 and later cannot start xcb without it
    assert x_libraries - PULLED_IN <= set(readme_apt_packages())


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
