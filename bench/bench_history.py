"""History with 100,000 attempts: the window's start-up, and filtering History.

- Start-up: launch to first paint (``bench/startup_probe.py``, as ``bench_startup``) on a
  settings folder whose history holds 100,000 attempts, in the same rounds as a bare
  ``QMainWindow`` and as the app on the same settings with an empty history (each app start
  sits between two bare windows, its ratio is to their mean). Both app folders have been
  started once before (a next start). The window must not read the history before it
  paints: the full-history start should cost what the empty-history start costs.
- Filtering: the History dock opened on those 100,000 attempts, then filter strings typed
  key by key (real key events), each timed from the key to the table repainted: the
  filter runs in SQL and the table shows the first page of the answer.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import common
from bench.bench_startup import BARE_WINDOW, launch, paired, quartiles
from bench.common import Row, child_env, median, parse_args, percentile, report
from bench.history_fill import fill

TARGET = 1.6  # start-up, as a multiple of a bare window's
# What people type: part of a number, an outcome, a name or an order in the message, a
# mistyped word that matches nothing; then the filter is cleared (also timed).
TYPED = ("919812", "refused", "Customer 4321", "A-0999", "unknwon", "ok-12345", "9198765432")


def startup(folder: Path, attempts: int, args: Any) -> tuple[list[Row], dict[str, Any]]:
    empty, full = folder / "empty", folder / "full"
    app_command = [sys.executable, "-m", "bench.startup_probe"]
    bare_command = [sys.executable, "-c", BARE_WINDOW]
    envs = {}
    for config in (empty, full):
        envs[config] = child_env(str(config))
        envs[config]["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
        launch(app_command, envs[config])  # the first run: settings written
    fill(full / "data" / "history.sqlite3", attempts)
    launch(app_command, envs[full])  # the next start; its history file is in the page cache
    bare: list[float] = []
    app_ms: dict[str, list[float]] = {"empty": [], "full": []}
    ratios: dict[str, list[float]] = {"empty": [], "full": [], "full/empty": []}
    for index in range(args.runs + (0 if args.smoke else 1)):  # round 0 warms up
        first, second = (empty, full) if index % 2 == 0 else (full, empty)
        before = launch(bare_command, envs[empty])
        one = launch(app_command, envs[first])
        between = launch(bare_command, envs[empty])
        two = launch(app_command, envs[second])
        after = launch(bare_command, envs[empty])
        if not (index or args.smoke):
            continue
        records = {first: (one, before, between), second: (two, between, after)}
        for name, config in (("empty", empty), ("full", full)):
            record, left, right = records[config]
            app_ms[name].append(record["startup"] * 1000)
            ratios[name].append(paired(record, left, right))
        bare.extend(r["startup"] * 1000 for r in (before, between, after))
        ratios["full/empty"].append(records[full][0]["startup"] / records[empty][0]["startup"])
    said = {"full": f"{attempts:,} attempts in History", "empty": "empty History (same run)"}
    rows = [
        Row(
            f"start-up, {said[name]}",
            median(app_ms[name]),
            "ms",
            median(bare),
            "bare QMainWindow; judged on the median of the paired ratios",
            "≤ 1.6×",
            median(ratios[name]) <= TARGET,
            app_ms[name],
        )
        for name in ("full", "empty")
    ]
    rows += [
        Row(
            f"start-up, {attempts:,} attempts / empty History",
            median(ratios["full/empty"]),
            "×",
            target="≤ 1.05×",
            passed=median(ratios["full/empty"]) <= 1.05,
            samples=ratios["full/empty"],
        ),
    ]
    return rows, {"startup_bare_ms": bare, "startup_paired_ratios": ratios}


def filtering(folder: Path, args: Any) -> tuple[list[Row], dict[str, Any]]:
    config = folder / "full"
    app, window, _ = common.open_window("bench-history-", config)
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction
    from PySide6.QtTest import QTest

    def until_painted(started: float) -> float:
        deadline = started + 10
        while not painted[0]:
            app.processEvents()
            if time.perf_counter() > deadline:
                sys.exit("History was not repainted")
        return (time.perf_counter() - started) * 1000

    action = window.findChild(QAction, "historyDockAction")
    started = time.perf_counter()
    panel = window.docks.history_panel  # built now, shown (and read) by the action
    painted = common.watch_paints(panel.table.viewport())
    action.trigger()
    opened = until_painted(started)
    loaded = panel.model.rowCount()
    samples: list[float] = []
    per_string: dict[str, list[float]] = {}
    for _ in range(args.runs):
        for text in TYPED[:2] if args.smoke else TYPED:
            panel.filter.setFocus()
            typed = [*text, "clear"]
            for key in typed:
                app.processEvents()
                painted[0] = False
                started = time.perf_counter()
                if key == "clear":
                    QTest.keyClick(panel.filter, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
                    started = time.perf_counter()  # from the key that clears
                    QTest.keyClick(panel.filter, Qt.Key.Key_Backspace)
                else:
                    QTest.keyClicks(panel.filter, key)
                elapsed = until_painted(started)
                samples.append(elapsed)
                per_string.setdefault(text, []).append(elapsed)
            assert panel.filter.text() == "", panel.filter.text()
    window.drafts.mark_saved()
    window.close()
    p50, p95 = median(samples), percentile(samples, 0.95)
    rows = [
        Row(
            "open the History dock: action → painted",
            opened,
            "ms",
            samples=[opened],
        ),
        Row("filter: key → table repainted, median", p50, "ms", samples=samples),
        Row(
            "filter: key → table repainted, 95th pct",
            p95,
            "ms",
            target="≤ 50 ms",
            passed=p95 <= 50,
        ),
        Row("filter: worst key", max(samples), "ms"),
    ]
    worst = {text: round(max(values), 1) for text, values in per_string.items()}
    return rows, {"rows_loaded_on_open": loaded, "filter_worst_ms_per_string": worst}


def main() -> int:
    args = parse_args(__doc__ or "", runs=5)
    attempts = 2_000 if args.smoke else 100_000
    folder = Path(tempfile.mkdtemp(prefix="bench-history-"))
    try:
        rows, extra = startup(folder, attempts, args)
        more_rows, more = filtering(folder, args)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    ok = report("history", rows + more_rows, args, attempts=attempts, **extra, **more)
    for name, values in extra["startup_paired_ratios"].items():
        print(f"start-up {name}: paired ratios median {median(values):.2f}× ({quartiles(values)})")
    print(f"worst key per string typed (ms): {more['filter_worst_ms_per_string']}")
    return 0 if ok or args.smoke else 1


if __name__ == "__main__":
    sys.exit(main())
