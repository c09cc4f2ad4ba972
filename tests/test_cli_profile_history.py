"""`rampwin-desktop profile` and `history` end to end: real subprocesses, the test's own
settings folder and keyring, sends to the sandbox over loopback."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from rampwin_desktop.core.draft import dumps_draft
from rampwin_desktop.core.model import Button, Message
from rampwin_desktop.sandbox import SandboxServer
from rampwin_desktop.storage.history import Outcome, open_history
from rampwin_desktop.storage.keystore import SERVICE
from tests.helpers import TEST_KEY
from tests.helpers.cli import GOOD, cli_env, run_cli
from tests.helpers.file_keyring import FileKeyring

SENT = "Interactive message sent successfully"
FAILING_KEYRING = "keyring.backends.fail.Keyring"


def profile(*args: str, key: str | None = None, input: str | None = None) -> tuple[int, str, str]:
    """``profile ARGS``: exit code, output and errors; no key in the environment by default."""
    done = run_cli("profile", *args, key=key, input=input)
    return done.returncode, done.stdout, done.stderr


def history_json(*args: str) -> list[dict[str, Any]]:
    done = run_cli("history", "--json", *args)
    assert done.returncode == 0, done.stderr
    attempts: list[dict[str, Any]] = json.loads(done.stdout)
    return attempts


def message(body: str, to: str = "919999999999") -> list[str]:
    return ["--to", to, "--body", body, "--button", "OK"]


# ------------------------------------------------------------------ the whole way


def test_a_profile_made_on_the_command_line_sends_and_is_recorded(
    sandbox: SandboxServer, test_keyring: FileKeyring
) -> None:
    code, out, err = profile("set", "shop", "--base-url", sandbox.base_url, "--channel", "ch-9")
    assert code == 0, err
    assert out.strip() == "Saved profile 'shop'."
    code, out, err = profile("set-key", "shop", input=TEST_KEY + "\n")
    assert code == 0, err
    assert "Stored the API key for profile 'shop'" in out
    assert TEST_KEY not in out + err
    assert test_keyring.entries[(SERVICE, "shop:api-key")] == TEST_KEY

    for body in ("First", "Second"):
        done = run_cli("send", "--profile", "shop", *message(body), key=None)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == SENT
        assert TEST_KEY not in done.stdout + done.stderr
    delivered = sandbox.messages()
    assert [m["body"]["channel_id"] for m in delivered] == ["ch-9", "ch-9"]
    assert [m["body"]["interactive"]["body"]["text"] for m in delivered] == ["First", "Second"]

    attempts = history_json()
    texts = [attempt["body"]["interactive"]["body"]["text"] for attempt in attempts]
    assert texts == ["Second", "First"]  # newest first
    assert {(a["profile"], a["outcome"], a["detail"]) for a in attempts} == {("shop", "sent", SENT)}
    assert attempts[0]["recipient"] == "919999999999"
    assert attempts[0]["body"] == delivered[1]["body"]

    done = run_cli("send", "--profile", "shop", "--no-history", *message("Third"), key=None)
    assert done.returncode == 0, done.stderr
    assert len(sandbox.messages()) == 3
    assert len(history_json()) == 2  # the third send left no record


def test_a_send_without_a_stored_key_says_how_to_store_one(
    sandbox: SandboxServer, test_keyring: FileKeyring
) -> None:
    assert profile("set", "shop", "--base-url", sandbox.base_url)[0] == 0
    done = run_cli("send", "--profile", "shop", *message("Hi"), "--channel", "c", key=None)
    assert done.returncode == 3
    assert "profile set-key shop" in done.stderr and "Nothing was sent" in done.stderr
    assert sandbox.requests() == []


def test_a_send_takes_the_profiles_channel_and_flags_unless_told_otherwise(
    tmp_path: Path,
) -> None:
    profile("set", "shop", "--channel", "shop-1", "--hide-from-chat", "--dont-show-in-chat-list")

    def dry_run(*args: str) -> tuple[dict[str, Any], str]:
        done = run_cli("send", "--profile", "shop", "--dry-run", *args)
        assert done.returncode == 0, done.stderr
        body: dict[str, Any] = json.loads(done.stdout)
        return body, done.stderr

    body, err = dry_run(*message("Hi"))  # no draft: the profile's channel and flags
    assert (body["channel_id"], body["hide_from_chat"]) == ("shop-1", True)
    assert "dontShowInChatList=true" in err
    body, err = dry_run(*message("Hi"), "--channel", "other")
    assert body["channel_id"] == "other"

    plain = tmp_path / "plain.json"  # a draft says both flags itself, and has no channel
    plain.write_text(dumps_draft(Message(body="Hi", buttons=(Button("ok", "OK"),))))
    body, err = dry_run("--draft", str(plain), "--to", "919999999999")
    assert (body["channel_id"], body["hide_from_chat"]) == ("shop-1", False)
    assert "dontShowInChatList=false" in err
    drafted = tmp_path / "drafted.json"
    drafted.write_text(
        dumps_draft(Message(body="Hi", buttons=(Button("ok", "OK"),), channel_id="its-own"))
    )
    body, _ = dry_run("--draft", str(drafted), "--to", "919999999999")
    assert body["channel_id"] == "its-own"


# ------------------------------------------------------------------ profile


def test_profile_list(sandbox: SandboxServer) -> None:
    code, out, _ = profile("list")
    assert code == 0 and "No profile saved yet: sends use the default one (default, " in out
    assert json.loads(profile("list", "--json")[1]) == []
    profile("set", "work", "--base-url", "https://work.rampwin.example/", "--channel", "w-1")
    profile("set", "Home", "--hide-from-chat")
    profile("set", "shop-in-delhi", "--channel", "d-7")
    code, out, _ = profile("list")
    assert code == 0
    assert out.splitlines() == [  # in columns (a newcomer's find)
        "Home           https://api.rampwin.com",
        "shop-in-delhi  https://api.rampwin.com       channel d-7",
        "work           https://work.rampwin.example  channel w-1",
    ]
    profile("delete", "shop-in-delhi")
    listed = json.loads(profile("list", "--json")[1])
    assert listed == [
        {
            "name": "Home",
            "base_url": "https://api.rampwin.com",
            "channel_id": "",
            "own_number": "",
            "hide_from_chat": True,
            "dont_show_in_chat_list": False,
        },
        {
            "name": "work",
            "base_url": "https://work.rampwin.example",
            "channel_id": "w-1",
            "own_number": "",
            "hide_from_chat": False,
            "dont_show_in_chat_list": False,
        },
    ]


def test_profile_set_changes_only_what_is_given() -> None:
    profile("set", "shop", "--channel", "c1", "--own-number", "+91 99999 99999")
    profile("set", "shop", "--dont-show-in-chat-list")
    shown = json.loads(profile("show", "shop", "--json")[1])
    assert shown["channel_id"] == "c1" and shown["own_number"] == "919999999999"
    assert shown["dont_show_in_chat_list"] is True
    profile("set", "shop", "--no-dont-show-in-chat-list", "--channel", "")
    shown = json.loads(profile("show", "shop", "--json")[1])
    assert shown["channel_id"] == "" and shown["dont_show_in_chat_list"] is False
    assert shown["own_number"] == "919999999999"


def test_profile_show_says_where_the_key_comes_from_and_never_prints_it(
    test_keyring: FileKeyring,
) -> None:
    profile("set", "shop", "--channel", "c1")
    code, out, err = profile("show", "shop")
    assert code == 0, err
    assert "Channel:" in out and "c1" in out
    assert "not stored (profile set-key shop)" in out

    test_keyring.set_password(SERVICE, "shop:api-key", TEST_KEY)
    code, out, err = profile("show", "shop")
    assert code == 0 and "stored in the system keyring" in out
    shown = json.loads(profile("show", "shop", "--json")[1])
    assert shown["api_key"] == "stored in the system keyring"

    code, env_out, env_err = profile("show", "shop", key="env-key-123")
    assert code == 0 and "from the environment ($RAMPWIN_API_KEY)" in env_out
    as_json = profile("show", "shop", "--json", key="env-key-123")[1]
    for text in (out, err, env_out, env_err, as_json, json.dumps(shown)):
        assert TEST_KEY not in text and "env-key-123" not in text


def test_profile_show_says_when_the_address_is_overridden(config_dir: Path) -> None:
    """It said where the key comes from, but showed the profile's address while
    $RAMPWIN_BASE_URL sent elsewhere (a newcomer's find)."""
    profile("set", "shop", "--base-url", "https://api.example.com")
    shown = run_cli("profile", "show", "shop", key=None, base_url="http://127.0.0.1:8765")
    assert shown.returncode == 0, shown.stderr
    assert (
        "Address:                 https://api.example.com (sends go to http://127.0.0.1:8765: "
        "$RAMPWIN_BASE_URL overrides it)" in shown.stdout
    )
    plain = profile("show", "shop")[1]
    assert "Address:                 https://api.example.com\n" in plain


def test_profile_show_without_a_keyring_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", FAILING_KEYRING)
    profile("set", "shop")
    code, out, _ = profile("show", "shop")
    assert code == 0 and "unknown: No system keyring" in out


def test_profile_show_of_a_profile_that_is_not_there() -> None:
    code, out, err = profile("show", "nosuch")
    assert code == 2 and out == ""
    assert "no profile named 'nosuch'" in err
    assert "(stored: none)" in err  # not "default": nothing is stored yet
    profile("set", "shop")
    code, _, err = profile("show", "nosuch")
    assert code == 2 and "(stored: shop)" in err


def test_the_default_profile_is_there_before_it_is_saved() -> None:
    # `send` without --profile uses it, so `show` (and `send --profile default`) know it too.
    code, out, _ = profile("show", "default")
    assert code == 0 and "https://api.rampwin.com" in out and "API key:" in out


def test_invalid_profile_settings_exit_2_and_change_nothing(config_dir: Path) -> None:
    assert profile("set", "shop", "--channel", "c1")[0] == 0
    settings = config_dir / "settings.json"
    before = settings.read_bytes()
    code, out, err = profile(
        "set", "shop", "--base-url", "http://remote.example", "--own-number", "abc"
    )
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == 3 and "https" in lines[0] and lines[1].startswith("My number:")
    assert lines[2] == "Nothing was changed."
    for name in ("a/b", "tab\there", "x" * 65):
        code, _, err = profile("set", name)
        assert code == 2 and "Nothing was changed." in err
    for channel in ("team/sales", "c1\nc2"):  # refused when kept, not only when sent
        code, _, err = profile("set", "shop", "--channel", channel)
        assert code == 2 and "The channel id contains" in err and "Nothing was changed." in err
    assert settings.read_bytes() == before


@pytest.mark.parametrize("name", ["Sandbox", "sandbox"])
def test_the_sandbox_cannot_be_a_stored_profile(name: str, config_dir: Path) -> None:
    code, _, err = profile("set", name, "--channel", "c")
    assert code == 2 and "built-in test server" in err
    assert profile("set-key", name, input="k")[0] == 2
    assert not (config_dir / "settings.json").exists()


def test_profile_delete_removes_it_and_its_keyring_entries(test_keyring: FileKeyring) -> None:
    profile("set", "shop")
    profile("set", "home")
    assert profile("set-key", "shop", input=TEST_KEY)[0] == 0
    assert profile("set-cookie", "shop", input="session=1")[0] == 0
    assert profile("set-key", "home", input="home-key")[0] == 0
    code, out, err = profile("delete", "shop")
    assert code == 0, err
    assert out.strip() == "Deleted profile 'shop'."
    assert [p["name"] for p in json.loads(profile("list", "--json")[1])] == ["home"]
    assert set(test_keyring.entries) == {(SERVICE, "home:api-key")}
    assert profile("delete", "shop")[0] == 2


def test_set_key_without_a_keyring_stores_nothing(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", FAILING_KEYRING)
    code, out, err = profile("set-key", "default", input=TEST_KEY)
    assert code == 3 and out == ""
    assert err.startswith("No system keyring") and "Nothing was stored." in err
    assert "Commands can take the key from $RAMPWIN_API_KEY instead." in err  # what can
    assert TEST_KEY not in err
    assert not (config_dir / "settings.json").exists()  # no profile made either
    code, out, _ = profile("show", "default")  # says where a key could come from instead
    assert code == 0 and "Commands can take it from $RAMPWIN_API_KEY." in out


def test_a_keyring_that_cannot_start_is_said_in_a_sentence_by_every_command(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backend named in the configuration that cannot start (SecretService without
    D-Bus over SSH, a misspelt name) crashed send, set-key and delete with a traceback, and
    delete left the profile behind (a newcomer's find)."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "no_such_module.Keyring")
    said = "The system keyring could not be used (No module named 'no_such_module')"
    assert profile("set", "shop", "--channel", "c1")[0] == 0
    done = run_cli("send", "--profile", "shop", *message("Hi"), key=None)
    assert done.returncode == 3 and done.stderr.startswith(said), done.stderr
    assert "set RAMPWIN_API_KEY" in done.stderr
    code, out, err = profile("set-key", "shop", input=TEST_KEY)
    assert (code, out) == (3, "") and err.startswith(said) and "Nothing was stored." in err
    done = run_cli("key-status", "--profile", "shop", key=None)
    assert done.returncode == 3 and said in done.stdout + done.stderr
    code, out, err = profile("delete", "shop")  # deleted; its key may still be there
    assert code == 3 and out.strip() == "Deleted profile 'shop'."
    assert err.startswith("Its API key and cookie may still be in the system keyring: " + said)
    assert profile("list", "--json")[1].strip() == "[]"
    for output in (done.stderr, err):
        assert "Traceback" not in output


def test_delete_without_any_keyring_is_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    """No keyring at all: nothing was ever kept there, so nothing is said and all went well
    (a script read exit 3 as a failed delete)."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", FAILING_KEYRING)
    profile("set", "shop")
    assert profile("delete", "shop") == (0, "Deleted profile 'shop'.\n", "")


def test_set_key_for_a_profile_that_does_not_exist_stores_nothing(
    test_keyring: FileKeyring, config_dir: Path
) -> None:
    """A typo (``ghost`` for ``shop``) made a live profile pointing at Rampwin itself."""
    profile("set", "shop", "--channel", "c1")
    code, out, err = profile("set-key", "ghost", input=TEST_KEY)
    assert code == 2 and out == ""
    assert "There is no profile named 'ghost'" in err and "profile set ghost" in err
    assert set(test_keyring.entries) == set()
    assert [p["name"] for p in json.loads(profile("list", "--json")[1])] == ["shop"]
    assert profile("set-key", "default", input=TEST_KEY)[0] == 0  # always there


@pytest.mark.parametrize("given", ["", "  \n"])
def test_set_key_with_nothing_given(given: str, test_keyring: FileKeyring) -> None:
    profile("set", "shop")
    code, _, err = profile("set-key", "shop", input=given)
    assert code == 2 and "No API key was given; nothing was stored." in err
    assert set(test_keyring.entries) == set()


@pytest.mark.skipif(sys.platform == "win32", reason="a terminal through pty")
def test_ctrl_c_at_the_key_prompt_exits_130_and_stores_nothing(
    test_keyring: FileKeyring,
) -> None:
    """At a terminal the key is asked for unechoed; Ctrl+C there said "No API key was
    given" and exited 2 (a newcomer's find): every command exits 130 for Ctrl+C."""
    import pty

    profile("set", "shop")
    pid, terminal = pty.fork()
    if pid == 0:  # the child: the command, its standard input and output the terminal
        os.execve(sys.executable, [sys.executable, "-m", "rampwin_desktop", "profile",
                                   "set-key", "shop"], cli_env(None, None))  # fmt: skip
    seen = b""
    deadline = time.monotonic() + 30
    while b"API key for profile shop:" not in seen and time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            seen += os.read(terminal, 1024)
    os.write(terminal, b"\x03")  # Ctrl+C, as the terminal sends it
    with contextlib.suppress(OSError):
        while chunk := os.read(terminal, 1024):
            seen += chunk
    _, status = os.waitpid(pid, 0)
    os.close(terminal)
    assert os.waitstatus_to_exitcode(status) == 130, seen
    assert b"Interrupted: nothing was stored." in seen
    assert set(test_keyring.entries) == set()


# ------------------------------------------------------------------ --config-dir


@pytest.mark.parametrize("where", ["before", "after"])
def test_config_dir_works_before_and_after_the_command(
    where: str, sandbox: SandboxServer, tmp_path: Path, config_dir: Path
) -> None:
    folder = tmp_path / "elsewhere"

    def run(*command: str) -> tuple[int, str, str]:
        option = ["--config-dir", str(folder)]
        args = [*option, *command] if where == "before" else [*command, *option]
        done = run_cli(*args)
        return done.returncode, done.stdout, done.stderr

    assert run("profile", "set", "far", "--base-url", sandbox.base_url)[0] == 0
    code, out, err = run("profile", "list")
    assert code == 0 and out.startswith("far  "), err
    assert "far" in run("profile", "show", "far")[1]
    code, out, err = run("send", "--profile", "far", *GOOD)
    assert code == 0 and out.strip() == SENT, err
    code, out, err = run("history", "--json")
    assert code == 0, err
    assert [a["profile"] for a in json.loads(out)] == ["far"]

    assert (folder / "settings.json").is_file()
    assert (folder / "data" / "history.sqlite3").is_file()
    assert not (config_dir / "settings.json").exists()  # nothing in the usual folder
    assert history_json() == []
    assert "No profile saved yet" in profile("list")[1]


# ------------------------------------------------------------------ history


def recorded() -> list[int]:
    """Three attempts, oldest first: sent, refused, one that never finished."""
    history = open_history()
    try:
        first = history.begin(profile="shop", recipient="911111111111", body={"n": 1})
        history.finish(first, Outcome.SENT, SENT)
        second = history.begin(profile="home", recipient="912222222222", body={"n": 2})
        history.finish(second, Outcome.REFUSED, "Invalid phone number")
        third = history.begin(profile="shop", recipient="913333333333", body={"n": 3})
    finally:
        history.close()
    return [first, second, third]


def test_history_lists_attempts_newest_first() -> None:
    done = run_cli("history")
    assert done.returncode == 0 and done.stdout.strip() == "No send attempts yet."
    recorded()
    done = run_cli("history")
    assert done.returncode == 0, done.stderr
    heading, *lines = done.stdout.splitlines()
    assert heading.split() == ["When", "Outcome", "To", "Profile", "Batch", "Detail"]
    assert len(lines) == 3
    assert "913333333333" in lines[0] and "outcome unknown" in lines[0]
    assert "912222222222" in lines[1] and "refused" in lines[1] and "home" in lines[1]
    assert "Invalid phone number" in lines[1]
    assert "911111111111" in lines[2] and "sent" in lines[2] and SENT in lines[2]
    # In columns: each line's detail starts where the heading's does, whatever the
    # profile's length ("shop", "home" here; a newcomer's "sbx" and "default").
    found = zip(lines[1:], ["Invalid", SENT], strict=True)
    starts = {line.index(detail) for line, detail in found}
    assert starts == {heading.index("Detail")}
    assert all(line.split()[5] == "-" for line in lines[1:])  # no batch: single sends


def test_history_limit_and_search() -> None:
    first, second, third = recorded()
    lines = run_cli("history", "--limit", "2").stdout.splitlines()[1:]
    assert len(lines) == 2 and "913333333333" in lines[0] and "912222222222" in lines[1]
    assert [a["id"] for a in history_json("--limit", "1")] == [third]
    for limit in ("0", "-1"):  # said, not "No send attempts yet." with three stored
        refused = run_cli("history", "--limit", limit)
        assert refused.returncode == 2 and "is not 1 or more" in refused.stderr

    assert [a["id"] for a in history_json("--search", "refused")] == [second]
    assert [a["id"] for a in history_json("--search", "911111")] == [first]
    assert [a["id"] for a in history_json("--search", "+91 11111 11111")] == [first]
    assert [a["id"] for a in history_json("--search", "(91) 2222")] == [second]
    assert [a["id"] for a in history_json("--search", "Invalid phone")] == [second]
    lines = run_cli("history", "--search", "9133").stdout.splitlines()[1:]
    assert len(lines) == 1 and "913333333333" in lines[0]
    assert run_cli("history", "--search", "nothing like it").stdout.strip() == (
        "No send attempts match 'nothing like it'."
    )
    (newest,) = history_json("--limit", "1")
    assert newest["outcome"] == "pending" and newest["body"] == {"n": 3}
    assert str(newest["created_at"]).endswith("Z")
