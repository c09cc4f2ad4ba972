"""A single send has no row to fill ``{{placeholders}}`` from: each one is a problem (nothing
is sent), and ``\\{{`` goes out as ``{{``. A batch's rows, filled first, opt out."""

from __future__ import annotations

from pathlib import Path

import pytest

from rampwin_desktop.app import sending
from rampwin_desktop.app.credentials import Credentials
from rampwin_desktop.app.sending import InvalidMessageError, SendJob
from rampwin_desktop.core import limits
from rampwin_desktop.core.model import Button, Header, Message
from rampwin_desktop.core.payload import send_body
from rampwin_desktop.core.recipients import plan, read_csv
from rampwin_desktop.core.validation import (
    BATCH_IN_CLI,
    Checked,
    Severity,
    check,
    errors,
    validate,
)
from rampwin_desktop.core.variables import escaped, unescaped
from rampwin_desktop.sandbox import SandboxServer
from tests.helpers import TEST_KEY
from tests.helpers.csv_files import numbers, write_csv

MESSAGE = Message(
    body="Hi {{name}}",
    buttons=(Button("yes", "Yes"),),
    recipient="919999999999",
    channel_id="CHANNEL",
)
UNFILLED = (
    "{{name}} is filled in per row only by File › Send to a list…; remove it, "
    "or write \\{{ to send the braces as typed."
)


def test_a_placeholder_in_a_single_send_is_an_error_in_its_field() -> None:
    (problem,) = validate(MESSAGE)
    assert problem.field == "body"
    assert problem.severity is Severity.ERROR
    assert problem.message == UNFILLED
    assert check(MESSAGE) == [problem]


def test_the_command_line_names_its_own_batch() -> None:
    (problem,) = validate(MESSAGE, batch=BATCH_IN_CLI)
    assert problem.message.startswith(
        "{{name}} is filled in per row only by `rampwin-desktop batch`; remove it"
    )


def test_every_field_names_its_placeholders_in_screen_order_before_its_other_problems() -> None:
    message = MESSAGE.with_changes(
        header=Header.of_text("For {{ title }}"),
        body="Hi {{name}}, {{name}} again, order {{order}}",
        footer="{{shop}}" + "f" * 61,
        buttons=(Button("{{b1id}}", "{{b1}}"), Button("no", "No")),
        channel_id="",
    )
    found = [(problem.field, problem.message.split(" ")[0]) for problem in validate(message)]
    assert found == [
        ("header.text", "{{title}}"),
        ("body", "{{name}}"),  # once, though it is there twice
        ("body", "{{order}}"),
        ("footer", "{{shop}}"),
        ("footer", "The"),  # "The footer is 69 characters long…", after its placeholder
        ("button[1].title", "{{b1}}"),
        ("button[1].id", "{{b1id}}"),
        ("channel_id", "Enter"),
    ]


def test_an_escaped_placeholder_is_no_problem_and_is_sent_with_its_braces() -> None:
    message = MESSAGE.with_changes(
        body="Write \\{{name}} in the form", buttons=(Button("b_\\{{x}}", "\\{{ok}}"),)
    )
    assert validate(message) == []
    checked = check(message)
    assert isinstance(checked, Checked)
    body = send_body(checked)
    assert body["interactive"]["body"]["text"] == "Write {{name}} in the form"
    (reply,) = [button["reply"] for button in body["interactive"]["action"]["buttons"]]
    assert reply == {"id": "b_{{x}}", "title": "{{ok}}"}


def test_the_limits_count_an_escaped_brace_as_it_is_sent() -> None:
    typed = "x" * (limits.BODY_MAX - 2) + "\\{{"  # one over as typed, at the limit as sent
    assert errors(validate(MESSAGE.with_changes(body=typed))) == []
    (problem,) = errors(validate(MESSAGE.with_changes(body="x" + typed)))
    assert problem.field == "body" and "1 too many" in problem.message


def test_a_filled_message_keeps_its_braces_as_text() -> None:
    filled = MESSAGE.with_changes(body="Code {{x}}")  # e.g. a row's value, or "\{{" filled
    assert validate(filled, filled=True) == []


def test_a_batch_row_with_braces_from_an_escape_or_a_value_is_planned(tmp_path: Path) -> None:
    phones = numbers(2)
    table = read_csv(
        write_csv(
            tmp_path / "list.csv", ["phone", "name"], [[phones[0], "{{Ann}}"], [phones[1], "Bo"]]
        )
    )
    result = plan(MESSAGE.with_changes(body="Hi {{name}}, type \\{{code}}"), table)
    assert result.problems == ()
    assert [row.message.body for row in result.rows] == [
        "Hi {{Ann}}, type {{code}}",
        "Hi Bo, type {{code}}",
    ]


def _job(sandbox: SandboxServer, message: Message) -> SendJob:
    return SendJob(
        message=message, profile="default", credentials=Credentials(TEST_KEY, sandbox.base_url)
    )


def test_a_single_send_with_a_placeholder_sends_nothing(sandbox: SandboxServer) -> None:
    with pytest.raises(InvalidMessageError) as caught:
        sending.send(_job(sandbox, MESSAGE))
    assert str(caught.value) == UNFILLED
    assert sending.problems(MESSAGE) == caught.value.problems
    assert sandbox.requests() == []


def test_a_single_send_delivers_an_escaped_placeholder_as_typed(sandbox: SandboxServer) -> None:
    sending.send(_job(sandbox, MESSAGE.with_changes(body="Hi \\{{name}}")))
    (received,) = sandbox.messages()
    assert received["body"]["interactive"]["body"]["text"] == "Hi {{name}}"


def test_a_sent_message_composed_again_sends_the_same_text() -> None:
    sent = MESSAGE.with_changes(
        body="Type {{x}}, \\{{y}} or {{}}", buttons=(Button("b_{{1}}", "{{ok}}"),)
    )
    again = escaped(sent)
    assert again.body == "Type \\{{x}}, \\\\{{y}} or \\{{}}"
    assert validate(again) == []
    assert unescaped(again) == sent
