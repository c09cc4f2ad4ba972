"""The keyring (storage/keystore.py): round trips, a keyring that never answers, none at all."""

from __future__ import annotations

import time
from typing import ClassVar

import keyring
import pytest
from keyring.backend import KeyringBackend

from rampwin_desktop.app.credentials import Credentials
from rampwin_desktop.storage import keystore
from rampwin_desktop.storage.keystore import KeyringUnavailableError, Secret, SessionSecrets
from tests.helpers.file_keyring import FileKeyring

KEY = "rk_live_keystore_4c2e91"
COOKIE = "session=cookie-77aa"


def test_write_read_and_forget(test_keyring: FileKeyring) -> None:
    keystore.write(Secret.API_KEY, KEY, "shop")
    keystore.write(Secret.COOKIE, COOKIE, "shop")
    assert keystore.read(Secret.API_KEY, "shop") == KEY
    assert keystore.read(Secret.COOKIE, "shop") == COOKIE
    assert keystore.read(Secret.API_KEY) is None  # the default profile has none
    assert keystore.read(Secret.API_KEY, "home") is None
    # The entry other tools (and the window's key-status helper) look for:
    assert test_keyring.entries[(keystore.SERVICE, "shop:api-key")] == KEY
    assert keystore.key_status("shop") == (True, "")
    keystore.forget(Secret.API_KEY, "shop")
    assert keystore.read(Secret.API_KEY, "shop") is None
    assert keystore.read(Secret.COOKIE, "shop") == COOKIE  # only what was asked
    keystore.forget(Secret.API_KEY, "shop")  # forgetting what is not stored is fine
    assert keystore.key_status("shop") == (False, "")


def test_an_empty_entry_reads_as_no_key(test_keyring: FileKeyring) -> None:
    test_keyring.set_password(keystore.SERVICE, "default:api-key", "")
    assert keystore.read(Secret.API_KEY) is None


@pytest.fixture
def slow_keyring(test_keyring: FileKeyring, monkeypatch: pytest.MonkeyPatch) -> FileKeyring:
    """A keyring that takes longer than the app waits (a locked wallet nobody unlocks)."""
    monkeypatch.setattr(keystore, "ANSWER_TIMEOUT", 0.3)
    test_keyring.answer_after(2.0)
    return test_keyring


def test_a_keyring_that_does_not_answer_is_reported_promptly(slow_keyring: FileKeyring) -> None:
    started = time.monotonic()
    with pytest.raises(KeyringUnavailableError) as caught:
        keystore.read(Secret.API_KEY, "shop")
    assert str(caught.value) == keystore.NOT_ANSWERING
    assert time.monotonic() - started < 1.5
    started = time.monotonic()
    assert keystore.key_status("shop") == (False, keystore.NOT_ANSWERING)
    assert time.monotonic() - started < 1.5


def test_session_secrets_fall_back_to_memory(slow_keyring: FileKeyring) -> None:
    secrets = SessionSecrets()
    started = time.monotonic()
    assert secrets.get(Secret.API_KEY, "shop") is None
    assert secrets.reason == keystore.NOT_ANSWERING
    assert secrets.unavailable is not None
    assert secrets.unavailable.startswith(keystore.NOT_ANSWERING)
    assert "this session only" in secrets.unavailable
    asked = len(slow_keyring.asked)
    assert secrets.set(Secret.API_KEY, KEY, "shop") is False  # kept in memory
    assert secrets.get(Secret.API_KEY, "shop") == KEY
    assert secrets.get(Secret.COOKIE, "shop") is None
    assert time.monotonic() - started < 1.5  # waited once, not at every question
    assert len(slow_keyring.asked) == asked  # the keyring is not asked again
    assert KEY not in slow_keyring.path.read_text(encoding="utf-8")  # nor written to
    secrets.forget(Secret.API_KEY, "shop")
    assert secrets.get(Secret.API_KEY, "shop") is None


def test_session_secrets_use_the_keyring_when_there_is_one(test_keyring: FileKeyring) -> None:
    secrets = SessionSecrets()
    assert secrets.set(Secret.API_KEY, KEY, "shop") is True
    assert secrets.reason is None and secrets.unavailable is None
    assert keystore.read(Secret.API_KEY, "shop") == KEY
    assert SessionSecrets().get(Secret.API_KEY, "shop") == KEY  # a later session has it
    secrets.forget(Secret.API_KEY, "shop")
    assert SessionSecrets().get(Secret.API_KEY, "shop") is None


@pytest.mark.usefixtures("no_keyring")
def test_no_keyring_is_reported_as_such() -> None:
    for call in (
        lambda: keystore.read(Secret.API_KEY, "shop"),
        lambda: keystore.write(Secret.API_KEY, KEY, "shop"),
        lambda: keystore.forget(Secret.API_KEY, "shop"),
    ):
        with pytest.raises(KeyringUnavailableError) as caught:
            call()
        assert str(caught.value) == keystore.NO_KEYRING
    assert keystore.key_status("shop") == (False, keystore.NO_KEYRING)
    secrets = SessionSecrets()
    assert secrets.set(Secret.API_KEY, KEY, "shop") is False
    assert secrets.reason == keystore.NO_KEYRING
    assert secrets.get(Secret.API_KEY, "shop") == KEY


class BrokenKeyring(KeyringBackend):
    """A backend that fails in its own way (a D-Bus error, a damaged wallet)."""

    priority: ClassVar[float] = 1  # type: ignore[misc]

    def get_password(self, service: str, username: str) -> str | None:
        raise OSError("the wallet file is damaged")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise OSError("the wallet file is damaged")

    def delete_password(self, service: str, username: str) -> None:
        raise OSError("the wallet file is damaged")


def test_a_broken_keyring_is_reported_without_an_exception() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(BrokenKeyring())
    said = (
        "The system keyring could not be used (the wallet file is damaged), so the API key "
        "cannot be read or stored in it."
    )
    try:
        assert keystore.key_status("shop") == (False, said)
        for call in (
            lambda: keystore.write(Secret.API_KEY, KEY, "shop"),
            lambda: keystore.forget(Secret.API_KEY, "shop"),
        ):
            with pytest.raises(KeyringUnavailableError) as caught:
                call()
            assert str(caught.value) == said
        secrets = SessionSecrets()  # the window and every command: this session's key only
        assert secrets.set(Secret.API_KEY, KEY, "shop") is False
        assert secrets.reason == said and secrets.get(Secret.API_KEY, "shop") == KEY
    finally:
        keyring.set_keyring(previous)


def test_the_key_is_not_in_the_credentials_repr() -> None:
    found = Credentials(api_key=KEY, base_url="https://api.rampwin.com", cookie=COOKIE)
    for text in (repr(found), str(found), f"{found!r}", f"{[found]}"):
        assert KEY not in text and COOKIE not in text
        assert "https://api.rampwin.com" in text  # the address is no secret
