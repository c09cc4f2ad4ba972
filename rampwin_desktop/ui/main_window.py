"""The main window: composes the form, the preview and the send bar, and owns files and menus."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from rampwin_desktop import APP_NAME, __version__
from rampwin_desktop.core.model import Button, Message
from rampwin_desktop.core.validation import Severity, validate
from rampwin_desktop.keystore import SessionSecrets
from rampwin_desktop.ui import labelled, paths
from rampwin_desktop.ui.account import ENV_API_KEY, Account
from rampwin_desktop.ui.composer import ComposerForm
from rampwin_desktop.ui.preview import PreviewView
from rampwin_desktop.ui.profiles import SANDBOX, Profile, ProfileStore
from rampwin_desktop.ui.send_bar import SendBar
from rampwin_desktop.ui.startup import after_first_paint
from rampwin_desktop.ui.theme import ThemeChoice, resolve

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QCloseEvent
    from PySide6.QtWidgets import QDockWidget

    from rampwin_desktop.core.history import Attempt
    from rampwin_desktop.ui.key_lookup import KeyLookup

# Some Qt classes and modules are imported where they are used: each costs start-up time
# (a Qt class its enums, up to a few ms; QMessageBox ~1 ms), and none of them is needed for
# the first paint.

MAX_RECENT = 8
DRAFT_FILTER = "Rampwin drafts (*.json);;All files (*)"
STARTER = Message(
    body="Hello!",
    buttons=(Button("yes", "Yes"), Button("no", "No")),
)


class MainWindow(QMainWindow):
    started = Signal()  # the deferred part of start-up is done (see finish_start)

    def __init__(self, parent: QWidget | None = None, *, sandbox: bool = False) -> None:
        super().__init__(parent)
        self.settings = paths.settings()
        self.started_up = False  # see finish_start
        self.draft_path: Path | None = None
        self._saved = STARTER
        self.account = Account(ProfileStore(self.settings), SessionSecrets(), self)

        self.composer = ComposerForm(self)
        # Filled before the scroll area takes it: taking it works out the whole form's layout,
        # which a change after it would make Qt work out again (~1 ms of start-up).
        self.composer.set_message(STARTER)
        self.preview = PreviewView(self)
        self.send_bar = SendBar(self)
        form_scroll = QScrollArea(self)
        form_scroll.setWidgetResizable(True)
        form_scroll.setWidget(self.composer)
        form_scroll.setMinimumWidth(380)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(form_scroll)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setChildrenCollapsible(False)
        self.sandbox_banner = QLabel(self)
        self.sandbox_banner.setObjectName("sandboxBanner")
        self.sandbox_banner.setWordWrap(True)
        self.sandbox_banner.setStyleSheet(
            "background: #FFF4CE; color: #6B4E00; padding: 6px; border-radius: 6px;"
        )
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(6, 6, 6, 0)
        column.addWidget(self.sandbox_banner)
        column.addWidget(self.splitter, 1)
        column.addWidget(self.send_bar)
        self.setCentralWidget(central)

        self.profile_combo = QComboBox(self)
        self.profile_combo.setObjectName("profileCombo")
        self.profile_combo.setAccessibleName(self.tr("Profile"))
        self.status_note = QLabel(self)
        self.status_note.setObjectName("statusNote")
        self.statusBar().addPermanentWidget(self.status_note)

        self._build_menus()
        self._build_toolbar()
        self.send_bar.send_requested.connect(self._on_send)
        self.send_bar.send_test_requested.connect(self._on_send_test)
        self.account.changed.connect(self._on_account_changed)
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self._on_system_scheme)

        self._restore_settings()
        # Whether this start ends on the sandbox is known once the keyring has been read,
        # after the first paint. Guess now, so the first frame already looks like the next
        # (banner, channel): the sandbox when asked for, when it was the last profile used,
        # or on a first run without a key in the environment. finish_start decides.
        self._stored_profile = self.account.profile.name
        first_run = not self.settings.contains("currentProfile")
        if sandbox or (first_run and not os.environ.get(ENV_API_KEY)):
            self.account.profile = Profile(name=SANDBOX)  # provisional: no server started
        self.sandbox_banner.setText(
            self.tr(
                "Sandbox: sends go to a test server inside this app; nothing leaves this "
                "computer. Add your API key in Settings to send for real."
            )
        )
        self.sandbox_banner.setVisible(self.account.profile.is_sandbox)
        self.profile_combo.addItems(self.account.names())
        self.profile_combo.setCurrentText(self.account.profile.name)
        self._auto_channel = ""  # the channel last filled in from a profile
        self._saved = self.composer.message()
        self._apply_profile_defaults()
        # Connected once the form is filled: each filled field would redo the whole update.
        self.composer.changed.connect(self._on_changed)
        self._on_changed()
        self._open_sandbox = sandbox
        self._key_lookup: KeyLookup | None = None
        self._profile_settled = False
        after_first_paint(self, self.finish_start)

    @Slot()
    def finish_start(self) -> None:
        """What can wait until the window is on screen: the keyring, the sandbox, recovery.

        Runs once, right after the first paint (or earlier, when a send needs it). The
        keyring is asked in a helper process (KeyLookup); ``started`` is emitted once it answered
        and the profile is settled.
        """
        if self.started_up:
            return
        self.started_up = True
        # Imported here, not at the top: none of this is needed for the first paint.
        from rampwin_desktop.core.history import History
        from rampwin_desktop.core.upload_cache import UploadCache
        from rampwin_desktop.ui.history_panel import HistoryPanel
        from rampwin_desktop.ui.inbox import SandboxInbox
        from rampwin_desktop.ui.key_lookup import KeyLookup
        from rampwin_desktop.ui.recovery import Autosave
        from rampwin_desktop.ui.send_worker import SendController
        from rampwin_desktop.ui.sending import Sender

        self._fill_menus()
        self.composer.body.add_shortcuts()
        self.send_bar.add_shortcuts()
        self.autosave = Autosave(paths.config_dir(), self._current_for_autosave, self)
        self.history = History(paths.data_dir() / "history.sqlite3")
        self.controller = SendController(UploadCache(paths.data_dir() / "uploads.json"), self)
        self.sender_ = Sender(self.account, self.controller, self.history, self.send_bar, self)
        self.send_bar.cancel_requested.connect(self.sender_.cancel)
        self.sender_.needs_key.connect(self.open_settings)
        self.sender_.finished.connect(self._on_send_finished)
        self.inbox = SandboxInbox(self)
        self.account.sandbox_started.connect(self._show_where_sends_go)
        self.inbox.set_theme(resolve(self.theme_choice()))
        self.inbox_dock = self._dock(self.inbox, "inboxDock", self._inbox_placeholder)
        self.history_panel = HistoryPanel(self.history, self)
        self.history_dock = self._dock(self.history_panel, "historyDock", self._history_placeholder)
        self.history_panel.open_requested.connect(self._open_attempt)
        self.history_panel.send_again_requested.connect(self._open_attempt)
        stored = self._stored_profile
        if self._open_sandbox or stored == SANDBOX:
            self._settle_profile(SANDBOX)
        elif os.environ.get(ENV_API_KEY):
            self._settle_profile(stored)
        elif self.account.profiles.key_known_stored(stored):
            # It had a key last time: the keyring is asked when a send needs it (if the key
            # has gone since, the send says so and opens Settings).
            self._settle_profile(stored)
        else:
            # Whether the stored profile has a key: the keyring answers in a thread.
            self._key_lookup = KeyLookup(stored, self)
            self._key_lookup.answered.connect(self._on_key_answer)
            self._key_lookup.start()

    @Slot(bool, str)
    def _on_key_answer(self, found: bool, unavailable: str) -> None:
        if self._profile_settled:
            return  # settled already by a send that could not wait (_await_profile)
        if unavailable:
            self.account.secrets.mark_unavailable(unavailable)
        else:
            self.account.profiles.remember_key_stored(self._stored_profile, found)
        self._settle_profile(self._stored_profile if found else SANDBOX)

    def _settle_profile(self, name: str) -> None:
        """The last step of start-up: the profile is known; offer recovery; say started."""
        self._profile_settled = True
        self.account.choose(name)
        self._offer_recovery()
        self._report_moved_aside()
        self.composer.changed.connect(self.autosave.changed)
        self.started.emit()

    def _await_profile(self) -> None:
        """Finish start-up now: the user acted (send, profile, settings) before the keyring
        answered, and what they do depends on the profile."""
        self.finish_start()
        lookup = self._key_lookup
        if not self._profile_settled and lookup is not None:
            lookup.wait()
            self._on_key_answer(lookup.found, lookup.unavailable)

    # ------------------------------------------------------------------ menus

    def _build_menus(self) -> None:
        """The menu titles; their items are added after the first paint (_fill_menus)."""
        self.file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        self.view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.help_menu = self.menuBar().addMenu(self.tr("&Help"))

    def _fill_menus(self) -> None:
        from PySide6.QtGui import QKeySequence  # not at the top: see BodyEditor.add_shortcuts

        file_menu, edit_menu = self.file_menu, self.edit_menu
        self._add(file_menu, self.tr("&New"), QKeySequence.StandardKey.New, self.new_draft)
        self._add(
            file_menu, self.tr("&Open draft…"), QKeySequence.StandardKey.Open, self.open_draft
        )
        self.recent_menu = file_menu.addMenu(self.tr("Open &recent"))
        self._add(file_menu, self.tr("&Save"), QKeySequence.StandardKey.Save, self.save)
        self._add(file_menu, self.tr("Save &as…"), QKeySequence.StandardKey.SaveAs, self.save_as)
        file_menu.addSeparator()
        self._add(file_menu, self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close)

        self._add(edit_menu, self.tr("Copy as c&URL"), QKeySequence("Ctrl+Shift+C"), self.copy_curl)
        self._add(edit_menu, self.tr("Copy &JSON"), QKeySequence("Ctrl+Shift+J"), self.copy_json)
        self._add(
            edit_menu,
            self.tr("&Paste header image"),
            QKeySequence("Ctrl+Shift+V"),
            self.composer.header.paste,
        )
        self.reupload_action = labelled.action(
            self.tr("&Re-upload the header on the next send"), self
        )
        self.reupload_action.setObjectName("reuploadAction")
        self.reupload_action.setCheckable(True)
        self.reupload_action.toggled.connect(self._on_reupload_toggled)
        edit_menu.addAction(self.reupload_action)

        theme_menu = self.view_menu.addMenu(self.tr("Preview &theme"))
        from PySide6.QtGui import QActionGroup

        self.theme_group = QActionGroup(self)
        for choice, label in (
            (ThemeChoice.SYSTEM, self.tr("Follow the system")),
            (ThemeChoice.LIGHT, self.tr("Light")),
            (ThemeChoice.DARK, self.tr("Dark")),
        ):
            action = labelled.action(label, self)
            action.setCheckable(True)
            action.setData(choice.value)
            action.setChecked(choice is self.theme_choice())
            action.triggered.connect(self._on_theme_action)
            self.theme_group.addAction(action)
            theme_menu.addAction(action)

        self._add(self.help_menu, self.tr("&About"), None, self.about)
        self._fill_recent_menu()

    def _add(self, menu, text, shortcut, slot) -> QAction:  # type: ignore[no-untyped-def]
        action = labelled.action(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # ------------------------------------------------------------------ live updates

    @Slot()
    def _on_changed(self) -> None:
        message = self.composer.message()
        problems = validate(message)
        self.composer.show_problems(problems)
        self.preview.set_message(message)
        self.send_bar.set_problems([p for p in problems if p.severity is Severity.ERROR])
        self._update_title()

    def _report_moved_aside(self) -> None:
        """Say so, once, when a damaged settings or history file had to be set aside."""
        from PySide6.QtWidgets import QMessageBox

        moved = [
            str(p) for p in (self.settings.property("movedAside"), self.history.moved_aside) if p
        ]
        if moved:
            QMessageBox.warning(
                self,
                self.tr("A damaged file was set aside"),
                self.tr(
                    "These files could not be read and were kept aside, untouched; "
                    "the app started with fresh ones:\n%1"
                ).replace("%1", "\n".join(moved)),
            )

    def _current_for_autosave(self) -> tuple[Message, str]:
        return self.composer.message(), str(self.draft_path or "")

    def _offer_recovery(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        recovered = self.autosave.pending()
        if recovered is None:
            return
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(recovered.saved_at))
        answer = QMessageBox.question(
            self,
            self.tr("Restore your message?"),
            self.tr("%1 did not close properly. Restore the message you were writing (saved %2)?")
            .replace("%1", APP_NAME)
            .replace("%2", when),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.draft_path = Path(recovered.draft_path) if recovered.draft_path else None
            self.composer.set_message(recovered.message)
            self._update_title()  # shown as modified: it was never saved
            self.statusBar().showMessage(
                self.tr("Restored the message saved %1.").replace("%1", when)
            )
            self.autosave.save_now()
        else:
            self.autosave.discard()

    def is_modified(self) -> bool:
        return self.composer.message() != self._saved

    def _update_title(self) -> None:
        name = self.draft_path.name if self.draft_path else self.tr("Untitled")
        self.setWindowTitle(f"{name}[*] — {APP_NAME}")  # Qt shows [*] as * while modified
        self.setWindowModified(self.is_modified())

    # ------------------------------------------------------------------ files

    @Slot()
    def new_draft(self) -> None:
        if self._confirm_discard():
            self.draft_path = None
            self.composer.set_message(STARTER)
            self._saved = self.composer.message()
            self._apply_profile_defaults()

    @Slot()
    def open_draft(self) -> None:
        if not self._confirm_discard():
            return
        start = str(self.draft_path.parent) if self.draft_path else str(Path.home())
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getOpenFileName(self, self.tr("Open draft"), start, DRAFT_FILTER)
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> bool:
        from PySide6.QtWidgets import QMessageBox

        from rampwin_desktop.core import draft as drafts

        try:
            message = drafts.load_draft(path)
        except drafts.DraftError as exc:
            QMessageBox.warning(self, self.tr("Cannot open draft"), str(exc))
            return False
        self.draft_path = path
        self.composer.set_message(message)
        self._saved = self.composer.message()
        self._remember_recent(path)
        self._update_title()
        self.statusBar().showMessage(self.tr("Opened %1").replace("%1", str(path)), 5000)
        return True

    @Slot()
    def save(self) -> bool:
        if self.draft_path is None:
            return self.save_as()
        return self._write(self.draft_path)

    @Slot()
    def save_as(self) -> bool:
        start = str(self.draft_path) if self.draft_path else str(Path.home() / "message.json")
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save draft"), start, DRAFT_FILTER)
        if not name:
            return False
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".json")
        return self._write(path)

    def _write(self, path: Path) -> bool:
        from PySide6.QtWidgets import QMessageBox

        from rampwin_desktop.core import draft as drafts

        message = self.composer.message()
        try:
            drafts.save_draft(path, message)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Cannot save draft"),
                self.tr("%1 could not be saved: %2")
                .replace("%1", str(path))
                .replace("%2", exc.strerror or str(exc)),
            )
            return False
        self.draft_path = path
        self._saved = message
        self._remember_recent(path)
        self._update_title()
        self.statusBar().showMessage(self.tr("Saved %1").replace("%1", str(path)), 5000)
        return True

    def _confirm_discard(self) -> bool:
        from PySide6.QtWidgets import QMessageBox

        if not self.is_modified():
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("Save the changes to this message first?"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def _remember_recent(self, path: Path) -> None:
        import json

        recent = [str(path.resolve())] + [p for p in self._recent() if p != str(path.resolve())]
        self.settings.setValue("recentDrafts", json.dumps(recent[:MAX_RECENT]))
        self._fill_recent_menu()

    def _recent(self) -> list[str]:
        import json

        try:
            value = json.loads(str(self.settings.value("recentDrafts", "[]")))
        except ValueError:
            return []
        return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for item in self._recent():
            action = self.recent_menu.addAction(item)
            action.triggered.connect(lambda _=False, p=item: self._open_recent(Path(p)))
        self.recent_menu.setEnabled(bool(self._recent()))

    def _open_recent(self, path: Path) -> None:
        if self._confirm_discard():
            self.load(path)

    # ------------------------------------------------------------------ edit

    @Slot()
    def copy_curl(self) -> None:
        message = self.composer.message()
        errors = [p for p in validate(message) if p.severity is Severity.ERROR]
        if errors:
            self.statusBar().showMessage(
                self.tr("Fix the message first: %1").replace("%1", errors[0].message), 8000
            )
            return
        from rampwin_desktop.api.curl import curl_command

        QGuiApplication.clipboard().setText(curl_command(message, self.account.base_url()))
        self.statusBar().showMessage(
            self.tr("Copied the curl command; it reads the key from $RAMPWIN_API_KEY."), 5000
        )

    @Slot()
    def copy_json(self) -> None:
        import json

        from rampwin_desktop.core import draft as drafts
        from rampwin_desktop.core.payload import send_body

        message = self.composer.message()
        errors = [p for p in validate(message) if p.severity is Severity.ERROR]
        data = drafts.draft_dict(message) if errors else send_body(message)
        QGuiApplication.clipboard().setText(json.dumps(data, ensure_ascii=False, indent=2))
        self.statusBar().showMessage(
            self.tr("Copied the request body.")
            if not errors
            else self.tr("Copied the draft JSON (the message still has problems)."),
            5000,
        )

    # ------------------------------------------------------------------ sending

    @Slot()
    def _on_send(self) -> None:
        self._await_profile()
        self.sender_.send(self.composer.message())

    @Slot()
    def _on_send_test(self) -> None:
        self._await_profile()
        self.sender_.send(self.composer.message(), to_self=True)

    @Slot(bool)
    def _on_reupload_toggled(self, checked: bool) -> None:
        self.sender_.force_upload = checked

    @Slot(bool)
    def _on_send_finished(self, sent: bool) -> None:
        self.reupload_action.setChecked(self.sender_.force_upload)
        self.history_panel.refresh()
        self.inbox.refresh()

    @Slot(object)
    def _open_attempt(self, attempt: Attempt) -> None:
        """Open a past attempt as a new draft; sending it again is one more click."""
        from PySide6.QtWidgets import QMessageBox

        from rampwin_desktop.core import draft as drafts

        if not self._confirm_discard():
            return
        try:
            message = drafts.message_from_draft(attempt.body)
        except drafts.DraftError as exc:
            QMessageBox.warning(self, self.tr("Cannot open this attempt"), str(exc))
            return
        self.draft_path = None
        self.composer.set_message(message)
        self._update_title()

    # ------------------------------------------------------------------ profiles and settings

    def _build_toolbar(self) -> None:
        toolbar = self.addToolBar(self.tr("Profile"))
        toolbar.setObjectName("profileToolbar")
        toolbar.addWidget(QLabel(self.tr(" Profile: "), self))
        toolbar.addWidget(self.profile_combo)
        settings_action = toolbar.addAction(self.tr("Settings…"))
        settings_action.setObjectName("settingsAction")
        settings_action.triggered.connect(self.open_settings)
        new_profile = toolbar.addAction(self.tr("New profile…"))
        new_profile.setObjectName("newProfileAction")
        new_profile.triggered.connect(self.new_profile)
        # The docks are made after the first paint; until then these stand in for their
        # toggles, with the same text, so the toolbar does not shift when they arrive.
        self._inbox_placeholder = toolbar.addAction(self.tr("Sandbox inbox"))
        self._history_placeholder = toolbar.addAction(self.tr("History"))
        for placeholder in (self._inbox_placeholder, self._history_placeholder):
            placeholder.setEnabled(False)
        self.toolbar = toolbar
        self.profile_combo.activated.connect(self._on_profile_chosen)

    def _dock(self, widget: QWidget, name: str, placeholder: QAction) -> QDockWidget:
        from PySide6.QtWidgets import QDockWidget

        dock = QDockWidget(placeholder.text(), self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        dock.hide()
        self.toolbar.insertAction(placeholder, dock.toggleViewAction())
        self.toolbar.removeAction(placeholder)
        return dock

    @Slot(int)
    def _on_profile_chosen(self, index: int) -> None:
        self._await_profile()  # else the keyring's late answer would undo the user's pick
        self.account.choose(self.profile_combo.itemText(index))

    @Slot()
    def new_profile(self) -> None:
        self.open_settings(Profile(name=""))

    @Slot()
    def open_settings(self, profile: Profile | None = None) -> None:
        """Edit a profile (the current one; the first real one while on the sandbox)."""
        self._await_profile()
        if profile is None:
            profile = self.account.profile
            if profile.is_sandbox:
                profile = self.account.profiles.load(self.account.profiles.names()[0])
        from rampwin_desktop.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(profile, self.account.secrets, self)
        if dialog.exec():
            self.account.save_profile(dialog.profile)
            if self.account.has_key(dialog.profile.name):
                self.account.choose(dialog.profile.name)

    def _apply_profile_defaults(self) -> None:
        """Fill the channel from the profile (unless typed or loaded); an untouched message
        also takes the profile's flags."""
        profile = self.account.profile
        untouched = not self.is_modified()
        destination = self.composer.destination
        if destination.channel.text() in ("", self._auto_channel):
            self._auto_channel = profile.channel_id or ("sandbox" if profile.is_sandbox else "")
            destination.channel.setText(self._auto_channel)
        if untouched:
            destination.hide_from_chat.setChecked(profile.hide_from_chat)
            destination.dont_show.setChecked(profile.dont_show_in_chat_list)
            self._saved = self.composer.message()
            self._update_title()

    @Slot()
    def _on_account_changed(self) -> None:
        account = self.account
        self.profile_combo.clear()
        self.profile_combo.addItems(account.names())
        self.profile_combo.setCurrentText(account.profile.name)
        sandbox = account.profile.is_sandbox
        self.inbox_dock.toggleViewAction().setEnabled(sandbox)
        self.sandbox_banner.setVisible(sandbox)
        self._apply_profile_defaults()
        self._show_where_sends_go()

    @Slot()
    def _show_where_sends_go(self) -> None:
        """The status note and the inbox's server: after a profile change, and once the
        sandbox has started (at its first use)."""
        account = self.account
        self.inbox.set_server(account.sandbox_running if account.profile.is_sandbox else None)
        notes = [note] if (note := account.note()) else []
        if account.secrets.unavailable:
            notes.append(account.secrets.unavailable)
        self.status_note.setText("  ".join(notes))

    # ------------------------------------------------------------------ theme, settings, closing

    def theme_choice(self) -> ThemeChoice:
        try:
            return ThemeChoice(str(self.settings.value("theme", ThemeChoice.SYSTEM.value)))
        except ValueError:
            return ThemeChoice.SYSTEM

    def set_theme_choice(self, choice: ThemeChoice) -> None:
        self.settings.setValue("theme", choice.value)
        if self.started_up:
            for action in self.theme_group.actions():
                action.setChecked(action.data() == choice.value)
        self._apply_theme()

    def _apply_theme(self) -> None:
        theme = resolve(self.theme_choice())
        self.preview.set_theme(theme)
        if self.started_up:
            self.inbox.set_theme(theme)

    @Slot()
    def _on_theme_action(self) -> None:
        action = self.theme_group.checkedAction()
        if action is not None:
            self.set_theme_choice(ThemeChoice(action.data()))

    @Slot()
    def _on_system_scheme(self) -> None:
        if self.theme_choice() is ThemeChoice.SYSTEM:
            self._apply_theme()  # the preview and the sandbox inbox

    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 800)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        self._apply_theme()

    def closeEvent(self, event: QCloseEvent) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self.started_up and self.controller.running:
            answer = QMessageBox.question(
                self,
                self.tr("A send is in progress"),
                self.tr("Cancel the send in progress and close?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self.controller.stop()
        if not self._confirm_discard():
            event.ignore()
            return
        if self._key_lookup is not None:
            self._key_lookup.stop()  # its helper may still be asking: no answer is wanted
        settled, self._profile_settled = self._profile_settled, True  # no sandbox after this
        self.account.stop_sandbox()
        if self.started_up:
            self.history.close()
        if settled and self.started_up:  # before, a crash's autosave has not been offered yet
            self.autosave.discard()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.sync()
        event.accept()

    @Slot()
    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            self.tr("About %1").replace("%1", APP_NAME),
            f"<b>{APP_NAME}</b> {__version__}<br><br>"
            + self.tr(
                "Compose, preview and send WhatsApp interactive button messages "
                "through the Rampwin API."
            )
            + "<br><br>"
            + self.tr(
                "Built with Qt for Python (PySide6, LGPLv3), requests (Apache 2.0), "
                "keyring (MIT) and phonenumbers (Apache 2.0). "
            )
            + '<a href="https://doc.qt.io/qtforpython-6/licenses.html">Qt licences</a>',
        )
