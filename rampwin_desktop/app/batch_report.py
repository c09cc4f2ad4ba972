"""How a batch's rows and progress are said, alike in the window and on the command line:
a row's status and time in the results, the time left and the rate in the progress."""

from __future__ import annotations

from datetime import datetime

from rampwin_desktop.app.batch import WINDOW_CLOSED
from rampwin_desktop.storage.journal import JournalRow, RowState


def result_time(at: float | None) -> str:
    """A row's time as the results files write it (the window's export and ``--results``
    alike): ISO 8601, local, with its offset from UTC."""
    return datetime.fromtimestamp(at).astimezone().isoformat(timespec="seconds") if at else ""


def status_of(row: JournalRow) -> str:
    """A row's status as the results say it (a row left "sending" is unknown)."""
    if row.state is RowState.FAILED and row.kind == WINDOW_CLOSED:
        return WINDOW_CLOSED
    return "unknown" if row.state is RowState.SENDING else row.state.value


def duration(seconds: float) -> str:
    """E.g. "45 s", "3 min 20 s", "2 h 5 min"."""
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


def per_second(rate: float) -> str:
    """A rate as people read it: 0.5, 2.3, 20, 433 (never in scientific notation)."""
    return f"{rate:.2g}" if rate < 10 else f"{rate:.0f}"
