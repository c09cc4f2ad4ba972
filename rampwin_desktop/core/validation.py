"""Check a message against WhatsApp's limits and report every problem at once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple
from urllib.parse import SplitResult, urlsplit

from rampwin_desktop.core import limits, media, text
from rampwin_desktop.core.hosts import is_loopback_host
from rampwin_desktop.core.model import Button, Header, HeaderKind, Message
from rampwin_desktop.core.phone import number_problem, parse_phone_number
from rampwin_desktop.core.variables import has_braces, names_in, unescaped

_MARKERS = re.compile(r"[*_~`]")
# Where a sandbox keeps an upload for its session: /media/<its token>/<the file's name>.
_SANDBOX_MEDIA = re.compile(r"/media/[A-Za-z0-9_-]{16,}/[^/]+")
# A channel id is made of ASCII letters, digits and - _ . : (docs/limits.md).
_NOT_IN_CHANNEL_ID = re.compile(r"[^A-Za-z0-9_.:-]")
# What fills placeholders in, as the window names it (the command line: BATCH_IN_CLI).
BATCH_IN_WINDOW = "File › Send to a list…"
BATCH_IN_CLI = "`rampwin-desktop batch`"


class Severity(StrEnum):
    ERROR = "error"  # the message cannot be sent
    WARNING = "warning"  # it can, but will not look as the user may expect


class Problem(NamedTuple):
    field: str  # "body", "footer", "header.text", "header.link", "buttons", "button[2].title", ...
    message: str  # one sentence a user understands
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def errors(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.severity is Severity.ERROR]


class Checked(NamedTuple):
    """A message ``validate`` found no error in, ready to send as it is, its recipient
    written as the digits that are sent (``919999999999``). Made by ``check``, and by a
    batch's plan (``core/recipients.py``) for each row it checked, so that ``app/sending``
    does not check that row a second time; a plain ``Message`` is always checked there."""

    message: Message


def check(message: Message) -> Checked | list[Problem]:
    """``message`` ready to send, or the errors that stop it (warnings left out).

    ``message`` is a single send's, as composed: a placeholder in it is an error, and
    each ``\\{{`` is sent as ``{{`` (a batch's rows are checked by their plan, filled).
    """
    found = errors(validate(message))
    if found:
        return found
    digits = parse_phone_number(message.recipient).digits  # read (and cached) by validate
    return Checked(unescaped(message).with_changes(recipient=digits))


def validate(
    message: Message,
    *,
    require_destination: bool = True,
    check_files: bool = True,
    filled: bool = False,
    batch: str = BATCH_IN_WINDOW,
    home_region: str = "",
    server: str = "",
) -> list[Problem]:
    """Every problem with ``message``: the message's parts in order (header, body, footer,
    buttons), then where it goes (the window lists those first: its "Send to" is on top).

    ``require_destination``: the recipient and channel must be present (for sending;
    a draft may leave them out). ``check_files``: open local header files to check
    their type and size (off only where the file system must not be touched).
    ``filled``: the message's placeholders were filled in already (a batch's row, or a
    message as it arrives), so a ``{{`` left in it is text; otherwise (a single send, as
    composed) each ``{{placeholder}}`` is an error that names ``batch``, what fills it in.
    ``home_region`` (e.g. "IN"): the user's, so that a recipient written as at home, without
    its country code, is not read as another country's number (``misread_at_home``).
    ``server`` (a base URL, "" when not known): where it goes, which must be able to fetch
    the header's link (``_on_this_computer``).
    """
    unfilled: list[Problem] = []
    if not filled and has_braces(message):  # most messages have none: checked at once
        unfilled = list(_check_placeholders(message, batch))
        if not unfilled:
            message = unescaped(message)  # checked as it is sent: "\\{{" is sent as "{{"
    problems: list[Problem] = []
    # A link with a placeholder is no file yet ("The file {{image}} does not exist" too).
    a_file = not any(problem.field == "header.link" for problem in unfilled)
    problems += _check_header(message.header, check_files=check_files and a_file, server=server)
    problems += _check_body(message.body)
    problems += _check_footer(message.footer)
    problems += _check_buttons(message.buttons)
    problems += _check_destination(message, required=require_destination, home=home_region)
    if unfilled:  # each before the other problems of its field, fields in screen order
        problems = sorted(unfilled + problems, key=_screen_order)
    return problems


def _check_placeholders(message: Message, batch: str) -> Iterator[Problem]:
    header = message.header
    texts: list[tuple[str, str]] = []
    if header.kind is HeaderKind.TEXT:
        texts.append(("header.text", header.text))
    elif header.kind.is_media:
        texts.append(("header.link", header.link))
    texts += [("body", message.body), ("footer", message.footer)]
    for number, button in enumerate(message.buttons, start=1):
        texts += [(f"button[{number}].title", button.title), (f"button[{number}].id", button.id)]
    for field, value in texts:
        for name in names_in(value):
            yield Problem(
                field,
                f"{{{{{name}}}}} is filled in per row only by {batch}; remove it, "
                "or write \\{{ to send the braces as typed.",
            )


_BUTTON_FIELD = re.compile(r"button\[(\d+)\]\.(title|id)")
_FIELD_ORDER = {"body": 1, "footer": 2, "buttons": 3, "recipient": 4, "channel_id": 5}


def _screen_order(problem: Problem) -> tuple[int, int, int]:
    """Where ``problem``'s field is on screen, for a stable sort of validate's problems."""
    field = problem.field
    if field.startswith("header."):
        return (0, 0, 0)
    button = _BUTTON_FIELD.fullmatch(field)
    if button is not None:
        return (3, int(button.group(1)), 0 if button.group(2) == "title" else 1)
    return (_FIELD_ORDER.get(field, 6), 0, 0)


def _check_text(
    field: str,
    label: str,
    value: str,
    maximum: int,
    *,
    required: bool,
    allow_newlines: bool = True,
) -> Iterator[Problem]:
    if required and text.is_blank(value):
        # Invisible characters alone look empty, and are called so.
        what = "only spaces" if value.isspace() else "empty"
        yield Problem(field, f"{label} is {what}; it needs at least one visible character.")
        return
    count = text.length(value)
    if count > maximum:
        yield Problem(
            field,
            f"{label} is {count} characters long; WhatsApp allows at most {maximum} "
            f"({count - maximum} too many).",
        )
    bad = text.first_forbidden_character(value, allow_newlines=allow_newlines)
    if bad:
        yield Problem(field, f"{label} contains {bad}; remove it.")


def _check_body(body: str) -> Iterator[Problem]:
    yield from _check_text("body", "The body", body, limits.BODY_MAX, required=True)


def _check_footer(footer: str) -> Iterator[Problem]:
    if footer:
        yield from _check_text(
            "footer", "The footer", footer, limits.FOOTER_MAX, required=True, allow_newlines=False
        )


def _check_header(header: Header, *, check_files: bool, server: str) -> Iterator[Problem]:
    if header.kind is HeaderKind.NONE:
        return
    if header.kind is HeaderKind.TEXT:
        yield from _check_text(
            "header.text",
            "The header text",
            header.text,
            limits.HEADER_TEXT_MAX,
            required=True,
            allow_newlines=False,
        )
        if _MARKERS.search(header.text):
            yield Problem(
                "header.text",
                "WhatsApp shows formatting markers (* _ ~ `) in a header as they are typed.",
                Severity.WARNING,
            )
        return
    yield from _check_media_link(header, check_files=check_files, server=server)
    if header.filename:
        yield from _check_text(
            "header.filename",
            "The document name",
            header.filename,
            240,
            required=True,
            allow_newlines=False,
        )


def is_remote_link(link: str) -> bool:
    return link.lower().startswith(("http://", "https://"))


def _check_media_link(header: Header, *, check_files: bool, server: str) -> Iterator[Problem]:
    kind = header.kind.value
    link = header.link.strip()
    if not link:
        yield Problem("header.link", f"Choose a file or enter a link for the {kind} header.")
        return
    if link != header.link:
        yield Problem("header.link", "The header link has spaces around it; remove them.")
        return
    if is_remote_link(link):
        parts = urlsplit(link)
        if not parts.hostname or any(char.isspace() for char in link):
            yield Problem("header.link", f"{link} is not a valid web address.")
        elif _on_this_computer(parts.hostname) and not _on_this_computer(server):
            yield Problem(
                "header.link",
                f"The header link is on this computer ({parts.netloc}), where "
                f"{urlsplit(server).hostname} cannot fetch it (a copy the built-in sandbox "
                "kept for its session, say). Choose the picture again, or give a link on "
                "the web.",
            )
        elif _gone_sandbox_upload(parts, server):
            yield Problem(  # History's Send again…, after a restart: the sandbox's new port
                "header.link",
                f"The header file was kept by a sandbox that is gone ({parts.netloc}, a "
                "session before this one). Choose the file again.",
            )
        return
    if "://" in link:
        yield Problem(
            "header.link",
            "The header link must be an http:// or https:// address, or a file on this computer.",
        )
        return
    if check_files:
        try:
            media.check_media_file(Path(link).expanduser(), header.kind)
        except media.MediaFileError as exc:
            yield Problem("header.link", str(exc))


def _gone_sandbox_upload(link: SplitResult, server: str) -> bool:
    """Whether ``link`` is a file a sandbox on this computer kept for its session, on
    another port than ``server``'s (a sandbox's, started again since)."""
    return (
        bool(server)
        and is_loopback_host(link.hostname or "")
        and _SANDBOX_MEDIA.fullmatch(link.path) is not None
        and link.netloc != urlsplit(server).netloc
    )


def _on_this_computer(address: str) -> bool:
    """Whether ``address`` (a host, or a URL) names this computer. "" (no server known)
    counts as this computer: nothing to say then."""
    host = (urlsplit(address).hostname or "") if "://" in address else address
    return not host or is_loopback_host(host)


def _check_buttons(buttons: tuple[Button, ...]) -> Iterator[Problem]:
    if len(buttons) < limits.BUTTONS_MIN:
        yield Problem("buttons", "Add at least one reply button.")
        return
    if len(buttons) > limits.BUTTONS_MAX:
        yield Problem(
            "buttons",
            f"There are {len(buttons)} buttons; WhatsApp allows at most {limits.BUTTONS_MAX}.",
        )
    seen_titles: dict[str, int] = {}
    seen_ids: dict[str, int] = {}
    for number, button in enumerate(buttons, start=1):
        prefix = f"button[{number}]"
        label = f"Button {number}"
        yield from _check_text(
            f"{prefix}.title",
            f"{label}'s title",
            button.title,
            limits.BUTTON_TITLE_MAX,
            required=True,
            allow_newlines=False,
        )
        override = text.first_direction_override(button.title)
        if override and not text.is_blank(button.title):
            yield Problem(
                f"{prefix}.title",
                f"{label}'s title contains {override}; it makes the title read differently "
                "from what is sent. Remove it.",
            )
        title_key = button.title.strip().casefold()
        if title_key and title_key in seen_titles:
            yield Problem(
                f"{prefix}.title",
                f"{label} has the same title as button {seen_titles[title_key]}; "
                "titles must differ (case does not count).",
            )
        seen_titles.setdefault(title_key, number)
        if _MARKERS.search(button.title):
            yield Problem(
                f"{prefix}.title",
                "WhatsApp shows formatting markers (* _ ~ `) in a button title as they are typed.",
                Severity.WARNING,
            )
        yield from _check_text(
            f"{prefix}.id",
            f"{label}'s id",
            button.id,
            limits.BUTTON_ID_MAX,
            required=True,
            allow_newlines=False,
        )
        if button.id.strip() and text.has_surrounding_whitespace(button.id):
            yield Problem(
                f"{prefix}.id", f"{label}'s id has spaces at its start or end; remove them."
            )
        if button.id and button.id in seen_ids:
            yield Problem(
                f"{prefix}.id",
                f"{label} has the same id as button {seen_ids[button.id]}; ids must be unique.",
            )
        seen_ids.setdefault(button.id, number)


def _check_destination(message: Message, *, required: bool, home: str) -> Iterator[Problem]:
    if (message.recipient.strip() or required) and (
        said := number_problem(message.recipient, home)
    ):
        yield Problem("recipient", said)
    if required and not message.channel_id.strip():
        yield Problem("channel_id", "Enter the WhatsApp channel id to send from.")
    elif message.channel_id and text.has_surrounding_whitespace(message.channel_id):
        yield Problem("channel_id", "The channel id has spaces at its start or end; remove them.")
    elif message.channel_id:
        yield from _check_channel_characters(message.channel_id)


def channel_id_problems(channel_id: str) -> list[str]:
    """What is wrong with a channel id that is given (a profile's default, for one)."""
    return [problem.message for problem in _check_channel_characters(channel_id)]


def _check_channel_characters(channel_id: str) -> Iterator[Problem]:
    found = _NOT_IN_CHANNEL_ID.search(channel_id)
    if found is None:
        return
    char = found.group()
    if char in "\r\n":
        what = "a line break"
    elif char.isspace():
        what = "a space" if char == " " else f"a space character (U+{ord(char):04X})"
    elif char.isprintable():
        what = f'"{char}"'
    else:
        what = f"an invisible character (U+{ord(char):04X})"
    yield Problem(
        "channel_id",
        f"The channel id contains {what} at position {found.start() + 1}; a channel id has only "
        "letters A-Z, digits and - _ . : in it. Copy it again from your Rampwin account.",
    )
