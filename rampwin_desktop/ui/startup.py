"""Start-up in two steps: paint the window first, then do what can wait for it.

``after_first_paint`` runs a callback once the window's first paint has been processed,
which is where the main window reads the keyring, starts the sandbox and offers
recovery. ``StartupProbe`` reports when that happened, for ``bench/bench_startup.py``
(set ``RAMPWIN_DESKTOP_STARTUP_PROBE=1``): one JSON line on stdout, then the app quits.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Slot

from rampwin_desktop import collector

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

PROBE_ENV = "RAMPWIN_DESKTOP_STARTUP_PROBE"
MARKS: list[tuple[str, float]] = []  # (step, time.monotonic()) as start-up reaches each step
IDLE_SETTLE_MS = 500  # how long the probe lets the app sit idle before reading its memory
GC_RESUME_LATEST_MS = 5000  # a window that starts minimised may not be painted for a while


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # The paint is being delivered now; the zero timer fires once it is done.
            QTimer.singleShot(0, self._fire)
        return False

    @Slot()
    def _fire(self) -> None:
        callback, self._callback = self._callback, lambda: None
        callback()
        self.deleteLater()


def mark(step: str) -> None:
    """Note when start-up reached ``step``: the probe reports the steps (bench_startup)."""
    MARKS.append((step, time.monotonic()))


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` in the GUI thread, once, right after ``widget`` was first painted."""
    _FirstPaint(widget, callback)


def resume_gc_after_first_paint(widget: QWidget) -> None:
    """Resume the garbage collector once ``widget`` has been painted, if start-up paused it
    (collector.py). A window that starts minimised is not painted: it resumes after
    ``GC_RESUME_LATEST_MS`` at the latest."""
    if not collector.paused():
        return
    after_first_paint(widget, collector.resume)
    QTimer.singleShot(GC_RESUME_LATEST_MS, collector.resume)


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


def qt_types_made() -> list[str]:
    """The Qt classes PySide6 has made so far: it makes each on first use (lazy loading)."""
    names: list[str] = []
    for module in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets"):
        loaded = sys.modules.get(module)
        names += (name for name in vars(loaded) if name.startswith("Q")) if loaded else ()
    return sorted(names)


def mapped_font_files() -> list[str]:
    """The font files this process has mapped into memory (Linux; empty elsewhere)."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            paths = {line.split()[-1] for line in maps if line.rstrip().endswith((".ttf", ".otf"))}
    except OSError:
        return []
    return sorted(os.path.basename(path) for path in paths)


def thread_names() -> list[str]:
    """The names of this process's threads (Linux; empty where /proc is missing)."""
    names = []
    try:
        for task in os.scandir("/proc/self/task"):
            with open(os.path.join(task.path, "comm"), encoding="utf-8") as comm:
                names.append(comm.read().strip())
    except OSError:
        pass
    return sorted(names)


class StartupProbe(QObject):
    """Writes when the window was first painted and how much memory it holds when idle."""

    def __init__(self, app: QApplication, window: QWidget) -> None:
        super().__init__(app)
        self._app = app
        self._window = window
        self._record: dict[
            str, float | int | bool | list[str] | list[int] | dict[str, float] | None
        ] = {}
        after_first_paint(window, self._painted)

    @staticmethod
    def wanted() -> bool:
        return os.environ.get(PROBE_ENV) == "1"

    @Slot()
    def _painted(self) -> None:
        self._record["first_paint"] = time.monotonic()
        self._record["window_size"] = [self._window.width(), self._window.height()]
        self._record["marks"] = dict(MARKS)
        self._record["gc_collections_at_paint"] = collector.collections_since_pause()
        self._record["rss_kb_at_paint"] = resident_kb()
        self._record["qt_types_at_paint"] = qt_types_made()
        self._record["fonts_at_paint"] = mapped_font_files()
        QTimer.singleShot(IDLE_SETTLE_MS, self._idle)

    @Slot()
    def _idle(self) -> None:
        self._record["rss_kb_idle"] = resident_kb()
        self._record["modules"] = len(sys.modules)
        self._record["gc_resumed_idle"] = not collector.paused()
        self._record["gc_frozen"] = collector.frozen()
        self._record["module_names"] = sorted(sys.modules)
        self._record["threads"] = thread_names()
        import json
        import linecache

        self._record["sources_held"] = len(linecache.cache)  # see ui/import_hook.py

        print(json.dumps(self._record), flush=True)
        self._app.quit()
