"""What the tests share: constants, the sandbox-backed keyring, files, and helpers that act
as a user does (``window``, ``dialogs``, ``cli``). Test modules import from here, never from
each other."""

from __future__ import annotations

from pathlib import Path

from rampwin_desktop.api.contract import RetryPolicy

ROOT = Path(__file__).resolve().parents[2]
TEST_KEY = "test-key-5f1e2d"
FAST_RETRY = RetryPolicy(attempts=3, backoff=0.01, max_backoff=0.05, max_retry_after=2.0)
