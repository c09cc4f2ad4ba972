"""Python's cyclic garbage collector, paused while the window starts.

Start-up creates tens of thousands of container objects (Qt's enums, the window's classes
and widgets) and keeps nearly all of them, so the ~48 collections it would otherwise run
before the first paint find next to nothing and cost 6 to 11 ms (bench/README.md).
``cli.open_window`` pauses the collector before importing Qt; the window resumes it once
it has been painted, after moving what start-up made into the permanent generation
(``gc.freeze``): those ~37,000 objects live as long as the window, and a full collection
no longer walks them (3-5 ms each, under 0.1 ms after). Start-up leaves ~50 objects of cyclic
garbage, which stay. No Qt here: the command line imports this.
"""

from __future__ import annotations

import gc


def collections() -> int:
    """How many collections this process has run, all generations together."""
    return sum(generation["collections"] for generation in gc.get_stats())


class _Pause:
    collections_at_start: int | None = None  # None: never paused


_pause = _Pause()


def pause() -> None:
    _pause.collections_at_start = collections()
    gc.disable()


def resume() -> None:
    if not paused():
        return
    gc.freeze()
    gc.enable()


def paused() -> bool:
    return _pause.collections_at_start is not None and not gc.isenabled()


def frozen() -> int:
    """How many objects are in the permanent generation (``resume`` put them there)."""
    return gc.get_freeze_count()


def collections_since_pause() -> int | None:
    """Collections run since ``pause`` (None if it never was): 0 while the pause holds."""
    if _pause.collections_at_start is None:
        return None
    return collections() - _pause.collections_at_start
