"""Undo PySide6's import hook, which this app does not use and which taxes every import.

Importing PySide6 replaces ``builtins.__import__`` with ``__feature_import__``, so that a
module can opt in to ``from __feature__ import snake_case, true_property``. As a side effect
(PYSIDE-2029) every module imported afterwards has its whole source read with
``inspect.getsource`` and searched for the word "PySide6"; the lines stay in ``linecache``
for the life of the process. For this app that was about 60 modules before the first paint
(~7 ms) and ~7 MB of source text kept once idle (keyring's imports included).

The app never uses ``__feature__``, and a module PySide has not recorded gets the default
feature set (none), so the plain import is restored: PySide6 keeps the original in
``builtins.__orig_import__``.
"""

from __future__ import annotations

import builtins

import PySide6.QtCore  # noqa: F401  (installs the hook, if this PySide6 has one)


def restore_plain_import() -> bool:
    """Put Python's own ``__import__`` back; whether PySide6's hook was there to remove."""
    original = getattr(builtins, "__orig_import__", None)
    current = builtins.__import__
    if original is None or getattr(current, "__name__", "") != "__feature_import__":
        return False
    builtins.__import__ = original
    return True
