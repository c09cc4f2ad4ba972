"""Where a window that works alongside the main one opens: beside it, not over it.

Send to a list sends what the composer holds, and the composer stays usable while it is
open: covering the form would hide what it sends. ``beside`` looks for room on the screen
beside the main window (the right first), then beside the form alone (over the main
window's preview); on each, it takes the window's wanted width where there is room for it,
else the room there is if that is at least the window's minimum. With no such room (a
small screen) it lies against the screen's right edge.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QMargins, QPoint, QRect

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QWidget

GAP = 8  # pixels between the two windows' frames
Sides = list[tuple[int, "Callable[[int], int]"]]  # (room, x of a frame that wide there)


def beside(
    main: QRect, keep: QRect, frame: QMargins, wanted: QSize, minimum: QSize, screen: QRect
) -> QRect:
    """The geometry (without frame) for a window of ``wanted`` size, at least ``minimum``,
    beside ``main`` (the main window's frame geometry) or at least beside ``keep`` (the part
    of it to leave in view), on ``screen`` (its available area); ``frame``: the window
    manager's frame around a window (the main window's, as a guess)."""
    extra_w = frame.left() + frame.right()
    extra_h = frame.top() + frame.bottom()
    width = min(wanted.width(), screen.width() - extra_w)
    height = min(wanted.height(), screen.height() - extra_h)
    top = min(max(main.top(), screen.top()), screen.bottom() + 1 - extra_h - height)
    top = max(top, screen.top()) + frame.top()
    for sides in (_sides(main, screen, extra_w), _sides(keep, screen, extra_w)):
        for need in (width, minimum.width()):  # all it wants, else at least its minimum
            for room, place in sides:
                if room >= need:
                    width = min(width, room)
                    return QRect(place(width) + frame.left(), top, width, height)
    x = screen.right() + 1 - extra_w - width  # no room anywhere: against the right edge
    return QRect(x + frame.left(), top, width, height)


def _sides(rect: QRect, screen: QRect, extra_w: int) -> Sides:
    """The room on ``screen`` to the right of ``rect`` and to its left, each with the x at
    which a window of a given width (plus ``extra_w`` of frame) would stand there."""
    return [
        (screen.right() - rect.right() - GAP - extra_w, lambda w: rect.right() + 1 + GAP),
        (rect.left() - screen.left() - GAP - extra_w, lambda w: rect.left() - GAP - extra_w - w),
    ]


def place_beside(window: QWidget, main: QWidget, keep: QWidget, wanted: QSize) -> None:
    """Give ``window`` (not shown yet) its size and place beside ``main``, or at least
    beside ``keep``, a part of it (``beside``)."""
    outer, inner = main.frameGeometry(), main.geometry()
    frame = QMargins(
        inner.left() - outer.left(),
        inner.top() - outer.top(),
        outer.right() - inner.right(),
        outer.bottom() - inner.bottom(),
    )
    kept = QRect(keep.mapToGlobal(QPoint(0, 0)), keep.size())
    screen = main.screen().availableGeometry()
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    window.setGeometry(beside(outer, kept, frame, wanted, minimum, screen))
