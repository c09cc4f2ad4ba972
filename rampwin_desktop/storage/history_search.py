"""What History's filter (and ``history --search``) looks in: one line of words per attempt.

The ``search`` table holds, for each attempt, its outcome and the words a user can find it
by, without case or accents (``fold``): its profile, number, batch, detail, and the text of
its message (header, body, footer, each button's title and id, a media header's link and
file name). The names and kinds in the request's JSON (``button``, ``reply``, ``type``...)
are not words: searching for "type" found every attempt when the filter looked in the JSON
itself. The outcome is matched by the caller, which knows how History words each one.

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
import re
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from rampwin_desktop.core.phone import searched

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
NOT_WORDS = frozenset({"type", "channel_id", "phone_number"})  # kinds, and columns of their own
_INDEXED = (
    f"INSERT OR REPLACE INTO search (id, outcome, words) SELECT id, outcome, {WORDS_FUNCTION}"
    "(profile, recipient, batch, detail, body) FROM attempts"
)


def prepare(db: sqlite3.Connection) -> None:
    """Make the table and the words function on a newly opened connection."""
    db.create_function(WORDS_FUNCTION, 5, attempt_words, deterministic=True)
    db.execute(SCHEMA)


def attempt_words(profile: str, recipient: str, batch: str, detail: str, body: str) -> str:
    """An attempt's words, one per line, ``fold``-ed (``Émile`` is found as ``emile``)."""
    try:
        message = list(_texts(json.loads(body)))
    except ValueError:  # never written so; still searchable as it is
        message = [body]
    parts = (profile, recipient, batch, detail, *message)
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
    attempts an older version added since. Two lookups when there are none."""
    index(db, "id > (SELECT coalesce(max(id), 0) FROM search)")


def index_times(db: sqlite3.Connection) -> None:
    """The attempts' times in an index, for a date in the filter: made once, on a history
    from before it (100,000 attempts: ≈ 0.1 s), then kept up by SQLite."""
    db.execute(TIME_INDEX)


def fold(text: str) -> str:
    """``text`` as the filter compares it, case and accents ignored: ``Émile`` and
    ``EMILE`` are ``emile``, ``Straße`` is ``strasse``."""
    if text.isascii():  # most text: nothing to take apart
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def terms(text: str) -> list[str]:
    """What a filter on ``text`` looks for, each to be found: a number written with + and
    spaces as one (``core/phone.searched``); else each word, wherever it is."""
    return [text.strip()] if searched(text).isdigit() else text.split()


def matching(
    text: str, outcomes: Callable[[str], Sequence[str]]
) -> tuple[str, tuple[str | float, ...]]:
    """The condition on ``search`` for a filter on ``text``, and its arguments: every one
    of its ``terms`` anywhere in the words, as written (``%`` and ``_`` too; ``fold``), as
    digits for a number, naming one of the ``outcomes(term)``, or as the attempt's date or
    time of day, as History shows them (``_when``). No terms: every attempt."""
    conditions: list[str] = []
    args: list[str | float] = []
    for term in terms(text):
        either = [f"search.words {_LIKE}"]
        values: list[str | float] = [_containing(fold(term))]
        when = _when(term)
        if when is not None:
            either.append(when[0])
            values += when[1]
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
TIME_INDEX = "CREATE INDEX IF NOT EXISTS attempts_by_time ON attempts (created_at)"
_DATE = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")  # 2026-11-30, or a month: 2026-11
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")  # 14:05, 14:05:09 (local time)
_AT_DAY = "search.id IN (SELECT id FROM attempts WHERE created_at >= ? AND created_at < ?)"
_AT_CLOCK = (
    "search.id IN (SELECT id FROM attempts"
    " WHERE strftime('%H:%M:%S', created_at, 'unixepoch', 'localtime') LIKE ?)"
)


def _when(term: str) -> tuple[str, list[str | float]] | None:
    """The condition for ``term`` as a date (a day, or a month) or a time of day, local as
    History's When column shows them; None when it is neither."""
    day = _DATE.fullmatch(term)
    if day is not None:
        year, month, date = int(day[1]), int(day[2]), int(day[3] or 0)
        if not 1 <= month <= 12 or (day[3] and not 1 <= date <= 31):
            return None
        start = (year, month, date or 1)
        end = (year, month, date + 1) if date else (year, month + 1, 1)  # mktime carries over
        return _AT_DAY, [_local(*start), _local(*end)]
    clock = _CLOCK.fullmatch(term)
    if clock is not None and int(clock[1]) < 24:
        shown = f"{int(clock[1]):02d}:{clock[2]}" + (f":{clock[3]}" if clock[3] else "")
        return _AT_CLOCK, [f"{shown}%"]
    return None


def _local(year: int, month: int, day: int) -> float:
    """Midnight starting that day, here (a day past a month's end is in the next month)."""
    return time.mktime((year, month, day, 0, 0, 0, 0, 0, -1))


def _containing(text: str) -> str:
    """A LIKE pattern for ``text`` anywhere, its ``%`` and ``_`` meant literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
