"""The fault matrix: every fault against the upload and the send, and what the user is told.

Used by tests/test_fault_matrix.py (the client) and tests/ui/test_fault_matrix_window.py
(the window) and, run as ``python -m tests.helpers.fault_matrix``, to write
docs/reliability.md from a real run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rampwin_desktop.api import errors
from rampwin_desktop.api.client import RampwinClient, RetryPolicy, Timeouts
from rampwin_desktop.api.delivery import deliver
from rampwin_desktop.core.model import Button, Header, HeaderKind, Message
from rampwin_desktop.sandbox import Fault, SandboxServer
from rampwin_desktop.sandbox.faults import Drop

KEY = "matrix-key-7c1d2e"
TIMEOUTS = Timeouts(connect=2.0, read=1.0)
RETRY = RetryPolicy(attempts=3, backoff=0.05, max_backoff=0.2, max_retry_after=5)
HTML = "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"


@dataclass(frozen=True)
class Expect:
    error: type[errors.RampwinError] | None  # None: the message is sent
    words: str  # the cause, as the sentence names it
    attempts: int  # requests the faulted endpoint receives for one click
    delivered: int  # messages the sandbox records for one click (never more than 1)
    maybe_sent: bool = False
    retries: int | None = None  # when the server cannot count them (refused, TLS)

    @property
    def expected_retries(self) -> int:
        return self.retries if self.retries is not None else max(0, self.attempts - 1)


@dataclass(frozen=True)
class Cell:
    name: str
    fault: dict[str, Any] = field(default_factory=dict)  # Fault fields, endpoint added per op
    special: str = ""  # "refused" or "tls": not a fault switch but a different server
    upload: Expect | None = None
    send: Expect | None = None


OK = "sent successfully"
CELLS: list[Cell] = [
    Cell(
        "connection refused",
        special="refused",
        upload=Expect(errors.NetworkError, "Could not connect", 0, 0, retries=2),
        send=Expect(errors.NetworkError, "Could not connect", 0, 0, retries=2),
    ),
    Cell(
        "connection reset mid-request",
        {"drop": Drop.MID_REQUEST},
        upload=Expect(None, OK, 2, 1),
        send=Expect(errors.NetworkError, "connection to Rampwin broke", 1, 0, maybe_sent=True),
    ),
    Cell(
        "no answer (read timeout)",
        {"delay": 2.0},
        upload=Expect(errors.RequestTimeoutError, "did not answer the upload", 1, 0),
        send=Expect(errors.RequestTimeoutError, "may have been delivered", 1, 1, maybe_sent=True),
    ),
    Cell(
        "slow trickling answer",
        {"trickle": 0.005},
        upload=Expect(None, OK, 1, 1),
        send=Expect(None, OK, 1, 1),
    ),
    Cell(
        "401",
        {"status": 401},
        upload=Expect(errors.AuthenticationError, "did not accept the API key", 1, 0),
        send=Expect(errors.AuthenticationError, "did not accept the API key", 1, 0),
    ),
    Cell(
        "403",
        {"status": 403},
        upload=Expect(errors.AuthenticationError, "did not accept the API key", 1, 0),
        send=Expect(errors.AuthenticationError, "did not accept the API key", 1, 0),
    ),
    Cell(
        "404",
        {"status": 404},
        upload=Expect(errors.RejectedError, "no such address", 1, 0),
        send=Expect(errors.RejectedError, "no such address", 1, 0),
    ),
    Cell(
        "413",
        {"status": 413},
        upload=Expect(errors.RejectedError, "choose a smaller file", 1, 0),
        send=Expect(errors.RejectedError, "shorten the message", 1, 0),
    ),
    Cell(
        "429 with Retry-After",
        {"status": 429, "retry_after": "1"},
        upload=Expect(None, OK, 2, 1),
        send=Expect(errors.RateLimitedError, "try again in 1 second.", 1, 0),
    ),
    Cell(
        "429 without Retry-After",
        {"status": 429},
        upload=Expect(None, OK, 2, 1),
        send=Expect(errors.RateLimitedError, "try again in a minute", 1, 0),
    ),
    Cell(
        "500",
        {"status": 500},
        upload=Expect(errors.ServerError, "HTTP 500", 1, 0),
        send=Expect(errors.ServerError, "may have been delivered", 1, 0, maybe_sent=True),
    ),
    Cell(
        "502",
        {"status": 502},
        upload=Expect(None, OK, 2, 1),
        send=Expect(errors.ServerError, "may have been delivered", 1, 0, maybe_sent=True),
    ),
    Cell(
        "503",
        {"status": 503},
        upload=Expect(None, OK, 2, 1),
        send=Expect(errors.ServerError, "Try again in a few minutes", 1, 0),
    ),
    Cell(
        "504",
        {"status": 504},
        upload=Expect(None, OK, 2, 1),
        send=Expect(errors.ServerError, "may have been delivered", 1, 0, maybe_sent=True),
    ),
    Cell(
        "HTML error page (200)",
        {"status": 200, "body": HTML, "content_type": "text/html"},
        upload=Expect(errors.BadResponseError, "a web page", 1, 0),
        send=Expect(errors.BadResponseError, "a web page", 1, 0, maybe_sent=True),
    ),
    Cell(
        "empty body (200)",
        {"status": 200, "body": ""},
        upload=Expect(errors.BadResponseError, "an empty answer", 1, 0),
        send=Expect(errors.BadResponseError, "an empty answer", 1, 0, maybe_sent=True),
    ),
    Cell(
        "malformed JSON (200)",
        {"status": 200, "body": '{"success": tru'},
        upload=Expect(errors.BadResponseError, "not JSON", 1, 0),
        send=Expect(errors.BadResponseError, "not JSON", 1, 0, maybe_sent=True),
    ),
    Cell(
        "success false with 200",
        {"status": 200, "body": '{"success": false, "message": "Invalid request payload"}'},
        upload=Expect(errors.RejectedError, "Invalid request payload", 1, 0),
        send=Expect(errors.RejectedError, "Invalid request payload", 1, 0),
    ),
    Cell(
        "success false with 400",
        {"status": 400, "body": '{"success": false, "message": "Invalid buttons"}'},
        upload=Expect(errors.RejectedError, "Invalid buttons", 1, 0),
        send=Expect(errors.RejectedError, "Invalid buttons", 1, 0),
    ),
    Cell(
        "unexpected JSON shape (200)",
        {"status": 200, "body": '{"result": "ok"}'},
        upload=Expect(errors.BadResponseError, "unexpected shape", 1, 0),
        send=Expect(errors.BadResponseError, "unexpected shape", 1, 0, maybe_sent=True),
    ),
    Cell(
        "TLS: self-signed certificate",
        special="tls",
        upload=Expect(errors.NetworkError, "could not be verified", 0, 0, retries=0),
        send=Expect(errors.NetworkError, "could not be verified", 0, 0, retries=0),
    ),
]

OPERATIONS = ("upload", "send")


def cases() -> Iterator[tuple[Cell, str]]:
    for cell in CELLS:
        for operation in OPERATIONS:
            yield cell, operation


def expectation(cell: Cell, operation: str) -> Expect:
    expect = cell.upload if operation == "upload" else cell.send
    assert expect is not None
    return expect


def message_with_header(image: Path) -> Message:
    return Message(
        header=Header.of_media(HeaderKind.IMAGE, str(image)),
        body="Matrix *test*",
        buttons=(Button("yes", "Yes"),),
        recipient="919999999999",
        channel_id="channel-1",
    )


@contextmanager
def server_for(
    cell: Cell, operation: str, certificate: tuple[Path, Path] | None
) -> Iterator[tuple[SandboxServer, str]]:
    """A sandbox with the cell's fault armed, and the base URL the client should use."""
    with SandboxServer(
        api_key=KEY, certificate=certificate if cell.special == "tls" else None
    ) as server:
        if cell.fault:
            server.add_fault(Fault(endpoint=operation, **cell.fault))
        base_url = server.base_url
        if cell.special == "refused":
            base_url = f"http://127.0.0.1:{_closed_port()}"
        yield server, base_url


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def attempts_at(server: SandboxServer, operation: str) -> int:
    return sum(1 for entry in server.requests() if entry["endpoint"] == operation)


@dataclass
class Outcome:
    error: errors.RampwinError | None
    sentence: str
    attempts: int
    delivered: int
    waits: list[float]


def run_client(cell: Cell, operation: str, image: Path, certificate: tuple[Path, Path]) -> Outcome:
    waits: list[float] = []
    with server_for(cell, operation, certificate) as (server, base_url):
        error: errors.RampwinError | None = None
        with RampwinClient(
            KEY, base_url=base_url, timeouts=TIMEOUTS, retry=RETRY, sleep=_sleeper(waits)
        ) as client:
            try:
                result = deliver(client, message_with_header(image))
                sentence = result.result.message
            except errors.RampwinError as exc:
                error, sentence = exc, str(exc)
        return Outcome(
            error, sentence, attempts_at(server, operation), len(server.messages()), waits
        )


def _sleeper(waits: list[float]) -> Callable[[float], None]:
    import time

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        time.sleep(seconds)

    return sleep


def write_report(path: Path) -> None:
    """Run every cell through the client and write what the user sees to ``path``."""
    import tempfile

    from tests.helpers import media_files
    from tests.helpers.certificates import make_certificate

    folder = Path(tempfile.mkdtemp())
    image = media_files.png(folder, "header.png", 800, 418)
    certificate = make_certificate(folder)
    lines = [
        "# Reliability: faults and bad input, and what the user is told",
        "",
        "Generated by `python -m tests.helpers.fault_matrix` from a real run against the",
        "sandbox; `tests/test_fault_matrix.py` asserts every row through the client, and",
        "`tests/ui/test_fault_matrix_window.py` through the window (where it also checks that",
        "the composition is unchanged and the window never stalls over 100 ms). Retries use",
        "backoff (1 s, 2 s; `Retry-After` honoured up to 30 s).",
        '"Delivered" is what the sandbox recorded for one click: never more than one.',
        "",
        "## Faults",
        "",
        "| fault | on | requests | delivered | the user is told |",
        "|---|---|---|---|---|",
    ]
    for cell, operation in cases():
        outcome = run_client(cell, operation, image, certificate)
        told = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", outcome.sentence)
        told = told.replace("|", "\\|")
        if outcome.error is None:
            told = f"✓ {told}" + (" (after a retry)" if outcome.attempts > 1 else "")
        lines.append(
            f"| {cell.name} | {operation} | {outcome.attempts} | {outcome.delivered} | {told} |"
        )
    lines += ["", _bad_input_section(folder), "", _sandbox_section(), "", SEVERAL_WINDOWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _bad_input_section(folder: Path) -> str:
    from rampwin_desktop.core.draft import DraftError, load_draft
    from tests.helpers.bad_corpus import DRAFT_CASES, MEDIA_CASES, make, refusal, traversable

    # Each file as the user checks it: not all as 'nobody' in a folder it cannot enter,
    # which said "Permission denied" for every file.
    corpus = make(traversable(folder) / "bad")
    rows = ["## Bad input", "", "| input | the user is told |", "|---|---|"]
    for name, (what, kind, _words) in sorted(MEDIA_CASES.items()):
        told = refusal(corpus / name, kind)
        rows.append(f"| {what} (`{name}` as {kind} header) | {told} |")
    for name, (what, _words) in sorted(DRAFT_CASES.items()):
        try:
            load_draft(corpus / name)
            told = "(opened)"
        except DraftError as exc:
            told = str(exc)
        rows.append(f"| draft: {what} (`{name}`) | {told} |")
    rows += _bad_text_rows()
    (corpus / "unreadable.png").chmod(0o644)
    rows += [
        "| draft: a header file outside the draft's folder (`../../Pictures/x.jpg`, an absolute "
        "path, a symlink beside it) | `send --draft`: the header file /home/me/Pictures/x.jpg is "
        "outside the draft's folder (/home/me/Downloads/shared); nothing was sent. If you mean "
        "to send that file, add --allow-outside-files. The window: before the first send, a "
        "warning that names the full path and shows the picture (docs/drafts.md). |",
        "",
        "Text limits (each at n and n+1, emoji, combining accents, CJK, control characters, lone",
        "surrogates, right-to-left text, 100 KB bodies, every class of invisible character and",
        "the emoji and scripts that join with them) and phone numbers are listed with their",
        "messages in `tests/test_validation.py`, `tests/test_phone.py` and docs/limits.md.",
        "",
        'A 429\'s `Retry-After` is said in words (`tests/test_retry_wording.py`): "now" for 0 or a',
        'date in the past, "in 30 seconds", "in about 10 minutes", "in about 28 hours" (99999),',
        '"in about 3 days", and "later" for over a week (2300223010) or a value that cannot be',
        "read; the app still waits at most 30 s for one before it reports it.",
        "",
        "The app's files (settings, history with its `-wal` and `-shm`, upload cache, recovery",
        "file, pasted images, logs, rotated ones too) are 0600 and its folders 0700 on POSIX, and",
        "files an older version left 0644 are tightened at the next start",
        "(`tests/test_private_files.py`, docs/storage.md).",
    ]
    return "\n".join(rows)


def _bad_text_rows() -> list[str]:
    from rampwin_desktop.core.validation import errors, validate
    from tests.helpers.bad_text import TEXT_CASES, text_case

    rows: list[str] = []
    for what, changes, _field in TEXT_CASES:
        problems = errors(validate(text_case(changes)))
        told = "; ".join(str(problem) for problem in problems).replace("|", "\\|")
        rows.append(f"| {what} | {told} |")
    return rows


SANDBOX_ATTACKS = [  # (attack, before issue 16, now): asserted in tests/test_sandbox_guard.py
    (
        "`GET /sandbox/messages`, `/requests`, `/faults`, `DELETE /sandbox/faults` without the key",
        "answered",
        "401",
    ),
    (
        "a fault switch posted by a web page: no key, `text/plain` body",
        "accepted",
        "401; with the key but not JSON, 415",
    ),
    (
        "any `Host` (DNS rebinding: a site resolving to 127.0.0.1)",
        "answered",
        "421 unless `127.0.0.1:PORT` or `localhost:PORT`; nothing recorded",
    ),
    ("a media link with a guessed token", "64-bit token", "128-bit token; 404"),
    (
        "an upload with `Content-Length: 0` or 5",
        "a CPU spun forever, even after the client left",
        "400 at once, no CPU after",
    ),
    (
        "an upload named `..` (or `../../x`, 5,000 characters)",
        "OSError killed the request",
        "in a folder the server makes, under a cleaned name",
    ),
    ("101 MB declared, nothing sent", "no answer until the whole body came", "413 at once"),
    ("200 idle clients", "206 threads, forever", "closed after 15 s of silence"),
    (
        "500 idle connections and 50 zero-length uploads",
        "500 connections took 74 s to open; 50 empty uploads starved the server",
        "a send answers in under 1 s; idle clients let go; no CPU once they are gone",
    ),
    (
        "`rampwin-desktop sandbox` stopped by SIGTERM with its output closed",
        "`BrokenPipeError` traceback",
        "stops quietly, exit 0",
    ),
]


def _sandbox_section() -> str:
    rows = [
        "## The sandbox under attack",
        "",
        "Asserted over raw sockets by `tests/test_sandbox_guard.py`; see docs/sandbox.md.",
        "",
        "| attack | before | now |",
        "|---|---|---|",
    ]
    rows += [f"| {attack} | {before} | {now} |" for attack, before, now in SANDBOX_ATTACKS]
    return "\n".join(rows)


# Written by hand: what several windows on one folder do with their unsaved work.
SEVERAL_WINDOWS = """## Several windows on one settings folder

One autosave file per window, not one instance: any number of windows may run on one
settings folder, each writing its own `recovery/<pid>-<random>.json` and holding an OS lock
on its `.lock` file while it lives (docs/storage.md). Recovery is offered only for files
whose lock is free, that is, whose window is gone. `tests/test_autosave.py` and
`tests/ui/test_recovery.py` check each row, with the other window in a real second process
killed with SIGKILL.

| case | what happens |
|---|---|
| window B opens while window A is typing | B offers nothing of A's (A holds its lock) |
| two windows type at once | each writes its own file; neither overwrites the other's |
| B discards a recovery offer, or closes cleanly | only that file, or B's own, is deleted |
| A is killed (SIGKILL) | its lock goes with it; the next window to start offers A's text |
| two windows start at once after a crash | the first to lock the file offers it, not the other |
| several windows were killed | newest first, until one is restored; the rest at the next start |
| `recovery.json` from an earlier version | offered once, the same way |"""


if __name__ == "__main__":
    from tests.helpers import ROOT

    target = ROOT / "docs" / "reliability.md"
    write_report(target)
    print(f"wrote {target}")
