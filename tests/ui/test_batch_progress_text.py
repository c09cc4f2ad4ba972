"""What Send to a list's counts line says of the time left."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from rampwin_desktop.app.batch import BatchProgress
from rampwin_desktop.ui.batch_progress import counts_text
from rampwin_desktop.ui.batch_thread import Tally

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication


def test_the_last_second_is_not_about_0_s(qapp: QApplication) -> None:
    """19 of 20 at 2 a second said "about 0 s left" (a newcomer's find)."""
    widget = QWidget()
    run = BatchProgress(done=19, total=20, sent=19, failed=0, unknown=0, rate=2.0, time_left=0.4)
    tally = Tally(done=19, total=20, sent=19, failed=0, unknown=0, run=run)
    assert counts_text(widget, tally).endswith(" · 2 per second · less than a second left")
    later = replace(tally, run=replace(run, time_left=3.2))
    assert counts_text(widget, later).endswith(" · about 3 s left")
