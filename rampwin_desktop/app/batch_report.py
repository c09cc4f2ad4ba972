"""How a batch's rows and progress are said, alike in the window and on the command line:
a row's status and time in the results (and the list's own columns after them), the time
left and the rate in the progress."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from rampwin_desktop.app.row_outcome import WINDOW_CLOSED
from rampwin_desktop.core.phone import shown_number
from rampwin_desktop.core.recipients import RecipientTable
from rampwin_desktop.storage.journal import JournalRow, RowState

RESULT_COLUMNS = ("row", "number", "status", "detail", "time")  # a results file's first


def list_columns(table: RecipientTable, phone_column: str) -> list[str]:
    """The list's columns a results file adds after ``RESULT_COLUMNS`` (the number is
    there already), so each row says whom it went to: "name", "order"… A column named as
    one of the results' is written "name (list)"."""
    return [
        f"{column} (list)" if column in RESULT_COLUMNS else column
        for column in table.columns
        if column != phone_column
    ]


def list_values(table: RecipientTable, row: int, phone_column: str) -> list[str]:
    """Spreadsheet row ``row``'s values for ``list_columns``."""
    values = table.values_of(row)
    return [values.get(column, "") for column in table.columns if column != phone_column]


def list_number(table: RecipientTable, row: int, phone_column: str) -> str:
    """Row ``row``'s number as the results show a row that was not sent (the journal has
    none): as the sent rows' (digits with the country code) when it reads as one, else as
    typed in the list."""
    return shown_number(table.values_of(row).get(phone_column, ""))


def results_encoding(table: RecipientTable | None) -> str:
    """A results file's encoding: with a byte-order mark when the list had one (Excel's
    exports: Excel reads a UTF-8 file without one as its local code page, "ZoÃ«")."""
    return "utf-8-sig" if table is not None and "BOM" in table.encoding else "utf-8"


def replaced_by_results(path: Path, csv: Path | None, journal: Path | None = None) -> str:
    """What writing a batch's results to ``path`` would replace, said ("the list itself",
    "the batch's journal"), or "": neither ``--results`` nor the window's export may."""
    for kept, what in ((csv, "the list itself"), (journal, "the batch's journal")):
        if kept is not None and _same_file(path.expanduser(), kept.expanduser()):
            return what
    return ""


def _same_file(one: Path, other: Path) -> bool:
    if one.exists() and other.exists():
        return one.samefile(other)  # a link to it, or another spelling of its path
    return one.absolute() == other.absolute()


def results_delimiter(table: RecipientTable | None) -> str:
    """A results file's separator: the list's (Excel in a country that writes ``1,5``
    exports with ``;``, and opens only such a file in columns)."""
    return table.delimiter if table is not None else ","


def result_time(at: float | None) -> str:
    """A row's time as the results files write it (the window's export and ``--results``
    alike): ISO 8601, local, with its offset from UTC."""
    return datetime.fromtimestamp(at).astimezone().isoformat(timespec="seconds") if at else ""


def status_of(row: JournalRow) -> str:
    """A row's status as the results say it (a row left "sending" is unknown)."""
    if row.state is RowState.FAILED and row.kind == WINDOW_CLOSED:
        return WINDOW_CLOSED
    return "unknown" if row.state is RowState.SENDING else row.state.value


UNKNOWN_DETAIL = "Stopped while it was being sent: it may have been delivered."
NOT_SENT_DETAIL = "Not sent yet: the batch stopped before this row."


def detail_of(row: JournalRow, *, over: bool = False) -> str:
    """A row's detail as the results say it: a row left "sending" (a second Ctrl+C, a
    crash) has none of its own, and an empty cell beside "unknown" said nothing. Once a
    run is ``over``, a row still pending was not sent because the batch stopped first
    (while it runs, such a row simply waits its turn)."""
    if row.state is RowState.SENDING and not row.detail:
        return UNKNOWN_DETAIL
    if over and row.state is RowState.PENDING and not row.detail:
        return NOT_SENT_DETAIL
    return row.detail


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
