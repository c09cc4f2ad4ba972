"""Send to a list's Problems tab: what checking the rows found, said as a user reads it
(``core/row_problems``, shared with the command line: an unknown placeholder is listed
once, "{{nmae}}: no such column (all 200 rows)", not once a row; so is a problem of the
message itself, "header: Choose a file … (all 200 rows)")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rampwin_desktop.core import row_problems

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from rampwin_desktop.ui.batch_loading import Loaded


def problem_lines(widget: QWidget, loaded: Loaded) -> list[str]:
    """The Problems tab's lines: each unknown placeholder once, each problem of the message
    itself once, then each row's problems."""
    said = widget.tr("{{%1}}: no such column (all %2 rows)")
    all_rows = widget.tr("%1: %2 (all %3 rows)")
    plan = loaded.plan
    return row_problems.problem_lines(loaded.message, loaded.table, plan.problems, said, all_rows)


def empty_lines(widget: QWidget, loaded: Loaded) -> list[str]:
    """The Problems tab's notes: each placeholder filled in with nothing on rows to send."""
    one = widget.tr("{{%1}} is empty in row %2: it is filled in with nothing.")
    many = widget.tr("{{%1}} is empty in %3 rows (%2): it is filled in with nothing there.")
    return row_problems.empty_lines(loaded.plan, one, many)
