"""What the body's B, I, S and </> do to the text: put a style's markers around the
selection, or take them off when they are there already (no Qt).

``toggle(text, start, end, marker)`` says which part of ``text`` to replace, with what, and
what to select afterwards; ``start``/``end`` and every index are Python string indices.

- A selection is wrapped, and stays selected inside its markers, so that a second style
  can be added to the same words (``*_sale_*``). Spaces at its ends stay outside the
  markers: WhatsApp leaves ``*sale *`` as typed (``core/markup.py``).
- A selection already between the markers, or whose own ends are the markers, loses them:
  the button toggles, as in a word processor; inside several styles too (``*_[sale]_*``
  loses its bold). Its ends must be one pair, as WhatsApp pairs them: ``[_new_ and
  _improved_]`` is two italic words, and becomes italic as a whole (``_new and
  improved_``), its inner pairs taken off.
- Lines are wrapped one by one (single markers do not cross a line break in WhatsApp), and
  unwrapped one by one when each already has the style; ```` ``` ```` may span lines, so it
  wraps the whole selection.
- With nothing selected, the button puts a pair of markers with the cursor between them;
  pressed again right away, it takes the empty pair off. With the cursor before the closing
  marker of a style being typed (``*sale|*``), it steps over the marker: the style ends
  and what is typed next is plain.
"""

from __future__ import annotations

from typing import NamedTuple

from rampwin_desktop.core.markup import pairs_of

BLOCK = "```"  # the one marker that may span lines


class Edit(NamedTuple):
    """Replace ``text[start:end]`` with ``replacement``, then select ``select`` (indices in
    the new text; an empty range is a cursor)."""

    start: int
    end: int
    replacement: str
    select: tuple[int, int]


def toggle(text: str, start: int, end: int, marker: str) -> Edit:
    """What pressing ``marker``'s button does to ``text`` with ``start``–``end`` selected."""
    if start == end:
        return _at_cursor(text, start, marker)
    selected = text[start:end]
    size = len(marker)
    if "\n" in selected and marker != BLOCK:  # line by line: on for all, or off for all
        lines = selected.split("\n")
        styled = [_is_wrapped(line, marker) for line in lines]
        off = all(done for line, done in zip(lines, styled, strict=True) if line.strip())
        changed = "\n".join(
            _unwrapped(line, marker) if off else line if done else _wrapped(line, marker)
            for line, done in zip(lines, styled, strict=True)
        )
        return Edit(start, end, changed, (start, start + len(changed)))
    if marker != BLOCK and (around := _around(text, start, end, marker)) is not None:
        return around
    if text[max(0, start - size) : start] == marker and text[end : end + size] == marker:
        outer = start - size
        return Edit(outer, end + size, selected, (outer, outer + len(selected)))
    if _is_wrapped(selected, marker):
        inner = selected[size:-size]
        return Edit(start, end, inner, (start, start + len(inner)))
    lead = len(selected) - len(selected.lstrip())
    if not selected.strip():  # only spaces: a pair where the cursor was, as with nothing selected
        return Edit(start, end, selected + marker * 2, (end + size, end + size))
    first = start + lead + size
    wrapped = _wrapped(selected, marker)
    core = _parts(wrapped)[1][size:-size]
    return Edit(start, end, wrapped, (first, first + len(core)))


SINGLE = "*_~"  # the one-character markers, which nest: *_both_*


def _around(text: str, start: int, end: int, marker: str) -> Edit | None:
    """Takes ``marker`` off words selected inside several styles ("*_[sale]_*" loses its
    bold: "_sale_"): the runs of markers on either side are read, not only the next one."""
    left = len(text[:start]) - len(text[:start].rstrip(SINGLE))
    right = len(text[end:]) - len(text[end:].lstrip(SINGLE))
    before, after = text[start - left : start], text[end : end + right]
    if left < 2 or marker not in before or marker not in after:  # one marker: as before
        return None
    at = before.rindex(marker)  # the innermost on each side
    kept_before = before[:at] + before[at + 1 :]
    kept_after = after.replace(marker, "", 1)
    first = start - left
    selected = text[start:end]
    inner = first + len(kept_before)
    return Edit(
        first, end + right, kept_before + selected + kept_after, (inner, inner + len(selected))
    )


def _is_wrapped(line: str, marker: str) -> bool:
    """Whether the words of ``line`` are between a pair of ``marker`` s (its spaces aside):
    its first marker pairs with its last, as WhatsApp pairs them."""
    core = line.strip()
    size = len(marker)
    if not (len(core) > 2 * size and core.startswith(marker) and core.endswith(marker)):
        return False
    if marker == BLOCK:
        return BLOCK not in core[size:-size]
    return pairs_of(core, marker)[:1] == [(0, len(core) - 1)]


def _unwrapped(line: str, marker: str) -> str:
    """``line`` without the ``marker`` s around its words, when they are there."""
    if not _is_wrapped(line, marker):
        return line
    lead, core, trail = _parts(line)
    return f"{lead}{core[len(marker) : -len(marker)]}{trail}"


def _wrapped(line: str, marker: str) -> str:
    """``line`` with ``marker`` around its words, its spaces at either end kept outside; a
    pair of ``marker`` inside is taken off (the style covers it now: no ``__x_ y_``)."""
    lead, core, trail = _parts(line)
    if not core:
        return line
    if marker == BLOCK:  # monospace holds no other code: its ``` and `x` would show as typed
        core = core.replace(BLOCK, "")
        marker_inside = "`"
    else:
        marker_inside = marker
    inner = {index for pair in pairs_of(core, marker_inside) for index in pair}
    core = "".join(char for index, char in enumerate(core) if index not in inner)
    return f"{lead}{marker}{core}{marker}{trail}"


def _parts(line: str) -> tuple[str, str, str]:
    """The spaces before ``line``'s words, its words, the spaces after them."""
    core = line.strip()
    lead = line[: len(line) - len(line.lstrip())]
    return lead, core, line[len(lead) + len(core) :]


def _at_cursor(text: str, cursor: int, marker: str) -> Edit:
    size = len(marker)
    before, after = text[max(0, cursor - size) : cursor], text[cursor : cursor + size]
    if before == marker and after == marker:  # the pair just put: taken off again
        return Edit(cursor - size, cursor + size, "", (cursor - size, cursor - size))
    if after == marker and _open_before(text, cursor, marker):  # step over the closing one
        return Edit(cursor, cursor, "", (cursor + size, cursor + size))
    return Edit(cursor, cursor, marker * 2, (cursor + size, cursor + size))


def _open_before(text: str, cursor: int, marker: str) -> bool:
    """Whether a style opened by ``marker`` before ``cursor`` is not closed yet (on the
    cursor's line, but for ```` ``` ````, which may span lines)."""
    line_start = 0 if marker == BLOCK else text.rfind("\n", 0, cursor) + 1
    return text.count(marker, line_start, cursor) % 2 == 1
