"""The sandbox under attack (issue 16, items 5 and 6): the key on every route, only its own
``Host``, JSON only for the fault switches, bodies that lie about their length, uploads with
hostile names, and clients that connect and say nothing. Raw sockets against the real server."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from rampwin_desktop.api.client import RampwinClient, Timeouts
from rampwin_desktop.core.model import Button, Message
from rampwin_desktop.sandbox import SandboxServer
from rampwin_desktop.sandbox.handler import MAX_JSON_BYTES, MAX_UPLOAD_BYTES
from tests.helpers import FAST_RETRY, ROOT, TEST_KEY, media_files
from tests.helpers.raw_http import (
    body_of,
    exchange,
    head,
    read_answer,
    status_of,
    upload_body,
    upload_head,
)

MESSAGE = Message(
    body="Hello", buttons=(Button("ok", "OK"),), recipient="919999999999", channel_id="c"
)
CONTROL = [
    ("GET", "/sandbox/messages"),
    ("GET", "/sandbox/requests"),
    ("GET", "/sandbox/faults"),
    ("DELETE", "/sandbox/faults"),
]


@pytest.fixture
def quick_idle() -> Iterator[SandboxServer]:
    """A sandbox that closes a connection after 0.5 s of silence instead of 15 s."""
    with SandboxServer(api_key=TEST_KEY, idle_timeout=0.5) as server:
        yield server


def cpu_seconds_while_idle(seconds: float) -> float:
    """CPU this process (every thread of the in-process sandbox) spends while the test sleeps."""
    start = time.process_time()
    time.sleep(seconds)
    return time.process_time() - start


# ------------------------------------------------------------------ item 5: key, Host, JSON


@pytest.mark.parametrize(("method", "path"), CONTROL)
def test_control_routes_need_the_key(sandbox: SandboxServer, method: str, path: str) -> None:
    without = exchange(sandbox.port, head(method, path, sandbox.port, key=None))
    wrong = exchange(sandbox.port, head(method, path, sandbox.port, key="guess"))
    assert (status_of(without), status_of(wrong)) == (401, 401)
    assert exchange(sandbox.port, head(method, path, sandbox.port)).startswith(b"HTTP/1.0 200")


def test_fault_switch_needs_the_key_and_json(sandbox: SandboxServer) -> None:
    fault = json.dumps({"endpoint": "send", "status": 500, "times": 0}).encode()

    def post(content_type: str, key: str | None) -> int:
        headers = {"Content-Type": content_type, "Content-Length": str(len(fault))}
        request = head("POST", "/sandbox/faults", sandbox.port, key=key, headers=headers)
        return status_of(exchange(sandbox.port, request + fault))

    # What a web page can send with a plain form or fetch(): no key, text/plain.
    assert post("text/plain", None) == 401
    assert post("text/plain", TEST_KEY) == 415
    assert post("application/x-www-form-urlencoded", TEST_KEY) == 415
    assert sandbox.faults.pending() == []
    assert post("application/json; charset=utf-8", TEST_KEY) == 200
    assert len(sandbox.faults.pending()) == 1


@pytest.mark.parametrize(
    "host",
    [
        "evil.example:{port}",
        "evil.example",
        "127.0.0.1",
        "127.0.0.1:{other}",
        "127.0.0.1.nip.io:{port}",
        None,
    ],
)
def test_only_its_own_host_is_answered(sandbox: SandboxServer, host: str | None) -> None:
    """A page on another site whose name resolves to 127.0.0.1 (DNS rebinding) sends its own
    name as ``Host``: it must get nothing, not the messages and not a send."""
    port = sandbox.port
    named = None if host is None else host.format(port=port, other=port + 1)
    for method, path in [*CONTROL, ("POST", "/api/messages/send")]:
        headers = {"Content-Type": "application/json", "Content-Length": "2"}
        request = head(method, path, port, host=named, headers=headers) + b"{}"
        assert status_of(exchange(port, request)) == 421, (method, path)
    assert sandbox.messages() == [] and sandbox.requests() == []


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}"])
def test_its_own_names_are_answered(sandbox: SandboxServer, host: str) -> None:
    request = head("GET", "/sandbox/messages", sandbox.port, host=host.format(port=sandbox.port))
    answer = exchange(sandbox.port, request)
    assert status_of(answer) == 200 and json.loads(body_of(answer))["messages"] == []


def test_media_links_carry_their_own_token(
    sandbox: SandboxServer, client: RampwinClient, files: Path
) -> None:
    image = media_files.png(files, "hero.png", 40, 20)
    url = client.upload_media(image)
    assert requests.get(url, timeout=5).content == image.read_bytes()  # no key: the token
    token = url.split("/")[-2]
    assert len(token) >= 22  # at least 128 random bits
    guessed = url.replace(token, token[:-1] + ("0" if token[-1] != "0" else "1"))
    assert requests.get(guessed, timeout=5).status_code == 404
    assert requests.head(guessed, timeout=5).status_code == 404


# ------------------------------------------------------------------ item 6: lying bodies


@pytest.mark.parametrize("length", [0, 5])
def test_short_upload_is_refused_at_once_and_costs_no_cpu(
    sandbox: SandboxServer, length: int
) -> None:
    started = time.monotonic()
    answer = exchange(sandbox.port, upload_head(sandbox.port, length) + b"--b0u"[:length])
    assert status_of(answer) == 400, answer
    assert time.monotonic() - started < 1
    # The client has gone: nothing may keep spinning on its empty body.
    assert cpu_seconds_while_idle(0.5) < 0.1


def test_upload_cut_short_by_a_client_that_leaves(sandbox: SandboxServer) -> None:
    with socket.create_connection(("127.0.0.1", sandbox.port), timeout=3) as connection:
        connection.sendall(upload_head(sandbox.port, 5000) + b"--b0undary\r\n")
    time.sleep(0.3)
    assert cpu_seconds_while_idle(0.5) < 0.1
    assert RampwinClient(TEST_KEY, base_url=sandbox.base_url).send_interactive(MESSAGE)


@pytest.mark.parametrize(
    "name", ["..", ".", "", "../../etc/passwd", "a/..", "x" * 5000, "é" * 200, "nul\x01", "..\\x"]
)
def test_upload_under_a_name_the_server_makes(sandbox: SandboxServer, name: str) -> None:
    png = media_files.png_bytes(20, 10)
    body = upload_body(name, png)
    answer = exchange(sandbox.port, upload_head(sandbox.port, len(body)) + body)
    assert status_of(answer) == 200, answer
    url = json.loads(body_of(answer))["url"]
    assert requests.get(url, timeout=5).content == png
    (stored,) = sandbox.uploads()
    assert stored.path.parent == sandbox.folder / stored.token  # a folder the server made
    assert stored.path.read_bytes() == png and stored.path.name not in (".", "..", "")
    assert "/" not in stored.filename and len(url) < 500


@pytest.mark.parametrize(
    ("path", "declared"),
    [
        ("/api/media/upload", MAX_UPLOAD_BYTES + 1),
        ("/api/media/upload", 101 * 2**20),
        ("/api/messages/send", MAX_JSON_BYTES + 1),
    ],
)
def test_too_large_is_refused_before_reading(
    sandbox: SandboxServer, path: str, declared: int
) -> None:
    headers = {"Content-Type": "multipart/form-data; boundary=b", "Content-Length": str(declared)}
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", sandbox.port), timeout=3) as connection:
        connection.sendall(head("POST", path, sandbox.port, headers=headers))  # and no body
        answer = read_answer(connection)
    assert status_of(answer) == 413 and time.monotonic() - started < 2.5


def test_too_large_body_sent_in_full_still_reads_413(sandbox: SandboxServer) -> None:
    """A client that sends its whole body before reading gets the answer, not a reset."""
    answer = requests.post(
        sandbox.base_url + "/api/messages/send",
        data=b"{" + b" " * 3_000_000 + b"}",
        headers={"X-API-Key": TEST_KEY, "Content-Type": "application/json"},
        timeout=10,
    )
    assert answer.status_code == 413


def test_idle_connection_is_closed(quick_idle: SandboxServer) -> None:
    assert SandboxServer().idle_timeout == 15.0
    before = threading.active_count()
    started = time.monotonic()
    address = ("127.0.0.1", quick_idle.port)
    with (
        socket.create_connection(address, timeout=5) as silent,
        socket.create_connection(address, timeout=5) as halfway,
    ):
        halfway.sendall(b"GET /sandbox/messages HTTP/1.1\r\nHost: 127")
        assert silent.recv(100) == b"" and halfway.recv(100) == b""
    assert time.monotonic() - started < 3
    time.sleep(0.2)
    assert threading.active_count() <= before


# ------------------------------------------------------------------ done when


@pytest.mark.slow
def test_sandbox_holds_under_idle_and_empty_clients() -> None:
    """500 idle connections and 50 zero-length uploads: a normal send still answers in under
    a second, and once the clients are gone the sandbox uses no CPU."""
    with SandboxServer(api_key=TEST_KEY, idle_timeout=1.0) as server:
        baseline = threading.active_count()
        idle = [socket.create_connection(("127.0.0.1", server.port), timeout=2) for _ in range(500)]
        empty = []
        for _ in range(50):
            connection = socket.create_connection(("127.0.0.1", server.port), timeout=2)
            connection.sendall(upload_head(server.port, 0))
            empty.append(connection)
        try:
            with RampwinClient(
                TEST_KEY, base_url=server.base_url, timeouts=Timeouts(2, 2), retry=FAST_RETRY
            ) as client:
                started = time.monotonic()
                client.send_interactive(MESSAGE)
                assert time.monotonic() - started < 1.0
            assert len(server.messages()) == 1
            for connection in empty:  # each was answered at once, while the send waited
                connection.settimeout(0.5)
                assert status_of(read_answer(connection)) == 400
            time.sleep(1.5)  # the idle timeout, and a margin: the server has let them go
            assert threading.active_count() <= baseline
            for connection in idle:
                connection.settimeout(0.5)
                assert connection.recv(1) == b""
        finally:
            for connection in idle + empty:
                connection.close()
        assert cpu_seconds_while_idle(1.0) < 0.05
        assert threading.active_count() <= baseline


# ------------------------------------------------------------------ item 7: SIGTERM


def test_sandbox_command_stops_quietly_on_sigterm_with_stdout_closed() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "rampwin_desktop", "sandbox"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    for line in process.stdout:
        if line.startswith(b"Press Ctrl+C"):
            break
    process.stdout.close()  # whoever read it has gone (`sandbox | head`, a closed terminal)
    process.send_signal(signal.SIGTERM)
    code = process.wait(timeout=10)
    errors = process.stderr.read().decode()
    process.stderr.close()
    assert "Traceback" not in errors and "BrokenPipeError" not in errors, errors
    assert code == 0, errors


def test_a_fault_of_the_wrong_kind_is_refused_when_it_is_set(sandbox: SandboxServer) -> None:
    """A body given as a JSON object was accepted, then crashed the sandbox when it fired
    (the client saw a dropped connection): each field is checked when the fault is set."""
    for wrong in ({"body": {"success": False}}, {"status": "500"}, {"delay": "1"}):
        fault = json.dumps({"endpoint": "send", **wrong}).encode()
        headers = {"Content-Type": "application/json", "Content-Length": str(len(fault))}
        request = head("POST", "/sandbox/faults", sandbox.port, headers=headers)
        answer = exchange(sandbox.port, request + fault)
        assert status_of(answer) == 400 and b"Invalid fault: " in answer, (wrong, answer)
    assert sandbox.faults.pending() == []
