"""What History's filter (and ``history --search``) looks in: one line of words per attempt.

The ``search`` table holds, for each attempt, its outcome and the words a user can find it
by, without case or accents (``fold``): its time as History shows it, its profile, number,
batch, detail, and the text of its message (header, body, footer, each button's title and
id, a media header's link and file name). The names and kinds in the request's JSON
(``button``, ``reply``, ``type``...) are not words: searching for "type" found every attempt
when the filter looked in the JSON itself. The outcome is matched by the caller, which
knows how History words each one.

It is narrow on purpose: a filter that few attempts match reads every attempt's words, and
reading a few bytes per attempt instead of its whole stored request is what keeps a filter
of 100,000 attempts quick (about 10 ms, not 35-44 ms).

The words are written by ``index``, in the transaction of every write to ``attempts``
(``storage/history.py``), from the attempt's stored columns, by one Python function that
SQLite calls (``WORDS_FUNCTION``). A history written by a version before this table is
indexed before its first search or write (``catch_up``, from ``History.index_older``):
about 1.5 s for 100,000 attempts, once; the window has it done off the GUI thread.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from rampwin_desktop.core.phone import searched
from rampwin_desktop.core.text import fold

if TYPE_CHECKING:
    import sqlite3  # the window imports it after its first paint (ui/boot.py, LATER)

SCHEMA = """
CREATE TABLE IF NOT EXISTS search (
    id INTEGER PRIMARY KEY,  -- the attempt's id in attempts
    outcome TEXT NOT NULL,
    words TEXT NOT NULL
)
"""
WORDS_FUNCTION = "attempt_words"
WORDS_VERSION = 2  # 2: the words start with the attempt's time, as History's When shows it
WHEN = "%Y-%m-%d %H:%M:%S"  # History's When column (ui/history_model.py), in local time
NOT_WORDS = frozenset({"type", "channel_id", "phone_number"})  # kinds, and columns of their own
_INDEXED = (
    f"INSERT OR REPLACE INTO search (id, outcome, words) SELECT id, outcome, {WORDS_FUNCTION}"
    "(created_at, profile, recipient, batch, detail, body) FROM attempts"
)


def prepare(db: sqlite3.Connection) -> None:
    """Make the table and the words function on a newly opened connection. A history with
    no attempts yet has words of the current kind (``catch_up``) from the start: set in the
    transaction that creates it, not in a later one (a batch's first record would fsync)."""
    db.create_function(WORDS_FUNCTION, 6, attempt_words)  # not deterministic: local time
    db.execute(SCHEMA)
    if db.execute("SELECT 1 FROM attempts LIMIT 1").fetchone() is None:
        db.execute(f"PRAGMA user_version = {WORDS_VERSION}")


def attempt_words(
    created_at: float, profile: str, recipient: str, batch: str, detail: str, body: str
) -> str:
    """An attempt's words, one per line, ``fold``-ed (``Émile`` is found as ``emile``); the
    first is its time as History shows it, so that a date or a time typed, whole or in part
    (``2026-11-30``, ``14:05``, ``2026-11-30 14:0``), finds it. That time is local to where
    the words were written: a history read in another time zone shows times its words do
    not have."""
    try:
        message = list(_texts(json.loads(body)))
    except ValueError:  # never written so; still searchable as it is
        message = [body]
    when = time.strftime(WHEN, time.localtime(created_at))
    parts = (when, profile, recipient, batch, detail, *message)
    return fold("\n".join(part for part in parts if part))


def _texts(value: object, name: str = "") -> Iterator[str]:
    """The text values in a request's JSON, without the names they are under."""
    if isinstance(value, str):
        if name not in NOT_WORDS:
            yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, key)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, name)


def index(db: sqlite3.Connection, condition: str, args: tuple[object, ...] = ()) -> None:
    """(Re)write the words of the attempts matching ``condition`` (e.g. ``id = ?``)."""
    db.execute(f"{_INDEXED} WHERE {condition}", args)


def catch_up(db: sqlite3.Connection) -> None:
    """Index the attempts that have no words yet: a history from before this table, or
    attempts an older version added since. Two lookups when there are none. Words of an
    older kind (``WORDS_VERSION``, kept as the database's ``user_version``) are all written
    again, once."""
    (version,) = db.execute("PRAGMA user_version").fetchone()
    if version < WORDS_VERSION:
        index(db, "1")
        db.execute(f"PRAGMA user_version = {WORDS_VERSION}")
    else:
        index(db, "id > (SELECT coalesce(max(id), 0) FROM search)")


def terms(text: str) -> list[str]:
    """What a filter on ``text`` looks for, each to be found: a number written with + and
    spaces as one (``core/phone.searched``); else each word, wherever it is."""
    return [text.strip()] if searched(text).isdigit() else text.split()


def matching(text: str, outcomes: Callable[[str], Sequence[str]]) -> tuple[str, tuple[str, ...]]:
    """The condition on ``search`` for a filter on ``text``, and its arguments: every one
    of its ``terms`` anywhere in the words, as written (``%`` and ``_`` too; ``fold``), as
    digits for a number, or naming one of the ``outcomes(term)``. No terms: every attempt."""
    conditions: list[str] = []
    args: list[str] = []
    for term in terms(text):
        either, values = [f"search.words {_LIKE}"], [_containing(fold(term))]
        number = searched(term)
        if number.isdigit() and number != term:
            either.append(f"search.words {_LIKE}")
            values.append(_containing(number))
        named = outcomes(term)
        if named:
            either.append(f"search.outcome IN ({', '.join('?' * len(named))})")
            values += named
        conditions.append(f"({' OR '.join(either)})")
        args += values
    return " AND ".join(conditions) or "1", tuple(args)


_LIKE = "LIKE ? ESCAPE '\\'"


def _containing(text: str) -> str:
    """A LIKE pattern for ``text`` anywhere, its ``%`` and ``_`` meant literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
