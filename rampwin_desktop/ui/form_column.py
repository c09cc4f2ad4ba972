"""The window's left side: who receives the message, always in view, above the form,
which scrolls. Neither grows wider than a form needs: on a wide screen the form and its
preview stay side by side, in the middle of the window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from rampwin_desktop.ui import boot

if TYPE_CHECKING:
    from rampwin_desktop.ui.composer import ComposerForm

FORM_MIN_WIDTH = 380
FORM_MAX_WIDTH = 760  # no 1,000-px text fields
FORM_MIN_HEIGHT = 160  # with the rest, the window's minimum size (it grows with docks)


class FormColumn(QWidget):
    def __init__(self, composer: ComposerForm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scroll_area = scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        boot.set_qt_properties(scroll, focusPolicy="NoFocus")  # Tab: field to field, not here
        scroll.setWidget(composer)
        scroll.setMinimumWidth(FORM_MIN_WIDTH)
        scroll.setMinimumHeight(FORM_MIN_HEIGHT)  # a dock gives way before the form
        composer.setMaximumWidth(FORM_MAX_WIDTH)
        send_to = composer.send_to
        send_to.setMaximumWidth(FORM_MAX_WIDTH)
        send_to.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(send_to)  # always in view, never squeezed
        column.addWidget(scroll, 1)
        scroll_bar = scroll.verticalScrollBar().sizeHint().width()
        self.setMaximumWidth(FORM_MAX_WIDTH + scroll_bar + 2 * scroll.frameWidth())
        composer.buttons.row_added.connect(self._show_whole)
        # Tab from "Send to", above, into the form: the scroll area sees no Tab of its own.
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow_focus)

    def _follow_focus(self, _old: QWidget | None, now: QWidget | None) -> None:
        """The field that took the focus, scrolled into view when it is not wholly there."""
        form = self.scroll_area.widget()
        if now is None or form is None or not form.isAncestorOf(now):
            return
        if now.visibleRegion().boundingRect() != now.rect():
            self.scroll_area.ensureWidgetVisible(now, 0, 0)

    def _show_whole(self, widget: QWidget) -> None:
        """``widget`` (a reply button just added) scrolled wholly into view once the form
        has been laid out again: its title took the focus while it had no place yet, and
        its id field was left below the fold (a newcomer's find)."""
        QTimer.singleShot(0, lambda: self.scroll_area.ensureWidgetVisible(widget, 0, 0))

    def to_top(self) -> None:
        """Scrolled back to the header: another draft in the form starts there."""
        self.scroll_area.verticalScrollBar().setValue(0)
        self.scroll_area.horizontalScrollBar().setValue(0)
