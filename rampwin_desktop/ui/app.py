"""Run the window: one QApplication, the main window, the event loop."""

from __future__ import annotations

import contextlib
import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6 import QtGui
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from rampwin_desktop import APP_ID, APP_NAME, __version__
from rampwin_desktop.redaction import redact
from rampwin_desktop.resources import app_icon_path
from rampwin_desktop.ui import boot, dialogs
from rampwin_desktop.ui.main_window import MainWindow


def application(argv: list[str] | None = None, *, icon: bool = True) -> QApplication:
    """The process's QApplication (made on the first call), named for settings and dialogs,
    with the app's icon (unless ``icon`` is False: the window sets it after its first
    paint, ``run_window``)."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName("Rampwin")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)  # Wayland shows the icon of rampwin-desktop.desktop
    if icon:
        show_app_icon()
    return app


def show_app_icon() -> None:
    """The app's icon, which every window and dialog without one of its own shows."""
    app = QApplication.instance()
    if isinstance(app, QApplication) and app.windowIcon().isNull():
        with contextlib.suppress(FileNotFoundError):  # a broken install still opens, and
            app.setWindowIcon(QtGui.QIcon(str(app_icon_path())))  # --self-test names it


def run_window(*, sandbox: bool = False, watch: Callable[[MainWindow], None] | None = None) -> int:
    app = application(icon=False)
    install_excepthook()
    window = MainWindow(sandbox=sandbox)
    boot.after_first_paint(window, show_app_icon)
    boot.after_first_paint(window, boot.start_logging)
    boot.after_first_paint(window, boot.resume_gc)
    QTimer.singleShot(boot.GC_RESUME_LATEST_MS, boot.resume_gc)
    if watch is not None:
        watch(window)
    window.show()
    return int(app.exec())


def install_excepthook() -> None:
    """An unexpected error is logged (redacted) and shown, instead of the app vanishing."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        logging.getLogger("rampwin_desktop").error("unexpected error", exc_info=(kind, error, tb))
        text = redact("".join(traceback.format_exception_only(kind, error)).strip())
        dialogs.fail(None, APP_NAME, f"Something went wrong: {text}\n\nYour work is kept.")

    sys.excepthook = hook
