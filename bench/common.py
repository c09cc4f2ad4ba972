"""What every benchmark shares: arguments, statistics, a table, a JSON file in bench/results/.

Run a benchmark from the repository root with the project installed (the README's command):
``.venv/bin/python -m bench.bench_startup``. ``--smoke`` runs it once with tiny sizes, to
check it still works (CI does that); its numbers mean nothing.
"""

from __future__ import annotations

import argparse
import compileall
import gc
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def parse_args(description: str, runs: int = 7) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=runs, help=f"repetitions (default {runs})")
    parser.add_argument("--smoke", action="store_true", help="one tiny run: does it still work?")
    parser.add_argument(
        "--results", type=Path, default=RESULTS, help="folder for the JSON (default bench/results)"
    )
    args = parser.parse_args()
    if args.smoke:
        args.runs = 1
    compile_bytecode()
    args.speed_at_start = speed_reference_ms()  # and again at the end (report)
    return args


def compile_bytecode() -> None:
    """Bring the project's compiled modules up to date, as an install leaves them (pip and
    PyInstaller compile them), so that no measured child compiles a module from its source:
    with ``PYTHONDONTWRITEBYTECODE`` set, a checkout compiles every module edited since its
    ``.pyc`` at every start (5-8 ms for three of the window's modules on 2026-12-01). Done
    for every benchmark here; bench_startup, bench_history and bench_preview_export did it
    on their own before."""
    for folder in ("rampwin_desktop", "bench"):
        compileall.compile_dir(ROOT / folder, quiet=1)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


@dataclass
class Row:
    what: str
    measured: float
    unit: str
    baseline: float | None = None  # the thing it is compared with, measured in the same run
    baseline_name: str = ""
    target: str = ""  # e.g. "≤ 1.5×" or "≤ 2 ms"
    passed: bool | None = None
    samples: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        return self.measured / self.baseline if self.baseline else None


def report(name: str, rows: list[Row], args: argparse.Namespace, **extra: Any) -> bool:
    """Print the table, write ``<results>/<name>.json``; True when every target was met."""
    print(f"\n{name}  ({args.runs} run{'s' if args.runs != 1 else ''}, medians)")
    header = f"{'what':<44} {'measured':>12} {'baseline':>12} {'ratio':>7}  {'target':<10} ok"
    print(header)
    print("-" * len(header))
    for row in rows:
        base = f"{row.baseline:.2f} {row.unit}" if row.baseline is not None else ""
        ratio = f"{row.ratio:.2f}×" if row.ratio is not None else ""
        verdict = {True: "yes", False: "NO", None: ""}[row.passed]
        print(
            f"{row.what:<44} {row.measured:>9.2f} {row.unit:<2} {base:>12} {ratio:>7}  "
            f"{row.target:<10} {verdict}"
        )
        if row.baseline_name:
            print(f"{'':<4}baseline: {row.baseline_name}")
    data = {
        "benchmark": name,
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": machine(args.speed_at_start),
        "runs": args.runs,
        "smoke": args.smoke,
        "rows": [
            {
                "what": row.what,
                "measured": row.measured,
                "unit": row.unit,
                "baseline": row.baseline,
                "baseline_name": row.baseline_name,
                "ratio": row.ratio,
                "target": row.target,
                "passed": row.passed,
                "samples": row.samples,
            }
            for row in rows
        ],
        **extra,
    }
    args.results.mkdir(parents=True, exist_ok=True)
    path = args.results / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    speed = data["machine"]["speed_reference_ms"]
    print(f"written: {path}  (machine speed reference: {speed['start']} → {speed['end']} ms)")
    return all(row.passed is not False for row in rows)


def machine(speed_at_start: float) -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "system": platform.platform(),
        "cpus": os.cpu_count(),
        "pyside6": _version("PySide6"),
        "speed_reference_ms": {"start": speed_at_start, "end": speed_reference_ms()},
    }


def speed_reference_ms() -> float:
    """A fixed pure-Python workload, best of 5, in ms: how fast the machine was just now.

    These virtual machines change speed by up to 2× from one hour to the next; targets in
    milliseconds (the preview's) are only comparable between runs with a similar reference.
    """
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        sum(i * i for i in range(300_000))
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 2)


def _version(module: str) -> str:
    try:
        from importlib.metadata import version

        return version(module + "-Essentials") if module == "PySide6" else version(module)
    except Exception:
        return "?"


# Qt's offscreen screen is 800 x 800 unless told otherwise: a window that restores its saved
# 1100 x 800 geometry would be shrunk to fit it, and paint less than the bare window it is
# compared with. Every measured process gets the same 1920 x 1080 screen instead.
OFFSCREEN = f"offscreen:configfile={ROOT / 'bench' / 'offscreen-screen.json'}"


def child_env(config_dir: str | None = None) -> dict[str, str]:
    """An environment for a measured child process: offscreen, its own config, no keys."""
    env = dict(os.environ, QT_QPA_PLATFORM=OFFSCREEN)
    runtime = tempfile.mkdtemp(prefix="bench-runtime-")
    os.chmod(runtime, 0o700)
    env["XDG_RUNTIME_DIR"] = runtime
    env["RAMPWIN_DESKTOP_CONFIG_DIR"] = config_dir or tempfile.mkdtemp(prefix="bench-config-")
    for name in ("RAMPWIN_API_KEY", "RAMPWIN_BASE_URL"):
        env.pop(name, None)
    return env


def timed_run(command: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    """Run a command; the wall time from just before the process starts to its exit, in s."""
    started = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed, done.stdout


def open_window(prefix: str, config: Path | None = None) -> tuple[Any, Any, Path]:
    """The real main window, offscreen, on the in-app sandbox, with its own config folder
    (``config``, or a new one in the temporary folder).

    Returns (QApplication, MainWindow, a temporary folder for the benchmark's files). The
    window never reads the real keyring.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["RAMPWIN_DESKTOP_CONFIG_DIR"] = str(config or folder / "config")
    from rampwin_desktop.ui.main_window import MainWindow

    window = MainWindow(sandbox=True)
    window.resize(1100, 800)
    window.show()
    while not window.start.finished:  # the part of start-up that follows the first paint
        app.processEvents()
    # As the app does after its first paint (ui/boot.py, measure 1): what start-up made is
    # moved out of the collector's reach, so a full collection walks only what came after.
    gc.freeze()
    return app, window, folder


class Heartbeat:
    """A 10 ms ``QTimer`` in the GUI thread: the gaps between its ticks are the stalls a user
    would feel. ``start()``, do the work with ``spin``, then ``stop()`` returns the gaps (ms)."""

    def __init__(self, interval_ms: int = 10) -> None:
        from PySide6.QtCore import QTimer

        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def start(self) -> None:
        self.ticks.clear()
        self.timer.start()

    def stop(self) -> list[float]:
        self.timer.stop()
        return [(b - a) * 1000 for a, b in itertools.pairwise(self.ticks)]


def spin(app: Any, done: Callable[[], bool], limit: float, what: str) -> float:
    """Run ``app``'s event loop until ``done()``; the seconds it took. Exits after ``limit``."""
    started = time.perf_counter()
    while not done():
        app.processEvents()
        time.sleep(0.001)
        if time.perf_counter() - started > limit:
            sys.exit(f"{what} did not finish in {limit:g} s")
    return time.perf_counter() - started


def venv_executable(name: str) -> str:
    """A console script installed beside this Python (the project's virtual environment)."""
    return str(Path(sys.executable).with_name(name))


def watch_paints(widget: Any) -> list[bool]:
    """A flag that turns True when ``widget`` is painted: set ``flag[0] = False`` before a
    sample, then process events until it is True again."""
    from PySide6.QtCore import QEvent, QObject

    painted = [False]

    class PaintSpy(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted[0] = True
            return False

    widget.installEventFilter(PaintSpy(widget))
    return painted
