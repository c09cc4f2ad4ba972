"""A window that works alongside the main one (Send to a list) opens beside it, or at
least beside its form, on the screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QMargins, QRect, QSize

from rampwin_desktop.ui.batch_dialog import BatchDialog
from rampwin_desktop.ui.placement import GAP, beside
from tests.helpers.window import trigger

if TYPE_CHECKING:
    from rampwin_desktop.ui.main_window import MainWindow

SCREEN = QRect(0, 0, 1920, 1050)  # a 1080-line screen less a panel
NO_FRAME = QMargins(0, 0, 0, 0)
WANTED, MINIMUM = QSize(1060, 700), QSize(680, 380)


def form_of(main: QRect) -> QRect:
    """The main window's form column: its left part, 700 px wide."""
    return QRect(main.left() + 10, main.top() + 60, 700, main.height() - 100)


def placed_beside(main: QRect, frame: QMargins = NO_FRAME, screen: QRect = SCREEN) -> QRect:
    return beside(main, form_of(main), frame, WANTED, MINIMUM, screen)


def test_it_opens_right_of_the_main_window_when_it_fits() -> None:
    main = QRect(0, 0, 600, 800)
    assert placed_beside(main) == QRect(600 + GAP, 0, 1060, 700)


def test_it_takes_the_room_beside_when_that_is_less_than_wanted_but_enough() -> None:
    main = QRect(0, 0, 1100, 800)  # the main window's first size: 812 px left beside it
    placed = placed_beside(main)
    assert placed == QRect(1100 + GAP, 0, 1920 - 1100 - GAP, 700)
    assert not placed.intersects(main)


def test_it_opens_left_when_only_the_left_has_room() -> None:
    main = QRect(900, 100, 1000, 800)
    placed = placed_beside(main)
    assert placed == QRect(0, 100, 900 - GAP, 700)
    assert not placed.intersects(main)
    main = QRect(1300, 0, 600, 800)  # room for all of it
    assert placed_beside(main) == QRect(1300 - GAP - 1060, 0, 1060, 700)


def test_without_room_beside_the_window_it_opens_beside_the_form_over_the_preview() -> None:
    main = QRect(410, 0, 1100, 800)  # centred: 402 px right, 402 px left, neither enough
    placed = placed_beside(main)
    form = form_of(main)  # 792 px right of it: less than wanted, more than the minimum
    assert placed == QRect(form.right() + 1 + GAP, 0, 1920 - (form.right() + 1 + GAP), 700)
    assert not placed.intersects(form)
    maximised = placed_beside(SCREEN)  # 1,202 px right of the form: all of it fits
    assert maximised == QRect(form_of(SCREEN).right() + 1 + GAP, 0, 1060, 700)
    wide_form = QRect(0, 0, 1600, 800)  # 312 px right of its form: less than the minimum
    assert beside(wide_form, wide_form, NO_FRAME, WANTED, MINIMUM, SCREEN) == QRect(
        1920 - 1060, 0, 1060, 700
    )  # against the screen's right edge


@pytest.mark.parametrize("top", [0, 300, 900])
def test_its_frame_stays_on_the_screen(top: int) -> None:
    frame = QMargins(1, 30, 1, 1)  # a title bar and thin borders
    main = QRect(0, top, 1100 + 2, 600 + 31)
    placed = placed_beside(main, frame)
    outer = placed.marginsAdded(frame)
    assert SCREEN.contains(outer), outer
    assert outer.left() == main.right() + 1 + GAP
    assert outer.top() == min(top, SCREEN.bottom() + 1 - outer.height())


def test_a_small_screen_gets_a_window_that_fits_it() -> None:
    small = QRect(0, 0, 1024, 600)
    placed = placed_beside(QRect(0, 0, 1024, 600), screen=small)
    assert small.contains(placed) and placed.size() == QSize(1024, 600)


def test_send_to_a_list_opens_within_the_screen(window: MainWindow) -> None:
    """The test screen (800 px wide) is smaller than the window Send to a list wants
    (1,060 px): it used to open partly off the screen."""
    trigger(window, "sendToListAction")
    dialog = window.findChild(BatchDialog, "batchDialog")
    assert dialog is not None and dialog.isVisible()
    screen = window.screen().availableGeometry()
    assert screen.width() < 1060
    assert screen.contains(dialog.frameGeometry()), (screen, dialog.frameGeometry())
    dialog.close()
