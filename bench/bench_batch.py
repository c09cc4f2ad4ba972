"""Send to a list (issue 17): the batch runner against the sandbox, same run as a baseline.

The sandbox runs in its own process (``rampwin-desktop sandbox``), as for ``bench_upload``.

- Speed: 1,000 rows with no rate limit. The app side is what ``rampwin-desktop batch`` does,
  end to end: the CSV read and every row planned (filled in and checked), a journal
  created in a temporary folder, ``app.batch.run`` (no rate limit, each row recorded in a
  history there too) and its summary. The baseline posts the same 1,000 JSON bodies to
  ``/api/messages/send`` with the same headers and query through one ``requests.Session``.
  Both run in this process, alternating which goes first, each from a settled machine
  (``settled``: garbage collected, every earlier write on disk); the target is judged on
  the median of the paired ratios. The message has a text header: no uploads.
  Then three more app runs with the steps timed (``perf_counter`` around the journal's
  and the history's writes, the HTTP request, the plan), to say where the time goes
  beyond the plain loop's (printed, and in the JSON as ``speed_steps_ms``).
- Memory: 10,000 rows planned and sent with no rate limit, in a fresh process: its peak
  resident set (VmHWM) minus its resident set once the modules are loaded and one row has
  been sent (so the first-use code paths of requests and SQLite are in the "before").
- Planning: a CSV of 10,000 rows and one repeated number read and every row planned
  (``read_csv`` and ``plan``, what the window does when a list is chosen), against the csv
  module reading the same file; the target is a second (it was a test's limit until
  2026-12-01, which a loaded CI machine missed at 1.15 s).
- Rate: ``--rate 20`` over 200 rows: rows handled divided by the time from the first row
  done to the last (the rate the progress shows), against 20 per second.
- The window's longest GUI stall during a 1,000-row batch: the real main window offscreen on
  a new config folder, on its in-app sandbox (its server thread shares this process's GIL,
  the hardest case); File › Send to a list… through ``sendToListAction``; Choose CSV… with
  the file dialog answered by the CSV's path (``dialogs.file_to_open`` is replaced: a
  benchmark cannot drive the platform's dialog); the rate set to "no limit"; Start. A 10 ms
  ``QTimer`` ticks in the GUI thread from Start until the window says the run ended; the
  longest gap between ticks (and the 99th percentile) is what a user would feel.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from bench.bench_upload import API_KEY, start_sandbox
from bench.common import Heartbeat, Row, median, open_window, parse_args, percentile, report, spin

DRAFT = {
    "channel_id": "c1",
    "hide_from_chat": False,
    "interactive": {
        "type": "button",
        "header": {"type": "text", "text": "Order {{order}}"},
        "body": {"text": "Hello {{name}}, your order {{order}} is ready for pick-up."},
        "footer": {"text": "Reply to this message"},
        "action": {
            "buttons": [
                {"type": "reply", "reply": {"id": "ok-{{order}}", "title": "OK"}},
                {"type": "reply", "reply": {"id": "later", "title": "Later"}},
            ]
        },
    },
}

# Runs in this process (speed, rate) and in a fresh one (memory): plan a CSV, run the batch.
APP = r'''
import json, sys, tempfile, time, uuid
from pathlib import Path
from rampwin_desktop.app import batch
from rampwin_desktop.app.credentials import Credentials
from rampwin_desktop.core.draft import loads_draft
from rampwin_desktop.core.recipients import plan, read_csv
from rampwin_desktop.storage.history import History
from rampwin_desktop.storage.journal import Journal


def run_batch(draft, csv, base_url, key, rate=None, on_progress=None):
    """What `rampwin-desktop batch` does: plan, journal, run, summary. Returns the summary."""
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as folder:
        return _run_batch(Path(folder), draft, csv, base_url, key, rate, on_progress)


def _run_batch(folder, draft, csv, base_url, key, rate, on_progress):
    message = loads_draft(Path(draft).read_text(encoding="utf-8"))
    table = read_csv(Path(csv))
    planned = plan(message, table)
    assert not planned.problems, planned.problems[:3]
    batch_id = uuid.uuid4().hex
    info = batch.new_info(batch_id, message, table, str(csv), "bench")
    journal = Journal.create(folder / "journal.sqlite3", info, batch.journal_rows(planned))
    history = History(folder / "history.sqlite3")
    job = batch.BatchJob(batch_id, "bench", Credentials(key, base_url), rate=rate)
    try:
        return batch.run(planned, journal, job, history=history, on_progress=on_progress)
    finally:
        journal.close()
        history.close()


def status(field):
    with open("/proc/self/status") as lines:
        return next(int(l.split()[1]) for l in lines if l.startswith(field))


if __name__ == "__main__":  # the memory run: python -c APP draft warm.csv big.csv url key
    draft, warm, big, base_url, key = sys.argv[1:6]
    run_batch(draft, warm, base_url, key)  # first-use code paths (not counted)
    before = status("VmRSS:")
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")  # reset the peak (VmHWM) to now
    started = time.perf_counter()
    summary = run_batch(draft, big, base_url, key)
    elapsed = time.perf_counter() - started
    peak = status("VmHWM:")
    print(json.dumps({"sent": summary.sent, "failed": summary.failed, "seconds": elapsed,
                      "rss_before_kb": before, "peak_kb": peak}))
'''

app: dict[str, Any] = {"__name__": "bench_batch_app"}
exec(compile(APP, "bench_batch_app", "exec"), app)  # our own text, above


def write_csv(path: Path, rows: int, offset: int = 0) -> Path:
    lines = ["phone,name,order"]
    lines += [f"+91 98{offset + i:08d},Customer {i},A-{i:05d}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def bodies(draft: Path, csv: Path) -> list[tuple[bytes, dict[str, str]]]:
    """What the app sends for each row: the JSON body and the query, ready to post."""
    from rampwin_desktop.core.draft import loads_draft
    from rampwin_desktop.core.payload import send_body, send_query
    from rampwin_desktop.core.recipients import plan, read_csv

    planned = plan(loads_draft(draft.read_text(encoding="utf-8")), read_csv(csv))
    return [
        (json.dumps(send_body(r.message), ensure_ascii=False).encode(), send_query(r.message))
        for r in planned.rows
    ]


def plain_loop(
    prepared: list[tuple[bytes, dict[str, str]]],
    base_url: str,
    before_each: Callable[[int], None] | None = None,
) -> float:
    """The floor: the same bodies through one requests.Session, in seconds
    (``before_each(row)`` runs before each request)."""
    import requests

    from rampwin_desktop.api.client import USER_AGENT

    started = time.perf_counter()
    with requests.Session() as session:
        session.trust_env = False
        session.headers.update(
            {"User-Agent": USER_AGENT, "X-API-Key": API_KEY, "Accept": "application/json"}
        )
        for row, (data, query) in enumerate(prepared):
            if before_each is not None:
                before_each(row)
            response = session.post(
                base_url + "/api/messages/send",
                params=query,
                data=data,
                headers={"Content-Type": "application/json"},
                timeout=(10, 30),
            )
            response.raise_for_status()
    return time.perf_counter() - started


def durable_loop(
    prepared: list[tuple[bytes, dict[str, str]]], base_url: str, folder: Path
) -> float:
    """The plain loop keeping the journal's one promise, and nothing else: before each
    request, its row marked in an SQLite file (WAL, ``synchronous=FULL``, so fsync'd), as
    ``Journal.mark_sending`` did before it marked rows ahead (one fsync per row, waited
    for): a reference for what that promise cost."""
    import sqlite3

    marks = folder / "marks.sqlite3"
    marks.unlink(missing_ok=True)
    with closing(sqlite3.connect(marks)) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("CREATE TABLE rows (row INTEGER PRIMARY KEY, state TEXT)")
        with db:
            rows = [(row,) for row in range(len(prepared))]
            db.executemany("INSERT INTO rows VALUES (?, 'pending')", rows)

        def mark(row: int) -> None:
            with db:
                db.execute("UPDATE rows SET state = 'sending' WHERE row = ?", (row,))

        return plain_loop(prepared, base_url, before_each=mark)


def app_run(draft: Path, csv: Path, base_url: str, rate: float | None = None) -> float:
    started = time.perf_counter()
    summary = app["run_batch"](draft, csv, base_url, API_KEY, rate)
    elapsed = time.perf_counter() - started
    if summary.sent != sum(1 for _ in csv.open()) - 1:
        sys.exit(f"the batch did not send every row: {summary}")
    return float(elapsed)


def settled(run: Callable[..., float], *args: Any) -> float:
    """``run(*args)`` with no earlier run's leftovers charged to it: garbage collected, and
    what earlier runs wrote put on disk. Without the ``os.sync()`` an app run that followed
    the fsync-per-row loop paid for that loop's writes being flushed: in one 9-round run,
    app runs after it were 1.43-1.52x the plain loop, those after the plain loop 1.24-1.30x."""
    gc.collect()
    os.sync()
    return run(*args)


def speed(folder: Path, draft: Path, base_url: str, args: Any) -> tuple[list[Row], dict[str, Any]]:
    size = 20 if args.smoke else 1000
    csv = write_csv(folder / "speed.csv", size)
    prepared = bodies(draft, csv)
    app_s: list[float] = []
    plain_s: list[float] = []
    durable_s: list[float] = []
    ratios: list[float] = []
    durable_ratios: list[float] = []
    for index in range(args.runs + (0 if args.smoke else 1)):  # round 0 warms up
        if index % 2 == 0:
            plain, mine = (
                settled(plain_loop, prepared, base_url),
                settled(app_run, draft, csv, base_url),
            )
        else:
            mine, plain = (
                settled(app_run, draft, csv, base_url),
                settled(plain_loop, prepared, base_url),
            )
        durable = settled(durable_loop, prepared, base_url, folder)
        if index or args.smoke:
            app_s.append(mine * 1000)
            plain_s.append(plain * 1000)
            durable_s.append(durable * 1000)
            ratios.append(mine / plain)
            durable_ratios.append(mine / durable)
    fair = Row(
        f"{size:,} rows, against a loop making the same promise",
        median(app_s),
        "ms",
        median(durable_s),
        "the plain loop, each row first marked in an fsync'd SQLite file (paired ratios)",
        "(for reference)",
        None,
        app_s,
    )
    row = Row(
        f"{size:,} rows, no rate limit: plan → summary",
        median(app_s),
        "ms",
        median(plain_s),
        "one requests.Session posting the same bodies; judged on the paired ratios",
        "≤ 1.3×",
        median(ratios) <= 1.3,
        app_s,
    )
    spent = steps(draft, csv, base_url, 1 if args.smoke else 3)
    extra = {
        "speed_plain_ms": plain_s,
        "speed_paired_ratios": ratios,
        "speed_rows": size,
        "speed_durable_loop_ms": durable_s,
        "speed_paired_ratios_durable": durable_ratios,
    }
    return [row, fair], {**extra, "speed_steps_ms": spent}


STEPS = (  # (module, class or "", attribute, label): the steps of a run that are timed
    ("rampwin_desktop.storage.journal", "Journal", "mark_sending", "journal: marks, before each"),
    ("rampwin_desktop.storage.journal", "Journal", "mark", "journal: outcome"),
    ("rampwin_desktop.storage.journal", "Journal", "create", "journal: created"),
    ("rampwin_desktop.storage.journal", "Journal", "sync", "journal: synced at the end"),
    ("rampwin_desktop.app.batch_history", "BatchHistory", "finish", "history: each row kept"),
    ("rampwin_desktop.storage.history", "History", "add", "history: kept rows written"),
    ("rampwin_desktop.api.client", "RampwinClient", "send_body", "HTTP request (the client)"),
    ("rampwin_desktop.app.batch", "", "run", "app.batch.run, all of it"),
)


def steps(draft: Path, csv: Path, base_url: str, rounds: int) -> dict[str, float]:
    """Where an app run's time goes: the median over ``rounds`` of each step's total, ms."""
    import importlib

    spent: dict[str, float] = {}

    def timed(real: Any, label: str) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return real(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - started

        return wrapper

    saved: list[tuple[Any, str, Any]] = []
    for module, owner_name, attribute, label in STEPS:
        owner = importlib.import_module(module)
        owner = getattr(owner, owner_name) if owner_name else owner
        real = owner.__dict__[attribute]
        saved.append((owner, attribute, real))
        wrapped = timed(real.__func__ if isinstance(real, classmethod) else real, label)
        setattr(
            owner, attribute, classmethod(wrapped) if isinstance(real, classmethod) else wrapped
        )
    plan_real = app["plan"]
    app["plan"] = timed(plan_real, "plan: every row checked")
    found: dict[str, list[float]] = {}
    try:
        for _ in range(rounds):
            spent.clear()
            total = app_run(draft, csv, base_url)
            spent["the whole app run (plan → summary)"] = total
            for label, seconds in spent.items():
                found.setdefault(label, []).append(seconds * 1000)
    finally:
        app["plan"] = plan_real
        for owner, attribute, real in saved:
            setattr(owner, attribute, real)
    return {label: median(values) for label, values in found.items()}


def memory(folder: Path, draft: Path, base_url: str, args: Any) -> tuple[Row, dict[str, Any]]:
    size = 200 if args.smoke else 10_000
    warm = write_csv(folder / "warm.csv", 5, offset=90_000_000)
    big = write_csv(folder / "memory.csv", size, offset=10_000_000)
    done = subprocess.run(
        [sys.executable, "-c", APP, str(draft), str(warm), str(big), base_url, API_KEY],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"the memory run failed:\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout)
    if result["sent"] != size:
        sys.exit(f"the memory run did not send every row: {result}")
    grown = (result["peak_kb"] - result["rss_before_kb"]) / 1024
    row = Row(
        f"{size:,} rows planned and sent: peak RSS − before",
        grown,
        "MB",
        target="≤ 15 MB",
        passed=grown <= 15,
        samples=[grown],
    )
    return row, {"memory_run": result}


def planning(folder: Path, draft: Path, args: Any) -> tuple[Row, dict[str, Any]]:
    """What a user waits for after choosing a list: the CSV read and every row planned (filled
    in, checked, repeats found), against Python's csv module reading the same file."""
    import csv as csv_module

    from rampwin_desktop.core.draft import loads_draft
    from rampwin_desktop.core.recipients import plan, read_csv

    size = 200 if args.smoke else 10_000
    path = write_csv(folder / "plan.csv", size, offset=40_000_000)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")  # one repeat
    message = loads_draft(draft.read_text(encoding="utf-8"))
    mine: list[float] = []
    floor: list[float] = []
    for _ in range(args.runs):
        gc.collect()
        started = time.perf_counter()
        planned = plan(message, read_csv(path))
        mine.append((time.perf_counter() - started) * 1000)
        if len(planned.rows) != size or len(planned.duplicates) != 1 or planned.problems:
            sys.exit(f"the plan of {size:,} rows and one repeat is wrong: {planned.duplicates}")
        gc.collect()
        started = time.perf_counter()
        with path.open(encoding="utf-8", newline="") as lines_in:
            list(csv_module.reader(lines_in))
        floor.append((time.perf_counter() - started) * 1000)
    row = Row(
        f"{size:,} rows and a repeat: CSV read and planned",
        median(mine),
        "ms",
        median(floor),
        "csv.reader reading the same file into a list",
        "≤ 1,000 ms",
        median(mine) <= 1000,
        mine,
    )
    return row, {"plan_rows": size, "plan_csv_reader_ms": floor}


def rate(folder: Path, draft: Path, base_url: str, args: Any) -> tuple[Row, dict[str, Any]]:
    size = 20 if args.smoke else 200
    csv = write_csv(folder / "rate.csv", size, offset=20_000_000)
    # When each row was done, timed here: the rate the app says is at most the one asked
    # for (app/batch.py), so it cannot tell whether that rate was kept.
    done_at: list[float] = []
    app["run_batch"](
        draft, csv, base_url, API_KEY, 20.0, lambda _: done_at.append(time.monotonic())
    )
    achieved = (len(done_at) - 1) / (done_at[-1] - done_at[0])
    rates = [n / (at - done_at[0]) for n, at in enumerate(done_at[1:], start=1)]
    row = Row(
        f"--rate 20 over {size} rows: achieved rate",
        achieved,
        "/s",
        20.0,
        "the rate asked for",
        "20 ± 5 %",
        abs(achieved - 20) <= 1.0,
        rates,
    )
    return row, {"rate_rows": size}


def gui_stall(folder: Path, args: Any) -> tuple[list[Row], dict[str, Any]]:
    """The batch window's stalls while it sends a list through the in-app sandbox."""
    size = 50 if args.smoke else 1000
    csv = write_csv(folder / "window.csv", size, offset=30_000_000)
    app, window, _ = open_window("bench-batch-window-")
    from PySide6.QtGui import QAction

    from rampwin_desktop.core.draft import loads_draft
    from rampwin_desktop.ui import dialogs
    from rampwin_desktop.ui.batch_dialog import BatchDialog

    window.composer.set_message(loads_draft(json.dumps(DRAFT)).with_changes(channel_id="sandbox"))
    dialogs.file_to_open = lambda *_args, **_kwargs: str(csv)  # the answer to Choose CSV…
    # From the second run on, Start asks "This list got this message on …": Yes.
    dialogs.confirm = lambda *_args, **_kwargs: True
    window.findChild(QAction, "sendToListAction").trigger()
    dialog = window.findChild(BatchDialog, "batchDialog")
    loaded: list[bool] = []
    dialog.loaded.connect(lambda: loaded.append(True))
    heartbeat = Heartbeat()
    worst: list[float] = []
    p99: list[float] = []
    durations: list[float] = []
    ended: list[bool] = []
    dialog.ended.connect(lambda: ended.append(True))
    for _ in range(args.runs):
        # Each run a new batch of the same list: Choose CSV… again (a batch that ended
        # cannot be started again; choosing a list clears the last one's results).
        loaded.clear()
        dialog.ui.choose_button.click()
        spin(app, lambda: bool(loaded), 60, "checking the CSV")
        dialog.ui.rate.setValue(0)  # "no limit"
        ended.clear()
        heartbeat.start()
        dialog.ui.start_button.click()
        durations.append(spin(app, lambda: bool(ended), 120, "the batch") * 1000)
        gaps = heartbeat.stop()
        summary = dialog.report.outcome
        if summary is None or summary.sent != size:
            sys.exit(f"the window's batch did not send every row: {summary}")
        worst.append(max(gaps))
        p99.append(percentile(gaps, 0.99))
    window.drafts.mark_saved()
    dialog.close()
    window.close()
    longest = median(worst)
    rows = [
        Row(
            f"window, {size:,} rows: longest GUI stall",
            longest,
            "ms",
            target="≤ 50 ms",
            passed=longest <= 50,
            samples=worst,
        ),
        Row("window: 99th percentile gap", median(p99), "ms", samples=p99),
        Row("window: Start → run ended", median(durations), "ms", samples=durations),
    ]
    return rows, {"window_worst_gap_ms": worst, "window_p99_gap_ms": p99, "window_rows": size}


def main() -> int:
    args = parse_args(__doc__ or "", runs=5)
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as folder:
        return run_all(Path(folder), args)


def run_all(folder: Path, args: Any) -> int:
    draft = folder / "draft.json"
    draft.write_text(json.dumps(DRAFT), encoding="utf-8")
    sandbox, base_url = start_sandbox()
    extra: dict[str, Any] = {}
    rows: list[Row] = []
    try:
        speed_rows, more = speed(folder, draft, base_url, args)
        rows += speed_rows
        extra.update(more)
        for measure in (memory, rate):
            row, more = measure(folder, draft, base_url, args)
            rows.append(row)
            extra.update(more)
    finally:
        sandbox.terminate()
        sandbox.wait(timeout=10)
    row, more = planning(folder, draft, args)
    rows.append(row)
    extra.update(more)
    window_rows, more = gui_stall(folder, args)
    rows += window_rows
    extra.update(more)
    ok = report("batch", rows, args, **extra)
    print(
        f"paired ratios (app / plain loop): {[round(r, 2) for r in extra['speed_paired_ratios']]}"
    )
    durable = [round(r, 2) for r in extra["speed_paired_ratios_durable"]]
    print(f"paired ratios (app / loop with an fsync'd mark per row): {durable}")
    print("where an app run's time goes (ms, median of 3 timed runs):")
    for label, spent in extra["speed_steps_ms"].items():
        print(f"    {label:<40} {spent:8.1f}")
    return 0 if ok or args.smoke else 1


if __name__ == "__main__":
    sys.exit(main())
