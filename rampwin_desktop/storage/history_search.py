"""What History's filter (and ``history --search``) looks in: one line of words per attempt.

The ``search`` table holds, for each attempt, its outcome and the words a user can find it
by, case-folded: its profile, number, batch, detail, and the text of its message (header,
body, footer, each button's title and id, a media header's link and file name). The names
and kinds in the request's JSON (``button``, ``reply``, ``type``...) are not words:
searching for "type" found every attempt when the filter looked in the JSON itself. The
outcome is matched by the caller, which knows how History words each one.

It is narrow on purpose: a filter that few attempts match reads every attempt's words, and
reading a few bytes per attempt instead of its whole stored request is what keeps a filter
of 100,000 attempts quick (about 10 ms, not 35-44 ms).

The words are written by ``index``, in the transaction of every write to ``attempts``
(``storage/history.py``), from the attempt's stored columns, by one Python function that
SQLite calls (``WORDS_FUNCTION``). A history written by a version before this table is
indexed when opened (``catch_up``): about 1.5 s for 100,000 attempts, once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
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
    """An attempt's words, one per line, case-folded (``Émile`` is found as ``émile``)."""
    try:
        message = list(_texts(json.loads(body)))
    except ValueError:  # never written so; still searchable as it is
        message = [body]
    parts = (profile, recipient, batch, detail, *message)
    return "\n".join(part for part in parts if part).casefold()


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


def matching(text: str, outcomes: Sequence[str] = ()) -> tuple[str, tuple[str, ...]]:
    """The condition on ``search`` for a filter on ``text``, and its arguments: ``text``
    anywhere in the words, as written (``%`` and ``_`` too), ignoring case, or one of
    ``outcomes``. A number written with + and spaces is also looked for as its digits
    (``core/phone.searched``)."""
    terms, args = [f"search.words {_LIKE}"], [_containing(text.casefold())]
    number = searched(text)
    if number.isdigit() and number != text:
        terms.append(f"search.words {_LIKE}")
        args.append(_containing(number))
    if outcomes:
        terms.append(f"search.outcome IN ({', '.join('?' * len(outcomes))})")
        args += outcomes
    return f"({' OR '.join(terms)})", tuple(args)


_LIKE = "LIKE ? ESCAPE '\\'"


def _containing(text: str) -> str:
    """A LIKE pattern for ``text`` anywhere, its ``%`` and ``_`` meant literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
