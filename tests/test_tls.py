"""TLS verification is never turned off: a self-signed certificate is refused."""

from __future__ import annotations

import socket
import ssl
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rampwin_desktop.api import errors
from rampwin_desktop.api.client import RampwinClient
from rampwin_desktop.core.model import Button, Message
from rampwin_desktop.sandbox import SandboxServer
from tests.helpers import FAST_RETRY, TEST_KEY, media_files
from tests.helpers.certificates import make_certificate
from tests.helpers.raw_http import head, read_answer

MESSAGE = Message(body="Hi", buttons=(Button("a", "A"),), recipient="919999999999", channel_id="c")


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def https_sandbox(self_signed: tuple[Path, Path]) -> Iterator[SandboxServer]:
    with SandboxServer(api_key=TEST_KEY, certificate=self_signed) as server:
        yield server


def test_self_signed_https_is_refused_for_send_and_upload(
    https_sandbox: SandboxServer, files: Path
) -> None:
    assert https_sandbox.base_url.startswith("https://127.0.0.1:")
    waits: list[float] = []
    with RampwinClient(
        TEST_KEY, base_url=https_sandbox.base_url, retry=FAST_RETRY, sleep=waits.append
    ) as api:
        with pytest.raises(errors.NetworkError) as sent:
            api.send_interactive(MESSAGE)
        with pytest.raises(errors.NetworkError) as uploaded:
            api.upload_media(media_files.png(files))
    host = https_sandbox.base_url.split("://", 1)[1]
    for caught in (sent, uploaded):
        # Said once, in two sentences: not "nothing was sent ... The message was not sent."
        assert str(caught.value) == (
            f"The secure connection to {host} could not be verified (its certificate was not "
            "accepted), so nothing was sent. Check the base URL and your network."
        )
        assert str(caught.value).count(". ") + 1 == 2
        assert str(caught.value).count("sent") == 1
        assert not caught.value.may_have_been_sent
    assert https_sandbox.requests() == []
    assert waits == []  # a certificate problem is not retried


def test_a_silent_client_does_not_hold_up_the_https_sandbox(
    https_sandbox: SandboxServer, self_signed: tuple[Path, Path]
) -> None:
    """The TLS handshake happens on the connection's own thread, under the idle timeout: a
    client that connects and never says hello does not stop the server accepting others."""
    context = ssl.create_default_context(cafile=str(self_signed[0]))
    address = ("127.0.0.1", https_sandbox.port)
    with socket.create_connection(address, timeout=5):  # says nothing
        time.sleep(0.2)
        with (
            socket.create_connection(address, timeout=2) as plain,
            context.wrap_socket(plain, server_hostname="127.0.0.1") as secure,
        ):
            secure.sendall(head("GET", "/sandbox/messages", https_sandbox.port))
            assert read_answer(secure).startswith(b"HTTP/1.0 200")
