"""Counting and checking text the way WhatsApp sees it."""

from __future__ import annotations

import re
import unicodedata

ALLOWED_CONTROLS = frozenset("\n\t")
# Every character the loop below could object to: control characters (category Cc is
# U+0000-001F and U+007F-009F; tab and newline are handled in the loop) and surrogates
# (U+D800-DFFF). One scan in C skips past text that has none of them.
_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

# Characters that show nothing on their own: format characters and combining marks (by
# category, checked one by one), and, skipped in one scan, whitespace, the common format
# characters, variation selectors, tag characters and blank "letters" (Hangul fillers,
# the blank braille pattern) that render as nothing.
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Mn", "Mc", "Me", "Zs", "Zl", "Zp"})
_INVISIBLE_RUN = re.compile(
    "[\\s\u00ad\u0300-\u036f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u20d0-\u20ff\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e0fff]*"
)
# Embeddings and overrides (U+202A-202E) and isolates (U+2066-2069).
_DIRECTION_OVERRIDES = re.compile("[\u202a-\u202e\u2066-\u2069]")


def length(text: str) -> int:
    """Characters as WhatsApp counts them: Unicode code points.

    An emoji such as 👍 is one; 👍🏽 (with a skin tone) is two, as is é written with a
    combining accent. Some providers count differently (unconfirmed), so code
    points are the reading that errs on the safe side for most text.
    """
    return len(text)


def is_blank(text: str) -> bool:
    """Whether ``text`` shows nothing: it has no character that is seen on its own.

    Spaces, format characters (category Cf: zero-width space, joiners, BOM, direction
    marks, tag characters), combining marks and variation selectors with no base
    (categories Mn, Mc, Me) and the blank fillers above are invisible. One ordinary
    character is enough: a family emoji joined by ZWJs, a flag, a keycap or Persian with a
    ZWNJ are not blank.
    Unassigned code points count as visible (an emoji newer than this Python).
    """
    if "!" <= text[:1] <= "~":
        return False  # most text starts with a visible ASCII character: no scan
    position = 0
    while run := _INVISIBLE_RUN.match(text, position):
        if run.end() == len(text):
            return True
        if unicodedata.category(text[run.end()]) not in _INVISIBLE_CATEGORIES:
            return False
        position = run.end() + 1
    return True  # not reached: the pattern matches the empty string


def first_direction_override(text: str) -> str | None:
    """Describe the first bidirectional embedding, override or isolate, or return None.

    These make text read in an order other than the one it is stored (and sent) in.
    """
    found = _DIRECTION_OVERRIDES.search(text)
    if found is None:
        return None
    char = found.group()
    name = unicodedata.name(char).lower()
    return f"a direction control (U+{ord(char):04X}, {name}) at position {found.start() + 1}"


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


def fold(text: str) -> str:
    """``text`` as a filter compares it (History's, Send to a list's results), case and
    accents ignored: ``Émile`` and ``EMILE`` are ``emile``, ``Straße`` is ``strasse``."""
    if text.isascii():  # most text: nothing to take apart
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
