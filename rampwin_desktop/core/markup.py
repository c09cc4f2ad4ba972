"""WhatsApp text formatting, parsed the way the phone renders it (no Qt).

``parse(text)`` gives blocks of styled spans; ``to_html`` turns them into the small
HTML subset Qt's rich text understands, ``to_plain`` into what a screen reader says.

Rules (from WhatsApp's own help and how the app behaves):
- ``*bold*``, ``_italic_``, ``~strike~`` and `` `code` `` need their markers to hug the
  text (``* no *`` stays literal) and not to sit inside a word (``a*b*c`` stays literal);
  they do not cross a line break and may nest (``*_both_*``).
- ```` ```monospace``` ```` may span lines; nothing inside it is formatted.
- Lines starting ``- `` or ``* `` are bullets, ``1. `` numbered items, ``> `` quotes.
- Bare ``http(s)://`` and ``www.`` addresses become links; ``[text](url)`` does not.
  They are found before markers are paired, and kept whole: a marker inside an address
  is part of it (``https://a.com/_x_/``), while ``*https://a.com*`` is a bold link.
- A marker without a partner stays as typed.
"""

from __future__ import annotations

import functools
import html
import re
from enum import StrEnum
from typing import NamedTuple


class Style(StrEnum):
    BOLD = "bold"
    ITALIC = "italic"
    STRIKE = "strike"
    CODE = "code"  # `inline code`
    MONO = "mono"  # ```monospace```


MARKERS: dict[str, Style] = {"*": Style.BOLD, "_": Style.ITALIC, "~": Style.STRIKE, "`": Style.CODE}


class Span(NamedTuple):
    text: str
    styles: frozenset[Style] = frozenset()
    link: str = ""  # the address when this span is a link


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    BULLET = "bullet"
    NUMBERED = "numbered"
    QUOTE = "quote"


class Block(NamedTuple):
    kind: BlockKind
    spans: tuple[Span, ...]
    number: str = ""  # "1." for numbered items


_BULLET = re.compile(r"^[-*] (?=\S)")
_NUMBERED = re.compile(r"^(\d{1,3})\. (?=\S)")
_QUOTE = re.compile(r"^> ?")
_LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"]+[^\s<>\"\.,;:!?\)\]'*_~`]", re.IGNORECASE)


def parse(text: str) -> list[Block]:
    """One block per line; a ```monospace``` section that spans lines stays in one block."""
    blocks: list[Block] = []
    current: list[Span] = []
    kind, number, at_line_start = BlockKind.PARAGRAPH, "", True
    for segment, is_mono in _split_monospace(text):
        if is_mono:
            current.append(Span(segment, frozenset({Style.MONO})))
            at_line_start = False
            continue
        for index, line in enumerate(segment.split("\n")):
            if index > 0:
                blocks.append(Block(kind, tuple(current), number))
                current, kind, number, at_line_start = [], BlockKind.PARAGRAPH, "", True
            if at_line_start and line:
                block = _line_block(line)
                kind, number = block.kind, block.number
                current.extend(block.spans)
                at_line_start = False
            else:
                current.extend(parse_inline(line))
    blocks.append(Block(kind, tuple(current), number))
    return blocks


def _split_monospace(text: str) -> list[tuple[str, bool]]:
    parts: list[tuple[str, bool]] = []
    position = 0
    while True:
        start = text.find("```", position)
        end = text.find("```", start + 3) if start >= 0 else -1
        if start < 0 or end < 0 or end == start + 3:
            parts.append((text[position:], False))
            return parts
        parts.append((text[position:start], False))
        parts.append((text[start + 3 : end], True))
        position = end + 3


@functools.lru_cache(maxsize=1024)
def _line_block(line: str) -> Block:
    """One line, parsed; cached, so typing in one line does not re-parse the others."""
    if match := _BULLET.match(line):
        return Block(BlockKind.BULLET, parse_inline(line[match.end() :]))
    if match := _NUMBERED.match(line):
        return Block(BlockKind.NUMBERED, parse_inline(line[match.end() :]), f"{match.group(1)}.")
    if match := _QUOTE.match(line):
        return Block(BlockKind.QUOTE, parse_inline(line[match.end() :]))
    return Block(BlockKind.PARAGRAPH, parse_inline(line))


def _opens(text: str, index: int) -> bool:
    marker = text[index]
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return not before.isalnum() and before != marker and not after.isspace() and after != marker


def _closes(text: str, index: int) -> bool:
    marker = text[index]
    before = text[index - 1]
    after = text[index + 1] if index + 1 < len(text) else " "
    return not before.isspace() and not after.isalnum() and after != marker


def parse_inline(text: str, styles: frozenset[Style] = frozenset()) -> tuple[Span, ...]:
    """The spans of one line. Addresses are found first and kept whole: a marker inside
    one (``https://a.com/_x_/``, ``?q=*star*``) neither formats nor ends it."""
    links = find_links(text)
    spans: list[Span] = []
    _inline(text, 0, len(text), styles, links, spans)
    return tuple(span for span in spans if span.text)


def pairs_of(text: str, marker: str) -> list[tuple[int, int]]:
    """Where ``marker``'s style opens and closes in ``text`` (one line), as WhatsApp pairs
    its markers: ``_new_ and _improved_`` is two pairs, not one around the whole."""
    links = find_links(text)
    pairs: list[tuple[int, int]] = []
    index = 0
    while (index := text.find(marker, index)) >= 0:
        close = -1
        if not _in_link(links, index) and _opens(text, index):
            close = _find_close(text, index, len(text), links)
        if close < 0:
            index += 1
            continue
        pairs.append((index, close))
        index = close + 1
    return pairs


def _inline(
    text: str, start: int, end: int, styles: frozenset[Style], links: Links, spans: list[Span]
) -> None:
    """Spans of ``text[start:end]``, which holds whole links only, in ``styles``."""
    plain_start = index = start
    while index < end:
        if (link_end := links.get(index)) is not None:
            index = link_end  # nothing inside an address pairs
            continue
        marker = text[index]
        style = MARKERS.get(marker)
        if style is None or style in styles or not _opens(text, index):
            index += 1
            continue
        close = _find_close(text, index, end, links)
        if close < 0:
            index += 1
            continue
        _plain(text, plain_start, index, styles, links, spans)
        if style is Style.CODE:
            spans.append(Span(text[index + 1 : close], styles | {Style.CODE}))
        else:
            _inline(text, index + 1, close, styles | {style}, links, spans)
        index = plain_start = close + 1
    _plain(text, plain_start, end, styles, links, spans)


def _find_close(text: str, start: int, end: int, links: Links) -> int:
    marker = text[start]
    index = text.find(marker, start + 2, end)
    while index >= 0:
        if not _in_link(links, index) and _closes(text, index):
            return index
        index = text.find(marker, index + 1, end)
    return -1


def _plain(
    text: str, start: int, end: int, styles: frozenset[Style], links: Links, spans: list[Span]
) -> None:
    """``text[start:end]`` without markers: plain text and the links in it."""
    position = start
    for link_start, link_end in links.items():
        if start <= link_start < end:
            spans.append(Span(text[position:link_start], styles))
            address = text[link_start:link_end]
            target = address if "://" in address else "https://" + address
            spans.append(Span(address, styles, link=target))
            position = link_end
    spans.append(Span(text[position:end], styles))


# ---------------------------------------------------------------------- links

Links = dict[int, int]  # where each address in a line starts: where it ends

_LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_SENTENCE_END = frozenset(".,;:!?'")  # after an address, these end the sentence
_BRACKETS = {")": "(", "]": "["}


def find_links(text: str) -> Links:
    """The bare addresses in ``text``, as WhatsApp finds them: whole, up to a space.

    Punctuation that ends a sentence is not part of an address, nor is a closing bracket
    or formatting marker whose partner is outside it: ``(see www.a.com)`` and
    ``*https://a.com*`` end at ``.com``, while ``https://a.com/?q=*star*`` and
    ``https://en.wikipedia.org/wiki/Tea_(drink)`` are kept whole.
    """
    links: Links = {}
    for match in _LINK.finditer(text):
        start, end = match.span()
        end = _trimmed_end(text, start, end)
        if end > start + len(_prefix(text, start)):
            links[start] = end
    return links


def _prefix(text: str, start: int) -> str:
    lowered = text[start : start + 8].lower()
    return next(p for p in ("https://", "http://", "www.") if lowered.startswith(p))


def _trimmed_end(text: str, start: int, end: int) -> int:
    while end > start:
        last = text[end - 1]
        if last in _SENTENCE_END:
            end -= 1
        elif last in _BRACKETS:
            if text.count(_BRACKETS[last], start, end) >= text.count(last, start, end):
                break  # it closes a bracket opened inside the address
            end -= 1
        elif last in MARKERS:
            if text.count(last, start, end - 1) % 2:
                break  # its partner is inside the address
            end -= 1
        else:
            break
    return end


def _in_link(links: Links, index: int) -> bool:
    return any(start <= index < end for start, end in links.items())


# ---------------------------------------------------------------------- output


def to_plain(blocks: list[Block]) -> str:
    """The text as a reader hears it: markers gone, list bullets and numbers kept."""
    lines = []
    for block in blocks:
        text = "".join(span.text for span in block.spans)
        prefix = {"bullet": "• ", "numbered": f"{block.number} ", "quote": "“"}.get(block.kind, "")
        suffix = "”" if block.kind is BlockKind.QUOTE else ""
        lines.append(prefix + text + suffix)
    return "\n".join(lines)


class HtmlColours(NamedTuple):
    link: str = "#027EB5"
    quote_bar: str = "#25D366"
    quote_text: str = "#667781"
    code_background: str = "#F0F2F5"


def span_html(span: Span, colours: HtmlColours) -> str:
    text = html.escape(span.text).replace("\n", "<br>")
    if Style.MONO in span.styles or Style.CODE in span.styles:
        text = text.replace(" ", "&nbsp;")
        background = (
            f"background-color:{colours.code_background};" if Style.CODE in span.styles else ""
        )
        text = f'<span style="font-family:monospace;{background}">{text}</span>'
    if Style.BOLD in span.styles:
        text = f"<b>{text}</b>"
    if Style.ITALIC in span.styles:
        text = f"<i>{text}</i>"
    if Style.STRIKE in span.styles:
        text = f"<s>{text}</s>"
    if span.link:
        text = f'<a href="{html.escape(span.link)}" style="color:{colours.link};">{text}</a>'
    return text


def to_html(blocks: list[Block], colours: HtmlColours | None = None) -> str:
    """Qt rich text for the blocks: one line each, lists indented, quotes with a bar."""
    return "<br>".join(to_html_lines(blocks, colours))


def to_html_lines(blocks: list[Block], colours: HtmlColours | None = None) -> tuple[str, ...]:
    """The rich text of each block (a line, or a ```monospace``` section), in order."""
    colours = colours or HtmlColours()
    return tuple(_block_html(block, colours) for block in blocks)


@functools.lru_cache(maxsize=1024)
def _block_html(block: Block, colours: HtmlColours) -> str:
    content = "".join(span_html(span, colours) for span in block.spans) or "&nbsp;"
    if block.kind is BlockKind.BULLET:
        content = f"&nbsp;&nbsp;•&nbsp;&nbsp;{content}"
    elif block.kind is BlockKind.NUMBERED:
        content = f"&nbsp;&nbsp;{block.number}&nbsp;{content}"
    elif block.kind is BlockKind.QUOTE:
        content = (
            f'<span style="color:{colours.quote_bar};">▍</span>'
            f'<span style="color:{colours.quote_text};">&nbsp;{content}</span>'
        )
    return content


def render(text: str, colours: HtmlColours | None = None) -> str:
    return to_html(parse(text), colours)
