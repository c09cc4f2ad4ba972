"""What each start-up measure in ``ui/boot.py`` buys: the window started with it and without it.

For measures 1-4 (``boot.MEASURES``: the collector pause, painting on the GUI thread, the
feature-import hook taken out, modules run at first use) each round starts the app on the
same settings folder with all measures, then without one, alternating, and reports the
median of the paired differences (launch to first paint; ``bench/startup_probe.py``). For
measures 5 and 6, which cannot be switched off, it times in fresh processes what they keep
off the start-up path: the log file's modules, and Qt's icon type.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

from bench.bench_startup import launch
from bench.common import Row, child_env, median, parse_args, report
from rampwin_desktop.ui import boot

PROBE = [sys.executable, "-m", "bench.startup_probe"]

LOG_MODULES = (
    "import time; t = time.perf_counter(); import logging.handlers; print(time.perf_counter() - t)"
)
ICON_TYPE = """
import time
from PySide6 import QtGui, QtWidgets
app = QtWidgets.QApplication([])
t = time.perf_counter(); QtGui.QIcon; print(time.perf_counter() - t)
"""


def seconds_in_fresh_process(code: str, env: dict[str, str]) -> float:
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip().splitlines()[-1])


def main() -> int:
    args = parse_args(__doc__ or "", runs=15)
    rows: list[Row] = []
    samples: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-boot-") as config:
        env = child_env(config)
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
        launch(PROBE, env)  # a first run: the settings the next starts read
        for measure in boot.MEASURES:
            saved: list[float] = []
            full: list[float] = []
            for _ in range(args.runs):
                with_it = launch(PROBE, env)["startup"] * 1000
                without = launch([*PROBE, "--without", measure], env)["startup"] * 1000
                saved.append(without - with_it)
                full.append(with_it)
            samples[measure] = saved
            rows.append(
                Row(
                    f"measure: {measure} (ms saved, next start)",
                    median(saved),
                    "ms",
                    median(full),
                    "the start with every measure",
                    samples=saved,
                )
            )
        for name, code in (("log file's modules", LOG_MODULES), ("Qt's icon type", ICON_TYPE)):
            times = [seconds_in_fresh_process(code, env) * 1000 for _ in range(args.runs)]
            samples[name] = times
            rows.append(Row(f"kept off the start: {name}", median(times), "ms", samples=times))
    report("boot", rows, args, spread_ms={k: statistics.pstdev(v) for k, v in samples.items()})
    print(f"finished {time.strftime('%H:%M:%S')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
