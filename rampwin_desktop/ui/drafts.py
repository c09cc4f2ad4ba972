"""The draft the window edits: its file, whether it is saved, the recent files, the title.

File › New, Open, Open recent, Save and Save as, each asking before unsaved changes are
lost. The window's title shows the file's name and a ``*`` while there are unsaved changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Signal, Slot

from rampwin_desktop import APP_NAME
from rampwin_desktop.app import header_files
from rampwin_desktop.app.defaults import with_profile_defaults
from rampwin_desktop.core import draft, variables
from rampwin_desktop.core.model import Button, Message
from rampwin_desktop.storage import drafts
from rampwin_desktop.storage.profiles import Profile
from rampwin_desktop.storage.settings import SettingsFile
from rampwin_desktop.ui import dialogs, header_picker

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from rampwin_desktop.storage.history import Attempt
    from rampwin_desktop.ui.composer import ComposerForm

MAX_RECENT = 8
CONFIRM_THUMBNAIL = QSize(160, 160)
FILTER = "Rampwin drafts (*.json);;All files (*)"
STARTER = Message(body="Hello!", buttons=(Button("yes", "Yes"), Button("no", "No")))


class DraftFiles(QObject):
    recent_changed = Signal()
    status = Signal(str)  # a short note for the status bar
    replaced = Signal()  # another message is in the form (new, opened, from the history)
    saved = Signal()  # written to its file (which may have a new name)

    def __init__(self, composer: ComposerForm, settings: SettingsFile, window: QMainWindow) -> None:
        super().__init__(window)
        self.composer = composer
        self.settings = settings
        self.window = window
        self.path: Path | None = None
        self._saved = composer.message()
        self._discarded: Message | None = None  # what the user said to close without saving
        self._auto_channel = ""  # the channel last filled in from a profile
        self._profile = ""  # the profile whose defaults were last applied
        # A header file the opened draft names outside its folder: sent only after a yes.
        self.unconfirmed: Path | None = None
        composer.header.file_chosen.connect(self._file_chosen)

    # ------------------------------------------------------------------ state

    def is_modified(self) -> bool:
        return self.composer.message() != self._saved

    def mark_saved(self) -> None:
        """What the form holds now counts as saved (no question before it is replaced)."""
        self._saved = self.composer.message()
        self.update_title()

    def current(self) -> tuple[Message, str]:
        """The message and the file it belongs to ("" while untitled), for the autosave."""
        return self.composer.message(), str(self.path or "")

    def update_title(self) -> None:
        name = self.path.name if self.path else self.tr("Untitled")
        self.window.setWindowTitle(f"{name}[*] — {APP_NAME}")  # Qt shows [*] as * if modified
        self.window.setWindowModified(self.is_modified())

    def show(self, message: Message, path: Path | None, *, saved: bool) -> None:
        """Put ``message`` in the form as the draft at ``path``; ``saved`` if it is on disk."""
        self.path = path
        self.unconfirmed = (
            header_files.file_outside_draft(message, path) if path is not None else None
        )
        self._auto_channel = ""  # its channel is its own, even one a profile filled before
        self.composer.set_message(message)
        if saved:
            self._saved = self.composer.message()
        self.update_title()
        self.replaced.emit()

    def apply_profile_defaults(self, profile: Profile) -> None:
        """Fill the channel from the profile where the message has none, or has the one the
        last profile filled in; an untitled, untouched message also takes the profile's
        flags (``app/defaults.py``). A draft with a file keeps its channel and flags, however
        they came: what it holds is the file's, and a change shows as unsaved (newcomers saw
        a draft's channel emptied by another profile, its title still unmodified)."""
        in_a_file = self.path is not None
        untouched = not in_a_file and not self.is_modified()
        message = self.composer.message()
        replacing = "" if in_a_file else self._auto_channel
        filled = with_profile_defaults(message, profile, flags=untouched, replacing=replacing)
        destination = self.composer.destination
        if filled.channel_id != message.channel_id:
            self._auto_channel = filled.channel_id
            destination.channel.setText(filled.channel_id)
        elif (
            self._profile not in ("", profile.name)  # another profile chosen, not a start
            and not profile.is_sandbox  # where any channel goes
            and profile.channel_id
            and message.channel_id not in ("", profile.channel_id)
        ):
            # Kept, but said: a channel belongs to an account, and this is another one.
            said = self.tr("The channel stays “%1”; the profile “%2” has its own: “%3”.")
            self.status.emit(
                said.replace("%1", message.channel_id)
                .replace("%2", profile.name)
                .replace("%3", profile.channel_id)
            )
        self._profile = profile.name
        destination.hide_from_chat.setChecked(filled.hide_from_chat)
        destination.dont_show.setChecked(filled.dont_show_in_chat_list)
        if untouched:
            self.mark_saved()

    # ------------------------------------------------------------------ files outside the draft

    def confirm_header_file(self, message: Message) -> bool:
        """Whether ``message`` may be sent: its header is not the file an opened draft named
        outside its own folder, or the user said yes to that file (asked here, once).

        A draft may come from someone else, with their number in it and a header naming any
        file on this computer; a file the user chose, pasted or dropped is theirs to send."""
        outside = self.unconfirmed
        if outside is None or draft.header_file(message) != outside:
            return True
        image = header_picker.image_thumbnail(outside, CONFIRM_THUMBNAIL)
        if not dialogs.confirm(
            self.window,
            self.tr("Send a file from outside the draft's folder?"),
            self.tr("This draft's header is a file from outside the draft's folder:\n\n%1").replace(
                "%1", str(outside)
            ),
            self.tr(
                "A draft can name any file on this computer. Send this file to %1 only if "
                "you meant to share it."
            ).replace("%1", message.recipient),
            image[0] if image is not None else None,
        ):
            return False
        self.unconfirmed = None
        return True

    @Slot()
    def _file_chosen(self) -> None:
        self.unconfirmed = None  # the user's own choice

    # ------------------------------------------------------------------ File menu

    def new(self) -> bool:
        """Start again from the starter message; whether it did (unsaved changes may stay)."""
        if not self.confirm_discard():
            return False
        self.show(STARTER, None, saved=True)
        return True

    @Slot()
    def open(self) -> None:
        if not self.confirm_discard():
            return
        start = str(self.path.parent) if self.path else dialogs.start_in(dialogs.Place.DRAFTS)
        name = dialogs.file_to_open(
            self.window, self.tr("Open draft"), start, FILTER, dialogs.Place.DRAFTS
        )
        if name:
            self.load(Path(name))

    def open_recent(self, path: Path) -> None:
        if not path.is_file():  # said before asking about unsaved changes: nothing to open
            self._forget_recent(path)
            dialogs.warn(
                self.window,
                self.tr("Cannot open draft"),
                self.tr(
                    "%1 is not there any more (moved or deleted); it is taken off Open recent."
                ).replace("%1", str(path)),
            )
            return
        if self.confirm_discard():
            self.load(path)

    def load(self, path: Path) -> bool:
        try:
            message = draft.load_draft(path)
        except draft.DraftError as exc:
            dialogs.warn(self.window, self.tr("Cannot open draft"), str(exc))
            return False
        self.show(message, path, saved=True)
        self._remember_recent(path)
        self.status.emit(self.tr("Opened %1").replace("%1", str(path)))
        return True

    @Slot()
    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self._write(self.path)

    @Slot()
    def save_as(self) -> bool:
        place = dialogs.Place.DRAFTS
        start = str(self.path) if self.path else dialogs.start_in(place, "message.json")
        name = dialogs.file_to_save(
            self.window, self.tr("Save draft"), start, FILTER, place, suffix="json"
        )
        return self._write(Path(name)) if name else False

    @Slot(object)
    def open_attempt(self, attempt: Attempt) -> bool:
        """A past send as a new, untitled draft; whether it is in the form now."""
        try:
            # What was sent: a "{{" in it is text, so it is composed as "\{{".
            message = variables.escaped(draft.message_from_draft(attempt.body))
        except draft.DraftError as exc:
            dialogs.warn(self.window, self.tr("Cannot open this attempt"), str(exc))
            return False
        return self.open_message(message)

    def open_message(self, message: Message) -> bool:
        """``message`` as a new, untitled draft, once the form may be replaced (asked when
        it holds unsaved changes); whether it is in the form now."""
        if not self.confirm_discard():
            return False
        self.show(message, None, saved=False)
        return True

    def confirm_discard(self) -> bool:
        """True when the form may be replaced: saved, or the user said so (asked once for
        the same message: closing during a batch asks before the batch stops, and the
        window closes when it has)."""
        message = self.composer.message()
        if not self.is_modified() or message == self._discarded:
            return True
        answer = dialogs.ask(
            self.window,
            self.tr("Unsaved changes"),
            self.tr("Save the changes to this message first?"),
            (dialogs.Answer.SAVE, dialogs.Answer.DISCARD, dialogs.Answer.CANCEL),
            dialogs.Answer.SAVE,
        )
        if answer is dialogs.Answer.SAVE:
            return self.save()
        if answer is dialogs.Answer.DISCARD:
            self._discarded = message
            return True
        return False

    def _write(self, path: Path) -> bool:
        message = self.composer.message()
        try:
            drafts.save_draft(path, message)
        except OSError as exc:
            dialogs.warn(
                self.window,
                self.tr("Cannot save draft"),
                self.tr("%1 could not be saved: %2")
                .replace("%1", str(path))
                .replace("%2", exc.strerror or str(exc)),
            )
            return False
        self.path = path
        self._saved = message
        self._remember_recent(path)
        self.update_title()
        self.status.emit(self.tr("Saved %1").replace("%1", str(path)))
        self.saved.emit()
        return True

    # ------------------------------------------------------------------ recent files

    def recent(self) -> list[str]:
        value = self.settings.section("window").get("recent_drafts", [])
        return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []

    def _forget_recent(self, path: Path) -> None:
        gone = str(path.resolve())
        kept = [item for item in self.recent() if item != gone]
        self.settings.set_values("window", {"recent_drafts": kept})
        self.recent_changed.emit()

    def _remember_recent(self, path: Path) -> None:
        resolved = str(path.resolve())
        recent = [resolved, *(item for item in self.recent() if item != resolved)]
        self.settings.set_values("window", {"recent_drafts": recent[:MAX_RECENT]})
        self.recent_changed.emit()
