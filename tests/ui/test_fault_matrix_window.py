"""The fault matrix through the window: the sentence shown, the attempt in History, the
message kept, no stall. Every fault the sandbox can play is here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rampwin_desktop.api import errors
from rampwin_desktop.sandbox.faults import Drop
from rampwin_desktop.ui.main_window import MainWindow
from tests.helpers import media_files
from tests.helpers.certificates import make_certificate
from tests.helpers.fault_matrix import (
    KEY,
    OK,
    OPERATIONS,
    RETRY,
    TIMEOUTS,
    Cell,
    Expect,
    attempts_at,
    cases,
    expectation,
    message_with_header,
    server_for,
)
from tests.helpers.window import (
    cell_text,
    choose_profile,
    compose,
    heartbeat,
    longest_gap,
    send_and_wait,
    trigger,
)

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

# A fault the shared matrix (and so docs/reliability.md) does not list: the request is
# handled, then the connection closes before the answer.
CLOSED_BEFORE_ANSWER = Cell(
    "connection closed before the answer",
    {"drop": Drop.BEFORE_RESPONSE},
    upload=Expect(None, OK, 2, 1),
    send=Expect(errors.NetworkError, "may have been delivered", 1, 1, maybe_sent=True),
)
CASES = [*cases(), *((CLOSED_BEFORE_ANSWER, operation) for operation in OPERATIONS)]


def recorded_as(expect: Expect) -> str:
    """What the History dock says of the attempt."""
    if expect.error is None:
        return "sent"
    if expect.maybe_sent:
        return "outcome unknown"
    if issubclass(expect.error, errors.RejectedError | errors.AuthenticationError):
        return "refused"
    return "failed"


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
    mark = "✓" if expect.error is None else "⚠" if expect.maybe_sent else "✕"
    assert banner.startswith(mark), banner
    trigger(window, "historyDockAction")
    table = window.docks.history_panel.table
    assert table.model().rowCount() == 1 and cell_text(table, 0, 3) == recorded_as(expect)
    assert attempts == expect.attempts
    assert delivered == expect.delivered <= 1
    assert window.composer.message() == before
    gap = longest_gap(beats)
    assert gap < 0.1, f"the window stalled {gap * 1000:.0f} ms"
