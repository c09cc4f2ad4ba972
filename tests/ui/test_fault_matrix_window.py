"""The fault matrix through the window: the sentence shown, the message kept, no stall."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

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
from tests.helpers.window import choose_profile, compose, heartbeat, longest_gap, send_and_wait

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
    window.sending.timeouts, window.sending.retry = TIMEOUTS, RETRY
    compose(window, message_with_header(image))
    before = window.composer.message()
    with server_for(cell, operation, certificate) as (server, base_url):
        monkeypatch.setenv("RAMPWIN_API_KEY", KEY)
        monkeypatch.setenv("RAMPWIN_BASE_URL", base_url)
        choose_profile(window, "default")
        with heartbeat() as beats:
            sent = send_and_wait(qtbot, window)
        attempts, delivered = attempts_at(server, operation), len(server.messages())

    banner = window.send_bar.banner.text.text()
    assert sent == (expect.error is None), banner
    assert expect.words in banner
    assert attempts == expect.attempts
    assert delivered == expect.delivered <= 1
    assert window.composer.message() == before
    gap = longest_gap(beats)
    assert gap < 0.1, f"the window stalled {gap * 1000:.0f} ms"
