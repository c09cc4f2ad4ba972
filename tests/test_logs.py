"""No secret reaches the log file: not in messages, arguments or exception text."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import requests

from rampwin_desktop.api.client import RampwinClient
from rampwin_desktop.redaction import REDACTED, redact, register_secret
from rampwin_desktop.storage.logs import setup_logging

KEY = "rk_live_LOGSECRET_123456"
COOKIE = "AWSALB=cookie-secret-998877"


@pytest.fixture
def log_file(tmp_path: Path) -> Path:
    return setup_logging(tmp_path / "logs")  # conftest detaches it afterwards


def test_request_error_carrying_the_key_is_redacted(log_file: Path) -> None:
    RampwinClient(KEY, base_url="http://127.0.0.1:9", cookie=COOKIE).close()  # registers both
    log = logging.getLogger("rampwin_desktop.test")
    try:
        headers = {"X-API-Key": KEY, "Cookie": COOKIE}
        raise requests.exceptions.ConnectionError(f"POST /api/messages/send failed; {headers}")
    except requests.RequestException:
        log.exception("send failed with key %s", KEY)
    log.warning("header line X-API-Key: %s", "another-unregistered-value")
    text = log_file.read_text()
    assert KEY not in text and "cookie-secret-998877" not in text
    assert "another-unregistered-value" not in text
    assert text.count(REDACTED) >= 4
    assert "Traceback" in text and "ConnectionError" in text  # the cause is still there


def test_redact_is_plain_text_safe() -> None:
    register_secret("abc")  # too short to be a secret: never registered
    assert redact("abc def") == "abc def"
    register_secret("s3cr3t-value")
    assert redact("a s3cr3t-value b") == f"a {REDACTED} b"
