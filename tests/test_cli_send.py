"""`rampwin-desktop send` end to end: a real subprocess against the sandbox."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rampwin_desktop.cli import main
from rampwin_desktop.sandbox import Fault, SandboxServer
from rampwin_desktop.storage.keystore import SERVICE
from tests.helpers import TEST_KEY, media_files
from tests.helpers.cli import GOOD, cli_env, run_cli, run_send
from tests.helpers.file_keyring import FileKeyring
from tests.helpers.shared_drafts import THEIR_NUMBER, private_photo, shared_draft

DOC_EXAMPLE = Path(__file__).parent / "data" / "doc_example_request.json"


def test_doc_example_draft_sends_the_documented_body(sandbox: SandboxServer) -> None:
    done = run_send("--draft", str(DOC_EXAMPLE), sandbox=sandbox)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Interactive message sent successfully"
    (recorded,) = sandbox.messages()
    assert recorded["body"] == json.loads(DOC_EXAMPLE.read_text())
    assert recorded["query"] == {"dontShowInChatList": "false"}


def test_flags_override_the_draft_and_upload_a_local_image(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    media_files.png(tmp_path, "hero.png", 800, 418)
    done = run_send(
        "--draft",
        str(DOC_EXAMPLE),
        "--to",
        "+44 7911 123456",
        "--channel",
        "ch-2",
        "--body",
        "Big *sale* today",
        "--footer",
        "Reply STOP to opt out",
        "--header-image",
        "hero.png",
        "--button",
        "Buy Now",
        "--button",
        "buy now!",
        "--button",
        "👍",
        "--hide-from-chat",
        "--dont-show-in-chat-list",
        sandbox=sandbox,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    (recorded,) = sandbox.messages()
    body = recorded["body"]
    assert body["phone_number"] == "447911123456" and body["channel_id"] == "ch-2"
    assert body["hide_from_chat"] is True and recorded["query"] == {"dontShowInChatList": "true"}
    interactive = body["interactive"]
    assert [b["reply"] for b in interactive["action"]["buttons"]] == [
        {"id": "buy_now", "title": "Buy Now"},
        {"id": "buy_now_2", "title": "buy now!"},
        {"id": "button_3", "title": "👍"},
    ]
    link = interactive["header"]["image"]["link"]
    assert link.startswith(sandbox.base_url + "/media/") and link.endswith("/hero.png")
    assert interactive["footer"] == {"text": "Reply STOP to opt out"}


def test_dry_run_prints_the_body_and_sends_nothing(sandbox: SandboxServer, tmp_path: Path) -> None:
    image = media_files.png(tmp_path)
    done = run_send(
        "--to",
        "919999999999",
        "--channel",
        "c",
        "--body",
        "hi",
        "--button",
        "OK",
        "--header-image",
        str(image),
        "--dry-run",
        sandbox=sandbox,
        key=None,
    )
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert body["interactive"]["header"]["image"]["link"] == str(image)  # as given
    assert "dontShowInChatList=false" in done.stderr
    assert sandbox.requests() == []


BAD_INPUTS = [
    (["--body", ""], "body"),
    (["--body", "x" * 1025], "body"),
    (["--body", "   "], "body"),
    (["--footer", "f" * 61], "footer"),
    (["--header-text", "h" * 61], "header.text"),
    # The base flags already add one button ("OK"), so these are buttons 2, 3...
    (["--button", "t" * 21], "button[2].title"),
    (["--button", "Yes", "--button", "YES"], "button[3].title"),
    (["--button", "A", "--button", "B", "--button", "C"], "buttons"),
    (["--to", "07911 123456"], "recipient"),
    (["--to", "+999 1234567"], "recipient"),
    (["--to", "91999"], "recipient"),
    (["--to", "9199999999999999"], "recipient"),
    (["--to", "91 CALL NOW"], "recipient"),
    (["--channel", ""], "channel_id"),
    (["--header-image", "missing.png"], "header.link"),
    (["--header-image", "GIF"], "header.link"),
    (["--header-image", "BIG"], "header.link"),
    (["--header-image", "TEXT"], "header.link"),
    (["--body", "nul \x01 here"], "body"),
    (["--body", "\u200b\u200b\ufeff"], "body"),  # nothing that can be seen
    (["--button", "\u202e\u202e"], "button[2].title"),
    (["--button", "Yes\u202eoN"], "button[2].title"),  # reads "YesNo", sends something else
    (["--channel", "c\nx"], "channel_id"),
    (["--channel", "c/x"], "channel_id"),
    (["--body", "Hi {{name}}"], "body"),  # only a batch fills placeholders in
]


@pytest.mark.parametrize(("flags", "field"), BAD_INPUTS, ids=[f for _, f in BAD_INPUTS])
def test_bad_input_exits_2_names_the_field_and_sends_nothing(
    sandbox: SandboxServer, tmp_path: Path, flags: list[str], field: str
) -> None:
    made = {
        "GIF": media_files.gif(tmp_path, "anim.png"),
        "BIG": media_files.sized_png(tmp_path, 5_000_001),
        "TEXT": media_files.write(tmp_path / "notes.jpg", b"hello"),
    }
    flags = [str(made[f]) if f in made else f for f in flags]
    base = ["--to", "919999999999", "--channel", "c", "--body", "Hello", "--button", "OK"]
    done = run_send(*base, *flags, sandbox=sandbox, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    lines = [line for line in done.stderr.splitlines() if not line.startswith("Nothing was sent")]
    assert lines and all(line.startswith(f"{field}: ") for line in lines), done.stderr
    assert sandbox.requests() == []


def test_invisible_text_gets_the_empty_text_message_and_sends_nothing(
    sandbox: SandboxServer,
) -> None:
    invisible = run_send(*GOOD, "--body", "\u200b\u200b\ufeff", sandbox=sandbox)
    empty = run_send(*GOOD, "--body", "", sandbox=sandbox)
    assert invisible.returncode == empty.returncode == 2
    assert invisible.stderr == empty.stderr
    assert invisible.stderr.startswith("body: The body is empty; it needs at least one visible")
    title = run_send(*GOOD, "--button", "\u202e\u202e", sandbox=sandbox)
    assert title.returncode == 2
    assert title.stderr.startswith("button[2].title: Button 2's title is empty;")
    override = run_send(*GOOD, "--button", "Yes\u202eoN", sandbox=sandbox)
    assert override.returncode == 2
    assert override.stderr.startswith(
        "button[2].title: Button 2's title contains a direction control (U+202E, "
        "right-to-left override) at position 4; it makes the title read differently"
    )
    assert sandbox.requests() == []


@pytest.mark.parametrize(("channel", "what"), [("c\nx", "a line break"), ("c/x", '"/"')])
def test_a_channel_id_with_a_newline_or_slash_is_refused_by_name(
    sandbox: SandboxServer, channel: str, what: str
) -> None:
    done = run_send(*GOOD, "--channel", channel, sandbox=sandbox)
    assert done.returncode == 2
    assert done.stderr.startswith(f"channel_id: The channel id contains {what} at position 2;")
    assert sandbox.requests() == []


def test_every_problem_is_printed_one_a_line(sandbox: SandboxServer) -> None:
    done = run_send("--body", "", "--footer", "f" * 61, sandbox=sandbox)
    assert done.returncode == 2
    fields = [line.split(":")[0] for line in done.stderr.splitlines()[:-1]]
    assert fields == ["body", "footer", "buttons", "recipient", "channel_id"]
    assert done.stderr.splitlines()[-1] == "Nothing was sent: 5 problems to fix."


def test_a_dry_run_with_a_placeholder_exits_2_naming_it(sandbox: SandboxServer) -> None:
    done = run_send(*GOOD, "--body", "Hi {{ name }}", "--dry-run", sandbox=sandbox, key=None)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "body: {{name}} is filled in per row only by `rampwin-desktop batch`; remove it, "
        "or write \\{{ to send the braces as typed.",
        "Nothing was sent: 1 problem to fix.",
    ]
    assert sandbox.requests() == []


def test_an_escaped_placeholder_is_sent_with_its_braces(sandbox: SandboxServer) -> None:
    dry = run_send(*GOOD, "--body", "Type \\{{x}}", "--dry-run", sandbox=sandbox, key=None)
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout)["interactive"]["body"]["text"] == "Type {{x}}"
    done = run_send(*GOOD, "--body", "Type \\{{x}}", "--button", "\\{{ok}}", sandbox=sandbox)
    assert done.returncode == 0, done.stderr
    (recorded,) = sandbox.messages()
    interactive = recorded["body"]["interactive"]
    assert interactive["body"]["text"] == "Type {{x}}"
    assert interactive["action"]["buttons"][1]["reply"]["title"] == "{{ok}}"


def test_broken_draft_exits_2(tmp_path: Path, sandbox: SandboxServer) -> None:
    draft = tmp_path / "d.json"
    draft.write_text("[]")
    done = run_send("--draft", str(draft), sandbox=sandbox)
    assert done.returncode == 2 and done.stderr.startswith("draft: ")
    assert sandbox.requests() == []


# ------------------------------------------------------------------ files outside the draft


@pytest.mark.parametrize("how", ["dot-dot", "absolute", "symlink beside it"])
def test_a_shared_draft_cannot_send_a_file_from_outside_its_folder(
    tmp_path: Path, sandbox: SandboxServer, how: str
) -> None:
    photo = private_photo(tmp_path / "home")
    shared = tmp_path / "home" / "Downloads" / "shared"
    link = {"dot-dot": "../../Pictures/private.png", "absolute": str(photo)}.get(how, "pic.png")
    if how == "symlink beside it":
        shared.mkdir(parents=True)
        (shared / "pic.png").symlink_to(photo)
    draft = shared_draft(shared, link)
    done = run_send("--draft", str(draft), sandbox=sandbox)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("draft: ") and len(done.stderr.splitlines()) == 1
    assert str(photo.resolve()) in done.stderr and "--allow-outside-files" in done.stderr
    assert sandbox.requests() == []  # nothing uploaded, nothing sent

    allowed = run_send("--draft", str(draft), "--allow-outside-files", sandbox=sandbox)
    assert allowed.returncode == 0, allowed.stderr
    (upload,) = sandbox.uploads()
    assert upload.path.read_bytes() == photo.read_bytes()
    assert sandbox.messages()[0]["body"]["phone_number"] == THEIR_NUMBER


def test_a_draft_beside_its_image_sends_without_asking(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    folder = tmp_path / "campaign"
    (folder / "images").mkdir(parents=True)
    image = media_files.png(folder / "images", "hero.png", 800, 418)
    draft = shared_draft(folder, "images/hero.png")  # as the app saves it: relative
    done = run_send("--draft", str(draft), sandbox=sandbox)
    assert done.returncode == 0, done.stderr
    (upload,) = sandbox.uploads()
    assert upload.path.read_bytes() == image.read_bytes()


def test_a_header_file_given_on_the_command_line_is_the_users_choice(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    photo = private_photo(tmp_path / "home")
    draft = shared_draft(tmp_path / "shared", "../home/Pictures/private.png")
    done = run_send("--draft", str(draft), "--header-image", str(photo), sandbox=sandbox)
    assert done.returncode == 0, done.stderr
    assert len(sandbox.uploads()) == 1


def test_no_key_exits_3(sandbox: SandboxServer) -> None:
    done = run_send(*GOOD, sandbox=sandbox, key=None)
    assert done.returncode == 3
    assert "No API key" in done.stderr and "RAMPWIN_API_KEY" in done.stderr
    assert sandbox.requests() == []


def test_wrong_key_exits_3(sandbox: SandboxServer) -> None:
    done = run_send(*GOOD, sandbox=sandbox, key="wrong-key")
    assert done.returncode == 3 and "did not accept the API key" in done.stderr
    assert "wrong-key" not in done.stderr + done.stdout
    # What a command line user does, not the window's Settings; and where the key came from.
    assert "Settings" not in done.stderr
    assert "the key came from $RAMPWIN_API_KEY" in done.stderr


def test_an_address_with_no_api_says_how_to_change_it_from_the_command_line(
    sandbox: SandboxServer,
) -> None:
    done = run_send(*GOOD, "--base-url", sandbox.base_url + "/nothing-here", sandbox=sandbox)
    assert done.returncode == 4 and "no such address" in done.stderr, done.stderr
    assert "Settings" not in done.stderr and "--base-url, $RAMPWIN_BASE_URL" in done.stderr


def test_a_key_with_a_line_break_is_refused_as_not_sent(sandbox: SandboxServer) -> None:
    """A key pasted with a line break inside: requests refuses the header before anything
    is written, which once read as "may have been delivered" (exit 5, history unknown)."""
    done = run_send(*GOOD, sandbox=sandbox, key="FAKEKEY\nSECRET7731")
    assert done.returncode == 2, done.stderr
    assert "line break" in done.stderr and "Nothing was sent" in done.stderr
    assert "may have been delivered" not in done.stderr
    assert "SECRET7731" not in done.stderr + done.stdout
    assert sandbox.requests() == []


def test_an_address_nothing_answers_on_says_where_it_came_from(tmp_path: Path) -> None:
    """$RAMPWIN_BASE_URL overrode a profile's address, and "check your internet connection"
    was said of this computer (a newcomer's find)."""
    import socket

    with socket.socket() as taken:  # a port nothing listens on, once closed
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
    done = run_cli("send", *GOOD, base_url=f"http://127.0.0.1:{port}")
    assert done.returncode == 5
    assert f"Could not connect to 127.0.0.1:{port}: nothing answers there on this computer" in (
        done.stderr
    )
    assert "internet" not in done.stderr and "The message was not sent." in done.stderr
    assert done.stderr.rstrip().endswith(
        "(The address came from $RAMPWIN_BASE_URL, which overrides the profile's.)"
    )


def test_a_header_requests_refuses_is_not_sent() -> None:
    import requests

    from rampwin_desktop.api.client import Timeouts
    from rampwin_desktop.api.responses import network_error

    refused = requests.exceptions.InvalidHeader("Invalid leading whitespace in header value")
    error = network_error(refused, "https://api.rampwin.com", Timeouts(), sending=True)
    assert not error.may_have_been_sent
    assert "not sent" in error.user_message


def test_refusal_exits_4(sandbox: SandboxServer) -> None:
    sandbox.add_fault(
        Fault(
            endpoint="send",
            status=400,
            body='{"success": false, "message": "Invalid phone number"}',
        )
    )
    done = run_send(*GOOD, sandbox=sandbox)
    assert done.returncode == 4 and "Invalid phone number" in done.stderr


def test_timeout_exits_5_and_says_it_may_have_been_sent(sandbox: SandboxServer) -> None:
    # A server that never answers within the client's read timeout is too slow for a test;
    # a reset after delivery has the same meaning for the user.
    sandbox.add_fault(Fault(endpoint="send", drop="before_response"))  # type: ignore[arg-type]
    done = run_send(*GOOD, sandbox=sandbox)
    assert done.returncode == 5 and "may have been delivered" in done.stderr


def test_unreachable_server_exits_5_and_says_not_sent() -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = run_send(*GOOD, "--base-url", f"http://127.0.0.1:{port}")
    assert done.returncode == 5 and "not sent" in done.stderr


def test_plain_http_to_a_remote_host_is_refused() -> None:
    done = run_send(*GOOD, "--base-url", "http://api.rampwin.com")
    assert done.returncode == 2 and "https" in done.stderr


def test_key_from_the_keyring(
    sandbox: SandboxServer,
    test_keyring: FileKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("RAMPWIN_API_KEY", raising=False)
    monkeypatch.setenv("RAMPWIN_BASE_URL", sandbox.base_url)
    test_keyring.set_password(SERVICE, "default:api-key", TEST_KEY)
    assert main(["send", *GOOD]) == 0
    assert len(sandbox.messages()) == 1
    test_keyring.set_password(SERVICE, "work:api-key", "other")
    assert main(["profile", "set", "work", "--base-url", sandbox.base_url]) == 0
    assert main(["send", *GOOD, "--profile", "work"]) == 3  # the sandbox refuses that key
    assert main(["send", *GOOD, "--profile", "nobody"]) == 2  # no such profile


def test_send_and_sandbox_paths_do_not_import_qt(sandbox: SandboxServer) -> None:
    probe = (
        "import sys\n"
        "from rampwin_desktop.cli import main\n"
        "import rampwin_desktop.sandbox, rampwin_desktop.api.delivery\n"
        "import rampwin_desktop.storage.keystore\n"
        "code = main(sys.argv[1:])\n"
        "assert code == 0, code\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print('QT:', qt)\n"
    )
    done = run_cli("send", *GOOD, base_url=sandbox.base_url, program=("-c", probe))
    assert done.returncode == 0, done.stderr
    assert "QT: []" in done.stdout
    assert len(sandbox.messages()) == 1


def test_a_port_out_of_range_is_refused_by_the_parser() -> None:
    done = run_cli("sandbox", "--port", "99999")
    assert done.returncode == 2 and "99999 is not from 0 to 65535" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_port_in_use_is_exit_2_with_what_to_do(sandbox: SandboxServer) -> None:
    """Exit 1 was in no row of the README's table (a newcomer's find)."""
    port = sandbox.base_url.rsplit(":", 1)[1]
    done = run_cli("sandbox", "--port", port)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"The sandbox could not listen on port {port}: ")
    assert "Give another --port, or none for any free one." in done.stderr


def test_sandbox_command_prints_its_address_and_key() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "rampwin_desktop", "sandbox", "--api-key", "demo-key"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        second = process.stdout.readline()
        assert first.startswith("Rampwin sandbox running at http://127.0.0.1:")
        assert second.strip() == "API key: demo-key"
        base_url = first.rsplit(" ", 1)[1].strip()
        done = run_cli("send", *GOOD, key="demo-key", base_url=base_url)
        assert done.returncode == 0, done.stderr
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_self_test_passes_from_a_source_install() -> None:
    done = run_cli("--self-test")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "self-test passed (2 warnings)"  # run_cli's keyring cannot keep a key
    assert [line.split(":")[0] for line in lines[:-1]] == [
        "ok   Qt",
        "ok   resources",
        "ok   main window",
        "ok   modules loaded at first use",
        "ok   preview",
        "ok   TLS CA bundle",
        "warn keyring",
        "warn key-status helper",
        "ok   phone numbers",
        "ok   pictures (Make it fit)",
    ]
    assert lines[2].endswith(", icon rampwin-desktop.svg")  # the window has the app's icon
    assert lines[6].endswith("API keys would be kept for the session only")


def test_output_piped_to_a_reader_that_stopped_ends_quietly() -> None:
    """``send … --dry-run | head`` ended in a Python traceback (BrokenPipeError) once
    ``head`` had read what it wanted; now the command stops quietly, with the status a
    shell gives a command whose reader went away (141)."""
    reader, writer = os.pipe()
    os.close(reader)  # nobody reads: the first write fails
    try:
        done = subprocess.run(
            [sys.executable, "-m", "rampwin_desktop", "send", *GOOD, "--dry-run"],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env(None, None),
            timeout=60,
            check=False,
        )
    finally:
        os.close(writer)
    assert done.returncode == 141, done.stderr
    assert "Traceback" not in done.stderr


def test_every_option_of_every_command_says_what_it_does() -> None:
    """``send --help`` listed --hide-from-chat and --dont-show-in-chat-list with no word
    on what they do (a newcomer's find)."""
    import argparse

    from rampwin_desktop.cli.commands import build_parser

    def silent(name: str, parser: argparse.ArgumentParser) -> list[str]:
        found = [
            f"{name} {'/'.join(action.option_strings)}"
            for action in parser._actions
            if action.option_strings and not action.help and action.dest != "help"
        ]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for command, sub in action.choices.items():
                    found += silent(f"{name} {command}".strip(), sub)
        return found

    assert silent("", build_parser()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="a terminal through pty")
def test_upload_progress_at_a_terminal_says_each_percentage_once(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """The end of an upload was said twice ("100% of 5,799 bytes", a newcomer's find)."""
    import pty

    image = media_files.png(tmp_path, "hero.png", 800, 418)
    command = [sys.executable, "-m", "rampwin_desktop", "send", *GOOD, "--header-image",
               str(image)]  # fmt: skip
    pid, terminal = pty.fork()
    if pid == 0:  # the child: standard error a terminal, so progress is shown
        os.execve(sys.executable, command, cli_env(TEST_KEY, sandbox.base_url))
    seen = b""
    with contextlib.suppress(OSError):  # EIO once the child has ended
        while chunk := os.read(terminal, 1024):
            seen += chunk
    _, status = os.waitpid(pid, 0)
    os.close(terminal)
    assert os.waitstatus_to_exitcode(status) == 0, seen
    said = seen.decode()
    assert said.count("100% of") == 1, said
    assert len(sandbox.messages()) == 1
