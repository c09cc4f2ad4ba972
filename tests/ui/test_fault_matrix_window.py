"""The fault matrix through the window: the sentence shown, the message kept, no stall."""

from __future__ import annotations

import itertools
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QTimer

from rampwin_desktop.ui.main_window import MainWindow
from tests.helpers import media_files
from tests.helpers.certificates import make_certificate
from tests.helpers.fault_matrix import (
    KEY,
    RETRY,
    TIMEOUTS,
    Cell,
    attempts_at,
    cases,
    expectation,
    message_with_header,
    server_for,
)

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

CASES = list(cases())


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_certificate(tmp_path_factory.mktemp("matrix-tls"))


@pytest.mark.parametrize(
    ("cell", "operation"), CASES, ids=[f"{cell.name}-{op}" for cell, op in CASES]
)
def test_window(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    certificate: tuple[Path, Path],
    cell: Cell,
    operation: str,
) -> None:
    expect = expectation(cell, operation)
    image = media_files.png(tmp_path, "header.png", 800, 418)
    window.sender_.timeouts, window.sender_.retry = TIMEOUTS, RETRY
    window.composer.set_message(message_with_header(image))
    before = window.composer.message()
    beats: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(lambda: beats.append(time.monotonic()))
    with server_for(cell, operation, certificate) as (server, base_url):
        monkeypatch.setenv("RAMPWIN_API_KEY", KEY)
        monkeypatch.setenv("RAMPWIN_BASE_URL", base_url)
        window.account.choose("default")
        heartbeat.start()
        with qtbot.waitSignal(window.sender_.finished, timeout=20_000) as finished:
            window.send_bar.send_button.click()
        qtbot.waitUntil(lambda: not window.controller.running)
        heartbeat.stop()
        attempts, delivered = attempts_at(server, operation), len(server.messages())

    banner = window.send_bar.banner.text.text()
    assert finished.args == [expect.error is None], banner
    assert expect.words in banner
    assert attempts == expect.attempts
    assert delivered == expect.delivered <= 1
    assert window.composer.message() == before
    gaps = [later - earlier for earlier, later in itertools.pairwise(beats)]
    assert not gaps or max(gaps) < 0.1, f"the window stalled {max(gaps) * 1000:.0f} ms"
