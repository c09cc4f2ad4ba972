"""``rampwin-desktop --self-test``: prove that an installed build has everything it needs.

Runs offscreen, prints one line per check, and exits 0 only if every check passes. The
packaged builds run it after installing (packaging/README.md).
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from collections.abc import Callable

Check = tuple[str, Callable[[], str]]


def run_self_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["RAMPWIN_DESKTOP_CONFIG_DIR"] = tempfile.mkdtemp(prefix="rampwin-self-test-")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    failures = 0
    for name, check in _checks():
        try:
            detail = check()
        except Exception as exc:
            failures += 1
            print(f"FAIL {name}: {type(exc).__name__}: {exc}")
            traceback.print_exc(limit=3)
        else:
            print(f"ok   {name}: {detail}")
    print("self-test passed" if not failures else f"self-test FAILED ({failures} checks)")
    app.processEvents()
    return 0 if not failures else 1


def _checks() -> list[Check]:
    return [
        ("Qt", _qt),
        ("resources", _resources),
        ("main window", _main_window),
        ("preview", _preview),
        ("TLS CA bundle", _tls),
        ("keyring", _keyring),
        ("key-status helper", _key_helper),
        ("phone numbers", _phone),
    ]


def _qt() -> str:
    from PySide6 import __version__ as pyside
    from PySide6.QtGui import QGuiApplication

    return f"PySide6 {pyside}, platform {QGuiApplication.platformName()}"


def _resources() -> str:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QImageReader

    from rampwin_desktop.resources import resources_dir

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
    return f"{len(files)} files in {resources_dir()}"


def _main_window() -> str:
    from rampwin_desktop.ui.main_window import MainWindow

    window = MainWindow(sandbox=True)
    window.show()
    window.start.begin()  # what follows the first paint: the profile, recovery
    title = window.windowTitle()
    window.drafts.mark_saved()
    window.close()
    return title.replace("[*]", "")


def _preview() -> str:
    from PySide6.QtGui import QColor

    from rampwin_desktop.core.model import Button, Message
    from rampwin_desktop.ui.preview import PreviewView

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
    import ssl

    import certifi
    import requests

    context = ssl.create_default_context(cafile=certifi.where())
    count = len(context.get_ca_certs())
    if count < 50:
        raise RuntimeError(f"only {count} CA certificates in {certifi.where()}")
    return f"{count} CA certificates (requests {requests.__version__})"


def _keyring() -> str:
    import keyring

    backend = keyring.get_keyring()
    return f"{type(backend).__module__}.{type(backend).__name__}"


def _key_helper() -> str:
    """The window asks the keyring through this command (ui/key_lookup.py): it must run from
    this installation, frozen or not."""
    import subprocess

    from rampwin_desktop.ui.key_lookup import helper_command, parse_answer

    command = helper_command("self-test")
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    answer = parse_answer(done.stdout)
    if answer is None:
        raise RuntimeError(f"{command[0]} key-status gave no answer: {done.stderr[-300:]}")
    stored, unavailable = answer
    return unavailable or ("a key is stored" if stored else "answers (no key stored)")


def _phone() -> str:
    from rampwin_desktop.core.phone import parse_phone_number

    number = parse_phone_number("+91 99999 99999")
    return f"{number.digits} ({number.country_name})"
