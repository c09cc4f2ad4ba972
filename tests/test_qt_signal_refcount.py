"""Guard against the PySide6 6.12.0 / CPython 3.11 bug that leaks a reference to True per emit.

With the bug, 5,000 emits take 5,000 references from ``True``; after a few hundred the
interpreter aborts at exit ("Fatal Python error: bool_dealloc"). pyproject.toml pins
PySide6 below 6.12 on Python 3.11; this test fails if that pin is lost.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    changed = Signal(int, int)


def test_signal_emit_does_not_leak_references_to_true(qapp: object) -> None:
    emitter = Emitter()
    received: list[int] = []
    emitter.changed.connect(lambda sent, total: received.append(sent))
    before = sys.getrefcount(True)
    for index in range(5000):
        emitter.changed.emit(index, 5000)
    after = sys.getrefcount(True)
    assert len(received) == 5000
    assert abs(after - before) < 50, f"True lost {before - after} references in 5,000 emits"
