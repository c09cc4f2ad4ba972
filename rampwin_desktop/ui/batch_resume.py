"""Send to a list's Resume a batch…: the unfinished batches in the data folder, offered
as a list that says what each one is (when it started, its CSV, its message's first words,
how many rows were sent, are left and are unknown), not as journal file names.

The journals are read off the GUI thread (``unfinished`` is plain Python, run by a
``BackgroundTask``), read only: a journal is opened for writing only when its batch runs.
``Resumer`` asks and answers with the journal the user chose (``chosen``), or one named
with Open a journal….
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from rampwin_desktop.app import batch
from rampwin_desktop.core.draft import DraftError, loads_draft
from rampwin_desktop.storage import journal as journals
from rampwin_desktop.storage import journal_read, paths
from rampwin_desktop.storage.journal import RowState
from rampwin_desktop.storage.profiles import SANDBOX
from rampwin_desktop.ui import dialogs
from rampwin_desktop.ui.background import BackgroundTask
from rampwin_desktop.ui.fields import push_button

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from rampwin_desktop.app.batch import MessageChanged
    from rampwin_desktop.ui.account import Account
    from rampwin_desktop.ui.batch_dialog import BatchDialog
    from rampwin_desktop.ui.batch_loading import Resuming
    from rampwin_desktop.ui.batch_widgets import BatchWidgets

FIRST_WORDS = 6
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
COUNTS = 4  # the chooser's first column of counts
OTHER = 2  # the chooser's result when the user asked for another journal file


@dataclass(frozen=True)
class Unfinished:
    """A batch with rows still to send (or unknown), as its journal says."""

    path: Path
    started: float  # seconds since the epoch
    csv_name: str
    profile: str  # the profile it was started with
    first_words: str
    sent: int
    left: int  # pending or failed: a resume sends them
    unknown: int  # may have been delivered: sent again only when asked


def first_words(text: str, count: int = FIRST_WORDS) -> str:
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def read_unfinished(path: Path) -> Unfinished | None:
    """The batch in the journal at ``path`` when it is unfinished, read only; else None."""
    info, counts = journal_read.peek(path), journal_read.peek_counts(path)
    if info is None or counts is None:
        return None
    unknown = counts[RowState.UNKNOWN] + counts[RowState.SENDING]
    left = batch.still_to_send(counts)
    if not left and not unknown:
        return None
    try:
        body = loads_draft(info.draft).body
    except DraftError:
        body = ""
    return Unfinished(
        path=path,
        started=info.created_at,
        csv_name=Path(info.csv_path).name,
        profile=info.profile,
        first_words=first_words(body),
        sent=counts[RowState.SENT],
        left=left,
        unknown=unknown,
    )


def unfinished() -> list[Unfinished]:
    """The data folder's unfinished batches, newest first."""
    found = (read_unfinished(path) for path in journals.journals())
    return [item for item in found if item is not None]


class ResumeChooser(QDialog):
    """Which batch to resume: one row each; Open a journal… for a journal elsewhere."""

    def __init__(self, parent: QWidget, batches: list[Unfinished]) -> None:
        super().__init__(parent)
        self.setObjectName("batchResumeChooser")
        self.setWindowTitle(self.tr("Resume a batch"))
        self.batches = batches
        tr = self.tr
        headers = [tr("Started"), tr("List"), tr("Message"), tr("Profile")]
        headers += [tr("Sent"), tr("Left"), tr("Unknown")]  # counts, from COUNTS on
        self.table = table = QTableWidget(len(batches), len(headers), self)
        table.setObjectName("batchResumeList")
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for row, item in enumerate(batches):
            started = datetime.fromtimestamp(item.started).strftime("%Y-%m-%d %H:%M:%S")
            cells = (started, item.csv_name, item.first_words, item.profile)
            for column, value in enumerate((*cells, item.sent, item.left, item.unknown)):
                cell = QTableWidgetItem(str(value))
                cell.setToolTip(str(item.path) if column < COUNTS else "")
                if column >= COUNTS:
                    cell.setTextAlignment(RIGHT)
                table.setItem(row, column, cell)
        table.resizeColumnsToContents()
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.doubleClicked.connect(self.accept)
        note = QLabel(
            tr("No unfinished batch in the data folder.")
            if not batches
            else tr(
                "Unfinished batches, newest first. Resume sends the rows not sent yet, "
                "through the profile chosen in the main window. Rows whose outcome is unknown "
                "(they may have arrived) are sent again only if you ask."
            ),
            self,
        )
        note.setObjectName("batchResumeNote")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(tr("Resume"))
        self.ok.setEnabled(False)
        other = push_button(tr("Open a journal…"), self)
        other.setObjectName("batchResumeOther")
        other.setToolTip(tr("A batch's journal kept elsewhere (the command line's --journal)"))
        buttons.addButton(other, QDialogButtonBox.ButtonRole.ActionRole)
        other.clicked.connect(lambda: self.done(OTHER))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        table.itemSelectionChanged.connect(lambda: self.ok.setEnabled(bool(table.selectedItems())))
        if batches:
            table.selectRow(0)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        self.resize(760, 320)

    def chosen(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows()
        return self.batches[rows[0].row()].path if rows else None


class Resumer(QObject):
    """Lists the unfinished batches off the GUI thread: ``found(list)`` after ``scan()``;
    ``choose()`` lists them, asks, and says ``chosen(Path)``."""

    found = Signal(object)  # list[Unfinished]
    chosen = Signal(object)  # the journal's Path

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self._task: BackgroundTask | None = None
        self._ask = False  # show the chooser when the list is read
        self._stale = False  # the scan running started before the user asked: read again

    @property
    def busy(self) -> bool:
        return self._task is not None

    def scan(self) -> None:
        if self._task is None:
            self._task = task = BackgroundTask(unfinished, self)
            task.succeeded.connect(self._on_found)
            task.failed.connect(self._on_failed)
            task.start()

    def choose(self) -> None:
        self._ask = True
        self._stale = self._task is not None
        self.scan()

    def wait(self, milliseconds: int) -> None:
        if self._task is not None:
            self._task.wait(milliseconds)

    @Slot(object)
    def _on_found(self, batches: list[Unfinished]) -> None:
        self._end()
        self.found.emit(batches)
        if self._ask and self._stale:
            self._stale = False
            self.scan()
        elif self._ask:
            self._ask = False
            if self._parent.isVisible():  # not for a Send to a list closed meanwhile
                self._ask_which(batches)

    @Slot(object)
    def _on_failed(self, error: object) -> None:  # e.g. the data folder cannot be read
        self._on_found([])

    def _end(self) -> None:
        if self._task is not None:
            self._task.deleteLater()
            self._task = None

    def _ask_which(self, batches: list[Unfinished]) -> None:
        chooser = ResumeChooser(self._parent, batches)
        answer = chooser.exec()
        if not shiboken6.isValid(chooser):
            return  # its window was deleted while it was open: nothing left to resume in
        path = chooser.chosen() if answer == QDialog.DialogCode.Accepted else None
        chooser.deleteLater()
        if answer == OTHER:
            parent = self._parent
            name = dialogs.file_to_open(
                parent,
                parent.tr("Resume a batch"),
                str(paths.data_dir() / "batches"),
                parent.tr("Batch journals (*.sqlite3)"),
            )
            path = Path(name) if name else None
        if path is not None:
            self.chosen.emit(path)


def offer(ui: BatchWidgets, count: int, *, prompt: bool) -> None:
    """Say that ``count`` unfinished batches wait: on Resume a batch…, and, when no list
    is chosen yet (``prompt``), where the window asks for one."""
    tr = ui.tr
    ui.resume_button.setText(
        tr("Resume a batch… (%1)").replace("%1", str(count)) if count else tr("Resume a batch…")
    )
    if prompt and count:
        ui.file_label.setText(
            tr("Choose the CSV of recipients, or resume the unfinished batch (Resume a batch…).")
            if count == 1
            else tr(
                "Choose the CSV of recipients, or resume one of the %1 unfinished batches "
                "(Resume a batch…)."
            ).replace("%1", str(count))
        )


def confirm_resend(parent: QWidget, unknown: int) -> bool:
    """Sending the unknown rows again is asked twice: they may have been delivered."""
    return dialogs.confirm(
        parent,
        parent.tr("Send the unknown rows again?"),
        parent.tr(
            "%1 rows may already have been delivered: their sends stopped without an "
            "answer. Sent again, those recipients may receive the message twice."
        ).replace("%1", str(unknown)),
        parent.tr("Check the recipients' chats first if you can."),
        None,
    )


def elsewhere_confirmed(parent: QWidget, resuming: Resuming, account: Account) -> bool:
    """Whether the rest of a batch may go through the window's profile when the batch was
    started with another (asked; No is the default); True when it was not. A batch started
    on the sandbox and finished on a real profile would message the rest of the list for
    real, and the other way round it would tell them nothing."""
    profile, server = account.profile.name, account.destination()
    if resuming.profile == SANDBOX and account.profile.is_sandbox:
        return True  # the built-in sandbox, started again on another port
    same = resuming.server == server if resuming.server else resuming.profile == profile
    if same:
        return True
    where = resuming.profile + (f" ({resuming.server})" if resuming.server else "")
    return dialogs.confirm(
        parent,
        parent.tr("Resume through another profile?"),
        parent.tr("This batch was started with the profile %1; the window is on %2.")
        .replace("%1", where)
        .replace("%2", f"{profile} ({server})" if server else profile),
        parent.tr("Send the rest of the list through %1?").replace("%1", profile),
        None,
    )


def with_batch_message(dialog: BatchDialog, error: MessageChanged) -> str:
    """A resume refused because the composer holds another message than the batch's: once
    the user agrees, the batch's message is put in the composer and "" is returned (check
    the rows again); else why nothing was resumed."""
    if not take_batch_message(dialog):
        return dialog.tr(
            "Not resumed: the rest of a list gets the message its first rows got. The "
            "composer keeps its message."
        )
    if not dialog.main.drafts.open_message(error.started):  # kept its unsaved changes
        return dialog.tr("Not resumed: the composer keeps its message.")
    return ""


def take_batch_message(parent: QWidget) -> bool:
    """Whether to put the batch's message in the composer, to resume with it: the rest of a
    list gets what its first rows got, and after a restart the composer holds a new draft
    (without it the resume is refused, naming what changed)."""
    answer = dialogs.ask(
        parent,
        parent.tr("Resume with the batch's message?"),
        parent.tr(
            "This batch was started with another message than the one in the composer, and "
            "the rest of its list gets the same message as its first rows. Put the batch's "
            "message in the composer?"
        ),
        (dialogs.Answer.YES, dialogs.Answer.NO),
        dialogs.Answer.YES,
    )
    return answer is dialogs.Answer.YES
