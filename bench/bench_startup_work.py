"""The work of a start, counted: instructions from launch to the window's first paint, under
Valgrind's callgrind, against a bare PySide6 window's, in the same run.

``bench_startup`` times a start, and its target (1.6× a bare window) is judged there. On
these virtual machines a single paired round of it ranges from 1.2× to 2.3×, and a median of
25 rounds moves by about ±0.05 from run to run, so a change worth 1-2 % of a start cannot be
seen in it. The instructions a start executes do not move: the same code counts the same
within 0.05 % from one run to the next, so such a change shows in one run. They leave out
what costs time besides instructions (page faults, system calls, cache misses): a guide for
changes, not the target.

Each count is a fresh process, on the same kind of settings folder as ``bench_startup``: the
app's first run (no settings yet) and its next start. The next start is also stopped earlier
(``bench/startup_probe.py --stop-after``) to say where the extra work goes: Python and the
app's modules imported, the window built, the window painted. Needs ``valgrind``
(``apt-get install valgrind``); each count takes 10-20 s.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

from bench.bench_startup import BARE_WINDOW
from bench.common import Row, child_env, median, parse_args, report

PROBE = [sys.executable, "-m", "bench.startup_probe"]
BARE_IMPORTED = [sys.executable, "-c", "import os, PySide6.QtWidgets; os._exit(0)"]
BARE_BUILT = [sys.executable, "-c", BARE_WINDOW, "--stop-when-built"]
BARE_PAINTED = [sys.executable, "-c", BARE_WINDOW, "--stop-at-paint"]
COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


class Step(NamedTuple):
    name: str
    app: list[str]  # the app's command, run on the settings its first run left
    bare: list[str]  # the bare window's command that stops at the same point


STEPS = (
    Step("Python, Qt, the modules imported", [*PROBE, "--stop-after", "imported"], BARE_IMPORTED),
    Step("QApplication and the window built", [*PROBE, "--stop-after", "built"], BARE_BUILT),
    Step("the window painted", [*PROBE, "--stop-after", "painted"], BARE_PAINTED),
)


def instructions(command: list[str], env: dict[str, str]) -> int:
    """How many instructions ``command`` executes until it exits, counted by callgrind."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    found = COLLECTED.search(done.stderr)
    if done.returncode != 0 or found is None:
        sys.exit(f"{command} failed under valgrind ({done.returncode}):\n{done.stderr[-2000:]}")
    return int(found[1])


def millions(counts: list[int]) -> float:
    return median(counts) / 1e6


def main() -> int:
    args = parse_args(__doc__ or "", runs=1)  # counts repeat within 0.05 %
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed: apt-get install valgrind")
    first: list[int] = []
    steps: dict[str, list[int]] = {step.name: [] for step in STEPS}
    bare: dict[str, list[int]] = {step.name: [] for step in STEPS}
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="bench-config-") as config:
            env = child_env(config)
            env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # as bench_startup
            first.append(instructions([*PROBE, "--stop-after", "painted"], env))
            with ThreadPoolExecutor(max_workers=2) as pool:  # counts do not depend on timing
                jobs = {
                    (side, step.name): pool.submit(instructions, command, env)
                    for step in STEPS
                    for side, command in (("app", step.app), ("bare", step.bare))
                }
            for (side, name), job in jobs.items():
                (steps if side == "app" else bare)[name].append(job.result())
    painted = STEPS[-1].name
    rows = [
        Row(
            f"work to first paint, {what} (instructions)",
            millions(counts),
            "M",
            millions(bare[painted]),
            "bare QMainWindow, to its first paint",
            samples=[count / 1e6 for count in counts],
        )
        for what, counts in (("first run", first), ("next start", steps[painted]))
    ]
    ok = report(
        "startup_work",
        rows,
        args,
        instructions={"first run": first, "next start": steps, "bare": bare},
    )
    print("where the next start's work goes (millions of instructions):")
    print(f"  {'':40s} {'app':>8} {'bare':>8} {'app more':>9}")
    previous_app = previous_bare = 0.0
    for step in STEPS:
        app_now = millions(steps[step.name])
        bare_now = millions(bare[step.name])
        print(
            f"  {step.name:40s} {app_now - previous_app:8.1f} {bare_now - previous_bare:8.1f} "
            f"{(app_now - previous_app) - (bare_now - previous_bare):9.1f}"
        )
        previous_app, previous_bare = app_now, bare_now
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
