"""Every row of the limits table, at the limit and one past it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from rampwin_desktop.core import limits
from rampwin_desktop.core.model import Button, Header, HeaderKind, Message
from rampwin_desktop.core.validation import Problem, Severity, errors, validate
from tests.helpers import media_files
from tests.helpers.bad_text import TEXT_CASES, text_case

GOOD = Message(
    body="Hello how are you",
    buttons=(Button("btn_1", "Buy Now"),),
    footer="Thank You",
    recipient="919999999999",
    channel_id="CHANNEL",
)


def problems_of(message: Message, **kwargs: bool) -> list[Problem]:
    return errors(validate(message, **kwargs))


def fields_of(message: Message, **kwargs: bool) -> list[str]:
    return [problem.field for problem in problems_of(message, **kwargs)]


def test_good_message_has_no_problems() -> None:
    assert validate(GOOD) == []


# ------------------------------------------------------------------ body


@pytest.mark.parametrize(
    ("body", "ok"),
    [
        ("x", True),
        ("x" * limits.BODY_MAX, True),
        ("x" * (limits.BODY_MAX + 1), False),
        ("👍" * limits.BODY_MAX, True),  # an emoji is one code point
        ("👍" * (limits.BODY_MAX + 1), False),
        ("中" * limits.BODY_MAX, True),
        ("e\u0301" * (limits.BODY_MAX // 2), True),  # combining accents count as they are stored
        ("e\u0301" * (limits.BODY_MAX // 2) + "x", False),
        ("", False),
        ("   \n\t ", False),
        ("line one\nline two\ttab", True),
    ],
)
def test_body_limits(body: str, ok: bool) -> None:
    assert ("body" not in fields_of(GOOD.with_changes(body=body))) is ok


def test_body_problem_says_how_many_too_many() -> None:
    (problem,) = problems_of(GOOD.with_changes(body="x" * 1030))
    assert problem.field == "body"
    assert (
        "1030" in problem.message and "1024" in problem.message and "6 too many" in problem.message
    )


@pytest.mark.parametrize("bad", ["\x00", "\x07", "\x1b", "\ud800", "\udfff"])
def test_body_refuses_control_characters_and_lone_surrogates(bad: str) -> None:
    (problem,) = problems_of(GOOD.with_changes(body=f"Hi {bad} there"))
    assert problem.field == "body"
    assert "position 4" in problem.message


# Text that shows nothing, one class of invisible character at a time (written as escapes:
# the point is that they cannot be seen).
INVISIBLE = {
    "zero-width spaces and a BOM": "\u200b\u200b\ufeff",
    "joiners alone": "\u200d\u200c\u2060",
    "direction marks": "\u200e\u200f\u061c",
    "direction overrides": "\u202e\u202e",
    "direction isolates": "\u2066\u2069",
    "soft hyphen": "\u00ad",
    "combining marks with no base": "\u0301\u0308\u20e3",
    "spacing mark with no base": "\u093e",
    "variation selectors": "\ufe0f\ufe0e\U000e0100",
    "tag characters": "\U000e0067\U000e0062\U000e007f",
    "spaces of other widths": "\u2003\u3000\u00a0",
    "spaces mixed with format characters": " \u200b \ufeff ",
    "blank fillers": "\u3164\u115f\uffa0\u2800",
}


@pytest.mark.parametrize("value", INVISIBLE.values(), ids=INVISIBLE.keys())
@pytest.mark.parametrize(
    ("field", "label", "place"),
    [
        ("body", "The body", lambda v: {"body": v}),
        ("header.text", "The header text", lambda v: {"header": Header.of_text(v)}),
        ("footer", "The footer", lambda v: {"footer": v}),
        ("button[1].title", "Button 1's title", lambda v: {"buttons": (Button("b1", v),)}),
    ],
)
def test_invisible_text_is_refused_as_empty(field: str, label: str, place, value: str) -> None:  # type: ignore[no-untyped-def]
    (problem,) = problems_of(GOOD.with_changes(**place(value)))
    what = "only spaces" if value.isspace() else "empty"  # as for "" and "   "
    assert problem == Problem(field, f"{label} is {what}; it needs at least one visible character.")


@pytest.mark.parametrize(
    "value",
    [
        "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # family: three emoji joined by ZWJ
        "\U0001f3f3\ufe0f\u200d\U0001f308",  # rainbow flag
        "\U0001f1ee\U0001f1f3",  # India's flag: two regional indicators
        "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # Scotland
        "1\ufe0f\u20e3",  # keycap one
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian with a ZWNJ
        "\u0915\u094d\u200d\u0937",  # Hindi with a ZWJ
        "\u200b\u200bHi\ufeff",  # one visible word among invisible characters
        "\u0301e",  # a stray accent before a letter
        "\U0001fae8",  # an emoji newer than this Python's Unicode tables
    ],
)
def test_visible_text_with_joiners_and_selectors_stays_valid(value: str) -> None:
    message = GOOD.with_changes(
        body=value, footer=value, header=Header.of_text(value), buttons=(Button("b1", value),)
    )
    assert problems_of(message) == []


@pytest.mark.parametrize(
    "override", [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]
)
def test_direction_overrides_in_a_button_title_are_refused(override: str) -> None:
    (problem,) = problems_of(GOOD.with_changes(buttons=(Button("b1", f"Yes{override}oN"),)))
    assert problem.field == "button[1].title"
    assert f"U+{ord(override):04X}" in problem.message and "position 4" in problem.message
    assert "read differently" in problem.message


def test_direction_overrides_are_left_alone_in_the_body() -> None:
    assert (
        problems_of(GOOD.with_changes(body="\u2067\u0645\u0631\u062d\u0628\u0627\u2069 Hi")) == []
    )


@pytest.mark.parametrize(
    ("changes", "field"), [c[1:] for c in TEXT_CASES], ids=[c[0] for c in TEXT_CASES]
)
def test_each_bad_text_row_of_the_reliability_table_is_one_problem(changes, field: str) -> None:  # type: ignore[no-untyped-def]
    assert fields_of(text_case(changes)) == [field]


def test_a_hundred_kilobytes_of_invisible_characters_are_judged_at_once() -> None:
    for invisible in ("\u200b", "\u0301", "\u093e", " \ufe0f"):
        body = invisible * (100_000 // len(invisible))
        started = time.monotonic()
        problems = problems_of(GOOD.with_changes(body=body))
        assert time.monotonic() - started < 0.5
        assert [p.field for p in problems] == ["body"] and "is empty" in problems[0].message


def test_right_to_left_text_is_fine() -> None:
    assert validate(GOOD.with_changes(body="مرحبا كيف حالك", footer="شكرا")) == []


# ------------------------------------------------------------------ footer


@pytest.mark.parametrize(
    ("footer", "ok"),
    [
        ("", True),
        ("f" * limits.FOOTER_MAX, True),
        ("f" * (limits.FOOTER_MAX + 1), False),
        ("🙏" * limits.FOOTER_MAX, True),
        ("🙏" * (limits.FOOTER_MAX + 1), False),
        ("two\nlines", False),
        ("  ", False),
    ],
)
def test_footer_limits(footer: str, ok: bool) -> None:
    assert ("footer" not in fields_of(GOOD.with_changes(footer=footer))) is ok


# ------------------------------------------------------------------ header text


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("h" * limits.HEADER_TEXT_MAX, True),
        ("h" * (limits.HEADER_TEXT_MAX + 1), False),
        ("", False),
        ("a\nb", False),
    ],
)
def test_header_text_limits(text: str, ok: bool) -> None:
    message = GOOD.with_changes(header=Header.of_text(text))
    assert ("header.text" not in fields_of(message)) is ok


def test_header_text_markers_are_a_warning_not_an_error() -> None:
    problems = validate(GOOD.with_changes(header=Header.of_text("*Sale* today")))
    assert [p.severity for p in problems] == [Severity.WARNING]
    assert problems[0].message.startswith(
        "WhatsApp shows formatting markers (* _ ~ `) in a header as they are typed."
    )


# ------------------------------------------------------------------ buttons


def buttons(*titles: str) -> tuple[Button, ...]:
    return tuple(Button(f"id_{n}", title) for n, title in enumerate(titles))


@pytest.mark.parametrize(
    ("count", "ok"), [(0, False), (1, True), (3, True), (4, False), (10, False)]
)
def test_button_count(count: int, ok: bool) -> None:
    message = GOOD.with_changes(buttons=buttons(*(f"B{n}" for n in range(count))))
    assert ("buttons" not in fields_of(message)) is ok


@pytest.mark.parametrize(
    ("title", "ok"),
    [
        ("t" * limits.BUTTON_TITLE_MAX, True),
        ("t" * (limits.BUTTON_TITLE_MAX + 1), False),
        ("👍" * limits.BUTTON_TITLE_MAX, True),
        ("👍" * (limits.BUTTON_TITLE_MAX + 1), False),
        ("", False),
        ("   ", False),
        ("Yes\nNo", False),
    ],
)
def test_button_title_limits(title: str, ok: bool) -> None:
    message = GOOD.with_changes(buttons=buttons(title))
    assert ("button[1].title" not in fields_of(message)) is ok


def test_titles_differing_only_in_case_are_duplicates() -> None:
    problems = problems_of(GOOD.with_changes(buttons=buttons("Yes", "No", "YES")))
    assert [p.field for p in problems] == ["button[3].title"]
    assert "button 1" in problems[0].message


@pytest.mark.parametrize(
    ("button_id", "ok"),
    [
        ("i" * limits.BUTTON_ID_MAX, True),
        ("i" * (limits.BUTTON_ID_MAX + 1), False),
        ("", False),
        (" padded", False),
        ("padded ", False),
        ("inner space ok", True),
    ],
)
def test_button_id_limits(button_id: str, ok: bool) -> None:
    message = GOOD.with_changes(buttons=(Button(button_id, "Title"),))
    assert ("button[1].id" not in fields_of(message)) is ok


def test_button_ids_must_be_unique() -> None:
    message = GOOD.with_changes(buttons=(Button("same", "One"), Button("same", "Two")))
    assert fields_of(message) == ["button[2].id"]


# ------------------------------------------------------------------ header media


def image(link: Path | str) -> Message:
    return GOOD.with_changes(header=Header.of_media(HeaderKind.IMAGE, str(link)))


def test_png_and_jpeg_are_accepted(files: Path) -> None:
    assert validate(image(media_files.png(files))) == []
    assert validate(image(media_files.jpeg(files))) == []


def test_image_is_judged_by_content_not_name(files: Path) -> None:
    jpeg_named_png = media_files.write(files / "photo.png", media_files.jpeg_bytes())
    assert validate(image(jpeg_named_png)) == []
    for fake in (media_files.gif(files, "a.png"), media_files.webp(files, "b.png")):
        (problem,) = problems_of(image(fake))
        assert problem.field == "header.link"
        assert "JPEG or PNG" in problem.message


def test_text_file_named_jpg_is_refused(files: Path) -> None:
    path = media_files.write(files / "notes.jpg", b"just some text\n")
    (problem,) = problems_of(image(path))
    assert "unknown type" in problem.message


def test_image_size_limit(files: Path) -> None:
    at_limit = media_files.sized_png(files, limits.IMAGE_MAX_BYTES, "at.png")
    over = media_files.sized_png(files, limits.IMAGE_MAX_BYTES + 1, "over.png")
    assert validate(image(at_limit)) == []
    (problem,) = problems_of(image(over))
    assert "5,000,001 bytes" in problem.message and "5,000,000 bytes" in problem.message


@pytest.mark.parametrize(
    ("maker", "kind"),
    [
        (media_files.mp4, HeaderKind.VIDEO),
        (media_files.pdf, HeaderKind.DOCUMENT),
        (media_files.docx, HeaderKind.DOCUMENT),
        (media_files.xlsx, HeaderKind.DOCUMENT),
    ],
)
def test_video_and_documents(files: Path, maker, kind: HeaderKind) -> None:  # type: ignore[no-untyped-def]
    path = maker(files)
    assert validate(GOOD.with_changes(header=Header.of_media(kind, str(path)))) == []
    as_image = problems_of(image(path))
    assert [p.field for p in as_image] == ["header.link"]


def test_video_size_limit(files: Path) -> None:
    path = media_files.mp4(files, size=limits.VIDEO_MAX_BYTES + 1)
    message = GOOD.with_changes(header=Header.of_media(HeaderKind.VIDEO, str(path)))
    (problem,) = problems_of(message)
    assert "at most" in problem.message


def test_missing_empty_and_folder_files(files: Path) -> None:
    empty = media_files.write(files / "empty.png", b"")
    for link, words in (
        (files / "nope.png", "does not exist"),
        (empty, "empty"),
        (files, "folder"),
        ("", "Choose a file"),
        ("ftp://example.com/a.png", "http"),
    ):
        (problem,) = problems_of(image(link))
        assert problem.field == "header.link"
        assert words in problem.message


def test_remote_links_are_not_fetched_but_must_be_addresses() -> None:
    assert validate(image("https://cdn.example.com/a.png")) == []
    assert fields_of(image("https://")) == ["header.link"]


def test_a_file_a_sandbox_of_an_earlier_session_kept_is_refused_by_name() -> None:
    """History's Send again… after a restart: the built-in sandbox starts on a new port, and
    the picture the last one kept (its /media/<token>/<name>) is gone with it."""
    token = "Q" * 22
    gone = image(f"http://127.0.0.1:43745/media/{token}/h.jpg")
    (problem,) = validate(gone, server="http://127.0.0.1:37807")
    assert problem.field == "header.link"
    assert problem.message == (
        "The header file was kept by a sandbox that is gone (127.0.0.1:43745, a session "
        "before this one). Choose the file again."
    )
    assert validate(gone, server="http://127.0.0.1:43745") == []  # that sandbox: still there
    assert validate(gone) == []  # where it goes is not known: nothing to say
    web = image(f"https://cdn.example.com/media/{token}/h.jpg")  # the same shape, on the web
    assert validate(web, server="http://127.0.0.1:37807") == []
    mine = image("http://127.0.0.1:8000/media/photos/h.jpg")  # a page of the user's own
    assert validate(mine, server="http://127.0.0.1:37807") == []


def test_files_are_not_touched_when_asked_not_to(files: Path) -> None:
    assert validate(image(files / "nope.png"), check_files=False) == []


# ------------------------------------------------------------------ destination


def test_recipient_and_channel_are_required_for_sending_only() -> None:
    bare = GOOD.with_changes(recipient="", channel_id="")
    assert fields_of(bare) == ["recipient", "channel_id"]
    assert fields_of(bare, require_destination=False) == []


@pytest.mark.parametrize(
    ("channel_id", "what"),
    [
        ("ch\n1", "a line break at position 3"),
        ("ch/1", '"/" at position 3'),
        ("ch 1", "a space at position 3"),
        ("ch\t1", "a space character (U+0009) at position 3"),
        ("c?x", '"?" at position 2'),
        ("c#x", '"#" at position 2'),
        ("c%2F", '"%" at position 2'),
        ("c\\x", '"\\" at position 2'),
        ("c\u200bx", "an invisible character (U+200B) at position 2"),
        ("c\x00", "an invisible character (U+0000) at position 2"),
        ("\u0441h", '"\u0441" at position 1'),  # a Cyrillic letter that looks like c
    ],
)
def test_channel_id_characters_no_channel_id_has_are_refused(channel_id: str, what: str) -> None:
    for required in (True, False):
        (problem,) = problems_of(
            GOOD.with_changes(channel_id=channel_id), require_destination=required
        )
        assert problem.field == "channel_id"
        assert problem.message.startswith(f"The channel id contains {what};")


@pytest.mark.parametrize(
    "channel_id", ["sandbox", "ch-1", "c_2", "waba:1234.5", "0f8fad5b-d9cb-469f"]
)
def test_channel_ids_of_letters_digits_and_punctuation_are_fine(channel_id: str) -> None:
    assert problems_of(GOOD.with_changes(channel_id=channel_id)) == []


def test_every_problem_is_reported_at_once() -> None:
    message = Message(
        body="",
        footer="f" * 61,
        buttons=(Button(" x", "t" * 21), Button(" x", "T" * 21)),
        recipient="07911 123456",
    )
    assert fields_of(message) == [
        "body",
        "footer",
        "button[1].title",
        "button[1].id",
        "button[2].title",
        "button[2].title",
        "button[2].id",
        "button[2].id",
        "recipient",
        "channel_id",
    ]
