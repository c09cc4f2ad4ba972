"""The body's style buttons: markers put around the selection, or taken off."""

from __future__ import annotations

import pytest

from rampwin_desktop.core.emphasis import toggle
from rampwin_desktop.core.markup import Style, parse_inline


def pressed(marked: str, marker: str) -> str:
    """``marked`` shows the selection as [ and ] (or the cursor as |); the text after the
    button, with the new selection shown the same way."""
    if "|" in marked:
        start = end = marked.index("|")
        text = marked.replace("|", "")
    else:
        start, end = marked.index("["), marked.index("]") - 1
        text = marked.replace("[", "").replace("]", "")
    edit = toggle(text, start, end, marker)
    after = text[: edit.start] + edit.replacement + text[edit.end :]
    first, last = edit.select
    if first == last:
        return after[:first] + "|" + after[first:]
    return after[:first] + "[" + after[first:last] + "]" + after[last:]


@pytest.mark.parametrize(
    ("before", "marker", "after"),
    [
        ("Big [sale] today", "*", "Big *[sale]* today"),  # wrapped, still selected inside
        ("Big *[sale]* today", "*", "Big [sale] today"),  # pressed again: taken off
        ("Big [*sale*] today", "*", "Big [sale] today"),  # the markers selected too
        ("Big *[sale]* today", "_", "Big *_[sale]_* today"),  # a second style on the words
        ("Big [sale ]today", "*", "Big *[sale]* today"),  # its spaces stay outside
        ("[one\n  two]", "~", "[~one~\n  ~two~]"),  # each line: markers do not cross lines
        ("[~one~\n  ~two~]", "~", "[one\n  two]"),  # and off again, each line
        ("[*one*\ntwo]", "*", "[*one*\n*two*]"),  # some styled: the others join them
        ("*_[again]_*", "*", "_[again]_"),  # inside two styles: the bold goes
        ("*_[again]_*", "_", "*[again]*"),  # or the italic
        ("*_[again]_*", "~", "*_~[again]~_*"),  # a third style: added inside
        ("[one\ntwo]", "```", "```[one\ntwo]```"),  # a block may span lines
        ("A |", "*", "A *|*"),  # nothing selected: a pair, the cursor inside
        ("A *|*", "*", "A |"),  # pressed again at once: the pair goes
        ("A *x|*", "*", "A *x*|"),  # the style being typed ends: the cursor steps out
        ("A *x* |*y*", "*", "A *x* *|**y*"),  # a marker that opens a style: not stepped over
        ("👋 [sale]", "*", "👋 *[sale]*"),
        # Two styled words are not one pair (a newcomer's find: "new_ and _improved"):
        ("[_new_ and _improved_]", "_", "_[new and improved]_"),  # the whole styled
        ("[*Sale* ends, get *50%* off]", "*", "*[Sale ends, get 50% off]*"),  # no **Sale*
        ("[*a* b *c*\nd]", "*", "[*a b c*\n*d*]"),  # line by line alike
        ("[5*3 = 15]", "*", "*[5*3 = 15]*"),  # an asterisk that pairs with nothing stays
        ("[```a``` and b]", "```", "```[a and b]```"),  # monospace holds no other code
        ("[`code` and b]", "```", "```[code and b]```"),
        ("[   ]", "*", "   *|*"),
    ],
)
def test_each_press_puts_or_takes_off_the_markers(before: str, marker: str, after: str) -> None:
    assert pressed(before, marker) == after


def test_what_the_buttons_make_is_styled_as_whatsapp_styles_it() -> None:
    """Bold then italic on a word selected with its space: the preview's parser (WhatsApp's
    rules) styles the word both ways, and the space plain."""
    text = "Big sale today"
    bold = toggle(text, 4, 9, "*")  # "sale " selected, as a double-click may select
    text = text[: bold.start] + bold.replacement + text[bold.end :]
    both = toggle(text, *bold.select, "_")
    text = text[: both.start] + both.replacement + text[both.end :]
    assert text == "Big *_sale_* today"
    spans = parse_inline(text)
    assert [(span.text, set(span.styles)) for span in spans] == [
        ("Big ", set()),
        ("sale", {Style.BOLD, Style.ITALIC}),
        (" today", set()),
    ]
