"""Send to a list's Problems tab: what checking the rows found, said as a user reads it
(``core/row_problems``, shared with the command line: an unknown placeholder is listed
once, "{{nmae}}: no such column (all 200 rows)", not once a row; so is a problem of the
message itself, "header: Choose a file … (all 200 rows)"), then notes: repeats left out,
placeholders filled in with nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rampwin_desktop.app import batch
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


def note_lines(widget: QWidget, loaded: Loaded) -> list[str]:
    """The Problems tab's notes, what is sent (or left out) as asked yet may be a mistake:
    each repeat of a number left out, then each placeholder filled in with nothing."""
    plan = loaded.plan
    repeat = widget.tr("row %1: %2, left out (each number gets the message once)")
    lines = [
        repeat.replace("%1", str(row)).replace("%2", batch.repeat_of(plan, row))
        for row in plan.duplicates
    ]
    one = widget.tr("{{%1}} is empty in row %2: it is filled in with nothing.")
    many = widget.tr("{{%1}} is empty in %3 rows (%2): it is filled in with nothing there.")
    return lines + row_problems.empty_lines(plan, one, many)
