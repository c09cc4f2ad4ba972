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
3. PySide6's feature-import hook is taken out. Importing PySide6 replaces
   ``builtins.__import__`` with ``__feature_import__`` to support ``from __feature__ import
   ...``, which this app never uses, and as a side effect it reads and keeps the source of
   every module imported after it (PYSIDE-2029). The import it wraps, kept in
   ``builtins.__orig_import__`` (PySide6's lazy-loading import, which calls Python's), is
   put back.
4. Modules the first frame does not need run when first used (``LATER``): the send
   thread's code, the dialogs, the docks' panels, the key lookup, drafts on disk, the
   cURL export, the history's database and the import of an older version's settings. The
   modules that use them import them as modules, at the top, as everywhere else (``from
   rampwin_desktop.ui import settings_dialog``, then ``settings_dialog.SettingsDialog(...)``);
   ``prepare`` has Python's ``importlib.util.LazyLoader`` run each one's code at its first
   attribute access instead of at the import. Importing a name from one of them (``from
   rampwin_desktop.ui.settings_dialog import SettingsDialog``), or a second plain ``import
   x`` of a standard module in the list, runs it at once. Outside the window (tests, the
   command line) they load as usual.
5. What can wait runs after the first paint (``after_first_paint``): the window's deferred
   start (``ui/start.py``: the keyring, recovery), the window's icon (``ui/app.py``
   ``show_app_icon``: Qt's icon type and its SVG icon engine, a plugin and a library), and
   the log file, whose module (with ``logging.handlers``, ``socket`` and ``pickle``) is
   imported only then (``start_logging``); what goes wrong before reaches stderr; and the
   status line (``ui/status_line.py``: a ``QStatusBar``, 6-9 ms to make the first). The
   window asks for its callbacks last in its construction: the watch is a Python event
   filter, and the ~110 events that building the window sends it (a child added, an
   action added) would each be made into a Python object and passed through it.
6. Qt types the first frame does not use are not made before it. PySide6 makes a Qt
   class's Python type, with all its enums, when the class is first named or tried as an
   overload. ``QPushButton(text, parent)`` and ``QAction(text, parent)`` also match the
   ``(QIcon, text, parent)`` overloads: buttons are made by ``ui/fields.push_button`` and
   actions with keyword arguments (``QAction(text=..., parent=...)``), which try none.
   Classes needed only for a header file, a dock, a key press, a thread or a link clicked
   (``QImage``, ``QImageReader``, ``QDockWidget``, ``QKeyEvent``, ``QThread``, ``QUrl``)
   are named through their module (``QtGui.QImageReader``) where used; the send bar's
   ``ElidedLabel`` paints with ``QPainter`` and its palette, not ``QStyle.drawItemText``
   (``QStyle``'s type and enums, ≈ 5.6 ms of CPU before the first paint).
7. Qt's ``Qt`` namespace is not made before the first paint. PySide6 makes its 93 enums
   (3,000 members, 12-24 ms) together, at the first ``from PySide6.QtCore import Qt``, the
   first ``QtCore.Qt.X``, the first return of one of them (``focusPolicy()``,
   ``colorScheme()``), or the first call with an overload that takes one (``setPen``,
   ``setBrush``, ``QBrush(QColor)``, ``setShortcut``, ``setAlignment``, ``elidedText``...).
   What the first frame needs of it is reached another way, here: properties of those
   types are set by name (``set_qt_properties``: Qt converts "AlignRight|AlignVCenter" in
   C++), ``drawText`` takes the alignment as the int it is in C++ (``ALIGN_*``), a fill
   takes a ``QBrush`` made by a palette (``solid_brush``), and text is drawn in the
   painted widget's own foreground colour, which ``QPainter`` starts with. Elsewhere the
   modules name it where used (``QtCore.Qt.FocusReason...``), in code that runs after the
   first paint; ``tests/test_lean_paths.py`` fails if the first frame makes it again.
8. No style sheets. A widget given one (``color: gray``) is taken over, with each of its
   children, by Qt's style sheet style: its CSS parsed and matched at each polish, its
   paint routed through it. The tones of problem lines, counters and notes are the
   widget's own palette (``palette.shade``), sizes and weights its font
   (``fields.set_font``), and the rounded banners, the dashed thumbnail and the preview's
   date chip paint their background themselves (``ui/rounded.py``): ≈ 10 ms of a start
   (0.956× the code with them, interleaved). ``tests/test_lean_paths.py`` fails if the
   first frame has a style sheet.
"""

from __future__ import annotations

import builtins
import gc
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Callable, Collection, Sequence
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QBrush, QColor
    from PySide6.QtWidgets import QWidget

    from rampwin_desktop.ui.main_window import MainWindow

THREAD_POOL_ENV = "QT_NO_GUI_THREADPOOL"
LATER = (  # measure 4: loaded at their first use, not by the import
    "rampwin_desktop.api.curl",  # Edit > Copy as cURL
    "rampwin_desktop.api.code_export",  # Edit > Copy as Python, as JavaScript
    "rampwin_desktop.api.request_plan",
    "rampwin_desktop.api.delivery",  # the first send
    "rampwin_desktop.app.batch_again",  # File > Send to a list: the batches before
    "rampwin_desktop.app.header_files",  # a header picture chosen, fitted or sent
    "rampwin_desktop.app.profiles",  # Settings' Save
    "rampwin_desktop.core.country_names",  # the first number named (To's "India (IN)")
    "rampwin_desktop.core.draft",  # File > Open, Save; the recovery file
    "rampwin_desktop.core.emphasis",  # the body's B, I, S and </>
    "rampwin_desktop.core.geometry",  # the first media header
    "rampwin_desktop.core.image_fit",  # Make it fit, and a picture's metadata
    "rampwin_desktop.core.image_meta",
    "rampwin_desktop.core.media",
    "rampwin_desktop.core.payload",
    "rampwin_desktop.storage.autosave",  # the first change to the message
    "rampwin_desktop.storage.drafts",
    "rampwin_desktop.storage.fitted_images",  # a picture fitted or cleaned for upload
    "rampwin_desktop.storage.history_search",  # the history, opened after the first paint
    "rampwin_desktop.storage.legacy",  # a first start after an upgrade
    "rampwin_desktop.ui.batch_dialog",  # File > Send to a list (and what it imports)
    "rampwin_desktop.ui.dark_style",  # the app's own dark palette
    "rampwin_desktop.ui.dialogs",  # the first question, warning or file chooser
    "rampwin_desktop.ui.history_panel",  # the History dock, when opened
    "rampwin_desktop.ui.keys_help",  # Help > Keys and formatting
    "rampwin_desktop.ui.inbox",  # the sandbox inbox dock, when opened
    "rampwin_desktop.ui.own_number_dialog",  # the first "Send test to me"
    "rampwin_desktop.ui.preview_export",  # File > Export preview as PNG, Copy preview image
    "rampwin_desktop.ui.key_lookup",  # after the first paint, on a first run
    "rampwin_desktop.ui.send_thread",  # the first send
    "rampwin_desktop.ui.send_worker",
    "rampwin_desktop.ui.settings_dialog",  # Settings, New profile
    "sqlite3",  # the history, opened after the first paint
    "configparser",  # an older version's settings.ini, if there is one
    "difflib",  # "did you mean {{name}}?" for a placeholder the list has no column for
)
GC_RESUME_LATEST_MS = 5000  # a window that starts minimised may not be painted for a while
MEASURES = ("collector", "paint-threads", "import-hook", "later")  # what prepare() applies


def launch(
    *,
    sandbox: bool = False,
    watch: Callable[[MainWindow], None] | None = None,
    without: Collection[str] = (),
) -> int:
    """Open the window and run until it closes. ``watch`` sees the window before it is
    shown, and ``without`` names measures to leave out: both for bench/ (the start-up
    probe, and what each measure buys)."""
    prepare(without=without)
    from rampwin_desktop.ui.app import run_window

    return run_window(sandbox=sandbox, watch=watch)


def prepare(*, without: Collection[str] = ()) -> None:
    """The process-wide measures 1-4, before Qt is imported (``MEASURES``)."""
    if "collector" not in without and gc.isenabled():
        gc.disable()
    if "paint-threads" not in without:
        os.environ.setdefault(THREAD_POOL_ENV, "1")
    import PySide6.QtCore  # noqa: F401  (installs the import hook, if this PySide6 has one)

    if "import-hook" not in without:
        restore_plain_import()
    if "later" not in without and not any(
        isinstance(finder, _LoadAtFirstUse) for finder in sys.meta_path
    ):
        sys.meta_path.insert(0, _LoadAtFirstUse(LATER))


class _LoadAtFirstUse:
    """Finds the modules in ``names`` as usual, then has them run at their first use."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = frozenset(names)

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name not in self.names:
            return None
        for finder in sys.meta_path:  # the finders that would have found it (frozen or not)
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is None:
                continue
            if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                spec.loader = importlib.util.LazyLoader(spec.loader)
            return spec
        return None


def run_already() -> list[str]:
    """The modules of ``LATER`` that have run (for the start-up probe)."""
    return [
        name
        for name in LATER
        if name in sys.modules and type(sys.modules[name]).__name__ != "_LazyModule"
    ]


def restore_plain_import() -> bool:
    """Take out PySide6's feature-import hook; whether it was there to remove."""
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

    FirstPaint.watching(widget).add(callback)


def start_logging() -> None:
    """The log file in the log folder, from now on (measure 5)."""
    import logging

    from rampwin_desktop import APP_NAME, __version__
    from rampwin_desktop.storage import paths
    from rampwin_desktop.storage.logs import setup_logging

    log_file = setup_logging(paths.log_dir())
    logging.getLogger(__name__).info("%s %s started; log: %s", APP_NAME, __version__, log_file)


# Measure 7: Qt::AlignmentFlag's values, for ``QPainter.drawText(rect, flags, text)``, whose
# flags are an int in C++ and in PySide6 (tests/ui/test_boot.py checks them against Qt's).
ALIGN_LEFT = 0x0001
ALIGN_HCENTER = 0x0004
ALIGN_VCENTER = 0x0080
ALIGN_CENTER = ALIGN_HCENTER | ALIGN_VCENTER
TOOL_TIP_ROLE = 3  # Qt::ToolTipRole: item data roles are an int in C++ and in PySide6


def set_qt_properties(target: QObject, **values: object) -> None:
    """Set properties of ``target`` whose type is one of the ``Qt`` namespace's enums, by
    their names: ``set_qt_properties(label, alignment="AlignRight|AlignVCenter")`` is
    ``label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)``
    (measure 7). Also a shortcut, ``shortcut=QKeySequence("Esc")``: ``setShortcut``'s
    overloads take ``Qt.Key``. A property or a value Qt does not know raises."""
    for name, value in values.items():
        if not target.setProperty(name, value):
            raise ValueError(f"{type(target).__name__} has no property {name} = {value!r}")


def solid_brush(color: QColor) -> QBrush:
    """A brush of one colour, as ``QBrush(color)`` (measure 7: that constructor also tries
    its ``Qt.GlobalColor`` overload; a palette makes the brush in C++)."""
    from PySide6.QtGui import QPalette

    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, color)
    return palette.brush(QPalette.ColorRole.Window)
