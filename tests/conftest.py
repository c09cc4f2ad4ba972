"""Shared fixtures. Qt runs offscreen, so the suite needs no display."""

from __future__ import annotations

import os
import tempfile

# Before anything imports Qt (pytest-qt included): no display here or in CI.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "XDG_RUNTIME_DIR" not in os.environ:
    _runtime = tempfile.mkdtemp(prefix="rampwin-xdg-")
    os.chmod(_runtime, 0o700)
    os.environ["XDG_RUNTIME_DIR"] = _runtime

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from rampwin_desktop.api.client import RampwinClient, RetryPolicy, Timeouts
from rampwin_desktop.sandbox import SandboxServer

TEST_KEY = "test-key-5f1e2d"


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that keeps entries in a dict (for ordinary tests)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(api_key=TEST_KEY) as server:
        yield server


FAST_RETRY = RetryPolicy(attempts=3, backoff=0.01, max_backoff=0.05, max_retry_after=2.0)


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[RampwinClient]:
    with RampwinClient(
        sandbox.api_key,
        base_url=sandbox.base_url,
        timeouts=Timeouts(connect=2.0, read=5.0),
        retry=FAST_RETRY,
    ) as api:
        yield api


@pytest.fixture
def files(tmp_path: Path) -> Path:
    folder = tmp_path / "files"
    folder.mkdir()
    return folder


@pytest.fixture(autouse=True)
def _no_log_file_left_behind() -> Iterator[None]:
    """A test that set up the app's log file must not leave it attached for the next test."""
    import logging

    yield
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "rampwin", False):
            root.removeHandler(handler)
            handler.close()
