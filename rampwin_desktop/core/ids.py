"""Button ids derived from titles: ``Buy Now`` becomes ``buy_now``."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_NOT_WORD = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 64


def slug(title: str) -> str:
    """Lower-case ASCII letters, digits and underscores; empty if the title has none."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return _NOT_WORD.sub("_", ascii_text.lower()).strip("_")[:MAX_SLUG].rstrip("_")


def id_for_title(title: str, taken: Iterable[str], *, position: int) -> str:
    """An id for a button titled ``title`` that differs from every id in ``taken``.

    ``position`` (1-based) names a button whose title has no letters or digits
    (``👍`` becomes ``button_1``).
    """
    used = set(taken)
    base = slug(title) or f"button_{position}"
    candidate = base
    suffix = 2
    while candidate in used:
        candidate = f"{base}_{suffix}"
        suffix += 1
    return candidate
