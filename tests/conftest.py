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

from rampwin_desktop.api.client import RampwinClient, RetryPolicy, Timeouts
from rampwin_desktop.sandbox import SandboxServer
from tests import file_keyring
from tests.file_keyring import FileKeyring

TEST_KEY = "test-key-5f1e2d"


ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def test_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FileKeyring]:
    """A real keyring backend in a file, shared with the processes the app starts (the
    window's key-status helper): never the developer's keyring."""
    path = tmp_path / "keyring.json"
    monkeypatch.setenv(file_keyring.ENV_FILE, str(path))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", file_keyring.BACKEND)
    paths = [str(ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))  # helpers import tests.*
    previous = keyring.get_keyring()
    backend = FileKeyring(path)
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
