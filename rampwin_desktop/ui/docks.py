"""The two docks under the composer: the send history and the sandbox's inbox.

Tabbed together at the bottom and hidden at first; View and the toolbar toggle them. The
inbox can be opened only while sends go to the sandbox.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QDockWidget

from rampwin_desktop.ui.history_panel import HistoryPanel
from rampwin_desktop.ui.inbox import SandboxInbox

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow, QWidget

    from rampwin_desktop.storage.history import History
    from rampwin_desktop.ui.account import Account


class Docks(QObject):
    def __init__(self, window: QMainWindow, account: Account, history: History) -> None:
        super().__init__(window)
        self.account = account
        self.history_panel = HistoryPanel(history, window)
        self.inbox = SandboxInbox(window)
        self.history_dock = self._dock(
            window, self.history_panel, "historyDock", self.tr("History")
        )
        self.inbox_dock = self._dock(window, self.inbox, "inboxDock", self.tr("Sandbox inbox"))
        window.tabifyDockWidget(self.history_dock, self.inbox_dock)
        self.inbox_dock.toggleViewAction().setObjectName("inboxDockAction")
        self.history_dock.toggleViewAction().setObjectName("historyDockAction")
        account.changed.connect(self._on_account)
        account.sandbox_started.connect(self._on_account)
        self._on_account()

    def toggles(self) -> list[QAction]:
        return [self.history_dock.toggleViewAction(), self.inbox_dock.toggleViewAction()]

    @staticmethod
    def _dock(window: QMainWindow, widget: QWidget, name: str, title: str) -> QDockWidget:
        dock = QDockWidget(title, window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        dock.hide()
        return dock

    @Slot()
    def refresh(self) -> None:
        """After a send: the new attempt in History, the new message in the inbox."""
        self.history_panel.refresh()
        self.inbox.refresh()

    @Slot()
    def _on_account(self) -> None:
        sandbox = self.account.profile.is_sandbox
        self.inbox_dock.toggleViewAction().setEnabled(sandbox)
        if not sandbox:
            self.inbox_dock.hide()
        self.inbox.set_server(self.account.sandbox_running if sandbox else None)
