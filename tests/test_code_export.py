"""Copy as Python / JavaScript without a header file: one request, the documented body, and
the generated code never holds a key (the generators are never given one)."""

from __future__ import annotations

import inspect
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rampwin_desktop.api import code_export, curl
from rampwin_desktop.core.draft import load_draft
from rampwin_desktop.sandbox import SandboxServer

DOC_EXAMPLE = Path(__file__).parent / "data" / "doc_example_request.json"


@pytest.mark.parametrize("language", ["python", "javascript"])
def test_the_documented_example_arrives_as_documented(
    sandbox: SandboxServer, tmp_path: Path, language: str
) -> None:
    message = load_draft(DOC_EXAMPLE)  # its header is a link: nothing to upload
    if language == "python":
        script = code_export.python_script(message, sandbox.base_url)
        path, program = tmp_path / "send.py", sys.executable
    else:
        script = code_export.javascript_script(message, sandbox.base_url)
        path, program = tmp_path / "send.js", shutil.which("node") or "node"
    assert "/api/media/upload" not in script
    path.write_text(script, encoding="utf-8")
    done = subprocess.run(
        [program, str(path)],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "RAMPWIN_API_KEY": sandbox.api_key},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (recorded,) = sandbox.messages()
    assert recorded["body"] == json.loads(DOC_EXAMPLE.read_text(encoding="utf-8"))
    assert recorded["query"] == {"dontShowInChatList": "false"}


@pytest.mark.parametrize("language", ["python", "javascript"])
def test_without_a_key_it_says_so_and_sends_nothing(
    sandbox: SandboxServer, tmp_path: Path, language: str
) -> None:
    message = load_draft(DOC_EXAMPLE)
    write = getattr(code_export, f"{language}_script")
    path = tmp_path / ("send.py" if language == "python" else "send.js")
    path.write_text(write(message, sandbox.base_url), encoding="utf-8")
    program = sys.executable if language == "python" else shutil.which("node") or "node"
    done = subprocess.run(
        [program, str(path)],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "Set RAMPWIN_API_KEY" in done.stderr
    assert sandbox.requests() == []


def test_the_generators_are_never_given_a_key() -> None:
    for write in (code_export.python_script, code_export.javascript_script):
        assert list(inspect.signature(write).parameters) == ["message", "base_url", "original"]


def test_the_note_on_a_clean_copy_is_a_comment_whatever_the_original_is_called(
    tmp_path: Path,
) -> None:
    """The original's name goes into a comment, quoted and escaped: a name with a line break
    (allowed on Linux) or a line separator cannot put code into the script."""
    copy = tmp_path / "0123abcd.jpg"
    copy.write_bytes(b"\xff\xd8\xff\xd9")
    message = load_draft(DOC_EXAMPLE)
    message = message.with_changes(header=message.header.with_changes(link=str(copy)))
    original = tmp_path / 'x\nprint("pwned")\u2028 holiday.jpg'
    python = code_export.python_script(message, "https://api.example", original=original)
    javascript = code_export.javascript_script(message, "https://api.example", original=original)
    commands = curl.curl_command(message, "https://api.example", original=original)
    for text, marker in ((python, "#"), (javascript, "//"), (commands, "#")):
        noted = [line for line in text.splitlines() if "Rampwin Desktop's copy of" in line]
        assert [line.strip() for line in noted] == [
            f'{marker} The header picture is Rampwin Desktop\'s copy of "x\\nprint(\\"pwned\\")'
            '\\u2028 holiday.jpg" with its location and'
        ]
        assert not any(line.lstrip().startswith('print("pwned")') for line in text.splitlines())
    compile(python, "send.py", "exec")  # still valid Python
    plain = code_export.python_script(message, "https://api.example")
    assert "copy of" not in plain and str(copy) in plain
