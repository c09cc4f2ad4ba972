"""The window and ``rampwin-desktop`` share one engine: the same history, profiles, keyring
entries and upload cache, whichever of the two a user sends from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTableView

from rampwin_desktop.core.model import Button, Header, HeaderKind, Message
from rampwin_desktop.sandbox import SandboxServer
from rampwin_desktop.storage.profiles import SANDBOX
from rampwin_desktop.ui.main_window import MainWindow
from tests.helpers import TEST_KEY, media_files
from tests.helpers.cli import run_cli, run_send
from tests.helpers.dialogs import answering, fill
from tests.helpers.file_keyring import FileKeyring
from tests.helpers.window import (
    click,
    compose,
    new_window,
    send_and_wait,
    shows_sandbox,
    table_rows,
    trigger,
)

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

MESSAGE = Message(
    body="Hello from the window",
    buttons=(Button("ok", "OK"),),
    recipient="+91 99999 99999",
    channel_id="channel-1",
)
TO = "919812345678"  # the command line's recipient


def link_of(recorded: dict[str, object]) -> str:
    body = recorded["body"]
    assert isinstance(body, dict)
    return str(body["interactive"]["header"]["image"]["link"])


def test_a_send_from_the_command_line_is_in_the_windows_history(
    window: MainWindow, sandbox: SandboxServer
) -> None:
    result = run_send(
        "--to", TO, "--channel", "c", "--body", "From the terminal", "--button", "OK",
        sandbox=sandbox,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    trigger(window, "historyDockAction")
    table = window.findChild(QTableView, "historyTable")
    assert table is not None and table.isVisible()
    ((_when, _profile, recipient, outcome, batch, detail, _message),) = table_rows(table)
    assert (recipient, outcome, batch) == (TO, "sent", "")  # a single send: no batch
    assert detail == result.stdout.strip()  # what the command printed, in the window
    assert len(sandbox.messages()) == 1


def test_the_open_history_shows_a_send_from_the_command_line_on_refresh(
    window: MainWindow, sandbox: SandboxServer
) -> None:
    trigger(window, "historyDockAction")
    table = window.docks.history_panel.table
    assert table.model().rowCount() == 0
    result = run_send(
        "--to", TO, "--channel", "c", "--body", "While the window is open", "--button", "OK",
        sandbox=sandbox,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    click(window.docks.history_panel.refresh_button)
    ((_when, _profile, to, outcome, _batch, _detail, message),) = table_rows(table)
    assert (to, outcome, message) == (TO, "sent", "While the window is open")


def test_the_window_opens_on_a_profile_made_on_the_command_line(
    qtbot: QtBot, sandbox: SandboxServer, test_keyring: FileKeyring
) -> None:
    assert run_cli("profile", "set", "shop", "--base-url", sandbox.base_url).returncode == 0
    stored = run_cli("profile", "set-key", "shop", input=TEST_KEY)
    assert stored.returncode == 0, stored.stderr
    window = new_window(qtbot)
    assert window.account.profile.name == "shop"  # in its first frame already, not the sandbox
    assert not shows_sandbox(window)
    with qtbot.waitSignal(window.start.done, timeout=10_000):
        window.show()
    assert window.account.profile.name == "shop" and window.profiles.combo.currentText() == "shop"
    compose(window, MESSAGE)
    assert send_and_wait(qtbot, window)
    (recorded,) = sandbox.messages()
    assert recorded["body"]["phone_number"] == "919999999999"


def test_a_send_from_the_window_is_in_the_commands_history(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.account.profile.name == SANDBOX  # the window's own sandbox
    compose(window, MESSAGE.with_changes(channel_id="sandbox"))
    assert send_and_wait(qtbot, window)
    result = run_cli("history", "--json")
    assert result.returncode == 0, result.stderr
    (entry,) = json.loads(result.stdout)
    assert (entry["recipient"], entry["outcome"], entry["profile"]) == (
        "919999999999",
        "sent",
        SANDBOX,
    )
    assert entry["body"]["interactive"]["body"]["text"] == "Hello from the window"
    assert entry["detail"] in window.send_bar.banner.text.text()


def test_a_profile_saved_in_settings_is_used_by_send(
    window: MainWindow, sandbox: SandboxServer, test_keyring: FileKeyring
) -> None:
    answer = fill(
        profileNameEdit="Shop",
        baseUrlEdit=sandbox.base_url,
        defaultChannelEdit="shop-channel",
        apiKeyEdit=TEST_KEY,
    )
    with answering(answer):
        trigger(window, "newProfileAction")
    asked_before = len(test_keyring.asked)
    result = run_cli(
        "send", "--profile", "Shop", "--to", TO, "--body", "Through the profile", "--button", "OK",
        key=None,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (recorded,) = sandbox.messages()  # that profile's address, with the key from the keyring
    assert recorded["body"]["channel_id"] == "shop-channel"
    assert recorded["body"]["phone_number"] == TO
    assert "Shop:api-key" in test_keyring.asked[asked_before:]  # the command asked the keyring
    (attempt,) = window.history.attempts()
    assert (attempt.profile, attempt.recipient) == ("Shop", TO)


def test_a_header_uploaded_by_one_is_reused_by_the_other(
    qtbot: QtBot, live: MainWindow, sandbox: SandboxServer, tmp_path: Path
) -> None:
    image = media_files.png(tmp_path, "hero.png", 800, 418)
    compose(live, MESSAGE.with_changes(header=Header.of_media(HeaderKind.IMAGE, str(image))))
    assert send_and_wait(qtbot, live)
    assert "reused" not in live.send_bar.banner.text.text()
    send = ("--to", TO, "--channel", "c", "--body", "Same header", "--button", "OK")

    reused = run_send(*send, "--header-image", str(image), sandbox=sandbox)
    assert reused.returncode == 0, reused.stderr
    assert "Header reused from an earlier upload" in reused.stderr
    assert len(sandbox.uploads()) == 1 and len(sandbox.messages()) == 2
    window_link, command_link = (link_of(m) for m in sandbox.messages())
    assert command_link == window_link

    uploaded = run_send(*send, "--header-image", str(image), "--reupload", sandbox=sandbox)
    assert uploaded.returncode == 0, uploaded.stderr
    assert "Header uploaded:" in uploaded.stderr
    assert len(sandbox.uploads()) == 2
    new_link = link_of(sandbox.messages()[-1])
    assert new_link != window_link

    assert send_and_wait(qtbot, live)  # the window finds the command's new upload
    assert "reused" in live.send_bar.banner.text.text()
    assert len(sandbox.uploads()) == 2
    assert link_of(sandbox.messages()[-1]) == new_link
