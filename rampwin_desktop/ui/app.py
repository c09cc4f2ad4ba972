"""Start the window: one QApplication, the main window, the event loop."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication

from rampwin_desktop import APP_ID, APP_NAME, __version__


def run_window(argv: list[str] | None = None, *, sandbox: bool = False) -> int:
    from rampwin_desktop.ui import startup

    startup.mark("qt_imported")
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName("Rampwin")
    app.setApplicationVersion(__version__)
    startup.mark("application")
    from rampwin_desktop.ui.main_window import MainWindow

    startup.mark("window_imported")
    install_excepthook()
    window = MainWindow(sandbox=sandbox)
    startup.mark("window_built")
    startup.after_first_paint(window, start_logging)
    startup.resume_gc_after_first_paint(window)  # cli.open_window paused it
    if startup.StartupProbe.wanted():  # installed last: it sees the paint before the rest runs
        startup.StartupProbe(app, window)
    window.show()
    startup.mark("window_shown")
    return int(app.exec())


def start_logging() -> None:
    """The log file; opened after the first paint (what goes wrong before reaches stderr)."""
    from rampwin_desktop.logs import setup_logging
    from rampwin_desktop.ui import paths

    log_file = setup_logging(paths.log_dir())
    logging.getLogger(__name__).info("%s %s started; log: %s", APP_NAME, __version__, log_file)


def install_excepthook() -> None:
    """An unexpected error is logged (redacted) and shown, instead of the app vanishing."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        logging.getLogger("rampwin_desktop").error("unexpected error", exc_info=(kind, error, tb))
        from PySide6.QtWidgets import QMessageBox

        from rampwin_desktop.logs import redact

        text = redact("".join(traceback.format_exception_only(kind, error)).strip())
        QMessageBox.critical(None, APP_NAME, f"Something went wrong: {text}\n\nYour work is kept.")

    sys.excepthook = hook
