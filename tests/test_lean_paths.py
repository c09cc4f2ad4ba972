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
from rampwin_desktop.core.draft import save_draft
from rampwin_desktop.core.model import Button, Message
from rampwin_desktop.sandbox import SandboxServer

HEAVY = ("requests", "keyring", "phonenumbers", "rampwin_desktop.sandbox", "logging.handlers")


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
    """Start the app as a user does, on ``config``; the start-up probe's record once idle."""
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "PATH": "/usr/bin:/bin",
        "HOME": str(config),
        "XDG_CONFIG_HOME": str(config / "config"),
        "XDG_DATA_HOME": str(config / "data"),
        "XDG_CACHE_HOME": str(config / "cache"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "RAMPWIN_DESKTOP_STARTUP_PROBE": "1",  # one JSON line once idle, then it quits
    }
    out = subprocess.run(
        [sys.executable, "-m", "rampwin_desktop"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        timeout=60,
    ).stdout
    record: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return record


def test_no_start_loads_the_keyring_sandbox_or_openssl(tmp_path: Path) -> None:
    heavy = {"keyring", "requests", "rampwin_desktop.sandbox", "ssl"}
    first = start_window(tmp_path)["module_names"]
    assert heavy & set(first) == set()  # a first run asks the keyring in a helper process
    later = start_window(tmp_path)["module_names"]
    assert heavy & set(later) == set()  # on the sandbox: nothing to ask or start


def test_the_app_keeps_no_source_text_of_what_it_imported(tmp_path: Path) -> None:
    # PySide6's import hook would read (and keep) the source of every module imported after
    # it: the window's, the standard library's, ~100 on a first run (ui/import_hook.py).
    record = start_window(tmp_path)
    assert record["sources_held"] <= 5


def test_start_up_runs_no_garbage_collections_and_turns_the_collector_back_on(
    tmp_path: Path,
) -> None:
    # Without the pause, start-up runs ~45 collections that find almost nothing (collector.py).
    record = start_window(tmp_path)
    assert record["gc_collections_at_paint"] == 0
    assert record["gc_resumed_idle"] is True
    assert record["gc_frozen"] > 10_000  # what start-up made is not walked again


def test_the_window_paints_without_qts_helper_threads(tmp_path: Path) -> None:
    # Qt would hand parts of the scroll bar's and the preview's fills to its thread pool and
    # wait for them: slower here than painting on the GUI thread (ui/paint_threads.py).
    record = start_window(tmp_path)
    assert record["threads"]  # the probe could read them
    assert "Thread (pooled)" not in record["threads"]


def test_the_first_paint_makes_no_qicon_qkeysequence_or_qgradient(tmp_path: Path) -> None:
    # QPushButton(text, parent) and QAction(text, parent) make PySide6 try the icon overloads,
    # which creates QIcon and its enums (1.3 ms): ui/labelled.py makes them without.
    # Keyboard shortcuts are added after the paint (QKeySequence and its enums: 0.6 ms).
    made = start_window(tmp_path)["qt_types_at_paint"]
    assert {"QPushButton", "QAction", "QToolButton"} <= set(made)
    assert "QIcon" not in made
    assert "QKeySequence" not in made
    # QPainter.fillRect(rect, QColor) makes QGradient and its 180 presets (2-3 ms).
    assert "QGradient" not in made


def test_the_first_paint_needs_no_colour_emoji_font(tmp_path: Path) -> None:
    # Loading and drawing from the 10 MB colour emoji font cost ~5 ms of start-up: the
    # starter message has no emoji, and the chat's avatar is painted (chat_parts.ChatTitleBar).
    fonts = start_window(tmp_path)["fonts_at_paint"]
    assert fonts  # the probe could read them (the window draws text)
    assert [name for name in fonts if "emoji" in name.lower()] == []


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
