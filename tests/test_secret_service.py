"""The key through a real Secret Service (GNOME Keyring on a private D-Bus), not a stand-in."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PROBE = """
import keyring
from rampwin_desktop.storage import keystore
backend = keyring.get_keyring()
print("backend:", type(backend).__module__ + "." + type(backend).__name__)
import subprocess, sys
status = [sys.executable, "-m", "rampwin_desktop", "key-status", "--profile", "ci", "--json"]
keystore.write(keystore.Secret.API_KEY, "rk_real_keyring_test", "ci")
print("read:", keystore.read(keystore.Secret.API_KEY, "ci"))
print("status:", subprocess.run(status, capture_output=True, text=True).stdout.strip())
keystore.forget(keystore.Secret.API_KEY, "ci")
print("status:", subprocess.run(status, capture_output=True, text=True).stdout.strip())
print("after forget:", keystore.read(keystore.Secret.API_KEY, "ci"))
keystore.forget(keystore.Secret.API_KEY, "ci")  # forgetting twice is fine
print("done")
"""


def test_store_read_and_forget_through_gnome_keyring(tmp_path: Path) -> None:
    missing = [
        tool for tool in ("dbus-run-session", "gnome-keyring-daemon") if not shutil.which(tool)
    ]
    assert not missing, f"install {' and '.join(missing)} (apt: dbus gnome-keyring; .ci/run does)"
    home = tmp_path / "home"
    runtime = tmp_path / "runtime"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "PYTHON_KEYRING"))}
    env.update(HOME=str(home), XDG_RUNTIME_DIR=str(runtime))
    script = (
        "echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null; "
        f'exec "{sys.executable}" -c "$PROBE"'
    )
    env["PROBE"] = PROBE
    done = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "backend: keyring.backends.SecretService.Keyring"
    assert lines[1:] == [
        "read: rk_real_keyring_test",
        'status: {"profile": "ci", "stored": true, "unavailable": ""}',  # the window's helper
        'status: {"profile": "ci", "stored": false, "unavailable": ""}',
        "after forget: None",
        "done",
    ]
