"""What checking a list's rows found, said as a user reads it, for the command line and the
window alike (Qt-free: the window passes its translated wording).

A placeholder the list has no column for is wrong on every row: it is said once
("{{nmae}}: no such column (all 200 rows). Did you mean "name"?"), not once a row. The
rest are per-row problems, each naming the column or field it is about. The counts say
what is listed: "4 rows with problems (2 listed)" when the lines listed are not one a row.
"""

from __future__ import annotations

from rampwin_desktop.core.model import Message
from rampwin_desktop.core.recipients import Plan, RecipientTable, RowProblem
from rampwin_desktop.core.variables import VariableError, placeholders

NO_SUCH_COLUMN = "{{%1}}: no such column (all %2 rows)"  # %1 the name, %2 how many rows
# A placeholder filled in with nothing: %1 its name, %2 the rows, %3 how many
EMPTY_ONE = "{{%1}} is empty in row %2: it is filled in with nothing."
EMPTY_MANY = "{{%1}} is empty in %3 rows (%2): it is filled in with nothing there."
EMPTY_NAMED = 10  # rows named before "and N more"


def unknown_columns(message: Message, table: RecipientTable) -> list[str]:
    """The placeholders of ``message`` that ``table`` has no column for, each once."""
    return [name for name in placeholders(message) if name not in table.columns]


def no_such_column(name: str, table: RecipientTable, said: str = NO_SUCH_COLUMN) -> str:
    """One line for a placeholder no row can fill, with the closest column if one is close."""
    hint = str(VariableError(name, list(table.columns))).partition(".")[2].strip()
    line = said.replace("%1", name).replace("%2", f"{len(table.rows):,}")
    return f"{line}. {hint}" if hint else line


FIELD_WORDS = {  # a message's fields as the form names them
    "header.text": "header",
    "header.link": "header",
    "header.filename": "header",
    "channel_id": "channel",
    "hide_from_chat": "hide from chat",
}
ALL_ROWS = "%1: %2 (all %3 rows)"  # a problem of the message itself: field, problem, rows


def problem_lines(
    message: Message,
    table: RecipientTable,
    problems: tuple[RowProblem, ...],
    said: str = NO_SUCH_COLUMN,
    all_rows: str = ALL_ROWS,
) -> list[str]:
    """Each unknown placeholder once, then each problem of the message itself once (the
    same on every row: no header file chosen, no channel), then each row's own problems."""
    unknown = unknown_columns(message, table)
    everywhere = _on_every_row(table, problems, unknown)
    lines = [no_such_column(name, table, said) for name in unknown]
    lines += [
        all_rows.replace("%1", FIELD_WORDS.get(field, field))
        .replace("%2", text)
        .replace("%3", f"{len(table.rows):,}")
        for field, text in everywhere
    ]
    return lines + [
        str(problem)
        for problem in problems
        if problem.field not in unknown and (problem.field, problem.message) not in everywhere
    ]


def listed_count(message: Message, table: RecipientTable, problems: tuple[RowProblem, ...]) -> int:
    """How many lines :func:`problem_lines` lists, without writing them."""
    unknown = unknown_columns(message, table)
    everywhere = _on_every_row(table, problems, unknown)
    rest = sum(
        problem.field not in unknown and (problem.field, problem.message) not in everywhere
        for problem in problems
    )
    return len(unknown) + len(everywhere) + rest


def _on_every_row(
    table: RecipientTable, problems: tuple[RowProblem, ...], unknown: list[str]
) -> dict[tuple[str, str], None]:
    """The (field, problem) pairs found on every row of a list of more than one row, in
    the order first found: problems of the message, not of a row."""
    if len(table.rows) < 2:
        return {}
    rows: dict[tuple[str, str], set[int]] = {}
    for problem in problems:
        if problem.field not in unknown:
            rows.setdefault((problem.field, problem.message), set()).add(problem.row)
    return {pair: None for pair, found in rows.items() if len(found) == len(table.rows)}


def rows_with_problems(rows: int, listed: int) -> str:
    """E.g. "4 rows with problems (2 listed)": ``rows`` rows have problems, said in
    ``listed`` lines (of :func:`problem_lines`); the lines are counted when they are not
    one a row (an unknown placeholder is one line for every row; a row may have two)."""
    said = "1 row with a problem" if rows == 1 else f"{rows} rows with problems"
    return said if listed == rows else f"{said} ({listed} listed)"


def empty_lines(plan: Plan, one: str = EMPTY_ONE, many: str = EMPTY_MANY) -> list[str]:
    """A line for each placeholder filled in with nothing on rows to send ("Hi , …"),
    naming the rows (the first ``EMPTY_NAMED``, then how many more)."""
    sending = {row.row for row in plan.rows}  # a plan narrowed for a resume keeps fewer
    lines = []
    for name, found in plan.empty.items():
        rows = [row for row in found if row in sending]
        if not rows:
            continue
        named = [f"{row:,}" for row in rows[:EMPTY_NAMED]]
        more = len(rows) - len(named)
        listed = ", ".join(named) + (f" and {more:,} more" if more else "")
        said = one if len(rows) == 1 else many
        lines.append(said.replace("%1", name).replace("%2", listed).replace("%3", f"{len(rows):,}"))
    return lines
