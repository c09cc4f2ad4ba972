"""Start-up: every measure that makes the window appear sooner, in one place.

``launch`` is how the window starts (``rampwin-desktop`` with no command). Importing this
module does nothing; calling ``prepare`` (which ``launch`` does first) applies the process-wide
measures. What each one buys is measured in bench/README.md ("What boot.py buys"):

1. The garbage collector waits until the window is painted. Start-up makes tens of
   thousands of objects (Qt's enums, classes, widgets) and keeps nearly all of them, so the
   collections it would run find next to nothing. Once painted, ``gc.freeze()`` moves what
   start-up made out of the collector's reach, so later collections are short.
2. Qt paints on the GUI thread alone (``QT_NO_GUI_THREADPOOL=1``, read once by Qt): its
   helper threads for big fills cost more to wake than they save on what this app draws.
3. PySide6's import hook is taken out. Importing PySide6 replaces ``builtins.__import__`` to
   support ``from __feature__ import ...``, which this app never uses, and as a side effect
   reads and keeps the source of every module imported after it (PYSIDE-2029). Python's own
   import (kept in ``builtins.__orig_import__``) is put back.
4. What can wait runs after the first paint (``after_first_paint``): the log file, and the
   window's deferred start (``ui/start.py``: the keyring, recovery).
"""

from __future__ import annotations

import builtins
import gc
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from rampwin_desktop.ui.main_window import MainWindow

THREAD_POOL_ENV = "QT_NO_GUI_THREADPOOL"
GC_RESUME_LATEST_MS = 5000  # a window that starts minimised may not be painted for a while


def launch(*, sandbox: bool = False, watch: Callable[[MainWindow], None] | None = None) -> int:
    """Open the window and run until it closes; ``watch`` sees the window before it is shown
    (the start-up benchmark's probe, bench/startup_probe.py)."""
    prepare()
    from rampwin_desktop.ui.app import run_window

    return run_window(sandbox=sandbox, watch=watch)


def prepare() -> None:
    """The process-wide measures, before Qt is imported (1-3 above)."""
    if gc.isenabled():
        gc.disable()
    os.environ.setdefault(THREAD_POOL_ENV, "1")
    import PySide6.QtCore  # noqa: F401  (installs the import hook, if this PySide6 has one)

    restore_plain_import()


def restore_plain_import() -> bool:
    """Put Python's own ``__import__`` back; whether PySide6's hook was there to remove."""
    original = getattr(builtins, "__orig_import__", None)
    if original is None or getattr(builtins.__import__, "__name__", "") != "__feature_import__":
        return False
    builtins.__import__ = original
    return True


def resume_gc() -> None:
    """Collections again, without walking what start-up made (it lives as long as the app)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` in the GUI thread, once, right after ``widget`` was first painted."""
    from rampwin_desktop.ui.first_paint import FirstPaint

    FirstPaint(widget, callback)
