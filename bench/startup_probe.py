"""Start the app as ``rampwin-desktop`` does and report its start-up: one JSON line, then quit.

Run by ``bench_startup.py`` (and ``tests/test_lean_paths.py``) as
``python -m bench.startup_probe`` from the repository root, in place of the
``rampwin-desktop`` command: it imports the command as the launcher does, then starts the
window through ``ui/boot.py`` (as the command does when given no arguments) with a watcher
that records when the window was built and first painted, how much memory the process
holds at the paint and after ``IDLE_MS`` of idling, and which modules it loaded.
"""

from __future__ import annotations

import builtins
import functools
import gc
import json
import os
import sys
import time
from typing import TYPE_CHECKING, Any

PROBE_STARTED = time.monotonic()  # the interpreter and site are up

import rampwin_desktop.cli  # noqa: E402, F401  (as the launcher does; after the clock: timed)
from rampwin_desktop.ui import boot  # noqa: E402

if TYPE_CHECKING:
    from rampwin_desktop.ui.main_window import MainWindow

IDLE_MS = 500
STOPS = ("imported", "built", "painted")  # the app's modules imported; MainWindow() made


def resident_kb() -> int:
    """This process's resident set size in KiB (Linux; 0 where /proc is missing)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def qt_namespace_made() -> bool:
    """Whether PySide6 has made the enums of Qt's ``Qt`` namespace (ui/boot.py, measure 7),
    found among the enum classes, so that looking does not make them."""
    import enum

    classes: list[type] = [enum.Enum]
    while classes:
        for subclass in classes.pop().__subclasses__():
            if subclass.__module__ == "PySide6.QtCore" and subclass.__qualname__.startswith("Qt."):
                return True
            classes.append(subclass)
    return False


def watch(window: MainWindow, stop_after: str | None = None) -> None:
    """Called by ``boot.launch`` with the built window, just before it is shown."""
    if stop_after == "built":
        os._exit(0)
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    record: dict[str, Any] = {
        "marks": {"probe_started": PROBE_STARTED, "window_built": time.monotonic()}
    }
    gc_paused = not gc.isenabled()

    def painted() -> None:
        record["first_paint"] = time.monotonic()
        if stop_after == "painted":
            os._exit(0)  # bench_startup_work.py counts the work up to here
        record["cpu_at_paint"] = time.process_time()  # this process's CPU time until then
        record["window_size"] = [window.width(), window.height()]
        record["rss_kb_at_paint"] = resident_kb()
        record["gc_paused_until_paint"] = gc_paused
        record["feature_import_hook_out"] = builtins.__import__.__name__ != "__feature_import__"
        record["paint_thread_pool_off"] = os.environ.get(boot.THREAD_POOL_ENV) == "1"
        record["later_run_before_paint"] = boot.run_already()
        record["qt_namespace_at_paint"] = qt_namespace_made()
        record["style_sheets_at_paint"] = [  # ui/boot.py, measure 8
            widget.objectName() or type(widget).__name__
            for widget in [*QApplication.allWidgets(), QApplication.instance()]
            if isinstance(widget, QWidget | QApplication) and widget.styleSheet()
        ]
        record["modules_at_paint"] = sorted(sys.modules)
        QTimer.singleShot(IDLE_MS, idle)

    def idle() -> None:
        record["rss_kb_idle"] = resident_kb()
        record["gc_enabled_idle"] = gc.isenabled()
        handle = window.windowHandle()
        record["window_icon_idle"] = handle is not None and not handle.icon().isNull()
        record["modules"] = len(sys.modules)
        record["module_names"] = sorted(sys.modules)
        print(json.dumps(record), flush=True)
        QApplication.quit()

    class PaintWatch(QObject):
        """As the bare window's: installed last, it sees the paint first, and its zero
        timer fires before the app's own first-paint callbacks (``boot.after_first_paint``)."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, painted)
            return False

    window.installEventFilter(PaintWatch(window))


def main() -> int:
    # What ``cli.main([])`` does, with the watcher; ``--without MEASURE`` (bench_boot.py)
    # leaves out one of boot.py's measures; ``--stop-after STEP`` (bench_startup_work.py)
    # ends the process, with nothing printed, once a step of ``STOPS`` is reached.
    arguments = sys.argv[1:]
    stop_after = None
    if "--stop-after" in arguments:
        at = arguments.index("--stop-after")
        stop_after = arguments[at + 1]
        if stop_after not in STOPS:
            sys.exit(f"--stop-after takes one of {', '.join(STOPS)}")
        del arguments[at : at + 2]
    without = arguments[arguments.index("--without") + 1 :] if "--without" in arguments else []
    if stop_after == "imported":
        boot.prepare(without=without)
        import rampwin_desktop.ui.app  # noqa: F401  (what boot.launch imports before the window)

        os._exit(0)
    return boot.launch(watch=functools.partial(watch, stop_after=stop_after), without=without)


if __name__ == "__main__":
    sys.exit(main())
