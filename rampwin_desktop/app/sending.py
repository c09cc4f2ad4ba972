"""One send, from a checked message to a recorded result. The command line runs it
directly; the window runs it in its send thread (``ui/send_worker.py``).

The steps: check the message against WhatsApp's limits (nothing is sent with a problem;
a batch's row comes ``Checked`` by its plan, and is not checked twice);
record the attempt in the history before any request; for a local header file, look in
the upload cache by the file's content and upload it only when it is not there (or when
asked to); send; then record the outcome, with the uploaded link in place of the local
path, and remember the upload. An attempt interrupted while sending is recorded as
"outcome unknown": it may have been delivered, and is never retried on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rampwin_desktop.api.contract import Cancel, Progress, RetryPolicy, SendResult, Timeouts
from rampwin_desktop.api.delivery import Delivery, Stage, deliver
from rampwin_desktop.api.errors import (
    AuthenticationError,
    CancelledError,
    RampwinError,
    RateLimitedError,
    RejectedError,
)
from rampwin_desktop.app import header_files
from rampwin_desktop.app.batch_history import BatchHistory
from rampwin_desktop.app.credentials import Credentials
from rampwin_desktop.core.draft import local_header_file
from rampwin_desktop.core.image_fit import FitError, FitReport
from rampwin_desktop.core.model import Message
from rampwin_desktop.core.payload import send_body, with_link
from rampwin_desktop.core.validation import Checked, Problem, check, errors, validate
from rampwin_desktop.storage.history import History, Outcome
from rampwin_desktop.storage.upload_cache import UploadCache

if TYPE_CHECKING:
    from rampwin_desktop.api.client import RampwinClient

OnStage = Callable[[Stage], None]


@dataclass(frozen=True)
class SendJob:
    message: Message | Checked  # Checked: a batch's row, checked by its plan already
    profile: str  # recorded in the history
    credentials: Credentials
    force_upload: bool = False  # upload the header file even if the cache has its link
    timeouts: Timeouts = field(default_factory=Timeouts)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    batch: str = ""  # the batch it is part of (``app/batch.py``), recorded in the history
    keep_metadata: bool = False  # upload a header picture with its EXIF/XMP/IPTC (GPS!)

    @property
    def plain(self) -> Message:
        """The message itself, checked or not."""
        return self.message.message if isinstance(self.message, Checked) else self.message


@dataclass(frozen=True)
class Sent:
    result: SendResult
    media_link: str | None  # the header file's link, when the message had one
    reused_upload: bool  # the link came from the upload cache
    attempt: int | None  # the history's record of it
    cleaned: FitReport | None = None  # the metadata removed from the header picture


class InvalidMessageError(RampwinError):
    """The message breaks WhatsApp's limits; nothing was uploaded or sent."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].message)
        self.problems = problems


def problems(message: Message) -> list[Problem]:
    """What stops ``message`` from being sent (warnings left out)."""
    return errors(validate(message))


def outcome_of(error: BaseException, reached: Stage | None) -> Outcome:
    """How an attempt that ended in ``error`` is recorded; ``reached`` is its last stage."""
    if isinstance(error, RampwinError):
        if error.may_have_been_sent:
            return Outcome.UNKNOWN
        if isinstance(error, CancelledError):
            return Outcome.CANCELLED
        if isinstance(error, RejectedError | AuthenticationError):
            return Outcome.REFUSED
        return Outcome.FAILED
    return Outcome.UNKNOWN if reached is Stage.SENDING else Outcome.FAILED


def describe(error: BaseException, reached: Stage | None) -> str:
    """The sentence a user reads for ``error`` (an interrupt or a bug included)."""
    if isinstance(error, RampwinError):
        return error.user_message
    if isinstance(error, KeyboardInterrupt):
        return (
            "Interrupted while sending: the message may have been delivered."
            if reached is Stage.SENDING
            else "Interrupted: the message was not sent."
        )
    sending = reached is Stage.SENDING
    return f"Something unexpected went wrong ({type(error).__name__}); the message " + (
        "may have been delivered." if sending else "was not sent."
    )


def send(
    job: SendJob,
    *,
    history: History | BatchHistory | None = None,
    cache: UploadCache | None = None,
    on_stage: OnStage | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    client: RampwinClient | None = None,
) -> Sent:
    """Send ``job``'s message; raises ``RampwinError`` (recorded, when there is a history).

    ``client``: one to send with and leave open (a batch keeps one for all its rows, so one
    connection); by default a client is opened for this send and closed after it.
    """
    checked = job.message if isinstance(job.message, Checked) else check(job.message)
    if not isinstance(checked, Checked):
        raise InvalidMessageError(checked)
    body = send_body(checked)
    durable = not job.batch  # a batch's rows: its journal is fsync'd (storage/history.py)
    attempt = (
        history.begin(
            profile=job.profile,
            recipient=str(body["phone_number"]),
            body=body,
            batch=job.batch,
            durable=durable,
        )
        if history is not None
        else None
    )
    reached: list[Stage] = []

    def stage(current: Stage) -> None:
        reached.append(current)
        if on_stage is not None:
            on_stage(current)

    try:
        delivery, reused, digest, cleaned = _deliver(
            job, body, cache, stage, progress, cancel, client
        )
    except BaseException as error:
        if history is not None and attempt is not None:
            last = reached[-1] if reached else None
            outcome = outcome_of(error, last)
            history.finish(attempt, outcome, describe(error, last), durable=durable)
        raise
    link = delivery.media_link
    if history is not None and attempt is not None:
        history.finish(
            attempt,
            Outcome.SENT,
            delivery.result.message,
            body=with_link(body, link) if link else None,  # None: the body as begun
            header_hash=digest,
            durable=durable,
        )
    return Sent(delivery.result, link, reused, attempt, cleaned)


def _deliver(
    job: SendJob,
    body: dict[str, Any],
    cache: UploadCache | None,
    on_stage: OnStage,
    progress: Progress | None,
    cancel: Cancel | None,
    client: RampwinClient | None,
) -> tuple[Delivery, bool, str, FitReport | None]:
    """The requests themselves: what was delivered, whether the header's link came from the
    upload cache, the uploaded file's digest ("" without one) and the metadata removed.

    A header picture is uploaded without its metadata (``app/header_files.py``) unless the
    job keeps it: the copy is what the upload cache knows, by its own digest."""
    credentials = job.credentials
    message = job.plain
    path = local_header_file(message)
    digest, cached_link, cleaned = "", None, None
    if path is not None:
        on_stage(Stage.CHECKING)
        prepared = _prepare(path, job.keep_metadata)
        digest, cleaned = prepared.digest, prepared.report
        if prepared.path != path:
            message = header_files.cleaned_for_upload(message, prepared)
        cached = cache.lookup(digest, credentials.base_url) if cache is not None else None
        if cached is not None and not job.force_upload:
            cached_link = cached.url
    with (
        nullcontext(client)
        if client is not None
        else open_client(credentials, job.timeouts, job.retry) as used
    ):

        def attempt(link: str | None) -> Delivery:
            return deliver(
                used,
                message,
                on_stage=on_stage,
                progress=progress,
                cancel=cancel,
                uploaded_link=link,
                body=body,
            )

        try:
            delivery = attempt(cached_link)
        except RejectedError as error:
            if cached_link is None or cache is None or not _about_the_link(error):
                raise
            # Refused, so not delivered: the server no longer serves the earlier upload (a
            # restarted server, an expired link). The picture goes up anew, and the message
            # is sent once more, with the new link: no one can get it twice.
            cache.forget(digest, credentials.base_url)
            cached_link = None
            delivery = attempt(None)
    if cache is not None and delivery.media_link and cached_link is None:
        cache.store(digest, credentials.base_url, delivery.media_link)
    return delivery, cached_link is not None, digest, cleaned


def _about_the_link(error: RejectedError) -> bool:
    """Whether a refusal names the header's media link (the sandbox: "Invalid media URL";
    WhatsApp: "media download error")."""
    if isinstance(error, RateLimitedError):
        return False
    said = f"{error.server_message} {error.body}".casefold()
    return any(word in said for word in ("media", "url", "link", "download"))


def open_client(credentials: Credentials, timeouts: Timeouts, retry: RetryPolicy) -> RampwinClient:
    """A client (one ``requests.Session``) for ``credentials``; close it when done."""
    # requests loads here, at the first send: `send --dry-run` never needs it.
    from rampwin_desktop.api.client import RampwinClient

    return RampwinClient(
        credentials.api_key,
        base_url=credentials.base_url,
        cookie=credentials.cookie,
        timeouts=timeouts,
        retry=retry,
    )


def _prepare(path: Path, keep_metadata: bool) -> header_files.Prepared:
    try:
        return header_files.prepare_upload(path, keep_metadata=keep_metadata)
    except OSError as exc:
        raise RampwinError(
            f"The header file {path.name} could not be read ({exc.strerror}); "
            "the message was not sent."
        ) from None
    except FitError as exc:
        raise RampwinError(f"{exc} The message was not sent.") from None
