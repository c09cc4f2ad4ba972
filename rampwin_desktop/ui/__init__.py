"""The composer window (PySide6). Talks to core/ and api/ through small functions and signals."""

from rampwin_desktop.ui.import_hook import restore_plain_import

restore_plain_import()  # before the window's modules are imported: see ui/import_hook.py
