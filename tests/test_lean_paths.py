"""What stays off the start-up and dry-run paths, and what the upload streams in.

Each of these would silently cost a user time if it regressed (bench/README.md has the
numbers); these tests make it loud instead.
"""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from rampwin_desktop.api.client import UPLOAD_BLOCK, RampwinClient
from rampwin_desktop.core import text
from rampwin_desktop.core.model import Button, Message
from rampwin_desktop.sandbox import SandboxServer
from rampwin_desktop.storage.drafts import save_draft
from tests.helpers import ROOT

HEAVY = ("requests", "keyring", "phonenumbers", "rampwin_desktop.sandbox", "PIL")


def loaded_after(code: str) -> list[str]:
    probe = code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    ).stdout
    modules = set(json.loads(out.strip().splitlines()[-1]))
    return [name for name in HEAVY if name in modules]


def test_the_window_module_loads_none_of_the_heavy_libraries() -> None:
    assert loaded_after("import rampwin_desktop.ui.main_window, rampwin_desktop.ui.app") == []


def start_window(config: Path) -> dict[str, Any]:
    """Start the app as ``bench_startup`` does, on ``config``; its probe's record once idle."""
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "PATH": "/usr/bin:/bin",
        "HOME": str(config),
        "RAMPWIN_DESKTOP_CONFIG_DIR": str(config / "app"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    out = subprocess.run(
        [sys.executable, "-m", "bench.startup_probe"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    ).stdout
    record: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return record


def test_no_start_loads_the_keyring_sandbox_or_http(tmp_path: Path) -> None:
    """The start-up and idle-memory figures rest on this (bench/README.md)."""
    heavy = {"keyring", "requests", "rampwin_desktop.sandbox", "ssl", "PIL"}
    first = start_window(tmp_path)
    assert heavy & set(first["module_names"]) == set()  # the keyring is asked by a helper
    later = start_window(tmp_path)
    assert heavy & set(later["module_names"]) == set()  # on the sandbox: nothing to ask or start


def test_an_own_number_stored_loads_no_phone_library_before_the_first_paint(
    tmp_path: Path,
) -> None:
    """The own number tells the user's region for recipients written without a country
    code; with no recipient in the form it is not read (phonenumbers is a large import)."""
    settings = tmp_path / "app" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"sandbox": {"own_number": "919876500001"}}), "utf-8")
    record = start_window(tmp_path)
    assert "phonenumbers" not in record["modules_at_paint"]


def test_the_start_up_measures_are_in_effect(tmp_path: Path) -> None:
    """What ui/boot.py promises (each measure's worth is in bench/README.md)."""
    first = start_window(tmp_path)  # a first run looks for an older version's settings
    assert first["later_run_before_paint"] == ["rampwin_desktop.storage.legacy"]
    assert not first["qt_namespace_at_paint"]  # measure 7: its 93 enums wait for the paint
    record = start_window(tmp_path)
    assert not record["qt_namespace_at_paint"]
    assert first["style_sheets_at_paint"] == record["style_sheets_at_paint"] == []  # measure 8
    assert record["gc_paused_until_paint"] and record["gc_enabled_idle"]
    assert record["feature_import_hook_out"]
    assert record["paint_thread_pool_off"]
    # Imported by the window's modules, but none run before the first paint: a module
    # that imports a name from one of them (not the module) would undo it.
    assert record["later_run_before_paint"] == []


def test_the_launched_window_shows_the_apps_icon(tmp_path: Path) -> None:
    """``rampwin-desktop`` sets the icon after the first paint (ui/boot.py, measure 5)."""
    assert start_window(tmp_path)["window_icon_idle"]


def test_a_dry_run_loads_no_http_keyring_or_geocoder(tmp_path: Path) -> None:
    draft = tmp_path / "message.json"
    save_draft(
        draft,
        Message(
            body="Hi", buttons=(Button("a", "A"),), recipient="+91 99999 99999", channel_id="c"
        ),
    )
    code = (
        "from rampwin_desktop.cli import main\n"
        f"assert main(['send', '--dry-run', '--draft', {str(draft)!r}]) == 0\n"
    )
    loaded = loaded_after(code)
    assert "requests" not in loaded and "keyring" not in loaded
    probe = code + "import sys; print('geodata' in ' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("False")  # ~300 ms of country names, not needed here


def test_uploads_stream_in_large_blocks(sandbox: SandboxServer, tmp_path: Path) -> None:
    document = tmp_path / "catalogue.pdf"
    with document.open("wb") as stream:
        stream.write(b"%PDF-1.4\n")
        stream.truncate(4_000_000)
    reads: list[int] = []
    with RampwinClient(sandbox.api_key, base_url=sandbox.base_url) as api:
        api.upload_media(document, progress=lambda sent, total: reads.append(sent))
    # 16 KB blocks (urllib3's default) would be ~245 trips; 128 KB blocks are ~31.
    assert len(reads) <= 4_000_000 // UPLOAD_BLOCK + 4
    assert max(reads) >= 4_000_000  # and it all went


def reference_first_forbidden(value: str, allow_newlines: bool) -> int | None:
    for index, char in enumerate(value):
        if 0xD800 <= ord(char) <= 0xDFFF or (char == "\n" and not allow_newlines):
            return index + 1
        if char not in "\n\t" and unicodedata.category(char) == "Cc":
            return index + 1
    return None


@given(st.text(alphabet=st.characters(codec=None)), st.booleans())
def test_the_fast_control_character_scan_agrees_with_the_slow_one(
    value: str, allow_newlines: bool
) -> None:
    found = text.first_forbidden_character(value, allow_newlines=allow_newlines)
    expected = reference_first_forbidden(value, allow_newlines)
    if expected is None:
        assert found is None
    else:
        assert found is not None and found.endswith(f"position {expected}")
