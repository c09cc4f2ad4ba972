"""Start the window: one QApplication, the main window, the event loop."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from rampwin_desktop import APP_ID, APP_NAME, __version__


def run_window(argv: list[str] | None = None, *, sandbox: bool = False) -> int:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName("Rampwin")
    app.setApplicationVersion(__version__)
    from rampwin_desktop.ui.main_window import MainWindow

    window = MainWindow(sandbox=sandbox)
    window.show()
    return int(app.exec())
