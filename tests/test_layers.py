"""Only ui/ uses Qt: the other layers load without it, and the linter stops a Qt import there.

The command line runs on servers without a display, and PySide6's import hook would replace
Python's own ``__import__`` for everything imported after it (tests/test_lean_paths.py).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT
from tests.helpers.cli import run_cli

PACKAGE = ROOT / "rampwin_desktop"
QT_FREE = ("storage", "app", "cli", "core", "api")

PROBE = """
import builtins, importlib, json, pkgutil, sys, types
fresh = builtins.__import__
import rampwin_desktop.storage, rampwin_desktop.app, rampwin_desktop.cli
import rampwin_desktop.core, rampwin_desktop.api
loaded = []
for name in sys.argv[1:]:
    package = importlib.import_module(f"rampwin_desktop.{name}")
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
        loaded.append(info.name)
hook = builtins.__import__
print(json.dumps({
    "loaded": loaded,
    "qt": sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6")),
    "same": hook is fresh,
    "name": getattr(hook, "__name__", ""),
    "module": getattr(hook, "__module__", ""),
    "builtin": isinstance(hook, types.BuiltinFunctionType),
}))
"""


def test_the_layers_below_the_window_load_without_qt() -> None:
    done = run_cli(*QT_FREE, key=None, program=("-c", PROBE))
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    on_disk = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for layer in QT_FREE
        for path in (PACKAGE / layer).rglob("*.py")
        if path.name != "__init__.py"
    }
    assert set(found["loaded"]) == on_disk  # every module was imported
    assert found["qt"] == []
    assert found["same"] is True
    assert (found["name"], found["module"], found["builtin"]) == ("__import__", "builtins", True)


def ruff() -> str:
    beside = Path(sys.executable).with_name("ruff")
    found = str(beside) if beside.exists() else shutil.which("ruff")
    assert found is not None, "ruff is not installed (pip install -e '.[test]')"
    return found


QT_IMPORTS = (
    'from PySide6.QtCore import QObject\nimport PySide6.QtWidgets\n\n__all__ = ["QObject"]\n'
)


def test_the_linter_refuses_qt_outside_the_window() -> None:
    layers = [*QT_FREE, "sandbox", "ui"]
    probes = [PACKAGE / layer / "_probe_qt.py" for layer in layers]
    try:
        for probe in probes:
            probe.write_text(QT_IMPORTS, encoding="utf-8")
        done = subprocess.run(
            [ruff(), "check", "--no-cache", "--output-format", "concise", *map(str, probes)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
            check=False,
        )
    finally:
        for probe in probes:
            probe.unlink(missing_ok=True)
    flagged: dict[str, int] = {}
    for line in done.stdout.splitlines():
        if "TID251" in line:
            layer = Path(line.split(":", 1)[0]).parent.name
            flagged[layer] = flagged.get(layer, 0) + 1
    assert flagged == {layer: 2 for layer in layers if layer != "ui"}, done.stdout + done.stderr


def test_no_module_outgrows_what_a_reader_takes_in_at_once() -> None:
    """The structure issue's limits: main_window.py under 300 lines, every module at most
    450 (a module past that holds two things; split it by what they are)."""
    package = ROOT / "rampwin_desktop"
    lines = {
        path.relative_to(package).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in package.rglob("*.py")
    }
    assert lines["ui/main_window.py"] < 300
    assert {name: count for name, count in lines.items() if count > 450} == {}
