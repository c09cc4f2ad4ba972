"""The window's commands: one ``QAction`` each, with its shortcut and object name, and the
menus that show them. What each command does is wired in ``main_window.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from rampwin_desktop.ui import boot
from rampwin_desktop.ui.theme import ThemeChoice

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QMenu

StandardKey = QKeySequence.StandardKey


class WindowCommands(QObject):
    """Every menu command of the main window."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        # Edit: the focused text field's own, or the reply buttons' (``edit_commands.py``).
        self.undo = self._make("undoAction", self.tr("&Undo"), StandardKey.Undo)
        self.redo = self._make("redoAction", self.tr("&Redo"), StandardKey.Redo)
        self.cut = self._make("cutAction", self.tr("Cu&t"), StandardKey.Cut)
        self.copy = self._make("copyAction", self.tr("&Copy"), StandardKey.Copy)
        self.paste = self._make("pasteAction", self.tr("&Paste"), StandardKey.Paste)
        self.select_all = self._make(
            "selectAllAction", self.tr("Select &all"), StandardKey.SelectAll
        )
        self.new_draft = self._make("newDraftAction", self.tr("&New"), StandardKey.New)
        self.open_draft = self._make("openDraftAction", self.tr("&Open draft…"), StandardKey.Open)
        self.save = self._make("saveAction", self.tr("&Save"), StandardKey.Save)
        self.save_as = self._make("saveAsAction", self.tr("Save &as…"), StandardKey.SaveAs)
        self.send_to_list = self._make("sendToListAction", self.tr("Send to a &list…"))
        self.resume_batch = self._make("resumeBatchAction", self.tr("Res&ume a batch…"))
        self.quit = self._make("quitAction", self.tr("&Quit"), StandardKey.Quit)
        self.copy_curl = self._make("copyCurlAction", self.tr("Copy as cUR&L"), "Ctrl+Shift+C")
        self.copy_python = self._make("copyPythonAction", self.tr("Copy as P&ython"))
        self.copy_javascript = self._make("copyJavaScriptAction", self.tr("Copy as JavaScr&ipt"))
        self.export_preview = self._make("exportPreviewAction", self.tr("E&xport preview as PNG…"))
        self.copy_preview_image = self._make(
            "copyPreviewImageAction", self.tr("Copy pre&view image")
        )
        self.copy_json = self._make("copyJsonAction", self.tr("Copy &JSON"), "Ctrl+Shift+J")
        self.paste_header = self._make(
            "pasteHeaderAction", self.tr("Paste &header image"), "Ctrl+Shift+V"
        )
        self.reupload = self._make(
            "reuploadAction", self.tr("Re-upload the header on the ne&xt send")
        )
        self.reupload.setCheckable(True)
        preferences = QKeySequence(StandardKey.Preferences)
        self.settings = self._make(
            "settingsAction",
            self.tr("&Settings…"),
            preferences if not preferences.isEmpty() else "Ctrl+,",
        )
        self.new_profile = self._make("newProfileAction", self.tr("New pro&file…"))
        self.open_logs = self._make("openLogFolderAction", self.tr("Open the &log folder"))
        self.open_data = self._make("openDataFolderAction", self.tr("Open the &data folder"))
        self.keys_help = self._make(
            "keysHelpAction", self.tr("&Keys and formatting"), StandardKey.HelpContents
        )
        self.about = self._make("aboutAction", self.tr("&About"))
        self.themes = QActionGroup(self)
        for choice, name, label in (
            (ThemeChoice.SYSTEM, "themeSystemAction", self.tr("Follow the system")),
            (ThemeChoice.LIGHT, "themeLightAction", self.tr("Light")),
            (ThemeChoice.DARK, "themeDarkAction", self.tr("Dark")),
        ):
            action = self._make(name, label)
            action.setCheckable(True)
            action.setData(choice.value)
            self.themes.addAction(action)

    def _make(
        self, name: str, text: str, shortcut: QKeySequence | StandardKey | str | None = None
    ) -> QAction:
        action = QAction(text=text, parent=self.window)
        action.setObjectName(name)
        if isinstance(shortcut, StandardKey):
            action.setShortcuts(shortcut)  # every binding of the platform (Redo has two)
        elif shortcut is not None:
            boot.set_qt_properties(action, shortcut=QKeySequence(shortcut))
        self.window.addAction(action)  # its shortcut works wherever the focus is
        return action

    def build_menus(self, docks: list[QAction]) -> QMenu:
        """The menu bar; returns the File menu's "Open recent" submenu (filled by the drafts)."""
        bar = self.window.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addActions([self.new_draft, self.open_draft])
        recent = file_menu.addMenu(self.tr("Open &recent"))
        recent.setObjectName("recentMenu")
        file_menu.addActions([self.save, self.save_as, self.export_preview])
        file_menu.addSeparator()
        file_menu.addActions([self.send_to_list, self.resume_batch])
        file_menu.addSeparator()
        file_menu.addAction(self.quit)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addActions([self.undo, self.redo])
        edit_menu.addSeparator()
        edit_menu.addActions([self.cut, self.copy, self.paste, self.select_all])
        edit_menu.addSeparator()
        edit_menu.addActions([self.copy_curl, self.copy_python, self.copy_javascript])
        edit_menu.addActions([self.copy_json, self.copy_preview_image])
        edit_menu.addActions([self.paste_header, self.reupload])
        edit_menu.addSeparator()
        edit_menu.addActions([self.settings, self.new_profile])
        view_menu = bar.addMenu(self.tr("&View"))
        theme_menu = view_menu.addMenu(self.tr("&Theme"))
        theme_menu.addActions(self.themes.actions())
        view_menu.addSeparator()
        view_menu.addActions(docks)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.keys_help)
        help_menu.addSeparator()
        help_menu.addActions([self.open_logs, self.open_data])  # history, lists' journals
        help_menu.addSeparator()
        help_menu.addAction(self.about)
        return recent

    def show_theme(self, choice: ThemeChoice) -> None:
        for action in self.themes.actions():
            action.setChecked(action.data() == choice.value)
