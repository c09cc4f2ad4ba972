"""The commands' output streams, kept from turning work that is done into a crash.

A command says what it did after doing it. A send that reached Rampwin must not end in a
traceback and exit 1 (a script would send it again) because stdout is a full disk, or was
closed (``>&-``). While ``guarded`` runs, a closed stream has a stand-in that discards,
and a stream that fails to write keeps the error and goes quiet; ``main`` then says so on
stderr, and the command's exit code stands. A pipe whose reader has gone (``| head``)
still raises ``BrokenPipeError``: every command then exits 141, and a batch first stops
after the message in flight (``batch_output.Printer``).
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
from collections.abc import Callable, Iterator
from typing import Any, TextIO


class KeptStream:
    """``stream``, whose write errors (but a broken pipe's) are kept in ``error``."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.error: OSError | None = None

    def write(self, text: str) -> int:
        self._keeping(lambda: self.stream.write(text))
        return len(text)

    def flush(self) -> None:
        self._keeping(self.stream.flush)

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, encoding…: the stream's
        return getattr(self.stream, name)

    def _keeping(self, call: Callable[[], object]) -> None:
        """``call`` the stream, unless it failed before; a failure is kept, and the stream
        goes quiet (a broken pipe is raised: the command then exits 141)."""
        if self.error is not None:
            return
        try:
            call()
        except BrokenPipeError:
            raise
        except OSError as error:
            self.error = error
            quiet(self.stream)


def reader_gone(stream: TextIO | KeptStream) -> bool:
    """Whether ``stream`` is a pipe whose reader has gone, asked without writing to it
    (``poll`` reports an error on such a pipe's writing end; where there is no ``poll``,
    the next write says so)."""
    if not hasattr(select, "poll"):
        return False
    try:
        descriptor = stream.fileno()
    except (OSError, ValueError, AttributeError):
        return False
    watching = select.poll()
    watching.register(descriptor, 0)  # no event asked for: errors and hang-ups only
    return any(found & (select.POLLERR | select.POLLHUP) for _, found in watching.poll(0))


def quiet(stream: TextIO | KeptStream) -> None:
    """Point ``stream``'s file at /dev/null: what it still holds, and what is written later,
    goes nowhere, with no error at exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        nowhere = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(nowhere, stream.fileno())
        finally:
            os.close(nowhere)


@contextlib.contextmanager
def guarded() -> Iterator[tuple[KeptStream, KeptStream]]:
    """``sys.stdout`` and ``sys.stderr`` as ``KeptStream`` for the block (a stream closed
    when the program started, ``None`` in Python, discards); put back after it."""
    before = sys.stdout, sys.stderr
    with contextlib.ExitStack() as closing:

        def kept(stream: TextIO | None) -> KeptStream:
            if stream is None:
                stream = closing.enter_context(open(os.devnull, "w", encoding="utf-8"))
            return KeptStream(stream)

        stdout, stderr = kept(before[0]), kept(before[1])
        sys.stdout, sys.stderr = stdout, stderr  # the streams, with their errors kept
        try:
            yield stdout, stderr
        finally:
            sys.stdout, sys.stderr = before


def unwritten(stream: KeptStream) -> str:
    """The line that says ``stream`` could not be written, or "" when it could."""
    if stream.error is None:
        return ""
    reason = stream.error.strerror or type(stream.error).__name__
    return f"rampwin-desktop: the output could not be written ({reason})."
