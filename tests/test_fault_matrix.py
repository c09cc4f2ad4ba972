"""Every fault against the upload and the send, through the client (the window: tests/ui)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import media_files
from tests.helpers.certificates import make_certificate
from tests.helpers.fault_matrix import RETRY, Cell, cases, expectation, run_client

CASES = list(cases())


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return media_files.png(tmp_path_factory.mktemp("matrix"), "header.png", 800, 418)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_certificate(tmp_path_factory.mktemp("matrix-tls"))


@pytest.mark.parametrize(
    ("cell", "operation"), CASES, ids=[f"{cell.name}-{op}" for cell, op in CASES]
)
def test_client(cell: Cell, operation: str, image: Path, certificate: tuple[Path, Path]) -> None:
    expect = expectation(cell, operation)
    outcome = run_client(cell, operation, image, certificate)
    if expect.error is None:
        assert outcome.error is None, outcome.sentence
    else:
        assert type(outcome.error) is expect.error, outcome.sentence
        assert outcome.error.may_have_been_sent is expect.maybe_sent
    assert expect.words in outcome.sentence
    assert outcome.attempts == expect.attempts
    assert outcome.delivered == expect.delivered <= 1
    # Retries wait: the backoff doubles, or Retry-After is honoured; no retry, no wait.
    retries = expect.expected_retries
    if retries and cell.fault.get("retry_after"):
        assert sum(outcome.waits) == pytest.approx(float(cell.fault["retry_after"]), abs=0.01)
    elif retries:
        expected = sum(RETRY.delay(n) for n in range(1, retries + 1))
        assert sum(outcome.waits) == pytest.approx(expected, abs=0.01)
    else:
        assert outcome.waits == []
