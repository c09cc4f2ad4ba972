"""A batch's rows in the history: each recorded once, with its outcome, a few at a time.

A single send is recorded before its request and updated after it, each write fsync'd:
the history is all it has. A batch's rows have their journal (``storage/journal.py``),
which says before each request that the row may be sent and after it what happened. So a
batch row's history record is written once, when its outcome is known: at once if
nothing was written in the last ``FLUSH_SECONDS`` (a rate of a few messages a second:
each row as it ends), else with the rows that end meanwhile, in one transaction without
an fsync of its own. With no rate limit, two writes per row become one per quarter of a
second.

A run that dies (a SIGKILL, a power cut) may take its last records with it; the journal
keeps those rows, and ``record_missing`` writes them when the batch is resumed: the body
as planned, the outcome and detail as the journal has them.
"""

from __future__ import annotations

import itertools
import time
from collections import Counter
from typing import Any, TypedDict, Unpack

from rampwin_desktop.core.payload import send_body
from rampwin_desktop.core.recipients import Plan
from rampwin_desktop.storage.history import Finished, History, Outcome, json_text
from rampwin_desktop.storage.journal import Journal, RowState

FLUSH_SECONDS = 0.25  # the longest a finished row waits to be written
ENDED = {  # a journal row's state, as the history says it (failed: certainly not delivered)
    RowState.SENT: Outcome.SENT,
    RowState.FAILED: Outcome.FAILED,
    RowState.UNKNOWN: Outcome.UNKNOWN,
}


class Ending(TypedDict, total=False):
    """``History.finish``'s keyword arguments."""

    body: dict[str, Any] | None
    header_hash: str
    durable: bool


class BatchHistory:
    """What ``app/sending.send`` records a batch's rows in, in place of ``History``."""

    def __init__(self, history: History) -> None:
        self.history = history
        self._begun: dict[int, tuple[float, str, str, dict[str, Any], str]] = {}
        self._numbers = itertools.count(1)
        self._finished: list[Finished] = []
        self._written = -FLUSH_SECONDS  # when records were last written (monotonic)

    def begin(
        self, *, profile: str, recipient: str, body: dict[str, Any], batch: str, durable: bool
    ) -> int:
        """Nothing written yet (the journal has the row): a number for ``finish``."""
        number = next(self._numbers)
        self._begun[number] = (time.time(), profile, recipient, body, batch)
        return number

    def finish(
        self, attempt_id: int, outcome: Outcome, detail: str = "", **ending: Unpack[Ending]
    ) -> None:
        at, profile, recipient, begun_body, batch = self._begun.pop(attempt_id)
        body, header_hash = ending.get("body"), ending.get("header_hash", "")
        text = json_text(begun_body if body is None else body)  # here: a little at each row
        record = Finished(at, profile, recipient, text, header_hash, outcome, detail, batch)
        self._finished.append(record)
        if time.monotonic() - self._written >= FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Write every finished row not written yet (the runner calls it before a pause
        and at the end)."""
        finished, self._finished = self._finished, []
        if finished:
            self.history.add(finished)
            self._written = time.monotonic()


def record_missing(history: History, journal: Journal, plan: Plan) -> int:
    """Record in the history the rows the journal has an outcome for that the history lacks
    (a run that died before writing them); how many were recorded."""
    info = journal.info
    recorded = Counter(history.recipients_of(info.batch_id))  # a number may be in it twice
    missing = []
    for row in journal.rows():
        if row.state in ENDED:
            if recorded[row.phone] > 0:
                recorded[row.phone] -= 1
            else:
                missing.append(row)
    planned = {row.row: row for row in plan.rows}
    finished = [
        Finished(
            created_at=row.at or time.time(),
            profile=info.profile,
            recipient=row.phone,
            body=json_text(send_body(planned[row.row].message)),
            header_hash="",
            outcome=ENDED[row.state],
            detail=row.detail,
            batch=info.batch_id,
        )
        for row in missing
        if row.row in planned
    ]
    if finished:
        history.add(finished)
    return len(finished)
