"""The profile the window sends from: the toolbar's chooser, Settings and New profile."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QComboBox, QLabel

from rampwin_desktop.storage.profiles import DEFAULT_PROFILE, SANDBOX, Profile
from rampwin_desktop.ui import boot, settings_dialog

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from rampwin_desktop.ui.account import Account
    from rampwin_desktop.ui.start import StartSequence


class ProfileControls(QObject):
    status = Signal(str)  # what Settings did, for the status bar

    def __init__(self, window: QMainWindow, account: Account, start: StartSequence) -> None:
        super().__init__(window)
        self.window = window
        self.account = account
        self.start = start
        self.combo = QComboBox(window)
        self.combo.setObjectName("profileCombo")
        self.combo.setAccessibleName(self.tr("Profile"))
        # As wide as its longest name, as profiles come and go (not as on its first showing).
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.label = QLabel(self.tr(" Profile: "), window)
        self.label.setBuddy(self.combo)
        self.combo.activated.connect(self._on_chosen)
        account.changed.connect(self.show_profiles)
        self.show_profiles()

    @Slot()
    def show_profiles(self) -> None:
        self.combo.clear()
        for index, name in enumerate(self.account.names()):
            self.combo.addItem(name)
            self.combo.setItemData(index, self._key_state(name), boot.TOOL_TIP_ROLE)
        self.combo.setCurrentText(self.account.profile.name)
        self.combo.setToolTip(self._key_state(self.account.profile.name))

    def _key_state(self, name: str) -> str:
        if name == SANDBOX:
            return self.tr("The test server built into this app: nothing leaves this computer")
        if self.account.key_known(name):
            return self.tr("“%1”: an API key is stored").replace("%1", name)
        return self.tr("“%1”: no API key stored: add it in Settings").replace("%1", name)

    @Slot(int)
    def _on_chosen(self, index: int) -> None:
        self.start.user_decides()  # else the keyring's late answer would undo the user's pick
        self.account.choose(self.combo.itemText(index))

    @Slot()
    def open_settings(self) -> None:
        """Edit the current profile. On the sandbox: the first profile to fill in, or a new
        one once profiles exist (not another profile's key, unasked)."""
        profile = self.account.profile
        if profile.is_sandbox:
            stored = self.account.profiles.stored_names()
            profile = self.account.profiles.load(DEFAULT_PROFILE) if not stored else Profile("")
        self.edit(profile)

    @Slot()
    def new_profile(self) -> None:
        self.edit(Profile(name=""))

    def edit(self, profile: Profile) -> None:
        self.start.user_decides()
        current = profile.name == self.account.profile.name
        dialog = settings_dialog.SettingsDialog(profile, self.account, self.window)
        if not dialog.exec():
            return
        name = dialog.profile.name
        if dialog.deleted:
            said = self.tr("Deleted the profile “%1”; the window sends from “%2”.")
            self.status.emit(said.replace("%1", name).replace("%2", self.account.profile.name))
            return
        if (current and name != profile.name) or self.account.key_known(name):
            self.account.choose(name)  # renamed, or now able to send
        said = (  # a new profile not chosen (no key yet) would otherwise be saved unseen
            self.tr("Saved the profile “%1”; the window sends from it.")
            if self.account.profile.name == name
            else self.tr("Saved the profile “%1”. Add its API key to send from it.")
        )
        self.status.emit(said.replace("%1", name))
