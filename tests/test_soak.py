"""1,000 sends in a row through the client: each recorded once, no growth, no leaks."""

from __future__ import annotations

import contextlib
import gc
import os
import threading
import time
from pathlib import Path

from rampwin_desktop.api.client import RampwinClient
from rampwin_desktop.core.model import Button, Message
from rampwin_desktop.core.payload import send_body
from rampwin_desktop.sandbox import SandboxServer
from rampwin_desktop.storage.history import History, Outcome
from tests.helpers import TEST_KEY

COUNT = 1000


def rss_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def open_sockets() -> int:
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):  # a descriptor closed while we looked
            count += os.readlink(f"/proc/self/fd/{fd}").startswith("socket:")
    return count


def send_many(server: SandboxServer, history: History, first: int, count: int) -> None:
    with RampwinClient(TEST_KEY, base_url=server.base_url) as client:
        for number in range(first, first + count):
            message = Message(
                body=f"Soak message {number}",
                buttons=(Button("ok", "OK"),),
                recipient="919999999999",
                channel_id="soak",
            )
            attempt = history.begin(
                profile="soak", recipient="919999999999", body=send_body(message)
            )
            result = client.send_interactive(message)
            history.finish(attempt, Outcome.SENT, result.message)


def test_a_thousand_sends(tmp_path: Path) -> None:
    history = History(tmp_path / "history.sqlite3")
    with SandboxServer(api_key=TEST_KEY) as server:
        send_many(server, history, 0, 50)  # warm up: imports, caches, first allocations
        gc.collect()
        threads, sockets, rss = threading.active_count(), open_sockets(), rss_bytes()
        started = time.monotonic()
        send_many(server, history, 50, COUNT - 50)
        elapsed = time.monotonic() - started
        gc.collect()
        time.sleep(0.2)  # let the server's per-request threads finish
        grown = rss_bytes() - rss
        bodies = [entry["body"]["interactive"]["body"]["text"] for entry in server.messages()]
        assert threading.active_count() <= threads
        assert open_sockets() <= sockets
    assert bodies == [f"Soak message {n}" for n in range(COUNT)]  # each once, in order
    attempts = history.attempts(limit=5000)
    assert len(attempts) == COUNT and {a.outcome for a in attempts} == {Outcome.SENT}
    assert grown < 10_000_000, f"resident memory grew {grown / 1e6:.1f} MB"
    print(f"\n{COUNT - 50} sends in {elapsed:.1f} s; RSS grew {grown / 1e6:.2f} MB")
    history.close()
