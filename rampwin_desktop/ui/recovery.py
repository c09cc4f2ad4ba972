"""Autosave of the open composition: written shortly after each change (debounced), so a
crash or ``kill -9`` loses at most a second of typing. Each window has its own file, and
recovers only files whose window is gone: ``storage/autosave.py``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Slot

from rampwin_desktop.core.model import Message
from rampwin_desktop.storage import autosave

if TYPE_CHECKING:
    from pathlib import Path

    from rampwin_desktop.storage.autosave import Orphan

DEBOUNCE_MS = 700


class Autosave(QObject):
    def __init__(
        self,
        folder: Path,
        legacy: Path,
        current: Callable[[], tuple[Message, str]],
        parent: QObject | None = None,
    ) -> None:
        """Keep the message in this window's file in ``folder``; ``current()`` returns the
        message and the draft path it belongs to ("" if untitled). ``legacy`` is the single
        recovery file of earlier versions."""
        super().__init__(parent)
        self._folder = folder
        self._own: autosave.WindowRecovery | None = None
        self._legacy = legacy
        self._offered: set[Path] = set()
        self._current = current
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.save_now)

    @property
    def own(self) -> autosave.WindowRecovery:
        """This window's file; made at first use, so that ``storage.autosave`` loads after
        the first paint (``ui/boot.py``)."""
        if self._own is None:
            self._own = autosave.WindowRecovery(self._folder)
        return self._own

    @Slot()
    def changed(self) -> None:
        self._timer.start()  # restarts: at most DEBOUNCE_MS after the last keystroke

    @Slot()
    def save_now(self) -> None:
        self.own.write(*self._current())

    def discard(self) -> None:
        """A clean exit: this window's file goes; other windows' files stay."""
        self._timer.stop()
        if self._own is not None:
            self._own.discard()

    def next_orphan(self) -> Orphan | None:
        """The newest message a window that is gone left behind, not offered yet."""
        orphan = autosave.claim_orphan(self._folder, self._legacy, self._offered)
        if orphan is not None:
            self._offered.add(orphan.path)
        return orphan

    def adopt(self, orphan: Orphan) -> None:
        """``orphan``'s message is in the window now: once it is in this window's file, the
        orphan's goes (if it could not be written, the orphan stays for the next start)."""
        if self.own.write(*self._current()):
            orphan.discard()
        else:
            orphan.release()
