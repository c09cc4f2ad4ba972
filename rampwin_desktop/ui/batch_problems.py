"""Send to a list's Problems tab: what checking the rows found, said as a user reads it.

A placeholder the list has no column for is wrong on every row: it is listed once
("{{nmae}}: no such column (all 200 rows)"), not once a row. The rest are per-row
problems, each naming the column or field it is about (a number's, the phone column).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rampwin_desktop.core.variables import VariableError, placeholders

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from rampwin_desktop.ui.batch_loading import Loaded


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
    lines += [str(problem) for problem in problems if problem.field not in unknown]
    return lines
