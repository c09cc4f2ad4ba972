"""The main window: the form, the live preview and the send bar, with menus and docks.

Layout and wiring only. What each part does lives in its own module: the draft file
(``drafts``), sending (``send_presenter``), profiles (``profile_controls``), the docks,
the theme, exports, and the part of start-up that waits for the first paint (``start``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QTimer, Slot
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QSplitter, QVBoxLayout, QWidget

from rampwin_desktop.app.defaults import region_for
from rampwin_desktop.core.validation import errors, validate
from rampwin_desktop.storage import paths
from rampwin_desktop.storage.history import open_history
from rampwin_desktop.storage.keystore import SessionSecrets
from rampwin_desktop.storage.profiles import ProfileStore
from rampwin_desktop.storage.settings import open_settings
from rampwin_desktop.ui import batch_dialog, boot, dialogs, keys_help, preview_images, window_state
from rampwin_desktop.ui.account import Account
from rampwin_desktop.ui.account_banner import AccountBanner
from rampwin_desktop.ui.composer import ComposerForm
from rampwin_desktop.ui.docks import Docks
from rampwin_desktop.ui.drafts import STARTER, DraftFiles
from rampwin_desktop.ui.edit_commands import EditCommands
from rampwin_desktop.ui.exports import Exports
from rampwin_desktop.ui.form_column import FormColumn
from rampwin_desktop.ui.menus import WindowCommands
from rampwin_desktop.ui.preview import PreviewView
from rampwin_desktop.ui.profile_controls import ProfileControls
from rampwin_desktop.ui.recovery import Autosave
from rampwin_desktop.ui.send_again import SendAgain
from rampwin_desktop.ui.send_bar import SendBar
from rampwin_desktop.ui.send_presenter import SendPresenter
from rampwin_desktop.ui.start import StartSequence
from rampwin_desktop.ui.status_line import add_status_line, say_for
from rampwin_desktop.ui.theme import ChatTheme, ThemeChoice
from rampwin_desktop.ui.theme_control import ThemeControl

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

STATUS_MS = 5000


class MainWindow(QMainWindow):
    def __init__(self, parent: QWidget | None = None, *, sandbox: bool = False) -> None:
        super().__init__(parent)
        self.settings = open_settings()
        self.theme = ThemeControl(self.settings, self)  # the palette, before any widget
        self.account = Account(ProfileStore(self.settings), SessionSecrets(), self)
        self.history = open_history()
        self.composer = ComposerForm(self)
        self.composer.set_message(STARTER)
        self.preview = PreviewView(self)
        self.send_bar = SendBar(self)
        self.drafts = DraftFiles(self.composer, self.settings, self)
        self.autosave = Autosave(
            paths.recovery_dir(), paths.recovery_file(), self.drafts.current, self
        )
        self.sending = SendPresenter(self.account, self.history, self.send_bar, self)
        self.start = StartSequence(
            self, self.account, self.drafts, self.autosave, self.history, sandbox=sandbox
        )
        self.profiles = ProfileControls(self, self.account, self.start)
        self.docks = Docks(self, self.account, self.history, self.theme.theme())
        self.exports = Exports(self.composer, self.account, self)
        self.commands = WindowCommands(self)
        self.editing = EditCommands(self, self.commands, self.composer)
        self._close_after_send = False  # the user closed the window during a send
        self._build_layout()
        self._build_toolbar()
        self.recent_menu = self.commands.build_menus(self.docks.toggles())
        self._wire()
        window_state.restore(self, self.splitter, self.settings)
        self._show_theme(self.theme.theme())
        self.commands.show_theme(self.theme.choice())
        self._fill_recent_menu()
        self._on_account_changed()
        # Connected once the form is filled: each filled field would redo the whole update.
        self.composer.changed.connect(self._on_changed)
        self._on_changed()
        self.composer.body.write_here()  # where a message is written; Tab order is the form's
        # Last: until then no Python filter sees the window's events (ui/boot.py, measure 5).
        boot.after_first_paint(self, self.start.begin)
        boot.after_first_paint(self, self.theme.follow_system)
        boot.after_first_paint(self, self.editing.watch_clipboard)
        boot.after_first_paint(self, lambda: add_status_line(self))

    # ------------------------------------------------------------------ building

    def _build_layout(self) -> None:
        self.form_column = left = FormColumn(self.composer, self)
        self.form_scroll = left.scroll_area
        self.splitter = QSplitter(parent=self)  # horizontal (ui/boot.py, measure 7)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 0)  # the preview keeps a phone's width (its hint)
        self.splitter.setChildrenCollapsible(False)
        self.account_banner = AccountBanner(self)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(6, 6, 6, 0)
        column.addWidget(self.account_banner)
        middle = QHBoxLayout()  # the room beyond the form's and the preview's widest: around
        middle.addStretch(0)
        middle.addWidget(self.splitter, 1)
        middle.addStretch(0)
        column.addLayout(middle, 1)
        column.addWidget(self.send_bar)
        self.setCentralWidget(central)

    def _build_toolbar(self) -> None:
        toolbar = self.addToolBar(self.tr("Profile"))
        toolbar.setObjectName("profileToolbar")
        toolbar.addWidget(self.profiles.label)
        toolbar.addWidget(self.profiles.combo)
        toolbar.addActions([self.commands.settings, self.commands.new_profile])
        toolbar.addSeparator()
        toolbar.addActions(self.docks.toggles())

    def _wire(self) -> None:
        commands, drafts = self.commands, self.drafts
        commands.new_draft.triggered.connect(self._new_draft)
        commands.open_draft.triggered.connect(drafts.open)
        commands.save.triggered.connect(drafts.save)
        commands.save_as.triggered.connect(drafts.save_as)
        commands.quit.triggered.connect(self.close)
        commands.send_to_list.triggered.connect(lambda: batch_dialog.open_for(self))
        commands.resume_batch.triggered.connect(lambda: batch_dialog.open_for(self, resume=True))
        commands.copy_curl.triggered.connect(self.exports.copy_curl)
        commands.copy_json.triggered.connect(self.exports.copy_json)
        commands.copy_python.triggered.connect(self.exports.copy_python)
        commands.copy_javascript.triggered.connect(self.exports.copy_javascript)
        images = self.preview_images = preview_images.PreviewImages(self, self.preview, drafts)
        commands.export_preview.triggered.connect(images.export_png)
        commands.copy_preview_image.triggered.connect(images.copy_image)
        images.status.connect(self._show_status)
        commands.paste_header.triggered.connect(self.composer.header.paste)
        self.composer.header.fit.noted.connect(self.preview.set_header_note)
        commands.reupload.toggled.connect(self._on_reupload_toggled)
        commands.settings.triggered.connect(self.profiles.open_settings)
        commands.new_profile.triggered.connect(self.profiles.new_profile)
        commands.about.triggered.connect(lambda: dialogs.about_app(self))
        commands.keys_help.triggered.connect(lambda: keys_help.show(self))
        commands.open_logs.triggered.connect(lambda: dialogs.open_folder(self, paths.log_dir()))
        commands.open_data.triggered.connect(lambda: dialogs.open_folder(self, paths.data_dir()))
        commands.themes.triggered.connect(self._on_theme_action)
        drafts.status.connect(self._show_status)
        drafts.replaced.connect(self.send_bar.clear_result)
        drafts.replaced.connect(self.form_column.to_top)
        drafts.recent_changed.connect(self._fill_recent_menu)
        self.exports.status.connect(self._show_status)
        self.profiles.status.connect(self._show_status)
        self.theme.changed.connect(self._show_theme)
        self.send_bar.send_requested.connect(self._on_send)
        self.send_bar.send_test_requested.connect(self._on_send_test)
        self.send_bar.problem_chosen.connect(self._go_to_problem)
        self.sending.finished.connect(self._on_send_finished)
        self.sending.needs_key.connect(self.profiles.open_settings)
        self.sending.confirm_header_file = drafts.confirm_header_file
        self.account_banner.settings_requested.connect(self.profiles.open_settings)
        self.account.changed.connect(self._on_account_changed)
        self.account.changed.connect(self._on_changed)  # where it goes: its header link
        self.account.sandbox_started.connect(self._show_account)
        self.docks.open_attempt.connect(drafts.open_attempt)
        resend = SendAgain(self, self.account, drafts, self.send_bar)
        self.docks.send_again.connect(resend.run)
        self.preview.follow_sandbox(lambda: self.account.sandbox_running)

    # ------------------------------------------------------------------ reacting

    @Slot()
    def _on_changed(self) -> None:
        message = self.composer.message()
        region = region_for(message, self.account.profile, self.account.system_locale())
        problems = validate(message, home_region=region, server=self.account.destination())
        problems = self.composer.show_problems(problems)  # as the form says them
        self.preview.set_message(message)
        self.send_bar.set_problems(errors(problems))
        self.send_bar.message_changed(message)
        self.drafts.update_title()

    @Slot()
    def _new_draft(self) -> None:
        if self.drafts.new():
            self.drafts.apply_profile_defaults(self.account.profile)  # its channel and flags

    @Slot()
    def _on_send(self) -> None:
        message = self.composer.message()
        self.start.when_settled(lambda: self.sending.send(message))

    @Slot()
    def _on_send_test(self) -> None:
        message = self.composer.message()
        self.start.when_settled(lambda: self.sending.send(message, to_self=True))

    @Slot(str)
    def _go_to_problem(self, field: str) -> None:
        widget = self.composer.field_widget(field)
        self.form_scroll.ensureWidgetVisible(widget)
        widget.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)

    @Slot(bool)
    def _on_reupload_toggled(self, checked: bool) -> None:
        self.sending.force_upload = checked

    @Slot(bool)
    def _on_send_finished(self, sent: bool) -> None:
        self.commands.reupload.setChecked(self.sending.force_upload)
        self.docks.refresh()
        self._show_account()  # the keyring may have stopped answering
        if self._close_after_send:
            QTimer.singleShot(0, self.close)  # after the other receivers of ``finished``

    @Slot()
    def _on_account_changed(self) -> None:
        self.send_bar.clear_result()  # it was another profile's
        self._show_account()

    @Slot()
    def _show_account(self) -> None:
        self.account_banner.show_account(self.account)
        self.send_bar.set_key_missing(self.account.needs_key())
        self.drafts.apply_profile_defaults(self.account.profile)

    @Slot(object)
    def _on_theme_action(self, action: object) -> None:
        checked = self.commands.themes.checkedAction()
        if checked is not None:
            self.theme.choose(ThemeChoice(checked.data()))

    @Slot(object)
    def _show_theme(self, theme: ChatTheme) -> None:
        self.preview.set_theme(theme)
        self.docks.set_theme(theme)

    @Slot(str)
    def _show_status(self, text: str) -> None:
        say_for(STATUS_MS, self, text)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for item in self.drafts.recent():
            action = self.recent_menu.addAction(item)
            action.triggered.connect(lambda _=False, path=item: self.drafts.open_recent(Path(path)))
        self.recent_menu.setEnabled(not self.recent_menu.isEmpty())

    # ------------------------------------------------------------------ window state

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.docks.refresh_history()
            if self.start.finished:  # not at the first showing: that is checked already
                self._on_changed()  # a header file may have been moved or deleted meanwhile
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._send_stopped_for_closing() or not self.drafts.confirm_discard():
            event.ignore()
            return
        self.start.stop()
        self.preview_images.stop()
        self.exports.stop()
        self.theme.stop()
        self.account.stop()
        self.history.close()
        self.autosave.discard()  # its own file only
        window_state.save(self, self.splitter, self.settings)
        event.accept()

    def _send_stopped_for_closing(self) -> bool:
        """True when no send is running. Else, if the user agrees, the send is stopped and
        the window closes once its thread has ended, without waiting for it here."""
        if not self.sending.running:
            return True
        if not self._close_after_send:
            answer = dialogs.ask(
                self,
                self.tr("A send is in progress"),
                self.tr(
                    "Stop the send in progress and close? A message already on its way "
                    "cannot be called back; the window closes once the send has ended."
                ),
                (dialogs.Answer.YES, dialogs.Answer.NO),
                dialogs.Answer.NO,
            )
            if answer is dialogs.Answer.YES:
                self._close_after_send = True
                self.sending.cancel()
                self._show_status(self.tr("Closing once the send in progress has ended…"))
        return False
