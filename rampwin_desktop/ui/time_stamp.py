"""The time at the bottom right of the preview's bubble, as the phone shows a message's time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QLabel

from rampwin_desktop.ui import boot

if TYPE_CHECKING:
    from PySide6.QtGui import QHideEvent, QShowEvent
    from PySide6.QtWidgets import QWidget

Clock = Callable[[], datetime]  # the time of day now
LATE_MS = 25  # the timer fires this long after the minute, never just before it


def now() -> datetime:
    """The time of day here; the clock of a time stamp given none (looked up at each use)."""
    return datetime.now()


def until_next_minute(now: datetime) -> int:
    """Milliseconds from ``now`` to just after the next minute starts."""
    return 60_000 - (now.second * 1000 + now.microsecond // 1000) + LATE_MS


class TimeStamp(QLabel):
    """HH:MM of a message: the time of day, kept current by a timer that fires as each
    minute starts (only while shown), or the fixed time a message was received."""

    def __init__(self, clock: Clock | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewTime")
        boot.set_qt_properties(self, alignment="AlignRight")
        self._clock = clock
        self._fixed: datetime | None = None
        self.timer = QTimer(self)
        self.timer.setObjectName("previewClock")
        self.timer.setSingleShot(True)  # armed again for each minute: no drift
        boot.set_qt_properties(self.timer, timerType="PreciseTimer")  # coarse: up to 3 s late
        self.timer.timeout.connect(self.refresh)
        self.refresh()

    @property
    def fixed(self) -> datetime | None:
        """The time shown in place of the time of day (``show_fixed``), if any."""
        return self._fixed

    def show_fixed(self, at: datetime | None) -> None:
        """Show ``at`` (a message received then); None: the time of day again."""
        self._fixed = at
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Show the time now; cheap enough for each change of the message (a few µs)."""
        at = self._fixed or (self._clock or now)()
        text = at.strftime("%H:%M")
        changed = text != self.text()
        if changed:
            self.setText(text)
        if self._fixed is not None or not self.isVisible():
            self.timer.stop()
        elif changed or not self.timer.isActive():
            self.timer.start(until_next_minute(at))  # early or late, it lands on the minute

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # hidden for a while: the time moved on meanwhile

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)
