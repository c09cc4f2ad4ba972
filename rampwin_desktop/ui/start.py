"""The part of start-up that waits for the window to be on screen.

Right after the first paint (``ui/boot.py``): which profile the window sends from is
settled, asking the keyring in a helper process when it must (``ui/key_lookup.py``);
then what crashed windows left behind is offered back (never an open window's work),
damaged files that were set aside are reported, and the autosave starts. Until the profile
is settled the window shows its best guess; a send clicked meanwhile waits for it
(``when_settled``), never the GUI thread. A profile the user picks, or Settings they open,
is their decision: the keyring's late answer then changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from rampwin_desktop import APP_NAME
from rampwin_desktop.storage.profiles import SANDBOX
from rampwin_desktop.storage.tightening import tighten_app_files
from rampwin_desktop.ui import dialogs, key_lookup
from rampwin_desktop.ui.background import BackgroundTask

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from rampwin_desktop.storage.history import History
    from rampwin_desktop.storage.settings import SettingsFile
    from rampwin_desktop.ui.account import Account
    from rampwin_desktop.ui.drafts import DraftFiles
    from rampwin_desktop.ui.recovery import Autosave


TIGHTENING_WAIT_MS = 5000  # at closing, for the walk of the app's folders to end


class StartSequence(QObject):
    done = Signal()  # the profile is settled and recovery was offered

    def __init__(
        self,
        window: QMainWindow,
        account: Account,
        drafts: DraftFiles,
        autosave: Autosave,
        history: History,
        *,
        sandbox: bool,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.account = account
        self.drafts = drafts
        self.autosave = autosave
        self.history = history
        self.settings: SettingsFile = account.profiles.settings
        self.lookup: key_lookup.KeyLookup | None = None
        self._tightening: BackgroundTask | None = None
        self._indexing: BackgroundTask | None = None
        self.settled = False
        self.finished = False
        self._waiting: list[Callable[[], object]] = []
        # The first frame shows where sends will most likely go, so that the next one does
        # not change: the sandbox when asked for, when it was the last profile used, or on a
        # first run with no key in the environment. ``begin`` decides.
        self.stored = account.profiles.current
        self.sandbox_requested = sandbox
        first_run = "current_profile" not in self.settings.read()
        if sandbox or (first_run and not account.key_known(self.stored)):
            account.show_provisionally(SANDBOX)

    @Slot()
    def begin(self) -> None:
        """Settle the profile; called once, after the first paint."""
        # Files an older version left readable by all (storage/private.py): a walk of every
        # app folder, so off the GUI thread.
        self._tightening = BackgroundTask(tighten_app_files, self)
        self._tightening.start()
        stored = self.stored
        if self.sandbox_requested or stored == SANDBOX:
            self._settle(SANDBOX)
        elif self.account.key_known(stored):
            # It had a key last time: the keyring is asked when a send needs it.
            self._settle(stored)
        else:
            self.lookup = key_lookup.KeyLookup(stored, self)
            self.lookup.answered.connect(self._on_key_answer)
            self.lookup.start()

    def when_settled(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the profile is settled (now, if it is)."""
        if self.settled:
            callback()
        else:
            self._waiting.append(callback)

    def user_decides(self) -> None:
        """The user picked a profile or opened Settings: that stands, whatever the keyring says."""
        if not self.settled:
            self._settle(None)

    def stop(self) -> None:
        """The window is closing: no answer is wanted any more."""
        if self.lookup is not None:
            self.lookup.stop()
        for task in (self._tightening, self._indexing):
            if task is not None:  # chmods, or the history's words: quick, and never hang
                task.wait(TIGHTENING_WAIT_MS)
        self._waiting.clear()
        self.settled = True

    @Slot(bool, str)
    def _on_key_answer(self, found: bool, unavailable: str) -> None:
        if unavailable:
            self.account.secrets.mark_unavailable(unavailable)
        else:
            self.account.profiles.remember_key_stored(self.stored, found)
        if not self.settled:
            saved = self.stored in self.account.profiles.stored_names()  # not a first run's
            if not found and saved:  # not where the last session ended
                said = self.tr("“%1” has no API key stored, so the window is on the Sandbox.")
                self.drafts.status.emit(said.replace("%1", self.stored))
            self._settle(self.stored if found else SANDBOX)
        else:
            self.account.changed.emit()  # the status line may have news (no keyring)

    def _settle(self, name: str | None) -> None:
        """The profile is known (``None``: keep the one shown); offer recovery; say done."""
        self.settled = True
        if name is not None:
            self.account.choose(name)
        self._offer_recovery()
        self._report_moved_aside()
        # A history from before its search words gets them off the GUI thread (1.5 s for
        # 100,000 attempts, once): History's filter would otherwise wait for them.
        self._indexing = BackgroundTask(self.history.index_older, self)
        self._indexing.start()
        self.drafts.composer.changed.connect(self.autosave.changed)
        self.drafts.saved.connect(self.autosave.changed)  # a crash restores it by its name
        self.finished = True
        self.done.emit()
        waiting, self._waiting = self._waiting, []
        for callback in waiting:
            callback()

    def _offer_recovery(self) -> None:
        """Offer, newest first, what windows that are gone left behind, until one is restored;
        the others wait for the next start. Open windows' files are never offered."""
        while (orphan := self.autosave.next_orphan()) is not None:
            recovered = orphan.recovered
            when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(recovered.saved_at))
            answer = dialogs.ask(
                self.window,
                self.tr("Restore your message?"),
                self.tr(
                    "%1 did not close properly. Restore the message you were writing (saved %2)?"
                )
                .replace("%1", APP_NAME)
                .replace("%2", when),
                (dialogs.Answer.YES, dialogs.Answer.DISCARD),
                dialogs.Answer.YES,
            )
            if answer is not dialogs.Answer.YES:
                orphan.discard()  # that file only
                continue
            path = Path(recovered.draft_path) if recovered.draft_path else None
            self.drafts.show(recovered.message, path, saved=False)  # never saved: modified
            self.drafts.status.emit(self.tr("Restored the message saved %1.").replace("%1", when))
            self.autosave.adopt(orphan)
            return

    def _report_moved_aside(self) -> None:
        """Say so, once, when a damaged settings or history file had to be set aside."""
        self.history.open()
        moved = [str(p) for p in (self.settings.moved_aside, self.history.moved_aside) if p]
        if moved:
            dialogs.warn(
                self.window,
                self.tr("A damaged file was set aside"),
                self.tr(
                    "These files could not be read and were kept aside, untouched; "
                    "the app started with fresh ones:\n%1"
                ).replace("%1", "\n".join(moved)),
            )
