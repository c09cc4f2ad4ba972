"""Shared fixtures. Qt runs offscreen, so the suite needs no display; every test has its own
settings folder, so nothing touches the developer's."""

from __future__ import annotations

import os
import tempfile

# Before anything imports Qt (pytest-qt included): no display here or in CI.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "XDG_RUNTIME_DIR" not in os.environ:
    _runtime = tempfile.mkdtemp(prefix="rampwin-xdg-")
    os.chmod(_runtime, 0o700)
    os.environ["XDG_RUNTIME_DIR"] = _runtime

import logging
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from rampwin_desktop.api.client import RampwinClient, Timeouts
from rampwin_desktop.sandbox import SandboxServer
from tests.helpers import FAST_RETRY, ROOT, TEST_KEY, file_keyring
from tests.helpers.file_keyring import FileKeyring


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's folders for this test (``RAMPWIN_DESKTOP_CONFIG_DIR``), and no key or
    address from the developer's environment."""
    folder = tmp_path / "config"
    monkeypatch.setenv("RAMPWIN_DESKTOP_CONFIG_DIR", str(folder))
    monkeypatch.delenv("RAMPWIN_BASE_URL", raising=False)
    monkeypatch.delenv("RAMPWIN_API_KEY", raising=False)
    return folder


@pytest.fixture
def test_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FileKeyring]:
    """A real keyring backend in a file, shared with the processes the app starts (the
    window's key-status helper, ``send``): never the developer's keyring."""
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
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No usable keyring, as on a machine without a Secret Service (``fail.Keyring``), in
    this process and in the helpers it starts."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(api_key=TEST_KEY) as server:
        yield server


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
    yield
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "rampwin", False):
            root.removeHandler(handler)
            handler.close()
