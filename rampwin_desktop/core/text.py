"""Counting and checking text the way WhatsApp sees it."""

from __future__ import annotations

import re
import unicodedata

ALLOWED_CONTROLS = frozenset("\n\t")
# Every character the loop below could object to: control characters (category Cc is
# U+0000-001F and U+007F-009F; tab and newline are handled in the loop) and surrogates
# (U+D800-DFFF). One scan in C skips past text that has none of them.
_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def length(text: str) -> int:
    """Characters as WhatsApp counts them: Unicode code points.

    An emoji such as 👍 is one; 👍🏽 (with a skin tone) is two, as is é written with a
    combining accent. Some providers count differently (unconfirmed), so code
    points are the reading that errs on the safe side for most text.
    """
    return len(text)


def is_blank(text: str) -> bool:
    return not text.strip()


def first_forbidden_character(text: str, *, allow_newlines: bool = True) -> str | None:
    """Describe the first character WhatsApp cannot take, or return None.

    Lone surrogates cannot be encoded as UTF-8 at all; control characters other
    than newline and tab are dropped or refused on the way to the phone.
    """
    suspect = _SUSPECT.search(text)
    start = suspect.start() if suspect else len(text)
    if not allow_newlines and "\n" in text[:start]:
        start = text.index("\n")
    if start == len(text):
        return None
    for index, char in enumerate(text[start:], start=start):
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            return f"a broken character (lone surrogate U+{code:04X}) at position {index + 1}"
        if char == "\n" and not allow_newlines:
            return f"a line break at position {index + 1}"
        if char in ALLOWED_CONTROLS:
            continue
        if unicodedata.category(char) == "Cc":
            name = "NUL" if code == 0 else f"U+{code:04X}"
            return f"an invisible control character ({name}) at position {index + 1}"
    return None


def has_surrounding_whitespace(text: str) -> bool:
    return text != text.strip()
