"""Qt paints on the GUI thread alone: its helper threads cost more than they save here.

QtGui splits some raster work across a thread pool of its own: a fill or a pixmap drawn
with a gradient or alpha over more than ~96 rows, and image scaling over 65,536 source
pixels. The GUI thread hands out the pieces and waits for all of them. On a machine whose
idle CPUs sleep (virtual machines, laptops saving power) waking the helpers costs more than
the work: painting one 14 x 661 Fusion scroll bar took 3.7 ms with the pool and 0.2 ms
without it, and the window's first paint 12.5-15.7 ms against 8.5-9.3 ms
(bench/README.md). What this app draws is small (widgets, a 400-pixel-wide preview, header
images decoded at their preview size), so nothing it does gains from the split.

Qt reads ``QT_NO_GUI_THREADPOOL`` once, the first time it wants the pool, so this is set
before the window's modules load (``rampwin_desktop.ui``). A value the user set is kept.
"""

from __future__ import annotations

import os

ENV = "QT_NO_GUI_THREADPOOL"


def paint_on_gui_thread() -> None:
    os.environ.setdefault(ENV, "1")
