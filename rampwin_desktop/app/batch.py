"""Send to a list: each planned row through the single send (``app/sending.py``), paced,
journalled, stoppable and resumable. Qt-free: the command line runs it directly, the window
from a worker thread.

Each row is marked in the journal, on disk (synced), before its request, then ``sent``,
``failed`` or ``unknown`` (committed; synced with a later mark, or by the journal's ``sync``
when the run ends: see ``storage/journal.py``). With no rate limit the next rows are
marked ahead, several with one sync made while a request is out
(``Journal.mark_sending(upcoming=...)``), so no sync is waited for between rows. Its message is
filled in right before its request and sent as the plan checked it (``PlannedRow.checked``),
not checked again; its history record is written with its outcome, a few rows at a time
(``app/batch_history.py``: the journal is the authority).

Rows are sent at a steady ``rate`` (one every 1/rate seconds on ``time.monotonic``, never
in bursts). A 429 pauses the whole batch for its Retry-After (bounded by the retry policy)
and the same row is tried again. A send that may have been delivered (a timeout after the
request was written, a broken connection) is ``unknown`` and never retried on its own.
``stop`` is looked at between rows and during waits: the request in flight always
finishes and is recorded. While ``hold`` is set no new request starts (the window holds
the batch while it asks whether to stop it); the pace goes on from where it was.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rampwin_desktop.api.contract import RetryPolicy, Timeouts
from rampwin_desktop.api.errors import (
    AuthenticationError,
    NetworkError,
    RampwinError,
    RateLimitedError,
)
from rampwin_desktop.app import sending
from rampwin_desktop.app.batch_again import as_batch, batch_message, changes
from rampwin_desktop.app.batch_history import BatchHistory, record_missing
from rampwin_desktop.app.credentials import Credentials
from rampwin_desktop.app.row_outcome import NETWORK, WINDOW_CLOSED, classify, message_id
from rampwin_desktop.core.draft import dumps_draft
from rampwin_desktop.core.model import Message
from rampwin_desktop.core.recipients import Plan, PlannedRow, RecipientTable
from rampwin_desktop.storage import journal as journals
from rampwin_desktop.storage.history import History
from rampwin_desktop.storage.journal import BatchInfo, Journal, RowState
from rampwin_desktop.storage.upload_cache import UploadCache

if TYPE_CHECKING:
    from rampwin_desktop.api.client import RampwinClient

DEFAULT_PAUSE = 30.0  # seconds, after a 429 without a Retry-After
MAX_PAUSES = 10  # 429s in a row, each paused for, before the batch stops
MAX_UNREACHABLE = 3  # rows in a row that could not connect (a server down, a wrong address)
HOLD_CHECK_S = 0.05  # while held, how often the batch looks whether it may go on
CATCH_UP_S = 0.01  # how much of the pace a late request may make up (a timer's jitter)


@dataclass(frozen=True)
class BatchJob:
    batch_id: str
    profile: str  # recorded in the history
    credentials: Credentials
    rate: float | None = 1.0  # messages per second; None: as fast as the server answers
    resend_unknown: bool = False  # send rows that are ``unknown`` again
    timeouts: Timeouts = field(default_factory=Timeouts)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    keep_metadata: bool = False  # see app/sending.SendJob


@dataclass(frozen=True)
class BatchProgress:
    done: int  # rows handled in this run
    total: int  # rows this run set out to send
    sent: int
    failed: int
    unknown: int
    rate: float  # rows per second achieved in this run
    time_left: float | None  # seconds, estimated; None until one row is done
    row: int = 0  # the row just handled
    note: str = ""  # e.g. "paused for 30 seconds: Rampwin is receiving too many requests"


OnProgress = Callable[[BatchProgress], None]


@dataclass(frozen=True)
class Summary:
    sent: int
    failed: int
    unknown: int
    window_closed: int  # of the failed
    network: int  # of the failed: the request never got an answer
    skipped: int
    pending: int  # not sent yet (the batch stopped)
    stopped: str = ""  # why the batch stopped before its end, "" when it did not
    key_refused: bool = False  # it stopped because the server refused the API key


BY_USER = "stopped by the user"  # a Summary's ``stopped`` when the user stopped the batch
SENT_BEFORE = "left out: an earlier batch sent this message to this number"


class BatchError(Exception):
    """A batch that cannot start or resume; ``str(error)`` is a sentence for the user."""


class MessageChanged(BatchError):
    """A resume with another message than the batch's, the CSV being the same: ``started``
    is the batch's (the window offers to compose it again)."""

    def __init__(self, text: str, started: Message) -> None:
        super().__init__(text)
        self.started = started


def new_info(
    batch_id: str,
    message: Message,
    table: RecipientTable,
    csv_path: str,
    profile: str,
    **options: object,
) -> BatchInfo:
    return BatchInfo(
        batch_id=batch_id,
        draft=dumps_draft(as_batch(message)),
        csv_sha256=table.sha256,
        csv_path=csv_path,
        profile=profile,
        options=dict(options),
        created_at=time.time(),
    )


def journal_rows(plan: Plan) -> list[tuple[int, str, RowState, str]]:
    """Every row of ``plan`` for a new journal: the planned ones pending, the rest skipped."""
    rows = [(row.row, row.phone, RowState.PENDING, "") for row in plan.rows]
    problems: dict[int, list[str]] = {}
    for problem in plan.problems:
        problems.setdefault(problem.row, []).append(f"{problem.field}: {problem.message}")
    rows += [(row, "", RowState.SKIPPED, "; ".join(said)) for row, said in problems.items()]
    rows += [(row, "", RowState.SKIPPED, repeat_of(plan, row)) for row in plan.duplicates]
    rows += [(row, "", RowState.SKIPPED, SENT_BEFORE) for row in plan.sent_before]
    return sorted(rows)


def repeat_of(plan: Plan, row: int) -> str:
    """Why ``row`` of ``plan`` is left out as a repeat: "a repeat of row 2's number"."""
    earlier = plan.repeating.get(row)
    return f"a repeat of row {earlier}'s number" if earlier else "a repeat of an earlier number"


def check_resume(journal: Journal, message: Message, table: RecipientTable) -> None:
    """``BatchError`` naming what changed, when ``journal`` is not this batch's."""
    check_batch(journal.path, journal.info, message, table)


def check_batch(path: Path, info: BatchInfo, message: Message, table: RecipientTable) -> None:
    """``BatchError`` naming what changed, when the batch ``info`` (of the journal at
    ``path``) is not this message and CSV's; read only, so a preview can ask."""
    found = changes(info, message, table)
    if not found:
        return
    said = (
        f"The batch in {path} cannot go on with these files: {' and '.join(found)} changed "
        "since it was started. Nothing was sent. Resume with the same draft and CSV, or "
        "start a new batch."
    )
    started = batch_message(info.draft)
    if started is not None and info.csv_sha256 == table.sha256:
        raise MessageChanged(said, started)
    raise BatchError(said)


def still_to_send(counts: dict[RowState, int], *, resend_unknown: bool = False) -> int:
    """How many of a journal's rows (``Journal.counts()``) a run would send: the pending
    and failed ones, and the unknown ones too with ``resend_unknown``."""
    left = counts[RowState.PENDING] + counts[RowState.FAILED]
    return left + (counts[RowState.UNKNOWN] if resend_unknown else 0)


def open_or_create(
    plan: Plan,
    message: Message,
    table: RecipientTable,
    *,
    resume: Path | None,
    new_path: Path | None = None,
    csv_path: str,
    profile: str,
    **options: object,
) -> Journal:
    """The batch's journal: ``resume``'s, opened and checked against ``message`` and
    ``table`` (``BatchError`` when they changed), else a new one for ``plan`` at
    ``new_path`` (by default in the data folder) with ``options`` recorded.
    ``JournalError`` when a journal cannot be opened or created."""
    if resume is not None:
        journal = Journal.open(resume)
        try:
            check_resume(journal, message, table)
        except BatchError:
            journal.close()
            raise
        return journal
    batch_id = journals.new_batch_id()
    info = new_info(batch_id, message, table, csv_path, profile, **options)
    path = new_path or journals.journal_file(batch_id)
    return Journal.create(path, info, journal_rows(plan))


def run(
    plan: Plan,
    journal: Journal,
    job: BatchJob,
    *,
    history: History | None = None,
    cache: UploadCache | None = None,
    stop: threading.Event | None = None,
    hold: threading.Event | None = None,
    on_progress: OnProgress | None = None,
) -> Summary:
    """Send the journal's rows still to send (pending or failed; unknown ones too with
    ``resend_unknown``), each with its message from ``plan``. When the run ends, however
    it ends, the journal's last outcome is made durable (``Journal.sync``)."""
    stop = stop or threading.Event()
    wanted = {RowState.PENDING, RowState.FAILED}
    if job.resend_unknown:
        wanted.add(RowState.UNKNOWN)
    if history is not None:
        record_missing(history, journal, plan)  # rows a run that died did not write
    planned = {row.row: row for row in plan.rows}
    todo = [
        planned[row.row] for row in journal.rows() if row.state in wanted and row.row in planned
    ]
    runner = _Runner(journal, job, history, cache, stop, on_progress, len(todo), hold=hold)
    stopped = ""
    try:
        for index, row in enumerate(todo):
            # With no rate limit the next rows follow at once: they are marked ahead.
            after = todo[index + 1 : index + 1 + journals.AHEAD] if job.rate is None else []
            stopped = runner.send_row(row, [planned.row for planned in after])
            if stopped:
                break
        else:
            stopped = BY_USER if stop.is_set() and runner.done < len(todo) else ""
    finally:
        runner.close()
    return summarise(journal, stopped, key_refused=runner.key_refused)


def summarise(journal: Journal, stopped: str = "", *, key_refused: bool = False) -> Summary:
    rows = journal.rows()
    failed = [row for row in rows if row.state is RowState.FAILED]
    counts = journal.counts()
    return Summary(
        sent=counts[RowState.SENT],
        failed=len(failed),
        unknown=counts[RowState.UNKNOWN] + counts[RowState.SENDING],
        window_closed=sum(row.kind == WINDOW_CLOSED for row in failed),
        network=sum(row.kind == NETWORK for row in failed),
        skipped=counts[RowState.SKIPPED],
        pending=counts[RowState.PENDING],
        stopped=stopped,
        key_refused=key_refused,
    )


class _Runner:
    """The pacing, the counts and the progress of one run, and its one client: every row
    goes through the same ``requests.Session``, so over the same connection."""

    def __init__(
        self,
        journal: Journal,
        job: BatchJob,
        history: History | None,
        cache: UploadCache | None,
        stop: threading.Event,
        on_progress: OnProgress | None,
        total: int,
        *,
        hold: threading.Event | None = None,
    ) -> None:
        self.journal, self.job, self.cache = journal, job, cache
        self.recorder = BatchHistory(history) if history is not None else None
        self.stop, self.on_progress, self.total = stop, on_progress, total
        self.hold = hold or threading.Event()  # set: no new request starts
        self.done = self.sent = self.failed = self.unknown = 0
        self.started = time.monotonic()
        self.next_at = self.started  # when the next request may start
        self.last_row = 0
        self.first_done = self.started  # when the first row was done: rates count from it
        self.client: RampwinClient | None = None  # opened at the first request
        self.key_refused = False  # the batch stopped on an AuthenticationError
        self.unreachable = 0  # rows in a row that could not connect (nothing was sent)

    def close(self) -> None:
        """The end of the run: the client closed, the journal's last outcome (and the
        history's batch rows) put on disk."""
        try:
            if self.client is not None:
                self.client.close()
        finally:
            self.journal.sync()
            if self.recorder is not None:
                self.recorder.flush()
                self.recorder.history.sync()

    def _client(self) -> RampwinClient:
        if self.client is None:
            job = self.job
            self.client = sending.open_client(job.credentials, job.timeouts, job.retry)
        return self.client

    def send_row(self, planned: PlannedRow, upcoming: Sequence[int] = ()) -> str:
        """Send one row (again after a 429 pause); why the batch must stop, or "".
        ``upcoming``: the rows to be sent right after it (``Journal.mark_sending``)."""
        row = planned.row
        pauses = 0
        while True:
            if not self._wait_until(self.next_at):
                return BY_USER
            self._pace()
            self.journal.mark_sending(row, upcoming=upcoming)
            try:
                sent = sending.send(
                    sending.SendJob(
                        message=planned.checked(),
                        profile=self.job.profile,
                        credentials=self.job.credentials,
                        timeouts=self.job.timeouts,
                        retry=self.job.retry,
                        batch=self.job.batch_id,
                        keep_metadata=self.job.keep_metadata,
                    ),
                    history=self.recorder,
                    cache=self.cache,
                    client=self._client(),
                )
            except RateLimitedError as error:
                self.journal.mark(row, RowState.PENDING, detail=error.user_message)
                pauses += 1
                if pauses > MAX_PAUSES:
                    return f"Rampwin refused {MAX_PAUSES} times in a row as too many requests"
                if not self._pause(error):
                    return BY_USER
                continue
            except AuthenticationError as error:
                self.journal.mark(row, RowState.PENDING, detail=error.user_message)
                self.key_refused = True
                return error.user_message
            except RampwinError as error:
                state, kind = classify(error)
                self.journal.mark(row, state, kind=kind, detail=error.user_message)
                self._count(row, state)
                return self._unreachable(error)
            self.journal.mark(
                row, RowState.SENT, detail=sent.result.message, message_id=message_id(sent.result)
            )
            self._count(row, RowState.SENT)
            self.unreachable = 0
            return ""

    def _unreachable(self, error: RampwinError) -> str:
        """Why the batch stops: ``MAX_UNREACHABLE`` rows in a row could not connect."""
        not_sent = isinstance(error, NetworkError) and not error.may_have_been_sent
        self.unreachable = self.unreachable + 1 if not_sent else 0
        said = f"{MAX_UNREACHABLE} rows in a row could not be sent. {error.user_message}"
        return said if self.unreachable >= MAX_UNREACHABLE else ""

    def _pace(self) -> None:
        """The next request's time: one interval after this one's. A request that started
        late (a timer woken late, a slow reply) may catch up ``CATCH_UP_S`` at most, so the
        rate holds without a pair going out together after a long wait."""
        if self.job.rate:
            interval = 1.0 / self.job.rate
            late = min(interval, CATCH_UP_S)
            self.next_at = max(self.next_at, time.monotonic() - late) + interval

    def _wait_until(self, moment: float) -> bool:
        """Wait for ``moment`` (monotonic), and while the batch is held; False when asked to
        stop meanwhile."""
        while True:
            if self.stop.is_set():
                return False
            if self.hold.is_set():
                self.stop.wait(HOLD_CHECK_S)
                continue
            left = moment - time.monotonic()
            if left <= 0:
                return True
            self.stop.wait(left)

    def _pause(self, error: RateLimitedError) -> bool:
        bound = self.job.retry.max_retry_after
        asked = error.retry_after if error.retry_after is not None else DEFAULT_PAUSE
        wait = min(max(asked, 1.0), bound)  # "Retry-After: 0" ten times was over in 0.3 s
        self._report(f"paused for {wait:g} s: Rampwin is receiving too many requests (HTTP 429)")
        if self.recorder is not None:
            self.recorder.flush()  # History is not left behind during the pause
        until = time.monotonic() + wait
        self.next_at = max(self.next_at, until)
        return self._wait_until(until)

    def _count(self, row: int, state: RowState) -> None:
        self.done += 1
        if self.done == 1:
            self.first_done = time.monotonic()
        self.last_row = row
        self.sent += state is RowState.SENT
        self.failed += state is RowState.FAILED
        self.unknown += state is RowState.UNKNOWN
        self._report()

    def _report(self, note: str = "") -> None:
        if self.on_progress is None:
            return
        now = time.monotonic()
        elapsed = now - self.first_done
        rate = (self.done - 1) / elapsed if self.done > 1 and elapsed > 0 else 0.0
        if self.job.rate:  # the first reply, slower (a new connection), made 5 a second 5.6
            rate = min(rate, self.job.rate)
        left = self.total - self.done
        pace = rate or (self.job.rate or 0.0)
        time_left = left / pace if pace else None
        self.on_progress(
            BatchProgress(
                done=self.done,
                total=self.total,
                sent=self.sent,
                failed=self.failed,
                unknown=self.unknown,
                rate=rate,
                time_left=time_left,
                row=self.last_row,
                note=note,
            )
        )
