"""The two docks under the composer: the send history and the sandbox's inbox.

Tabbed together at the bottom and hidden at first; View and the toolbar toggle them. Each
dock's panel is made the first time the dock is opened. The inbox can be opened only
while sends go to the sandbox.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QDockWidget

from rampwin_desktop.ui import history_panel, inbox

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow, QWidget

    from rampwin_desktop.sandbox import SandboxServer
    from rampwin_desktop.storage.history import History
    from rampwin_desktop.ui.account import Account
    from rampwin_desktop.ui.history_panel import HistoryPanel
    from rampwin_desktop.ui.inbox import SandboxInbox
    from rampwin_desktop.ui.theme import ChatTheme


class Docks(QObject):
    open_attempt = Signal(object)  # History's "Open as draft" and "Send again…": an Attempt

    def __init__(
        self, window: QMainWindow, account: Account, history: History, theme: ChatTheme
    ) -> None:
        super().__init__(window)
        self.window = window
        self.account = account
        self.history = history
        self.theme = theme
        self._history_panel: HistoryPanel | None = None
        self._inbox: SandboxInbox | None = None
        self.history_dock = self._dock("historyDock", self.tr("History"))
        self.inbox_dock = self._dock("inboxDock", self.tr("Sandbox inbox"))
        window.tabifyDockWidget(self.history_dock, self.inbox_dock)
        self.history_dock.toggleViewAction().setObjectName("historyDockAction")
        self.inbox_dock.toggleViewAction().setObjectName("inboxDockAction")
        self.history_dock.visibilityChanged.connect(self._on_history_visible)
        self.inbox_dock.visibilityChanged.connect(self._on_inbox_visible)
        account.changed.connect(self._on_account)
        account.sandbox_started.connect(self._on_account)
        self._on_account()

    def toggles(self) -> list[QAction]:
        return [self.history_dock.toggleViewAction(), self.inbox_dock.toggleViewAction()]

    def _dock(self, name: str, title: str) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        self.window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        dock.hide()
        return dock

    @property
    def history_panel(self) -> HistoryPanel:
        if self._history_panel is None:
            panel = history_panel.HistoryPanel(self.history, self.history_dock)
            panel.open_requested.connect(self.open_attempt)
            panel.send_again_requested.connect(self.open_attempt)
            self._install(self.history_dock, panel)
            self._history_panel = panel
        return self._history_panel

    @property
    def inbox(self) -> SandboxInbox:
        if self._inbox is None:
            made = inbox.SandboxInbox(self.inbox_dock)
            made.set_theme(self.theme)
            made.set_server(self._sandbox())
            self._install(self.inbox_dock, made)
            self._inbox = made
        return self._inbox

    @staticmethod
    def _install(dock: QDockWidget, panel: QWidget) -> None:
        """Put ``panel`` in ``dock``, laid out now: the dock may be showing already."""
        dock.setWidget(panel)
        layout = dock.layout()
        if layout is not None:
            layout.activate()

    def _sandbox(self) -> SandboxServer | None:
        return self.account.sandbox_running if self.account.profile.is_sandbox else None

    def set_theme(self, theme: ChatTheme) -> None:
        self.theme = theme
        if self._inbox is not None:
            self._inbox.set_theme(theme)

    @Slot()
    def refresh(self) -> None:
        """After a send: the new attempt in History, the new message in the inbox."""
        if self._history_panel is not None:
            self._history_panel.refresh()
        if self._inbox is not None:
            self._inbox.refresh()

    @Slot(bool)
    def _on_history_visible(self, visible: bool) -> None:
        if visible:
            self.history_panel.refresh()  # sends from the command line land here too

    @Slot(bool)
    def _on_inbox_visible(self, visible: bool) -> None:
        if visible:
            self.inbox.refresh()

    @Slot()
    def _on_account(self) -> None:
        sandbox = self.account.profile.is_sandbox
        self.inbox_dock.toggleViewAction().setEnabled(sandbox)
        if not sandbox:
            self.inbox_dock.hide()
        if self._inbox is not None:
            self._inbox.set_server(self.account.sandbox_running if sandbox else None)
