"""What checking a list's rows found, said as a user reads it, for the command line and the
window alike (Qt-free: the window passes its translated wording).

A placeholder the list has no column for is wrong on every row: it is said once
("{{nmae}}: no such column (all 200 rows). Did you mean "name"?"), not once a row. The
rest are per-row problems, each naming the column or field it is about. The counts say
what is listed: "4 rows with problems (2 listed)" when the lines listed are not one a row.
"""

from __future__ import annotations

from rampwin_desktop.core.model import Message
from rampwin_desktop.core.recipients import RecipientTable, RowProblem
from rampwin_desktop.core.variables import VariableError, placeholders

NO_SUCH_COLUMN = "{{%1}}: no such column (all %2 rows)"  # %1 the name, %2 how many rows


def unknown_columns(message: Message, table: RecipientTable) -> list[str]:
    """The placeholders of ``message`` that ``table`` has no column for, each once."""
    return [name for name in placeholders(message) if name not in table.columns]


def no_such_column(name: str, table: RecipientTable, said: str = NO_SUCH_COLUMN) -> str:
    """One line for a placeholder no row can fill, with the closest column if one is close."""
    hint = str(VariableError(name, list(table.columns))).partition(".")[2].strip()
    line = said.replace("%1", name).replace("%2", f"{len(table.rows):,}")
    return f"{line}. {hint}" if hint else line


def problem_lines(
    message: Message,
    table: RecipientTable,
    problems: tuple[RowProblem, ...],
    said: str = NO_SUCH_COLUMN,
) -> list[str]:
    """Each unknown placeholder once, then each row's other problems."""
    unknown = unknown_columns(message, table)
    lines = [no_such_column(name, table, said) for name in unknown]
    return lines + [str(problem) for problem in problems if problem.field not in unknown]


def listed_count(message: Message, table: RecipientTable, problems: tuple[RowProblem, ...]) -> int:
    """How many lines :func:`problem_lines` lists, without writing them."""
    unknown = unknown_columns(message, table)
    return len(unknown) + sum(problem.field not in unknown for problem in problems)


def rows_with_problems(rows: int, listed: int) -> str:
    """E.g. "4 rows with problems (2 listed)": ``rows`` rows have problems, said in
    ``listed`` lines (of :func:`problem_lines`); the lines are counted when they are not
    one a row (an unknown placeholder is one line for every row; a row may have two)."""
    said = "1 row with a problem" if rows == 1 else f"{rows} rows with problems"
    return said if listed == rows else f"{said} ({listed} listed)"
