"""Send to a list's Problems tab: what checking the rows found, said as a user reads it.

A placeholder the list has no column for is wrong on every row: it is listed once
("{{nmae}}: no such column (all 200 rows)"), not once a row. The rest are per-row
problems, each naming the column or field it is about; a problem with the number names
the column chosen as the phone column, not "phone".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rampwin_desktop.core.recipients import RowProblem
from rampwin_desktop.core.variables import VariableError, placeholders

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from rampwin_desktop.ui.batch_loading import Loaded

PHONE_FIELD = "phone"  # what core/recipients names a problem with a row's number


def problem_lines(widget: QWidget, loaded: Loaded) -> list[str]:
    """The Problems tab's lines: each unknown placeholder once, then each row's problems."""
    table, problems = loaded.table, loaded.plan.problems
    unknown = [name for name in placeholders(loaded.message) if name not in table.columns]
    lines = []
    for name in unknown:  # no row has that column: every row is wrong the same way
        hint = str(VariableError(name, list(table.columns))).partition(".")[2].strip()
        line = (
            widget.tr("{{%1}}: no such column (all %2 rows)")
            .replace("%1", name)
            .replace("%2", f"{len(table.rows):,}")
        )
        lines.append(f"{line}. {hint}" if hint else line)
    lines += [
        row_line(problem, loaded.phone_column)
        for problem in problems
        if problem.field not in unknown
    ]
    return lines


def row_line(problem: RowProblem, phone_column: str) -> str:
    """E.g. "row 4, mobile: …" when the numbers are in the column "mobile"."""
    if problem.field == PHONE_FIELD and phone_column != PHONE_FIELD:
        return str(RowProblem(problem.row, phone_column, problem.message))
    return str(problem)
