"""A real keyring backend for tests that the app's helper processes can share.

The window asks the keyring in a helper process (ui/key_lookup.py), so the tests' keyring
must be visible across processes: its entries live in a JSON file named by
``RAMPWIN_TEST_KEYRING``, and ``PYTHON_KEYRING_BACKEND=tests.helpers.file_keyring.FileKeyring``
makes every process (the helper, ``send``) load it. The file also holds a delay (a slow
D-Bus round trip, a wallet to unlock) and the user names asked for, so that tests can see
what a helper did.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

from keyring.backend import KeyringBackend

ENV_FILE = "RAMPWIN_TEST_KEYRING"
BACKEND = "tests.helpers.file_keyring.FileKeyring"


def _load(path: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = {}
    data.setdefault("entries", {})
    data.setdefault("asked", [])
    data.setdefault("delay", 0.0)
    return data


def _save(path: Path, data: dict[str, Any]) -> None:
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(data), encoding="utf-8")
    os.replace(temporary, path)


def _key(service: str, username: str) -> str:
    return f"{service}\n{username}"


class _Entries(MutableMapping[tuple[str, str], str]):
    """The stored passwords as a dict keyed by (service, user name), read through the file."""

    def __init__(self, path: Path) -> None:
        self._path = path

    def _all(self) -> dict[tuple[str, str], str]:
        stored: dict[str, str] = _load(self._path)["entries"]
        return {tuple(key.split("\n", 1)): value for key, value in stored.items()}  # type: ignore[misc]

    def __getitem__(self, key: tuple[str, str]) -> str:
        return self._all()[key]

    def __setitem__(self, key: tuple[str, str], value: str) -> None:
        data = _load(self._path)
        data["entries"][_key(*key)] = value
        _save(self._path, data)

    def __delitem__(self, key: tuple[str, str]) -> None:
        data = _load(self._path)
        del data["entries"][_key(*key)]
        _save(self._path, data)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        self.path = path or Path(os.environ[ENV_FILE])
        self.entries = _Entries(self.path)

    @property
    def asked(self) -> list[str]:
        """The user names every process asked for, in order."""
        names: list[str] = _load(self.path)["asked"]
        return names

    def answer_after(self, seconds: float) -> None:
        """Every call (read, write, delete) from now on takes ``seconds``."""
        data = _load(self.path)
        data["delay"] = seconds
        _save(self.path, data)

    def get_password(self, service: str, username: str) -> str | None:
        data = _load(self.path)
        data["asked"].append(username)
        _save(self.path, data)
        time.sleep(data["delay"])
        value: str | None = data["entries"].get(_key(service, username))
        return value

    def set_password(self, service: str, username: str, password: str) -> None:
        time.sleep(_load(self.path)["delay"])
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        time.sleep(_load(self.path)["delay"])
        try:
            del self.entries[(service, username)]
        except KeyError:
            raise PasswordDeleteError(username) from None
