"""WhatsApp formatting, parsed as the phone renders it."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rampwin_desktop.core.markup import (
    BlockKind,
    HtmlColours,
    Span,
    Style,
    parse,
    render,
    span_html,
    to_plain,
)

B, I, S, C, M = Style.BOLD, Style.ITALIC, Style.STRIKE, Style.CODE, Style.MONO  # noqa: E741


def spans(text: str) -> list[tuple[str, set[Style]]]:
    (block,) = parse(text)
    return [(span.text, set(span.styles)) for span in block.spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("*bold*", [("bold", {B})]),
        ("_italic_", [("italic", {I})]),
        ("~strike~", [("strike", {S})]),
        ("`code`", [("code", {C})]),
        ("a *b* c", [("a ", set()), ("b", {B}), (" c", set())]),
        ("*_both_*", [("both", {B, I})]),
        ("*bold _and italic_ here*", [("bold ", {B}), ("and italic", {B, I}), (" here", {B})]),
        ("~*_all three_*~", [("all three", {S, B, I})]),
        ("(*in brackets*)", [("(", set()), ("in brackets", {B}), (")", set())]),
        ("*bold*, then more", [("bold", {B}), (", then more", set())]),
    ],
)
def test_markers_that_pair(text: str, expected: list[tuple[str, set[Style]]]) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "*unpaired",
        "unpaired*",
        "* spaced *",
        "*spaced *",
        "a*b*c",  # inside a word: WhatsApp does not format it
        "snake_case_name",
        "2*3*4",
        "**",
        "*\nbold*",  # no line break inside
    ],
)
def test_markers_that_do_not_pair_stay_literal(text: str) -> None:
    blocks = parse(text)
    assert all(not span.styles for block in blocks for span in block.spans)
    assert to_plain(blocks).replace("• ", "* ") == text


def test_code_and_monospace_are_not_formatted_inside() -> None:
    assert spans("`*x*`") == [("*x*", {C})]
    assert spans("```*x* _y_```") == [("*x* _y_", {M})]


def test_monospace_spans_lines() -> None:
    (block,) = parse("```line one\nline two```")
    assert block.spans == (Span("line one\nline two", frozenset({M})),)


def test_emoji_next_to_markers() -> None:
    assert spans("👋*hi*🎉") == [("👋", set()), ("hi", {B}), ("🎉", set())]
    assert spans("*👍*") == [("👍", {B})]


def test_very_long_words_survive() -> None:
    word = "x" * 5000
    assert spans(f"*{word}*") == [(word, {B})]
    assert to_plain(parse(word)) == word


def test_lists_and_quotes() -> None:
    blocks = parse("Menu:\n- tea\n* coffee\n1. first\n12. twelfth\n> quoted _it_\n-not a bullet")
    assert [(b.kind, b.number) for b in blocks] == [
        (BlockKind.PARAGRAPH, ""),
        (BlockKind.BULLET, ""),
        (BlockKind.BULLET, ""),
        (BlockKind.NUMBERED, "1."),
        (BlockKind.NUMBERED, "12."),
        (BlockKind.QUOTE, ""),
        (BlockKind.PARAGRAPH, ""),
    ]
    assert blocks[5].spans[1] == Span("it", frozenset({I}))
    assert to_plain(blocks).splitlines()[1:4] == ["• tea", "• coffee", "1. first"]


def test_bare_links_become_links_markdown_links_do_not() -> None:
    (block,) = parse("Visit https://rampwin.com/offers?x=1. Or www.example.com!")
    links = [span for span in block.spans if span.link]
    assert [(s.text, s.link) for s in links] == [
        ("https://rampwin.com/offers?x=1", "https://rampwin.com/offers?x=1"),
        ("www.example.com", "https://www.example.com"),
    ]
    (md,) = parse("[site](https://a.com)")
    assert [s.text for s in md.spans if s.link] == ["https://a.com"]


def links(text: str) -> list[tuple[str, set[Style]]]:
    """The links of a one-line text, each with its styles; each link's address is its text."""
    (block,) = parse(text)
    found = [span for span in block.spans if span.link]
    assert all(span.link.endswith(span.text) for span in found)
    return [(span.text, set(span.styles)) for span in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Markers inside an address are part of it: no formatting, the address whole.
        ("https://example.com/_private_/page", [("https://example.com/_private_/page", set())]),
        ("find https://example.com/?q=*star* now", [("https://example.com/?q=*star*", set())]),
        ("https://example.com/~user/~old~/x", [("https://example.com/~user/~old~/x", set())]),
        ("https://example.com/`tick`/x", [("https://example.com/`tick`/x", set())]),
        ("www.example.com/a_b_c", [("www.example.com/a_b_c", set())]),
        # Punctuation that ends the sentence is not part of the address.
        ("Go to https://a.com.", [("https://a.com", set())]),
        ("https://a.com, then", [("https://a.com", set())]),
        ("Really https://a.com/x?!", [("https://a.com/x", set())]),
        ("'https://a.com'", [("https://a.com", set())]),
        ('"https://a.com"', [("https://a.com", set())]),
        ("(see https://a.com/x)", [("https://a.com/x", set())]),
        ("[https://a.com]", [("https://a.com", set())]),
        (
            "https://en.wikipedia.org/wiki/Tea_(drink)",
            [("https://en.wikipedia.org/wiki/Tea_(drink)", set())],
        ),
        # Formatting around an address formats the link, which stays whole.
        ("*https://x.com*", [("https://x.com", {B})]),
        ("_https://x.com/_a_/b_", [("https://x.com/_a_/b", {I})]),
        ("~https://x.com/~a~~", [("https://x.com/~a~", {S})]),
        ("*see https://x.com/?q=*a*, ok*", [("https://x.com/?q=*a*", {B})]),
        ("*_https://x.com_*", [("https://x.com", {B, I})]),
        # More than one, and the formatting between them still pairs.
        (
            "https://a.com/_x_ and _b_ https://c.com/_y_",
            [("https://a.com/_x_", set()), ("https://c.com/_y_", set())],
        ),
        # Not addresses.
        ("https://", []),
        ("https://.", []),
        ("[site](https://a.com)", [("https://a.com", set())]),
    ],
)
def test_links_are_found_before_formatting(
    text: str, expected: list[tuple[str, set[Style]]]
) -> None:
    assert links(text) == expected


def test_formatting_next_to_an_address_still_pairs() -> None:
    assert spans("_see_ https://a.com/_x_ *now*") == [
        ("see", {I}),
        (" ", set()),
        ("https://a.com/_x_", set()),
        (" ", set()),
        ("now", {B}),
    ]
    # A marker that would pair only across the address's inside stays literal.
    assert spans("_a https://x.com/_b") == [("_a ", set()), ("https://x.com/_b", set())]


def test_a_link_keeps_its_address_in_the_html() -> None:
    html = render("https://example.com/_private_/page")
    assert 'href="https://example.com/_private_/page"' in html and "<i>" not in html


ADDRESS_PART = st.text(alphabet="abcxyz019/._-~*?=&%#()", min_size=1, max_size=20)


@given(st.sampled_from(["https://", "http://", "www."]), ADDRESS_PART, st.sampled_from("abz09/"))
def test_an_address_between_spaces_is_one_whole_unformatted_link(
    scheme: str, middle: str, last: str
) -> None:
    address = scheme + "host.com/" + middle + last
    assert links(f"see {address} now") == [(address, set())]


@given(st.text())
def test_plain_text_is_escaped_like_html_escape(text: str) -> None:
    assert span_html(Span(text), HtmlColours()) == html.escape(text).replace("\n", "<br>")
    assert span_html(Span("<a href='x'>&amp;\"</a>"), HtmlColours()) == (
        "&lt;a href=&#x27;x&#x27;&gt;&amp;amp;&quot;&lt;/a&gt;"
    )


def test_html_escapes_and_styles() -> None:
    html = render("*<b>* & _x_\n- item")
    assert "<b>&lt;b&gt;</b>" in html and "&amp;" in html and "<i>x</i>" in html
    assert "•" in html and "<br>" in html
    assert "<script" not in render("<script>alert(1)</script>")


def test_plain_text_drops_markers_only() -> None:
    assert to_plain(parse("*Hi* _there_ ~old~ `c`")) == "Hi there old c"
    assert to_plain(parse("")) == ""
