"""Settings for one profile: key (keyring only), address, channel, own number, defaults."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from rampwin_desktop.app import profiles as profile_rules
from rampwin_desktop.app.defaults import home_region
from rampwin_desktop.storage.keystore import Secret
from rampwin_desktop.storage.profiles import Profile
from rampwin_desktop.ui import background, dialogs, header_fit, palette
from rampwin_desktop.ui.fields import ProblemLabel, push_button

if TYPE_CHECKING:
    from collections.abc import Callable

    from rampwin_desktop.ui.account import Account

log = logging.getLogger(__name__)
T = TypeVar("T")


def fit_placeholder(field: QLineEdit) -> None:
    """Make ``field`` at least wide enough to show its placeholder whole, in any font."""
    metrics = field.fontMetrics()
    # Qt's own size hint is room for 17 "x" plus the frame and margins: keep the extras.
    extras = field.sizeHint().width() - 17 * metrics.horizontalAdvance("x")
    room = metrics.horizontalAdvance(field.placeholderText()) + metrics.averageCharWidth()
    field.setMinimumWidth(room + extras)


class SettingsDialog(QDialog):
    """Edit ``profile`` (a new one when its name is empty); on Save it is checked, stored
    and its key and cookie go to the keyring (``app/profiles.py``)."""

    def __init__(self, profile: Profile, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(
            self.tr("Settings — %1").replace("%1", profile.name)
            if profile.name
            else self.tr("New profile")
        )
        self.profile = profile
        self.account = account
        secrets = account.secrets
        self._forget = False
        self._saving: background.BackgroundTask | None = None

        self.name_edit = QLineEdit(profile.name, self)
        self.name_edit.setObjectName("profileNameEdit")
        self.key_edit = QLineEdit(self)
        self.key_edit.setObjectName("apiKeyEdit")
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setAccessibleName(self.tr("API key"))
        # As last seen: asking the keyring here could hold the dialog up.
        in_keyring = bool(profile.name) and account.profiles.key_known_stored(profile.name)
        in_memory = bool(profile.name) and secrets.remembers(Secret.API_KEY, profile.name)
        stored = in_keyring or in_memory
        self.key_edit.setPlaceholderText(
            self.tr("Stored in the system keyring")
            if in_keyring
            else self.tr("Kept for this session only")
            if in_memory
            else self.tr("Paste your Rampwin API key")
        )
        self.show_key = push_button(self.tr("Show"), self)
        self.show_key.setObjectName("showKeyButton")
        self.show_key.setCheckable(True)
        self.forget_key = push_button(self.tr("Forget key"), self)
        self.forget_key.setObjectName("forgetKeyButton")
        self._can_forget = bool(stored)
        self.forget_key.setEnabled(self._can_forget)
        self.base_url_edit = QLineEdit(profile.base_url, self)
        self.base_url_edit.setObjectName("baseUrlEdit")
        self.cookie_edit = QLineEdit(self)
        self.cookie_edit.setObjectName("cookieEdit")
        self.cookie_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.cookie_edit.setPlaceholderText(
            self.tr("Optional, e.g. AWSALB=…; stored in the keyring")
        )
        self.channel_edit = QLineEdit(profile.channel_id, self)
        self.channel_edit.setObjectName("defaultChannelEdit")
        self.own_number_edit = QLineEdit(profile.own_number, self)
        self.own_number_edit.setObjectName("ownNumberEdit")
        self.own_number_edit.setPlaceholderText(self.tr("Your WhatsApp number, for tests"))
        self.hide_check = QCheckBox(self.tr("Hide from chat by default"), self)
        self.hide_check.setChecked(profile.hide_from_chat)
        self.dont_show_check = QCheckBox(self.tr("Don't show in chat list by default"), self)
        self.dont_show_check.setChecked(profile.dont_show_in_chat_list)
        # For every profile: a picture's GPS position reaches every recipient if kept.
        self.keep_metadata_check = QCheckBox(
            self.tr("Keep location and camera data in pictures (EXIF, XMP, IPTC)"), self
        )
        self.keep_metadata_check.setObjectName("keepMetadataCheck")
        self.keep_metadata_check.setChecked(account.profiles.settings.keep_metadata())
        self.problem = ProblemLabel(self)
        for field in (self.key_edit, self.cookie_edit, self.own_number_edit):
            fit_placeholder(field)
        self.keyring_note = QLabel(self)
        self.keyring_note.setObjectName("keyringNote")
        self.keyring_note.setWordWrap(True)
        palette.shade(self.keyring_note, "caution")
        self._show_keyring()
        account.changed.connect(self._show_keyring)
        account.check_keyring()  # said before a key is typed, if there is no keyring
        self.saving_note = QLabel(
            self.tr("Saving… (the system keyring may ask to be unlocked)"), self
        )
        self.saving_note.setObjectName("savingNote")
        self.saving_note.hide()
        # From the Sandbox, the profile edited is another one: say which, and why.
        self.intro = QLabel(
            self.tr(
                "The Sandbox needs no key. To send for real, fill in your Rampwin account "
                "here: it is kept as a profile, under the name given below, and the window "
                "uses it once its key is saved."
            ),
            self,
        )
        self.intro.setObjectName("settingsIntro")
        self.intro.setWordWrap(True)
        self.intro.setVisible(account.profile.is_sandbox)

        key_row = QHBoxLayout()
        key_row.addWidget(self.key_edit, 1)
        key_row.addWidget(self.show_key)
        key_row.addWidget(self.forget_key)
        form = QFormLayout()
        form.addRow(self.tr("Profile name"), self.name_edit)
        form.addRow(self.tr("API key"), key_row)
        form.addRow(self.tr("Base URL"), self.base_url_edit)
        form.addRow(self.tr("Cookie"), self.cookie_edit)
        form.addRow(self.tr("Channel id"), self.channel_edit)
        form.addRow(self.tr("My number"), self.own_number_edit)
        form.addRow("", self.hide_check)
        form.addRow("", self.dont_show_check)
        form.addRow("", self.keep_metadata_check)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.deleted = False  # the profile was deleted (the dialog then closes as accepted)
        self.delete_button = push_button(self.tr("Delete profile…"), self)
        self.delete_button.setObjectName("deleteProfileButton")
        self.delete_button.setToolTip(self.tr("Remove this profile, and its key from the keyring"))
        self.delete_button.setVisible(account.profiles.exists(profile.name))
        self.delete_button.clicked.connect(self._on_delete)
        column = QVBoxLayout(self)
        column.addWidget(self.intro)
        column.addLayout(form)
        column.addWidget(self.keyring_note)
        column.addWidget(self.problem)
        column.addWidget(self.saving_note)
        # Room left when a problem goes is left below: the fields stay under the pointer (a
        # newcomer typed a key into the name field that had moved there).
        column.addStretch(1)
        bottom = QHBoxLayout()  # Delete at the far left, away from Save
        bottom.addWidget(self.delete_button)
        bottom.addWidget(buttons, 1)
        column.addLayout(bottom)

        for field in (self.name_edit, self.base_url_edit, self.channel_edit, self.own_number_edit):
            field.textChanged.connect(self._recheck)
        self.show_key.toggled.connect(self._toggle_key)
        self.forget_key.clicked.connect(self._on_forget)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        if profile.name and not account.key_known(profile.name):
            self.key_edit.setFocus()  # what is missing (the banner's "add it in Settings")

    @Slot()
    def _show_keyring(self) -> None:
        said = self.account.secrets.unavailable
        self.keyring_note.setText(said or "")
        self.keyring_note.setVisible(bool(said))

    def _toggle_key(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.key_edit.setEchoMode(mode)
        self.show_key.setText(self.tr("Hide") if shown else self.tr("Show"))

    def _on_forget(self) -> None:
        self._forget = True
        self.key_edit.clear()
        self.key_edit.setPlaceholderText(self.tr("Removed when you save"))
        self._can_forget = False
        self.forget_key.setEnabled(False)
        self.key_edit.setFocus()  # not the next field, whose text a keypress would replace

    @Slot()
    def _on_delete(self) -> None:
        """Asked first; then the profile and its keyring entries go, in a background
        thread (the keyring may be slow or ask to be unlocked), as Save stores them."""
        name = self.profile.name
        if self._saving is not None or not dialogs.confirm(
            self,
            self.tr("Delete the profile?"),
            self.tr("Delete the profile “%1”?").replace("%1", name),
            self.tr(
                "Its API key and cookie are taken out of the keyring. Drafts and the history "
                "of its sends stay."
            )
            if self.account.secrets.unavailable is None
            else self.tr(  # no keyring (the banner says so): the key was this session's
                "Its API key, kept for this session only, is forgotten. Drafts and the history "
                "of its sends stay."
            ),
            None,
        ):
            self.activateWindow()  # back to the fields (not every platform gives it back)
            return
        secrets, profiles = self.account.secrets, self.account.profiles
        self._store(lambda: profile_rules.delete(name, secrets, profiles), self._on_deleted)

    @Slot(object)
    def _on_deleted(self, _found: object) -> None:
        self._saving = None
        self.deleted = True
        self.account.deleted(self.profile.name)
        super().accept()

    def accept(self) -> None:
        """Save: checked and stored in a background thread (the keyring may be slow or ask
        to be unlocked); the dialog closes once all is stored, or shows what is wrong."""
        if self._saving is not None:
            return
        edit = profile_rules.Edit(
            original=self.profile.name,
            profile=self._edited(),
            api_key=self.key_edit.text().strip(),
            cookie=self.cookie_edit.text().strip(),
            forget_key=self._forget,
            home=self._home(),
        )
        secrets, profiles = self.account.secrets, self.account.profiles
        self._store(lambda: profile_rules.store_edit(edit, secrets, profiles), self._on_stored)

    def _store(self, work: Callable[[], T], done: Callable[[T], None]) -> None:
        """``work`` (the profile and its keyring entries) in a background thread, the
        dialog's fields held meanwhile; ``done`` with its result, or what went wrong said."""
        self._saving = background.BackgroundTask(work, self)
        self._saving.succeeded.connect(done)
        self._saving.failed.connect(self._on_not_stored)
        self._set_saving(True)
        self._saving.start()

    def _edited(self) -> Profile:
        return Profile(
            name=self.name_edit.text().strip(),
            base_url=self.base_url_edit.text(),
            channel_id=self.channel_edit.text(),
            own_number=self.own_number_edit.text(),
            hide_from_chat=self.hide_check.isChecked(),
            dont_show_in_chat_list=self.dont_show_check.isChecked(),
        )

    def _home(self) -> str:
        return home_region(Profile(""), self.account.system_locale())  # the system's

    @Slot()
    def _recheck(self) -> None:
        """Once Save has said what is wrong, each edit says it again: a problem fixed goes
        at once (it stayed until the next Save, as if the fix had not worked)."""
        if self.problem.isHidden() or self._saving is not None:
            return
        profiles = self.account.profiles
        try:
            profile_rules.checked_edit(self._edited(), self.profile.name, profiles, self._home())
        except profile_rules.ProfileError as error:
            self.problem.set_problems(error.problems)
        else:
            self.problem.set_problems([])

    def reject(self) -> None:
        if self._saving is None:  # while saving, the keyring's answer is awaited
            super().reject()

    @Slot(object)
    def _on_stored(self, stored: Profile) -> None:
        self._saving = None
        self.profile = stored
        self.account.saved(stored)
        settings = self.account.profiles.settings
        if settings.keep_metadata() != self.keep_metadata_check.isChecked():
            settings.set_keep_metadata(self.keep_metadata_check.isChecked())
            header_fit.metadata_choice().changed.emit()  # the header picker's note
        self.key_edit.clear()  # the key does not linger in a widget
        self.cookie_edit.clear()
        super().accept()

    @Slot(object)
    def _on_not_stored(self, error: Exception) -> None:
        self._saving = None
        self._set_saving(False)
        if isinstance(error, profile_rules.ProfileError):
            self.problem.set_problems(error.problems)
            self._grow_to_fit()
            return
        log.error("saving or deleting the profile failed", exc_info=error)
        said = self.tr("The profile could not be changed (%1); the log has the details.")
        self.problem.set_problems([said.replace("%1", type(error).__name__)])

    def _grow_to_fit(self) -> None:
        """Taller for the problems now said: a dialog's minimum size does not count the
        lines of word-wrapped text, so its fields were squeezed to a sliver instead."""
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            needed = layout.totalHeightForWidth(self.width())
            if needed > self.height():
                self.resize(self.width(), needed)

    def _set_saving(self, saving: bool) -> None:
        for field in self.findChildren(QWidget):
            if field is not self.saving_note:
                field.setEnabled(not saving)
        self.forget_key.setEnabled(not saving and self._can_forget)
        if saving:
            self.problem.set_problems([])
        self.saving_note.setVisible(saving)
