"""The recipients' CSV, and the plan: each row's number and filled-in, checked message.

(Minimal version for the batch runner's tests; part A's is the one kept.)
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from rampwin_desktop.core.model import Message
from rampwin_desktop.core.phone import PhoneNumberError, parse_phone_number
from rampwin_desktop.core.validation import errors, validate
from rampwin_desktop.core.variables import VariableError, fill


class CsvError(ValueError):
    """A CSV that cannot be used; ``str(error)`` is a sentence for the user."""


@dataclass(frozen=True)
class RecipientTable:
    encoding: str
    delimiter: str
    columns: tuple[str, ...]
    rows: tuple[dict[str, str], ...]
    sha256: str

    def describe(self) -> str:
        return (
            f"{self.encoding}, separated by {self.delimiter!r}, "
            f"{len(self.columns)} columns, {len(self.rows)} rows"
        )


def read_csv(path: Path, *, max_bytes: int = 20_000_000) -> RecipientTable:
    path = Path(path)
    if not path.is_file():
        raise CsvError(f"{path.name} is not a file.")
    data = path.read_bytes()[: max_bytes + 1]
    if len(data) > max_bytes:
        raise CsvError(f"{path.name} is larger than {max_bytes:,} bytes.")
    encoding = "UTF-8 with BOM" if data.startswith(b"\xef\xbb\xbf") else "UTF-8"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvError(f"{path.name} is not UTF-8 text.") from None
    delimiter = (
        ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    )
    records = [record for record in csv.reader(io.StringIO(text), delimiter=delimiter) if record]
    if not records:
        raise CsvError(f"{path.name} is empty.")
    columns = tuple(name.strip() for name in records[0])
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if len(record) != len(columns):
            raise CsvError(f"Row {number} has {len(record)} fields, not {len(columns)}.")
        rows.append(dict(zip(columns, record, strict=True)))
    digest = hashlib.sha256(data).hexdigest()
    return RecipientTable(encoding, delimiter, columns, tuple(rows), digest)


@dataclass(frozen=True)
class RowProblem:
    row: int
    field: str
    message: str


@dataclass(frozen=True)
class PlannedRow:
    row: int
    phone: str
    message: Message


@dataclass(frozen=True)
class Plan:
    rows: tuple[PlannedRow, ...]
    problems: tuple[RowProblem, ...]
    duplicates: tuple[int, ...]


def plan(
    message: Message,
    table: RecipientTable,
    *,
    phone_column: str = "phone",
    allow_duplicates: bool = False,
) -> Plan:
    if phone_column not in table.columns:
        raise CsvError(f"There is no column {phone_column!r}: {', '.join(table.columns)}.")
    planned: list[PlannedRow] = []
    problems: list[RowProblem] = []
    duplicates: list[int] = []
    seen: set[str] = set()
    for number, values in enumerate(table.rows, start=2):
        found: list[RowProblem] = []
        phone = ""
        try:
            phone = parse_phone_number(values[phone_column]).digits
        except PhoneNumberError as exc:
            found.append(RowProblem(number, "phone", str(exc)))
        try:
            filled = fill(message, values).with_changes(recipient=phone)
        except VariableError as exc:
            name = str(exc).split("{{", 1)[-1].split("}}", 1)[0]
            found.append(RowProblem(number, name, str(exc)))
            filled = None
        if filled is not None and phone:
            found += [RowProblem(number, p.field, p.message) for p in errors(validate(filled))]
        if found:
            problems += found
        elif phone in seen and not allow_duplicates:
            duplicates.append(number)
        elif filled is not None:
            seen.add(phone)
            planned.append(PlannedRow(number, phone, filled))
    return Plan(tuple(planned), tuple(problems), tuple(duplicates))
