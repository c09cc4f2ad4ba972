"""The list a batch goes to: a CSV of recipients, read strictly, and the plan made from it.

``read_csv`` reads UTF-8 (with or without a BOM) and UTF-16 with a BOM (what Excel's
"Unicode text" and many "CSV" exports write), separated by commas, semicolons or tabs,
and says what it found. ``plan`` checks every row before anything is sent: its number
(read as for a single send), its message (the composed one with the row's values put in,
checked by the same validation), and repeats of a number already planned.

A plan keeps per row only what is small: its number, its number's digits and its values
(the table's own mapping, not a copy). A row's message is filled in again when it is
asked for, right before it is sent: filling is deterministic, so it is the message that
was checked (``PlannedRow.checked``), and 10,000 rows do not hold 10,000 messages.

Row numbers are the spreadsheet's: row 1 is the header, so ``table.rows[i]`` is row i+2.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rampwin_desktop.core import files
from rampwin_desktop.core.counts import counted
from rampwin_desktop.core.model import Header, Message
from rampwin_desktop.core.phone import number_problem, parse_phone_number
from rampwin_desktop.core.validation import Checked, Problem, errors, is_remote_link, validate
from rampwin_desktop.core.variables import VariableError, fill, placeholders

MAX_CSV_BYTES = 20_000_000
DEFAULT_PHONE_COLUMN = "phone"
GUESS_ROWS = 20  # rows looked at to find the column of numbers
_LOOKS_LIKE_A_NUMBER = re.compile(r"^\s*\+?[\d\s().-]{6,}$")
DELIMITERS = (",", ";", "\t")
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8", "UTF-8 with BOM"),
    (b"\xff\xfe", "utf-16-le", "UTF-16 LE with BOM"),
    (b"\xfe\xff", "utf-16-be", "UTF-16 BE with BOM"),
)
_SAVE_AS = 'Save it from your spreadsheet as "CSV UTF-8".'
_RAGGED_NAMED = 5  # rows named in a ragged-row error before "and N more"


class CsvError(ValueError):
    """A file that is not a usable list of recipients; ``str(error)`` is a sentence."""


@dataclass(frozen=True)
class RecipientTable:
    encoding: str  # as said to the user: "UTF-8", "UTF-8 with BOM", "UTF-16 LE with BOM"
    delimiter: str
    columns: tuple[str, ...]
    rows: tuple[dict[str, str], ...]  # rows[i] is spreadsheet row i + 2
    sha256: str  # of the file's bytes

    def values_of(self, row: int) -> Mapping[str, str]:
        """Spreadsheet row ``row``'s values (the header is row 1); none for a row the list
        has not."""
        index = row - 2
        return self.rows[index] if 0 <= index < len(self.rows) else {}

    def describe(self) -> str:
        """E.g. "UTF-8 with BOM, separated by ';', 3 columns, 200 rows"."""
        separator = "tabs" if self.delimiter == "\t" else repr(self.delimiter)
        return (
            f"{self.encoding}, separated by {separator}, "
            f"{counted(len(self.columns), 'column')}, {counted(len(self.rows), 'row')}"
        )


@dataclass(frozen=True)
class RowProblem:
    row: int  # spreadsheet row (the header is row 1)
    field: str  # validation's Problem.field, the phone column, "csv", or a placeholder
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.field}: {self.message}"


@dataclass(frozen=True, slots=True)
class PlannedRow:
    """A row that passed every check."""

    row: int
    phone: str  # digits, country code first, as sent
    values: Mapping[str, str] = field(hash=False)  # the table's own mapping, not a copy
    composed: Message  # the message with its placeholders, the same object for every row

    @property
    def message(self) -> Message:
        """The row's message: filled in again, recipient set to ``phone``."""
        return fill(self.composed, self.values).with_changes(recipient=self.phone)

    def checked(self) -> Checked:
        """The row's message as the plan checked it, to be sent without a second check."""
        return Checked(self.message)


@dataclass(frozen=True)
class Plan:
    rows: tuple[PlannedRow, ...]  # the rows to send, in order
    problems: tuple[RowProblem, ...]  # rows with any problem are not in ``rows``
    duplicates: tuple[int, ...]  # rows left out: their number is planned on an earlier row
    # Each of ``duplicates``: the row that has its number first ("a repeat of row 2's number").
    repeating: Mapping[int, int] = field(default_factory=dict, compare=False)
    # Rows left out because an earlier batch sent this message to their number
    # (``app/batch_again.sent_before``, when the user chose to leave them out).
    sent_before: tuple[int, ...] = ()
    # Placeholders filled in with nothing on rows to send ("Hi , …"): each name, the rows
    # whose cell is empty. Not a problem (a cell may be left empty on purpose), but said.
    empty: Mapping[str, tuple[int, ...]] = field(default_factory=dict, compare=False)

    @property
    def problem_rows(self) -> int:
        """How many rows have at least one problem."""
        return len({problem.row for problem in self.problems})


# ---------------------------------------------------------------- reading


def read_csv(path: Path, *, max_bytes: int = MAX_CSV_BYTES) -> RecipientTable:
    """The table in the CSV file at ``path``, or CsvError saying what is wrong with it."""
    path = Path(path)
    raw = _read_bytes(path, max_bytes)
    name = path.name
    text, encoding = _decode(raw, name)
    if not text.strip():
        raise CsvError(f"{name} is empty; the first line names the columns, e.g. phone,name.")
    delimiter = _detect_delimiter(text)
    records = _records(text, delimiter, name)
    header = next(records, [])
    columns = _columns(header, name)
    rows = _rows(records, columns, name)
    if not rows:
        raise CsvError(f"{name} has a header ({', '.join(columns)}) but no rows of recipients.")
    return RecipientTable(
        encoding=encoding,
        delimiter=delimiter,
        columns=columns,
        rows=rows,
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    limit = (
        f"a list of recipients may be at most {max_bytes / 1_000_000:g} MB. "
        "Split it into smaller files."
    )
    try:
        return files.read_capped(path, max_bytes, kind="a CSV", limit=limit)
    except files.UnreadableFileError as exc:
        raise CsvError(str(exc)) from None


def _decode(raw: bytes, name: str) -> tuple[str, str]:
    """The text and the encoding as said to the user."""
    for bom, codec, said in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(codec), said
            except UnicodeDecodeError:
                raise CsvError(
                    f"{name} starts as {said} but has bytes that are not {said[:6]} text. "
                    + _SAVE_AS
                ) from None
    if raw.startswith(b"PK\x03\x04"):
        raise CsvError(f"{name} is a spreadsheet workbook (e.g. .xlsx), not a CSV. {_SAVE_AS}")
    if b"\x00" in raw:
        raise CsvError(f"{name} is not a text file (it has NUL bytes), so it is not a CSV.")
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        raise CsvError(
            f"{name} is not UTF-8 text (byte {exc.start + 1} is not). {_SAVE_AS}"
        ) from None


def _detect_delimiter(text: str) -> str:
    """The separator that splits the header into the most columns (a comma on a tie)."""
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    best, most = ",", 0
    for delimiter in DELIMITERS:
        try:
            width = len(next(csv.reader([first_line], delimiter=delimiter), []))
        except csv.Error:
            continue
        if width > most:
            best, most = delimiter, width
    return best


def _records(text: str, delimiter: str, name: str) -> Iterator[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    row = 1  # the record being read, as a spreadsheet row
    try:
        for record in reader:
            yield record
            row += 1
    except csv.Error as exc:
        raise CsvError(f"{name}: row {row} cannot be read ({exc}); check its quotes.") from None


def _columns(header: list[str], name: str) -> tuple[str, ...]:
    columns = tuple(cell.strip() for cell in header)
    if not columns or not any(columns):
        raise CsvError(
            f"The first line of {name} is empty; it must name the columns, e.g. phone,name."
        )
    for number, column in enumerate(columns, start=1):
        if not column:
            raise CsvError(
                f"Column {number} of {name} has no name in the header; name it or delete it."
            )
    seen: dict[str, int] = {}
    for number, column in enumerate(columns, start=1):
        if column in seen:
            raise CsvError(
                f'{name} has two columns named "{column}" (columns {seen[column]} and '
                f"{number}); rename one."
            )
        seen[column] = number
    return columns


def _rows(
    records: Iterator[list[str]], columns: tuple[str, ...], name: str
) -> tuple[dict[str, str], ...]:
    width = len(columns)
    rows: list[dict[str, str]] = []
    ragged: list[tuple[int, int]] = []  # (spreadsheet row, fields)
    for index, record in enumerate(records, start=2):
        blank = not any(cell.strip() for cell in record)  # a blank line, or only separators
        cells = [""] * width if blank else record
        if len(cells) != width:
            ragged.append((index, len(cells)))
            continue
        rows.append(dict(zip(columns, cells, strict=True)))
    while rows and not any(rows[-1].values()):
        rows.pop()  # empty rows at the end are not recipients (spreadsheets export them)
    if ragged:
        raise _ragged_error(ragged, width, name)
    return tuple(rows)


def _ragged_error(ragged: list[tuple[int, int]], width: int, name: str) -> CsvError:
    first_row, fields = ragged[0]
    others = [str(row) for row, _ in ragged[1:_RAGGED_NAMED]]
    more = len(ragged) - _RAGGED_NAMED
    also = ""
    if others:
        tail = [f"{more:,} more"] if more > 0 else [others.pop()]
        listed = " and ".join(filter(None, [", ".join(others), *tail]))
        also = f" So {'do rows' if len(ragged) > 2 else 'does row'} {listed}."
    return CsvError(
        f"{name}: row {first_row} has {counted(fields, 'field')} but the header has "
        f"{counted(width, 'column')}.{also} A value with the separator in it must be in "
        "double quotes."
    )


def numbers_column(table: RecipientTable) -> str:
    """The column of numbers when none is named: "phone" when the list has one, else the
    first column whose first values mostly look like phone numbers, else the first column
    (a list without "phone" often has "mobile" or "number" after a name). The window and
    the command line guess alike."""
    if DEFAULT_PHONE_COLUMN in table.columns:
        return DEFAULT_PHONE_COLUMN
    return next(
        (column for column in table.columns if holds_numbers(table, column)), table.columns[0]
    )


def holds_numbers(table: RecipientTable, column: str) -> bool:
    """Whether ``column``'s first values mostly look like phone numbers."""
    values = [row[column] for row in table.rows[:GUESS_ROWS] if row[column].strip()]
    looking = sum(bool(_LOOKS_LIKE_A_NUMBER.match(value)) for value in values)
    return bool(values) and looking * 2 > len(values)


# ---------------------------------------------------------------- planning


def plan(
    message: Message,
    table: RecipientTable,
    *,
    phone_column: str = "phone",
    allow_duplicates: bool = False,
    home_region: str = "",
) -> Plan:
    """Every row checked: the rows to send, the problems, the repeats left out.
    ``home_region`` (e.g. "IN", "" for none): where the user is, so that a number written
    as at home, without its country code, is not sent abroad (``misread_at_home``)."""
    if phone_column not in table.columns:
        there = ", ".join(f'"{column}"' for column in table.columns)
        raise CsvError(
            f'The list has no column named "{phone_column}"; its columns are {there}. '
            "Choose the column that holds the phone numbers."
        )
    planned: list[PlannedRow] = []
    problems: list[RowProblem] = []
    duplicates: list[int] = []
    seen: dict[str, int] = {}  # each planned number: its row
    repeating: dict[int, int] = {}
    files_checked: dict[Header, list[Problem]] = {}
    used = [name for name in placeholders(message) if name in table.columns]
    empty: dict[str, list[int]] = {}
    for index, values in enumerate(table.rows, start=2):
        row_problems, row = _check_row(
            message, values, index, phone_column, files_checked, home_region
        )
        if row_problems:
            problems += row_problems
        elif row is not None and row.phone in seen and not allow_duplicates:
            duplicates.append(index)
            repeating[index] = seen[row.phone]
        elif row is not None:
            seen.setdefault(row.phone, index)
            planned.append(row)
            for name in used:
                if not values[name].strip():
                    empty.setdefault(name, []).append(index)
    return Plan(
        tuple(planned),
        tuple(problems),
        tuple(duplicates),
        repeating=repeating,
        empty={name: tuple(rows) for name, rows in empty.items()},
    )


def _check_row(
    message: Message,
    values: dict[str, str],
    index: int,
    phone_column: str,
    files_checked: dict[Header, list[Problem]],
    home_region: str,
) -> tuple[list[RowProblem], PlannedRow | None]:
    problems: list[RowProblem] = []
    typed = values[phone_column]
    phone = ""
    if said := number_problem(typed, home_region):  # "mobile: …"
        problems.append(RowProblem(index, phone_column, said))
    else:
        phone = parse_phone_number(typed).digits  # its reading is cached: read once
    try:
        filled = fill(message, values)
    except VariableError as exc:
        problems.append(RowProblem(index, exc.name, str(exc)))
        return problems, None
    # Validated with the number as typed: its reading was just cached, and its problem is
    # said once, by its column (reading the digits again would double the time of a plan).
    # Filled, so a "{{" in it is text a value or a "\\{{" put there, not a placeholder.
    found = validate(filled.with_changes(recipient=typed), check_files=False, filled=True)
    found = _file_problems(filled.header, found, files_checked) + found
    for problem in errors(found):
        if problem.field != "recipient":
            problems.append(RowProblem(index, problem.field, problem.message))
    if problems:
        return problems, None
    return [], PlannedRow(row=index, phone=phone, values=values, composed=message)


def _file_problems(
    header: Header, found: list[Problem], checked: dict[Header, list[Problem]]
) -> list[Problem]:
    """The problem with a media header's local file, each file checked once a plan (a
    picture for every row is usually the same few files)."""
    link = header.link
    if (
        not header.kind.is_media
        or is_remote_link(link)
        or any(problem.field == "header.link" for problem in found)
    ):
        return []  # no file, or a link that is wrong before its file is looked at
    if header not in checked:
        checked[header] = [
            problem
            for problem in validate(Message(header=header), require_destination=False, filled=True)
            if problem.field == "header.link"
        ]
    return checked[header]
