"""`rampwin-desktop key-status`: a yes or no about the stored key, never the key."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import TYPE_CHECKING

from rampwin_desktop.storage.keystore import SERVICE
from tests.helpers.file_keyring import FileKeyring

if TYPE_CHECKING:
    import pytest

KEY = "rk_live_status_93ab"


def key_status(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rampwin_desktop", "key-status", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
        check=False,
    )


def test_a_stored_key_is_reported_not_printed(test_keyring: FileKeyring) -> None:
    test_keyring.entries[(SERVICE, "shop:api-key")] = KEY
    done = key_status("--profile", "shop")
    assert done.returncode == 0
    assert done.stdout.strip() == "An API key is stored for profile 'shop'."
    as_json = key_status("--profile", "shop", "--json")
    assert json.loads(as_json.stdout) == {"profile": "shop", "stored": True, "unavailable": ""}
    for output in (done.stdout, done.stderr, as_json.stdout, as_json.stderr):
        assert KEY not in output


def test_no_key_exits_1(test_keyring: FileKeyring) -> None:
    done = key_status()
    assert done.returncode == 1
    assert done.stdout.strip() == "No API key is stored for profile 'default'."


def test_no_keyring_exits_3_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    done = key_status("--json")
    assert done.returncode == 3
    answer = json.loads(done.stdout)
    assert answer["stored"] is False and answer["unavailable"].startswith("No system keyring")
