"""Every send attempt, recorded before the request goes out and updated with its outcome.

SQLite in WAL mode: an attempt whose outcome was never written (a crash mid-send) stays
"outcome unknown"; it never disappears.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any


class Outcome(StrEnum):
    PENDING = "pending"  # written before sending; still so after a crash = outcome unknown
    SENT = "sent"
    REFUSED = "refused"
    FAILED = "failed"  # certainly not sent
    UNKNOWN = "unknown"  # may have been delivered


@dataclass(frozen=True)
class Attempt:
    id: int
    created_at: float
    profile: str
    recipient: str
    body: dict[str, Any]
    header_hash: str
    outcome: Outcome
    detail: str


_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at REAL NOT NULL,
    profile TEXT NOT NULL,
    recipient TEXT NOT NULL,
    body TEXT NOT NULL,
    header_hash TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
)
"""


class History:
    def __init__(self, path: Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.moved_aside: Path | None = None  # set when a damaged database was replaced
        try:
            self._db = self._open(path)
        except sqlite3.DatabaseError:
            self.moved_aside = path.with_name(
                f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}"
            )
            path.replace(self.moved_aside)
            for suffix in ("-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            self._db = self._open(path)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(str(path))
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute(_SCHEMA)
            db.execute("SELECT count(*) FROM attempts").fetchone()
            db.commit()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def close(self) -> None:
        self._db.close()

    def begin(
        self, *, profile: str, recipient: str, body: dict[str, Any], header_hash: str = ""
    ) -> int:
        cursor = self._db.execute(
            "INSERT INTO attempts (created_at, profile, recipient, body, header_hash, outcome)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                time.time(),
                profile,
                recipient,
                json.dumps(body, ensure_ascii=False),
                header_hash,
                Outcome.PENDING.value,
            ),
        )
        self._db.commit()
        return int(cursor.lastrowid or 0)

    def finish(
        self,
        attempt_id: int,
        outcome: Outcome,
        detail: str = "",
        *,
        body: dict[str, Any] | None = None,
        header_hash: str = "",
    ) -> None:
        """Record the outcome; ``body`` replaces the stored one (e.g. with the uploaded URL)."""
        self._db.execute(
            "UPDATE attempts SET outcome = ?, detail = ?,"
            " body = COALESCE(?, body), header_hash = COALESCE(NULLIF(?, ''), header_hash)"
            " WHERE id = ?",
            (
                outcome.value,
                detail,
                json.dumps(body, ensure_ascii=False) if body is not None else None,
                header_hash,
                attempt_id,
            ),
        )
        self._db.commit()

    def attempts(self, text: str = "", limit: int = 500) -> list[Attempt]:
        """Newest first; ``text`` filters on recipient, outcome, detail and body."""
        like = f"%{text}%"
        rows = self._db.execute(
            "SELECT id, created_at, profile, recipient, body, header_hash, outcome, detail"
            " FROM attempts WHERE ? = '' OR recipient LIKE ? OR outcome LIKE ? OR detail LIKE ?"
            " OR body LIKE ? ORDER BY id DESC LIMIT ?",
            (text, like, like, like, like, limit),
        ).fetchall()
        return [
            Attempt(
                id=row[0],
                created_at=row[1],
                profile=row[2],
                recipient=row[3],
                body=json.loads(row[4]),
                header_hash=row[5],
                outcome=Outcome(row[6]),
                detail=row[7],
            )
            for row in rows
        ]
