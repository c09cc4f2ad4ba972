"""The two docks under the composer: the send history and the sandbox's inbox.

View and the toolbar toggle them (``historyDockAction``, ``inboxDockAction``). Each dock,
with its panel, is made the first time it is opened, at the bottom, tabbed with the other,
a third of the window's height tall: the form keeps the rest. The inbox can be opened only
while sends go to the sandbox.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QAction

from rampwin_desktop.ui import history_panel, inbox

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

    from rampwin_desktop.sandbox import SandboxServer
    from rampwin_desktop.storage.history import History
    from rampwin_desktop.ui.account import Account
    from rampwin_desktop.ui.history_panel import HistoryPanel
    from rampwin_desktop.ui.inbox import SandboxInbox
    from rampwin_desktop.ui.theme import ChatTheme

MIN_DOCK_HEIGHT = 200
BATCH_REFRESH_MS = 1000  # History following a batch as it runs
DOCK_SHARE = 3  # a newly opened dock takes a third of the window's height


class Docks(QObject):
    open_attempt = Signal(object)  # History's "Open as draft": an Attempt
    send_again = Signal(object)  # History's "Send again…": an Attempt

    def __init__(
        self, window: QMainWindow, account: Account, history: History, theme: ChatTheme
    ) -> None:
        super().__init__(window)
        self.window = window
        self.account = account
        self.history = history
        self.theme = theme
        self.history_action = self._toggle("historyDockAction", self.tr("History"))
        self.inbox_action = self._toggle("inboxDockAction", self.tr("Sandbox inbox"))
        self._history_panel: HistoryPanel | None = None
        self._inbox: SandboxInbox | None = None
        self._docks: dict[QAction, QDockWidget] = {}
        self._batch_timer = QTimer(self)  # History following a batch (``follow_batch``)
        self._batch_timer.setInterval(BATCH_REFRESH_MS)
        self._batch_timer.timeout.connect(self._follow_batch_now)
        self.history_action.toggled.connect(self._on_history_toggled)
        self.inbox_action.toggled.connect(self._on_inbox_toggled)
        account.changed.connect(self._on_account)
        account.sandbox_started.connect(self._on_account)
        self._on_account()

    def toggles(self) -> list[QAction]:
        return [self.history_action, self.inbox_action]

    def _toggle(self, name: str, text: str) -> QAction:
        action = QAction(text=text, parent=self.window)
        action.setObjectName(name)
        action.setCheckable(True)
        return action

    @property
    def history_panel(self) -> HistoryPanel:
        if self._history_panel is None:
            panel = history_panel.HistoryPanel(self.history)
            panel.open_requested.connect(self.open_attempt)
            panel.send_again_requested.connect(self.send_again)
            self._dock(self.history_action, "historyDock", panel)
            self._history_panel = panel
        return self._history_panel

    @property
    def inbox(self) -> SandboxInbox:
        if self._inbox is None:
            made = inbox.SandboxInbox()
            made.set_theme(self.theme)
            made.set_server(self._sandbox())
            self._dock(self.inbox_action, "inboxDock", made)
            self._inbox = made
        return self._inbox

    def _dock(self, action: QAction, name: str, panel: QWidget) -> None:
        """A dock for ``panel`` at the bottom, tabbed with the other if it is there, hidden
        until ``action`` shows it."""
        dock = QtWidgets.QDockWidget(action.text(), self.window)
        dock.setObjectName(name)
        dock.setWidget(panel)
        dock.hide()
        self.window.addDockWidget(QtCore.Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        for other in self._docks.values():
            self.window.tabifyDockWidget(other, dock)
        # Closed with its own button, or shown again: the action follows.
        dock.visibilityChanged.connect(lambda _visible: action.setChecked(not dock.isHidden()))
        self._docks[action] = dock

    def _sandbox(self) -> SandboxServer | None:
        return self.account.sandbox_running if self.account.profile.is_sandbox else None

    def set_theme(self, theme: ChatTheme) -> None:
        self.theme = theme
        if self._inbox is not None:
            self._inbox.set_theme(theme)

    def refresh_history(self) -> None:
        """The history as it is now, if it is open (the window came back to the front: the
        command line may have sent meanwhile)."""
        if self._history_panel is not None and self.history_action.isChecked():
            self._history_panel.refresh()

    @Slot(bool)
    def follow_batch(self, running: bool) -> None:
        """While a batch runs, History and the Sandbox inbox (if open) follow it once a
        second; when it ends, everything new."""
        if running:
            self._batch_timer.start()
        else:
            self._batch_timer.stop()
            self._follow_batch_now()  # the inbox keeps an older message chosen

    @Slot()
    def _follow_batch_now(self) -> None:
        """A batch is running: History (if open) shows its rows as they are written, and
        the Sandbox inbox (if open) the messages it has received."""
        self.refresh_history()
        if self._inbox is not None and self.inbox_action.isChecked():
            self._inbox.follow()

    @Slot()
    def refresh(self) -> None:
        """After a send: the new attempt in History, in view; the new message in the inbox."""
        if self._history_panel is not None:
            self._history_panel.show_newest()
        if self._inbox is not None:
            self._inbox.refresh()

    @Slot(bool)
    def _on_history_toggled(self, shown: bool) -> None:
        panel = self.history_panel
        self._show(self.history_action, shown)
        if shown:
            panel.show_newest()  # sends from the command line land here too

    @Slot(bool)
    def _on_inbox_toggled(self, shown: bool) -> None:
        made = self.inbox
        self._show(self.inbox_action, shown)
        if shown:
            made.refresh()

    def _show(self, action: QAction, shown: bool) -> None:
        dock = self._docks[action]
        first = shown and not dock.property("sized")
        alone = not any(other.isVisible() for other in self._docks.values() if other is not dock)
        dock.setVisible(shown)
        if shown:
            dock.raise_()
        if first:
            dock.setProperty("sized", True)
            if alone:  # else it joins the other's tabs, at the size the user left them
                height = max(MIN_DOCK_HEIGHT, self.window.height() // DOCK_SHARE)
                self.window.resizeDocks([dock], [height], QtCore.Qt.Orientation.Vertical)

    @Slot()
    def _on_account(self) -> None:
        sandbox = self.account.profile.is_sandbox
        self.inbox_action.setEnabled(sandbox)
        if not sandbox:
            self.inbox_action.setChecked(False)
        if self._inbox is not None:
            self._inbox.set_server(self._sandbox())
