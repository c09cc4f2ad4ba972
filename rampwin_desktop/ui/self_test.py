"""``rampwin-desktop --self-test``: prove that an installed build has everything it needs.

Runs offscreen, prints one line per check, and exits 0 only if every check passes; a
``warn`` line (no Secret Service, say) is something the user should know, not a broken
installation, and does not fail it. The packaged builds and the wheel run it after installing
(packaging/README.md). It runs after
``ui/boot.prepare``, as the window does, and loads every module the window loads at first
use, so that a frozen build missing one fails here, not in a user's hands.
"""

from __future__ import annotations

import importlib
import os
import ssl
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING

import certifi
import keyring
import requests
from keyring.backends import fail, null
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, qInstallMessageHandler
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImageReader

from rampwin_desktop.core.model import Button, Message
from rampwin_desktop.core.phone import parse_phone_number
from rampwin_desktop.resources import app_icon_path, resources_dir
from rampwin_desktop.ui import boot
from rampwin_desktop.ui.app import application
from rampwin_desktop.ui.key_lookup import helper_command, parse_answer
from rampwin_desktop.ui.main_window import MainWindow
from rampwin_desktop.ui.preview import PreviewView

if TYPE_CHECKING:
    from PySide6.QtCore import QMessageLogContext, QtMsgType

Check = tuple[str, Callable[[], str]]
ICON_SIZE = 32


class SelfTestWarning(Exception):
    """Raised by a check whose finding the user should know, though the install works."""


def run_self_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["RAMPWIN_DESKTOP_CONFIG_DIR"] = tempfile.mkdtemp(prefix="rampwin-self-test-")
    app = application()
    previous = qInstallMessageHandler(_without_offscreen_notes)
    failures = warnings = 0
    for name, check in CHECKS:
        try:
            detail = check()
        except SelfTestWarning as warning:
            warnings += 1
            print(f"warn {name}: {warning}")
        except Exception as exc:
            failures += 1
            print(f"FAIL {name}: {type(exc).__name__}: {exc}")
            traceback.print_exc(limit=3)
        else:
            print(f"ok   {name}: {detail}")
    if failures:
        print(f"self-test FAILED ({failures} checks)")
    else:
        plural = "" if warnings == 1 else "s"
        print(f"self-test passed ({warnings} warning{plural})" if warnings else "self-test passed")
    app.processEvents()
    qInstallMessageHandler(previous)
    return 0 if not failures else 1


def _without_offscreen_notes(_kind: QtMsgType, _context: QMessageLogContext, said: str) -> None:
    """Qt's messages, but the offscreen platform's notes that it has no window system to
    ask ("This plugin does not support propagateSizeHints()"), which read as a fault in
    the self-test's output (a newcomer's find)."""
    if not said.startswith("This plugin does not support"):
        print(said, file=sys.stderr)


def _qt() -> str:
    return f"PySide6 {pyside_version}, platform {QGuiApplication.platformName()}"


def _resources() -> str:
    files = [path for path in resources_dir().rglob("*") if path.is_file()]
    svgs = [path for path in files if path.suffix == ".svg"]
    for svg in svgs:
        # The way the app reads them: through Qt's SVG image plugin, which must be bundled.
        reader = QImageReader(str(svg))
        reader.setScaledSize(QSize(32, 32))
        if reader.read().isNull():
            raise RuntimeError(f"{svg.name} does not render: {reader.errorString()}")
    if not svgs:
        raise RuntimeError(f"no resources found in {resources_dir()}")
    return f"{len(files)} file{'' if len(files) == 1 else 's'} in {resources_dir()}"


def _main_window() -> str:
    window = MainWindow(sandbox=True)
    window.show()
    window.start.begin()  # what follows the first paint: the profile, recovery
    title = window.windowTitle()
    icon = window.windowHandle().icon().pixmap(ICON_SIZE).toImage()
    expected = QIcon(str(app_icon_path())).pixmap(ICON_SIZE).toImage()
    if icon.isNull() or icon != expected:
        raise RuntimeError(f"the window does not show the app's icon ({app_icon_path()})")
    window.drafts.mark_saved()
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # gone, with what it listens to
    window.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    boot.resume_gc()
    return f"{title.replace('[*]', '')}, icon {app_icon_path().name}"


def _deferred_modules() -> str:
    """Every module the window loads at its first use loads (a frozen build has them)."""
    run = [importlib.import_module(name).__name__ for name in boot.LATER]  # runs each
    return f"{len(run)} modules"


def _preview() -> str:
    view = PreviewView()
    view.resize(400, 600)
    view.set_message(
        Message(body="Hello *self-test* 👋", footer="ok", buttons=(Button("a", "Works"),))
    )
    image = view.grab().toImage()
    wallpaper = QColor(view.theme.wallpaper).rgb()
    painted = sum(
        1
        for y in range(0, image.height(), 4)
        for x in range(0, image.width(), 4)
        if image.pixel(x, y) != wallpaper
    )
    if painted < 500 or "self-test" not in view.accessibleDescription():
        raise RuntimeError("the preview did not render")
    return f"{image.width()}×{image.height()} image, {painted} painted samples"


def _tls() -> str:
    context = ssl.create_default_context(cafile=certifi.where())
    count = len(context.get_ca_certs())
    if count < 50:
        raise RuntimeError(f"only {count} CA certificates in {certifi.where()}")
    return f"{count} CA certificates (requests {requests.__version__})"


def _keyring() -> str:
    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if isinstance(backend, (fail.Keyring, null.Keyring)):
        missing = "no Secret Service found" if sys.platform.startswith("linux") else "no keyring"
        raise SelfTestWarning(f"{missing} ({name}): API keys would be kept for the session only")
    return name


def _key_helper() -> str:
    """The window asks the keyring through this command (ui/key_lookup.py): it must run from
    this installation, frozen or not."""
    command = helper_command("self-test")
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    answer = parse_answer(done.stdout)
    if answer is None:
        raise RuntimeError(f"{command[0]} key-status gave no answer: {done.stderr[-300:]}")
    stored, unavailable = answer
    if unavailable:
        raise SelfTestWarning(f"answers: {unavailable}")
    return "answers: a key is stored" if stored else "answers: no key stored"


def _phone() -> str:
    number = parse_phone_number("+91 99999 99999")
    return f"{number.digits} ({number.country_name})"


def _pictures() -> str:
    """Make it fit needs Pillow and its format plugins (a frozen build could lose them)."""
    import io
    from pathlib import Path

    from PIL import Image

    from rampwin_desktop.core import image_fit, image_meta

    folder = Path(tempfile.mkdtemp(prefix="rampwin-self-test-picture-"))
    made = []
    for kind in ("WEBP", "GIF", "BMP", "TIFF", "PNG", "JPEG"):
        source = folder / f"check.{kind.lower()}"
        Image.new("RGB", (64, 32), (200, 40, 40)).save(source, kind)
        fitted = image_fit.fit(source)
        with Image.open(io.BytesIO(fitted.data)) as result:
            if result.format != "JPEG" or result.size != (64, 32):
                raise RuntimeError(f"{kind} became {result.format} {result.size}")
        made.append(kind)
    if image_meta.inspect_bytes(fitted.data).any:
        raise RuntimeError("a converted picture kept metadata")
    from PIL import __version__ as pillow_version

    return f"Pillow {pillow_version}: {', '.join(made)} → JPEG"


CHECKS: list[Check] = [
    ("Qt", _qt),
    ("resources", _resources),
    ("main window", _main_window),
    ("modules loaded at first use", _deferred_modules),
    ("preview", _preview),
    ("TLS CA bundle", _tls),
    ("keyring", _keyring),
    ("key-status helper", _key_helper),
    ("phone numbers", _phone),
    ("pictures (Make it fit)", _pictures),
]
