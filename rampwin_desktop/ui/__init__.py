"""The composer window (PySide6). Talks to core/ and api/ through small functions and signals."""

from rampwin_desktop.ui.import_hook import restore_plain_import

restore_plain_import()  # before any other module is imported: see ui/import_hook.py

from rampwin_desktop.ui.paint_threads import paint_on_gui_thread  # noqa: E402

paint_on_gui_thread()  # before Qt first wants its painting threads: see ui/paint_threads.py
