"""The line under the toolbar that says where sends go and what is missing to send: the
sandbox, a profile with no API key stored, a key or address taken from the environment, a
keyring that is not there. Full sentences, wrapped, never cut; a link opens Settings."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QTextDocumentFragment

from rampwin_desktop.app import credentials
from rampwin_desktop.app.credentials import ENV_API_KEY, ENV_BASE_URL
from rampwin_desktop.ui import boot, palette
from rampwin_desktop.ui.rounded import RoundedLabel

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from rampwin_desktop.ui.account import Account

SETTINGS_LINK = "settings"


class AccountBanner(RoundedLabel):
    settings_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, padding=(9, 6))
        self.setObjectName("accountBanner")
        self.setWordWrap(True)
        boot.set_qt_properties(  # Tab to the link, then Enter
            self,
            textFormat="RichText",
            textInteractionFlags="LinksAccessibleByMouse|LinksAccessibleByKeyboard",
        )
        self.linkActivated.connect(self._on_link)
        self._account: Account | None = None
        self.hide()

    def show_account(self, account: Account) -> None:
        self._account = account
        palette.follow_tones(self, _in_tones)  # said now, and again in another theme's tones

    def _say(self, account: Account, tones: palette.Tones) -> None:
        sentences, warning = self._sentences(account, tones.link)
        if not sentences:
            self.hide()
            return
        text = " ".join(sentences)
        if text != self.text():
            self.setText(text)
            self.setAccessibleDescription(self.plain_text())
        # The test server's address, once it runs: in the tooltip, so that the banner does
        # not grow a line and push the form down at the first send.
        server = account.sandbox_running if account.profile.is_sandbox else None
        self.setToolTip(
            self.tr("The test server is at %1").replace("%1", server.base_url) if server else ""
        )
        tone = "notice" if warning else "info"
        self.set_colours(text=getattr(tones, f"{tone}_text"), fill=getattr(tones, tone))
        self.show()

    def plain_text(self) -> str:
        """What it says, without markup (for tests and screen readers)."""
        return QTextDocumentFragment.fromHtml(self.text()).toPlainText()

    def _sentences(self, account: Account, link: str) -> tuple[list[str], bool]:
        """What to say, and whether it is a warning (something is missing to send). The
        link is drawn in ``link``: Qt gives a link the colour it is parsed with."""
        profile = account.profile
        add_key = (
            f'<a href="{SETTINGS_LINK}" style="color: {link}">{self.tr("add it in Settings")}</a>'
        )
        unavailable = [escape(account.secrets.unavailable)] if account.secrets.unavailable else []
        if profile.is_sandbox:
            where = self.tr(
                "Sandbox: sends go to a test server inside this app; nothing leaves this computer."
            )
            to_send = self.tr("To send for real, choose a profile with an API key, or %1.")
            return [where, to_send.replace("%1", add_key), *unavailable], True
        if not account.key_known(profile.name):
            session_only = account.profiles.key_kept_for_session(profile.name)
            missing = (
                self.tr(
                    "The API key for “%1” was kept for one session only, because this "
                    "computer has no system keyring (a Secret Service such as GNOME Keyring): "
                    "%2 again. The README says how to set up a keyring."
                )
                if session_only
                else self.tr(
                    "No API key stored for “%1”: %2. Nothing can be sent from this profile "
                    "without one."
                )
            )
            text = missing.replace("%1", escape(profile.name)).replace("%2", add_key)
            return [text, *([] if session_only else unavailable)], True  # said once
        notes = []
        if credentials.env_api_key():
            notes.append(self.tr("The API key comes from %1.").replace("%1", ENV_API_KEY))
        if credentials.env_base_url():
            notes.append(self.tr("The address comes from %1.").replace("%1", ENV_BASE_URL))
        return [*notes, *unavailable], bool(unavailable)

    def _on_link(self, link: str) -> None:
        if link == SETTINGS_LINK:
            self.settings_requested.emit()


def _in_tones(banner: QWidget, tones: palette.Tones) -> None:
    """What the banner says, in these tones (a ``palette.Look``): a warning's or a note's."""
    assert isinstance(banner, AccountBanner) and banner._account is not None
    banner._say(banner._account, tones)
