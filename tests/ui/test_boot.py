"""What ui/boot.py's measure 7 stands in for, the Qt namespace's values and calls, does what
Qt's own would (that the first frame makes no namespace: tests/test_lean_paths.py); what
waits for the first paint (measure 5) runs once it is done."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import QLabel, QPushButton

from rampwin_desktop.ui import boot

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot


def test_the_named_values_are_qts_own() -> None:
    flag = Qt.AlignmentFlag
    assert flag.AlignLeft.value == boot.ALIGN_LEFT
    assert flag.AlignHCenter.value == boot.ALIGN_HCENTER
    assert flag.AlignVCenter.value == boot.ALIGN_VCENTER
    assert flag.AlignCenter.value == boot.ALIGN_CENTER
    assert Qt.ItemDataRole.ToolTipRole.value == boot.TOOL_TIP_ROLE


def test_properties_set_by_name_are_what_the_setters_set(qtbot: QtBot) -> None:
    label = QLabel("x")
    qtbot.addWidget(label)
    boot.set_qt_properties(
        label,
        alignment="AlignRight|AlignVCenter",
        textInteractionFlags="LinksAccessibleByMouse|LinksAccessibleByKeyboard",
        focusPolicy="NoFocus",
    )
    assert label.alignment() == Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    assert label.textInteractionFlags() == (
        Qt.TextInteractionFlag.LinksAccessibleByMouse
        | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
    )
    assert label.focusPolicy() == Qt.FocusPolicy.NoFocus
    button = QPushButton("Cancel")
    qtbot.addWidget(button)
    boot.set_qt_properties(button, shortcut=QKeySequence("Esc"))
    assert button.shortcut() == QKeySequence(Qt.Key.Key_Escape)


@pytest.mark.parametrize(
    "values",
    [{"alignmnt": "AlignTop"}, {"alignment": "AlignUp"}, {"alignment": "AlignTop|Sideways"}],
)
def test_a_property_or_value_qt_does_not_know_raises(
    qtbot: QtBot, values: dict[str, object]
) -> None:
    label = QLabel("x")
    qtbot.addWidget(label)
    with pytest.raises(ValueError, match="QLabel has no property"):
        boot.set_qt_properties(label, **values)


def test_a_solid_brush_is_qbrush_of_the_colour() -> None:
    colour = QColor(18, 52, 86, 30)
    brush = boot.solid_brush(colour)
    assert brush.style() == Qt.BrushStyle.SolidPattern
    assert brush.color() == colour


def test_after_the_first_paint_each_callback_runs_once_in_order_a_failing_one_reported(
    qtbot: QtBot,
) -> None:
    label = QLabel("x")
    qtbot.addWidget(label)
    ran: list[str] = []

    def fails() -> None:
        ran.append("fails")
        raise RuntimeError("a broken start step")

    boot.after_first_paint(label, lambda: ran.append("first"))
    boot.after_first_paint(label, fails)
    boot.after_first_paint(label, lambda: ran.append("last"))
    with qtbot.capture_exceptions() as reported:
        label.show()
        qtbot.waitUntil(lambda: "last" in ran)
    assert ran == ["first", "fails", "last"]  # the rest still ran
    assert [str(error) for _, error, _ in reported] == ["a broken start step"]
    label.update()
    qtbot.wait(50)  # a later paint calls nothing again
    assert ran == ["first", "fails", "last"]
