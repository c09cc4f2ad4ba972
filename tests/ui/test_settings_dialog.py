"""The Settings dialog as New profile… opens it: its title, and fields wide enough to read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLineEdit, QStyle, QStyleOptionFrame

from rampwin_desktop.ui.main_window import MainWindow
from tests.helpers.dialogs import answering, cancel
from tests.helpers.window import trigger

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def text_room(field: QLineEdit) -> int:
    """The width a line edit leaves for its text: its width less its frame and margins."""
    option = QStyleOptionFrame()
    field.initStyleOption(option)
    frame = field.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, option, field)
    margins = field.textMargins()
    return field.width() - 2 * frame - margins.left() - margins.right() - 4


def test_new_profile_dialog_has_a_plain_title_and_room_for_its_hints(window: MainWindow) -> None:
    seen: dict[str, object] = {}

    def look_then_cancel(dialog: QWidget) -> None:
        seen["title"] = dialog.windowTitle()
        for name in ("apiKeyEdit", "cookieEdit", "ownNumberEdit", "profileNameEdit"):
            field = dialog.findChild(QLineEdit, name)
            assert field is not None and field.isVisible(), name
            hint = QFontMetrics(field.font()).horizontalAdvance(field.placeholderText())
            seen[name] = text_room(field) >= hint or (text_room(field), hint)
        dialog.grab().save("/tmp/docks/new-profile.png")
        cancel(dialog)

    with answering(look_then_cancel) as shown:
        trigger(window, "newProfileAction")
    assert shown == ["New profile"]
    assert seen.pop("title") == "New profile"
    assert all(fits is True for fits in seen.values()), seen
    assert window.account.profiles.names() == ["default"]  # Cancel stored nothing
