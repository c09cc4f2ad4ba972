"""Send to a list's sentences: the rows checked, the progress, the summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rampwin_desktop.app import batch, batch_report
from rampwin_desktop.core import row_problems

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressBar, QWidget

    from rampwin_desktop.app.batch import Summary
    from rampwin_desktop.ui.batch_loading import Loaded, Resuming
    from rampwin_desktop.ui.batch_thread import Tally


UNKNOWN_LISTED = 5  # unknown rows named when a batch is resumed


def counts_text(widget: QWidget, tally: Tally) -> str:
    """E.g. "3 sent, 0 failed, 0 unknown · 1 per second · about 2 s left": the counts are
    the whole batch's (as the summary's), the pace this run's."""
    text = (
        widget.tr("%1 sent, %2 failed, %3 unknown")
        .replace("%1", str(tally.sent))
        .replace("%2", str(tally.failed))
        .replace("%3", str(tally.unknown))
    )
    progress = tally.run
    if progress is None:
        return text
    if progress.rate:
        text += widget.tr(" · %1 per second").replace("%1", batch_report.per_second(progress.rate))
    if progress.time_left is not None and progress.done < progress.total:
        text += (
            widget.tr(" · about %1 left").replace("%1", batch_report.duration(progress.time_left))
            if round(progress.time_left) >= 1
            else widget.tr(" · less than a second left")  # not "about 0 s left"
        )
    return text


def recovered_text(widget: QWidget, rows: tuple[int, ...], *, sent_again: bool) -> str:
    """Rows a crash left "sending" (now unknown), when the run opens the journal."""
    if len(rows) == 1:
        said = (
            widget.tr("Row %1 was being sent when the batch stopped: sent again, as asked.")
            if sent_again
            else widget.tr(
                "Row %1 was being sent when the batch stopped: it may have been "
                "delivered, so it is not sent again."
            )
        )
    else:
        said = (
            widget.tr("Rows %1 were being sent when the batch stopped: sent again, as asked.")
            if sent_again
            else widget.tr(
                "Rows %1 were being sent when the batch stopped: they may have been "
                "delivered, so they are not sent again."
            )
        )
    return said.replace("%1", ", ".join(str(row) for row in rows))


def summary_text(
    widget: QWidget, summary: Summary, *, resumable_here: bool = False, counted: bool = False
) -> str:
    """E.g. "Done: 5 sent, 0 failed, 0 unknown." or "Stopped by you: …; 3 not sent yet".
    ``counted``: the counts line shows the sent, failed and unknown counts already, so they
    are not said twice."""
    parts = (
        []
        if counted
        else [
            widget.tr("%1 sent").replace("%1", str(summary.sent)),
            widget.tr("%1 failed").replace("%1", str(summary.failed)),
            widget.tr("%1 unknown").replace("%1", str(summary.unknown)),
        ]
    )
    if summary.window_closed:
        closed = widget.tr("%1 with the 24-hour window closed")
        parts.append(closed.replace("%1", str(summary.window_closed)))
    if summary.skipped:
        parts.append(widget.tr("%1 skipped").replace("%1", str(summary.skipped)))
    if summary.pending:
        parts.append(widget.tr("%1 not sent yet").replace("%1", str(summary.pending)))
    said = ", ".join(parts)
    if not summary.stopped:
        head = widget.tr("Done")
    elif resumable_here:
        head = widget.tr("Paused")
    elif summary.stopped == batch.BY_USER:
        head = widget.tr("Stopped by you")
    else:
        head = widget.tr("Stopped (%1)").replace("%1", summary.stopped)
    text = f"{head}: {said}." if said else f"{head}."
    if summary.stopped and summary.pending:
        text += (
            widget.tr(" Continue sends the rest.")
            if resumable_here
            else widget.tr(" Resume a batch… sends the rest.")
        )
    return text


def resume_text(widget: QWidget, resuming: Resuming, *, resend_unknown: bool) -> str:
    """E.g. "Batch 2026…: 3 sent before, 5 to send; 1 unknown (…: not sent again)."."""
    text = (
        widget.tr("Batch %1: %2 sent before, %3 to send")
        .replace("%1", resuming.batch_id)
        .replace("%2", str(resuming.sent))
        .replace("%3", str(resuming.left))
    )
    one = resuming.unknown == 1
    if resuming.unknown and resend_unknown:
        text += (
            widget.tr("; 1 unknown, sent again (its recipient may receive it twice)")
            if one
            else widget.tr("; %1 unknown, sent again (they may receive it twice)")
        )
    elif resuming.unknown:
        text += (
            widget.tr("; 1 unknown (it may have been delivered: not sent again)")
            if one
            else widget.tr("; %1 unknown (they may have been delivered: not sent again)")
        )
    text = text.replace("%1", str(resuming.unknown)) + "."
    rows = resuming.unknown_rows
    if rows and not resend_unknown:  # which chats to check
        shown = ", ".join(str(row) for row in rows[:UNKNOWN_LISTED])
        more = len(rows) - UNKNOWN_LISTED
        listed = (
            widget.tr(" Check the chat of row %1.")
            if len(rows) == 1
            else widget.tr(" Check the chats of rows %1.")
        )
        if more > 0:
            listed = widget.tr(" Check the chats of rows %1 and %2 more.").replace("%2", str(more))
        text += listed.replace("%1", shown)
    return text


def show_resumed(bar: QProgressBar, resuming: Resuming | None, *, resend_unknown: bool) -> None:
    """A batch being resumed: the bar shows where it stands, as a run will go on from it."""
    if resuming is None:
        return
    total = resuming.sent + resuming.left + resuming.unknown  # its rows, the skipped left out
    left = resuming.left + (resuming.unknown if resend_unknown else 0)
    bar.setRange(0, max(total, 1))
    bar.setValue(total - left)
    show_counting(bar)


def show_counting(bar: QProgressBar) -> None:
    """The bar counts the batch's rows: "12 of 200"."""
    bar.setFormat(bar.tr("%v of %m"))
    bar.setTextVisible(True)


def plan_text(
    widget: QWidget, loaded: Loaded, *, resend_unknown: bool = False, skipping: bool = False
) -> str:
    """What checking the rows found, e.g. "5 to send; 1 row with a problem.", and, while
    the rows with problems keep Start disabled (not ``skipping`` them), what to do. For a
    batch being resumed, what its journal holds first (its "to send" is what is left) and
    then only the list's problems and repeats, so that no second count says otherwise."""
    planned, resuming = loaded.plan, loaded.resuming
    rows, repeats = planned.problem_rows, len(planned.duplicates)
    parts = [] if resuming else [widget.tr("%1 to send").replace("%1", str(len(planned.rows)))]
    if rows:
        parts.append(
            widget.tr("1 row with a problem")
            if rows == 1
            else widget.tr("%1 rows with problems").replace("%1", str(rows))
        )
        listed = row_problems.listed_count(loaded.message, loaded.table, planned.problems)
        if listed != rows:  # e.g. an unknown placeholder: one line for every row
            parts[-1] += widget.tr(" (%1 listed)").replace("%1", str(listed))
    if repeats:
        parts.append(
            widget.tr("1 repeat of an earlier number left out")
            if repeats == 1
            else widget.tr("%1 repeats of an earlier number left out").replace("%1", str(repeats))
        )
    empty = len({row for found in planned.empty.values() for row in found})
    if empty:
        parts.append(
            widget.tr("1 row with an empty value (see Problems)")
            if empty == 1
            else widget.tr("%1 rows with an empty value (see Problems)").replace("%1", str(empty))
        )
    said = _plan_text(widget, loaded, parts, resend_unknown=resend_unknown)
    if rows and not skipping and planned.rows:  # Start waits: say what it waits for
        said += " " + (
            widget.tr("Fix it, or tick Skip rows with problems to send the others.")
            if rows == 1
            else widget.tr("Fix them, or tick Skip rows with problems to send the others.")
        )
    return said


def _plan_text(widget: QWidget, loaded: Loaded, parts: list[str], *, resend_unknown: bool) -> str:
    resuming = loaded.resuming
    text = "; ".join(parts)
    if resuming is None and loaded.earlier is not None:  # Start asks before sending it
        earlier = widget.tr(" This list got this message on %1: %2 sent.")
        return (
            text
            + "."
            + earlier.replace("%1", loaded.earlier.when).replace("%2", str(loaded.earlier.sent))
        )
    if resuming is None and loaded.sent_before is not None:  # Start asks what to do
        count = len(loaded.sent_before.rows)
        return (
            text
            + "."
            + (
                widget.tr(" 1 number already got this message in an earlier batch.")
                if count == 1
                else widget.tr(" %1 numbers already got this message in earlier batches.")
            ).replace("%1", str(count))
        )
    if resuming is None:
        return text + "."
    said = resume_text(widget, resuming, resend_unknown=resend_unknown)
    if resuming.left or (resend_unknown and resuming.unknown):  # loaded, not yet going on
        said += " " + widget.tr("Start sends them.")
    return f"{said} {widget.tr('In the list: %1.').replace('%1', text)}" if text else said
