"""Placeholders: found in every text that is sent, filled in per row, checked after filling."""

from __future__ import annotations

from pathlib import Path

import pytest

from rampwin_desktop.core import limits
from rampwin_desktop.core.model import Button, Header, HeaderKind, Message
from rampwin_desktop.core.recipients import plan, read_csv
from rampwin_desktop.core.validation import errors, validate
from rampwin_desktop.core.variables import VariableError, fill, placeholders
from tests.helpers import media_files
from tests.helpers.csv_files import numbers, write_csv

BASE = Message(
    body="Hello {{name}}",
    buttons=(Button("yes", "Yes"),),
    recipient="919999999999",
    channel_id="CHANNEL",
)

EVERY_FIELD = Message(
    header=Header.of_text("For {{ title }}"),
    body="Hi {{name}}, order {{order}}",
    footer="{{shop}}",
    buttons=(Button("{{b1id}}", "{{b1}}"), Button("no-{{order}}", "No")),
    channel_id="CHANNEL",
)
VALUES = {
    "title": "Ann",
    "name": "Ann Lee",
    "order": "A-17",
    "shop": "Corner Shop",
    "b1id": "pay_A-17",
    "b1": "Pay now",
}


def test_placeholders_in_every_field_in_screen_order_each_once() -> None:
    assert placeholders(EVERY_FIELD) == ["title", "name", "order", "shop", "b1", "b1id"]


def test_fill_puts_values_in_every_field() -> None:
    filled = fill(EVERY_FIELD, VALUES)
    assert filled.header.text == "For Ann"
    assert filled.body == "Hi Ann Lee, order A-17"
    assert filled.footer == "Corner Shop"
    assert filled.buttons == (Button("pay_A-17", "Pay now"), Button("no-A-17", "No"))
    assert filled.channel_id == "CHANNEL"
    assert placeholders(filled) == []


def test_header_link_takes_a_placeholder_so_each_row_has_its_own_picture() -> None:
    message = BASE.with_changes(header=Header.of_media(HeaderKind.IMAGE, "{{image}}"))
    assert placeholders(message) == ["image", "name"]
    filled = fill(message, {"image": "https://example.com/a.png", "name": "Ann"})
    assert filled.header == Header.of_media(HeaderKind.IMAGE, "https://example.com/a.png")


def test_text_of_a_header_that_is_not_sent_is_not_a_placeholder() -> None:
    # A media header keeps no text on the wire; a "none" header sends neither.
    hidden = Header(kind=HeaderKind.NONE, text="{{ghost}}", link="{{ghost2}}")
    assert placeholders(BASE.with_changes(header=hidden)) == ["name"]
    assert fill(BASE.with_changes(header=hidden), {"name": "A"}).header == hidden


@pytest.mark.parametrize("written", ["{{name}}", "{{ name }}", "{{  name\t}}", "{{name }}"])
def test_spaces_inside_the_braces_are_the_same_placeholder(written: str) -> None:
    message = BASE.with_changes(body=f"Hi {written}!")
    assert placeholders(message) == ["name"]
    assert fill(message, {"name": "Ann"}).body == "Hi Ann!"


def test_a_name_may_hold_spaces_and_is_matched_exactly() -> None:
    message = BASE.with_changes(body="Dear {{ first name }} / {{Name}}")
    assert placeholders(message) == ["first name", "Name"]
    with pytest.raises(VariableError, match=r"\{\{Name\}\}"):
        fill(message, {"first name": "Ann", "name": "x"})


def test_an_escaped_placeholder_is_a_literal() -> None:
    message = BASE.with_changes(body=r"Write \{{name}} to get {{name}}; \{{ stays")
    assert placeholders(message) == ["name"]
    assert fill(message, {"name": "Ann"}).body == "Write {{name}} to get Ann; {{ stays"


def test_an_escape_alone_needs_no_values() -> None:
    message = BASE.with_changes(body=r"Template: \{{name}}")
    assert placeholders(message) == []
    assert fill(message, {}).body == "Template: {{name}}"


@pytest.mark.parametrize("literal", ["{{}}", "{{ }}", "{{name", "name}}", "{ {name} }", "{{a\nb}}"])
def test_what_is_not_a_placeholder_is_left_as_it_is(literal: str) -> None:
    message = BASE.with_changes(body=f"x {literal} y")
    assert placeholders(message) == []
    assert fill(message, {}).body == f"x {literal} y"


def test_a_value_is_put_in_as_it_is_not_filled_again() -> None:
    filled = fill(BASE, {"name": "{{name}} \\{{x}}"})
    assert filled.body == "Hello {{name}} \\{{x}}"


def test_unknown_placeholder_names_it_and_a_close_column() -> None:
    with pytest.raises(VariableError) as raised:
        fill(EVERY_FIELD.with_changes(body="Hi {{nmae}}"), {**VALUES})
    assert raised.value.name == "nmae"
    assert '"nmae"' in str(raised.value)
    assert 'Did you mean "name"?' in str(raised.value)


def test_the_first_unknown_placeholder_on_screen_is_named() -> None:
    with pytest.raises(VariableError) as raised:
        fill(EVERY_FIELD, {"name": "x"})
    assert raised.value.name == "title"  # the header comes before the body


BODY_1020 = "x" * 1011 + " {{name}}"  # 1,020 characters as composed
NAME_18 = "Annabel Lee-Smithe"  # makes it 1,030 filled in


def test_filled_text_is_what_the_limits_count() -> None:
    message = BASE.with_changes(body=BODY_1020)
    assert len(message.body) == 1020
    (unfilled,) = errors(validate(message))  # as a single send: only its placeholder
    assert unfilled.message.startswith("{{name}} is filled in per row only by")
    assert errors(validate(fill(message, {"name": "Ann"}))) == []  # 1,015
    (problem,) = errors(validate(fill(message, {"name": NAME_18})))
    assert problem.field == "body"
    assert "1030" in problem.message and "6 too many" in problem.message


def test_a_long_value_is_a_problem_on_its_row_only(tmp_path: Path) -> None:
    phones = numbers(3)
    rows = [[phones[0], "Ann"], [phones[1], NAME_18], [phones[2], "Bo"]]
    table = read_csv(write_csv(tmp_path / "list.csv", ["phone", "name"], rows))
    result = plan(BASE.with_changes(body=BODY_1020), table)
    assert [row.row for row in result.rows] == [2, 4]
    assert [(problem.row, problem.field) for problem in result.problems] == [(3, "body")]
    assert "1030" in result.problems[0].message


def test_emoji_values_count_as_code_points() -> None:
    message = BASE.with_changes(body="y" * (limits.BODY_MAX - 3) + "{{e}}")
    assert errors(validate(fill(message, {"e": "👍🎉🙂"}))) == []
    assert fill(message, {"e": "👍🏽🎉"}).body.endswith("👍🏽🎉")
    (problem,) = errors(validate(fill(message, {"e": "👍🏽🎉🙂"})))  # four code points
    assert problem.field == "body"


def test_a_value_that_breaks_a_field_is_found_by_validation() -> None:
    message = BASE.with_changes(footer="{{shop}}")
    (problem,) = errors(validate(fill(message, {"name": "Ann", "shop": "Corner\nShop"})))
    assert problem.field == "footer"


def test_a_filled_local_image_path_is_checked_as_a_file(tmp_path: Path) -> None:
    picture = media_files.png(tmp_path)
    message = BASE.with_changes(header=Header.of_media(HeaderKind.IMAGE, "{{image}}"))
    assert errors(validate(fill(message, {"name": "A", "image": str(picture)}))) == []
    missing = fill(message, {"name": "A", "image": str(tmp_path / "none.png")})
    (problem,) = errors(validate(missing))
    assert problem.field == "header.link"
    assert "does not exist" in problem.message


def test_a_button_title_is_named_before_its_id() -> None:
    message = BASE.with_changes(buttons=(Button("{{code}}", "{{label}}"),))
    with pytest.raises(VariableError) as raised:
        fill(message, {"name": "Ann"})
    assert raised.value.name == "label"
