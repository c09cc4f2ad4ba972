"""A history as versions before its search words left it (no ``search`` table)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from rampwin_desktop.storage.history import json_text

OLD_SCHEMA = (
    "CREATE TABLE attempts (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at REAL NOT NULL,"
    " profile TEXT NOT NULL, recipient TEXT NOT NULL, body TEXT NOT NULL,"
    " header_hash TEXT NOT NULL DEFAULT '', outcome TEXT NOT NULL,"
    " detail TEXT NOT NULL DEFAULT '', batch TEXT NOT NULL DEFAULT '')"
)


def add_sent(path: Path, number: str, text: str) -> None:
    """An attempt to ``number`` saying ``text``, sent, written as an older version does."""
    with closing(sqlite3.connect(path)) as old:
        old.execute(OLD_SCHEMA.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"))
        old.execute(
            "INSERT INTO attempts (created_at, profile, recipient, body, outcome)"
            " VALUES (0, 'p', ?, ?, 'sent')",
            (number, json_text({"text": text})),
        )
        old.commit()
