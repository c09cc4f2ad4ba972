"""Start-up time and idle memory of the window, against a bare PySide6 window in the same run.

Each run starts a fresh process and takes the time from just before it starts to just after
the window's first paint (offscreen; the app runs under ``bench/startup_probe.py``, which
starts it as ``rampwin-desktop`` does and reports), then the resident memory after 0.5 s of
idling. The app is started twice on each new settings folder: a first
run (it asks the keyring whether a key is stored), then the next start (it knows). The bare
window is a plain ``QMainWindow`` of the same size, measured the same way, in the same round:
each app start sits between two bare windows, and its ratio is to their mean. The target is
judged on the median of those paired ratios: this machine's speed drifts within seconds, and
a plain median of each side can land on different machine states.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

from bench.common import Row, child_env, median, parse_args, report

TARGET = 1.6  # launch to first paint, as a multiple of a bare window's

BARE_WINDOW = r"""
import json, os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

def rss():
    with open("/proc/self/status") as status:
        return next(int(l.split()[1]) for l in status if l.startswith("VmRSS:"))

record = {}
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, painted)
        return False

def painted():
    record["first_paint"] = time.monotonic()
    if "--stop-at-paint" in sys.argv:  # bench_startup_work.py counts the work up to here
        os._exit(0)
    record["window_size"] = [window.width(), window.height()]
    record["rss_kb_at_paint"] = rss()
    QTimer.singleShot(500, idle)

def idle():
    record["rss_kb_idle"] = rss()
    record["modules"] = len(sys.modules)
    print(json.dumps(record), flush=True)
    app.quit()

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1100, 800)
if "--stop-when-built" in sys.argv:  # bench_startup_work.py counts the work up to here
    os._exit(0)
probe = FirstPaint()
window.installEventFilter(probe)
window.show()
app.exec()
"""


def launch(command: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Start ``command``; its record, with ``startup`` = seconds from launch to first paint."""
    started = time.monotonic()
    process = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if process.returncode != 0 or not process.stdout.strip():
        sys.exit(f"{command} failed ({process.returncode}):\n{process.stderr[-2000:]}")
    record: dict[str, Any] = json.loads(process.stdout.strip().splitlines()[-1])
    record["startup"] = record["first_paint"] - started
    if record.get("window_size") != [1100, 800]:  # the same window as the bare one, or unfair
        sys.exit(f"{command[0]} painted a window of {record.get('window_size')}, not 1100 x 800")
    record["phases"] = phases(record, started)
    return record


def paired(app: dict[str, Any], bare_before: dict[str, Any], bare_after: dict[str, Any]) -> float:
    """An app start's time over the mean of the bare windows started just before and after."""
    return float(app["startup"] / ((bare_before["startup"] + bare_after["startup"]) / 2))


STEPS = (  # the probe's marks (bench/startup_probe.py), in the order start-up reaches them
    ("probe_started", "Python and site started"),
    ("window_built", "Qt, the app's modules imported; MainWindow() built"),
    ("first_paint", "shown and first painted"),
)


def phases(record: dict[str, Any], started: float) -> dict[str, float]:
    """How long each step of an app start took, in ms (from the probe's marks)."""
    times = dict(record.get("marks", {}), first_paint=record["first_paint"])
    durations, previous = {}, started
    for step, _ in STEPS:
        if step in times:
            durations[step] = (times[step] - previous) * 1000
            previous = times[step]
    return durations


def print_phases(first: list[dict[str, Any]], later: list[dict[str, Any]]) -> None:
    print("where an app start's time goes (medians, ms):   first run   next start")
    for step, label in STEPS:
        values = [
            [r["phases"][step] for r in runs if step in r["phases"]] for runs in (first, later)
        ]
        if all(values):
            print(f"  {label:44s} {median(values[0]):9.1f}   {median(values[1]):9.1f}")


def quartiles(values: list[float]) -> str:
    if len(values) < 4:
        return "too few runs"
    low, _, high = statistics.quantiles(values, n=4)
    return f"{low:.2f}-{high:.2f}×"


def main() -> int:
    args = parse_args(__doc__ or "", runs=25)  # single paired rounds range 1.2-2.3× here
    app_command = [sys.executable, "-m", "bench.startup_probe"]
    bare_command = [sys.executable, "-c", BARE_WINDOW]
    bare: list[dict[str, Any]] = []
    first: list[dict[str, Any]] = []  # a first run: no settings yet, the keyring is asked
    later: list[dict[str, Any]] = []  # the next start, on the settings the first one left
    # Each app start sits between two bare windows, and its ratio is to their mean, so
    # the two sides of every ratio see the same machine (its speed drifts within seconds).
    ratios: dict[str, list[float]] = {"first run": [], "next start": []}
    runs = args.runs + (0 if args.smoke else 1)  # the first round warms the file cache
    for index in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-config-") as config:
            env = child_env(config)
            env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # first run: sandbox
            before = launch(bare_command, env)
            first_record = launch(app_command, env)
            between = launch(bare_command, env)
            later_record = launch(app_command, env)
            after = launch(bare_command, env)
            if index or args.smoke:
                bare.extend((before, between, after))
                first.append(first_record)
                later.append(later_record)
                ratios["first run"].append(paired(first_record, before, between))
                ratios["next start"].append(paired(later_record, between, after))
    bare_ms = [r["startup"] * 1000 for r in bare]
    bare_mb = [r["rss_kb_idle"] / 1024 for r in bare]

    def rows(what: str, samples: list[dict[str, Any]]) -> list[Row]:
        app_ms = [r["startup"] * 1000 for r in samples]
        app_mb = [r["rss_kb_idle"] / 1024 for r in samples]
        return [
            Row(
                f"start-up, {what}: launch to first paint",
                median(app_ms),
                "ms",
                median(bare_ms),
                "bare QMainWindow; judged on the median of the paired ratios",
                "≤ 1.6×",
                median(ratios[what]) <= TARGET,
                app_ms,
            ),
            Row(
                f"idle memory, {what} (resident, 0.5 s after paint)",
                median(app_mb),
                "MB",
                median(bare_mb),
                "bare QMainWindow",
                "≤ 1.5×",
                median(app_mb) <= 1.5 * median(bare_mb),
                app_mb,
            ),
        ]

    modules = {"bare": bare[-1]["modules"], "first": first[-1]["modules"]}
    modules["next"] = later[-1]["modules"]
    ok = report(
        "startup",
        rows("first run", first) + rows("next start", later),
        args,
        bare_samples_ms=bare_ms,
        bare_samples_mb=bare_mb,
        paired_startup_ratios=ratios,
        phases_ms={
            "first run": [r["phases"] for r in first],
            "next start": [r["phases"] for r in later],
        },
        modules=modules,
    )
    for what, values in ratios.items():
        print(
            f"start-up, {what}: paired ratios median {median(values):.2f}× "
            f"(quartiles {quartiles(values)})"
        )
    print_phases(first, later)
    print("modules loaded: bare {bare}, first run {first}, next start {next}".format(**modules))
    return 0 if ok or args.smoke else 1


if __name__ == "__main__":
    sys.exit(main())
