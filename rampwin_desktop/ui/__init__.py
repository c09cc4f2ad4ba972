"""The composer window (PySide6). Talks to core/ and api/ through small functions and signals."""

from rampwin_desktop.ui.import_hook import restore_plain_import
from rampwin_desktop.ui.paint_threads import paint_on_gui_thread

restore_plain_import()  # before the window's modules are imported: see ui/import_hook.py
paint_on_gui_thread()  # before Qt first wants its painting threads: see ui/paint_threads.py
