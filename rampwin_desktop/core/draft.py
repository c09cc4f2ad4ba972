"""Draft files: the send request body itself, so a body from the docs opens as a draft.

A draft is a JSON object shaped like the body of ``POST /api/messages/send``
(``channel_id``, ``phone_number``, ``hide_from_chat``, ``interactive``), where
``channel_id`` and ``phone_number`` may be missing, a media header ``link`` may be
a local file path (absolute, or relative to the draft's folder) and one extra key,
``dontShowInChatList``, keeps the query flag. The format is described in
docs/drafts.md.

Loading is strict about shape and silent about nothing: an unknown key is an
error rather than something dropped on the next save. Limits (length, number of
buttons) are not checked here; that is validation's job, so an over-long draft
still opens and can be fixed.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rampwin_desktop.core import files
from rampwin_desktop.core.model import Button, Header, HeaderKind, Message
from rampwin_desktop.core.payload import JSON, interactive_object
from rampwin_desktop.core.validation import is_remote_link
from rampwin_desktop.core.variables import names_in

MAX_DRAFT_BYTES = 1_000_000
MAX_DEPTH = 32  # a draft nests 6 deep; a file nested deeper is not one (and would crash json)
MAX_NUMBER_DIGITS = 30  # longer numbers are not read (Python refuses ints over 4,300 digits)
PHONE_MAX_DIGITS = 15  # E.164
QUERY_FLAG_KEY = "dontShowInChatList"


class DraftError(ValueError):
    """A file that is not a usable draft; ``str(error)`` names what is wrong and where."""


# ---------------------------------------------------------------- writing


def draft_dict(message: Message, *, base_dir: Path | None = None) -> JSON:
    """The draft for ``message``; local header files inside ``base_dir`` are written relative."""
    data: JSON = {}
    if message.channel_id:
        data["channel_id"] = message.channel_id
    if message.recipient:
        data["phone_number"] = message.recipient
    data["hide_from_chat"] = message.hide_from_chat
    link = message.header.link
    if message.header.kind.is_media and link and not is_remote_link(link):
        link = _portable_path(Path(link), base_dir)
    data["interactive"] = interactive_object(message, media_link=link)
    if message.dont_show_in_chat_list:
        data[QUERY_FLAG_KEY] = True
    return data


def dumps_draft(message: Message, *, base_dir: Path | None = None) -> str:
    return json.dumps(draft_dict(message, base_dir=base_dir), ensure_ascii=False, indent=2) + "\n"


def _portable_path(path: Path, base_dir: Path | None) -> str:
    path = path.expanduser().absolute()
    if base_dir is not None:
        try:
            return path.relative_to(base_dir).as_posix()
        except ValueError:
            pass
    return str(path)


# ---------------------------------------------------------------- reading


def load_draft(path: Path) -> Message:
    path = Path(path)
    source = _read_text(path)
    return loads_draft(source, base_dir=path.parent.resolve(), name=path.name)


def _read_text(path: Path) -> str:
    """The file's text: only from a regular file (a FIFO would block, ``/dev/zero`` never end),
    and never more than the cap plus one byte, whatever the file says its size is."""
    limit = f"a draft is a small JSON file (at most {MAX_DRAFT_BYTES // 1_000_000} MB)."
    try:
        raw = files.read_capped(path, MAX_DRAFT_BYTES, kind="a draft", limit=limit)
    except files.UnreadableFileError as exc:
        raise DraftError(str(exc)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DraftError(
            f"{path.name} is not a text file in UTF-8, so it is not a draft."
        ) from None


def loads_draft(source: str, *, base_dir: Path | None = None, name: str = "The draft") -> Message:
    depth = _nesting_depth(source)
    if depth > MAX_DEPTH:
        raise DraftError(
            f"{name} is nested too deeply ({depth:,} levels of brackets; a draft has fewer "
            f"than {MAX_DEPTH}), so it is not a draft."
        )
    try:
        data = json.loads(source, object_pairs_hook=_unique_keys(name), parse_int=_number)
    except json.JSONDecodeError as exc:
        raise DraftError(
            f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    except RecursionError:  # the depth check above should have caught it
        raise DraftError(f"{name} is nested too deeply, so it is not a draft.") from None
    return message_from_draft(data, base_dir=base_dir, name=name)


# A JSON string, escapes included: once the strings are removed, every bracket left counts.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _nesting_depth(source: str) -> int:
    """How deeply brackets nest outside strings: counted before parsing, so that a file of
    100,000 ``[`` is refused by its depth, not by a RecursionError deep in ``json``."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", source))
    depth = deepest = 0
    for char in brackets:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _unique_keys(name: str) -> Any:
    def pairs_to_dict(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise DraftError(
                    f'{name} has the field "{key}" twice in one object; which one is meant '
                    "is not clear, so each field may appear once."
                )
            result[key] = value
        return result

    return pairs_to_dict


class _LongNumber:
    """A number too long to be read as an int (and too long to mean anything in a draft)."""

    def __init__(self, digits: str) -> None:
        self.digits = len(digits.lstrip("-"))


def _number(text: str) -> int | _LongNumber:
    return _LongNumber(text) if len(text) > MAX_NUMBER_DIGITS else int(text)


def message_from_draft(
    data: object, *, base_dir: Path | None = None, name: str = "The draft"
) -> Message:
    reader = _Reader(name)
    top = reader.mapping(data, "")
    reader.known_keys(
        top, "", {"channel_id", "phone_number", "hide_from_chat", "interactive", QUERY_FLAG_KEY}
    )
    if "interactive" not in top:
        raise DraftError(f'{name} has no "interactive" object, so it is not a Rampwin message.')
    interactive = reader.mapping(top["interactive"], "interactive")
    reader.known_keys(interactive, "interactive", {"type", "header", "body", "footer", "action"})
    kind = reader.string(interactive.get("type", "button"), "interactive.type")
    if kind != "button":
        raise DraftError(
            f'{name} holds an interactive message of type "{kind}"; '
            'only "button" (reply buttons) is supported.'
        )
    return Message(
        body=reader.text_object(interactive.get("body"), "interactive.body"),
        footer=reader.text_object(interactive.get("footer"), "interactive.footer"),
        header=reader.header(interactive.get("header"), base_dir),
        buttons=reader.buttons(interactive.get("action")),
        recipient=reader.phone(top.get("phone_number", "")),
        channel_id=reader.string(top.get("channel_id", ""), "channel_id"),
        hide_from_chat=reader.boolean(top.get("hide_from_chat", False), "hide_from_chat"),
        dont_show_in_chat_list=reader.boolean(top.get(QUERY_FLAG_KEY, False), QUERY_FLAG_KEY),
    )


_JSON_TYPE_NAMES = {
    dict: "an object",
    list: "a list",
    str: "text",
    bool: "true or false",
    int: "a number",
    float: "a number",
    type(None): "null",
    _LongNumber: "a number",
}


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, where: str, expected: str, value: object) -> DraftError:
        found = _JSON_TYPE_NAMES.get(type(value), type(value).__name__)
        place = f'"{where}"' if where else "the top level"
        return DraftError(f"In {self.name}, {place} should be {expected}, but it is {found}.")

    def mapping(self, value: object, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "an object", value)
        return value

    def string(self, value: object, where: str) -> str:
        if not isinstance(value, str):
            raise self.fail(where, "text", value)
        return value

    def boolean(self, value: object, where: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(where, "true or false", value)
        return value

    def phone(self, value: object) -> str:
        # The docs write numbers as strings; a bare JSON number is read the same way.
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return str(value)
        if isinstance(value, _LongNumber):
            raise DraftError(
                f"In {self.name}, phone_number is too long ({value.digits:,} digits); "
                f"a phone number has at most {PHONE_MAX_DIGITS} digits."
            )
        return self.string(value, "phone_number")

    def known_keys(self, value: dict[str, Any], where: str, allowed: set[str]) -> None:
        unknown = sorted(set(value) - allowed)
        if unknown:
            place = f'in "{where}"' if where else "at the top level"
            listed = ", ".join(f'"{key}"' for key in unknown)
            raise DraftError(
                f"{self.name} has {'an unknown field' if len(unknown) == 1 else 'unknown fields'} "
                f"{listed} {place}; expected only {', '.join(sorted(allowed))}."
            )

    def text_object(self, value: object, where: str) -> str:
        if value is None:
            return ""
        obj = self.mapping(value, where)
        self.known_keys(obj, where, {"text"})
        return self.string(obj.get("text", ""), f"{where}.text")

    def header(self, value: object, base_dir: Path | None) -> Header:
        if value is None:
            return Header()
        obj = self.mapping(value, "interactive.header")
        raw_kind = self.string(obj.get("type"), "interactive.header.type")
        try:
            kind = HeaderKind(raw_kind)
        except ValueError:
            kind = HeaderKind.NONE
        if kind is HeaderKind.NONE:
            raise DraftError(
                f'In {self.name}, the header type "{raw_kind}" is not one of '
                "text, image, video or document."
            )
        self.known_keys(obj, "interactive.header", {"type", kind.value})
        if kind is HeaderKind.TEXT:
            return Header.of_text(self.string(obj.get("text", ""), "interactive.header.text"))
        where = f"interactive.header.{kind.value}"
        media = self.mapping(obj.get(kind.value), where)
        allowed = {"link", "filename"} if kind is HeaderKind.DOCUMENT else {"link"}
        if "id" in media:
            raise DraftError(
                f'In {self.name}, the {kind.value} header uses a media "id"; '
                'use a "link" (a URL or a file on this computer) instead.'
            )
        self.known_keys(media, where, allowed)
        link = self.string(media.get("link", ""), f"{where}.link")
        filename = self.string(media.get("filename", ""), f"{where}.filename")
        return Header.of_media(kind, _resolve_link(link, base_dir), filename)

    def buttons(self, value: object) -> tuple[Button, ...]:
        if value is None:
            return ()
        action = self.mapping(value, "interactive.action")
        self.known_keys(action, "interactive.action", {"buttons"})
        raw = action.get("buttons", [])
        if not isinstance(raw, list):
            raise self.fail("interactive.action.buttons", "a list", raw)
        buttons = []
        for index, item in enumerate(raw):
            where = f"interactive.action.buttons[{index}]"
            button = self.mapping(item, where)
            self.known_keys(button, where, {"type", "reply"})
            button_type = self.string(button.get("type", "reply"), f"{where}.type")
            if button_type != "reply":
                raise DraftError(
                    f'In {self.name}, button {index + 1} has type "{button_type}"; '
                    'only "reply" buttons are supported.'
                )
            reply = self.mapping(button.get("reply"), f"{where}.reply")
            self.known_keys(reply, f"{where}.reply", {"id", "title"})
            buttons.append(
                Button(
                    id=self.string(reply.get("id", ""), f"{where}.reply.id"),
                    title=self.string(reply.get("title", ""), f"{where}.reply.title"),
                )
            )
        return tuple(buttons)


# ---------------------------------------------------------------- files outside the draft


def local_header_file(message: Message) -> Path | None:
    """The file to upload before sending, if the header is a local file."""
    header = message.header
    if header.kind.is_media and header.link and not is_remote_link(header.link):
        return Path(header.link).expanduser()
    return None


def header_file(message: Message) -> Path | None:
    """The local file the header would upload, symlinks and ``..`` resolved; None when the
    header is text, a URL or nothing."""
    path = local_header_file(message)
    return None if path is None else path.resolve()


def file_outside_draft(
    message: Message, draft_path: Path, trusted: Iterable[Path] = ()
) -> Path | None:
    """The header's local file when it lies outside the folder of the draft at
    ``draft_path`` and outside every ``trusted`` folder (symlinks resolved on all sides),
    else None.

    A draft may come from someone else: its header may name any file on this computer
    (``../../Pictures/x.jpg``, an absolute path, a symlink beside it). Such a file is sent
    only when the user says so: ``send --allow-outside-files``, or a yes in the window.
    ``trusted``: folders whose files are the app's own (its fitted and pasted pictures,
    given by the caller: core knows no storage), accepted wherever the draft lies.
    """
    found = header_file(message)
    if found is None or names_in(message.header.link):  # a list's rows name the files
        return None
    folders = [Path(draft_path).expanduser().absolute().parent, *trusted]
    for folder in folders:
        if found.is_relative_to(Path(folder).expanduser().absolute().resolve()):
            return None
    return found


def _resolve_link(link: str, base_dir: Path | None) -> str:
    """Local paths become absolute against the draft's folder; URLs stay as they are, and
    so does a link that starts with a placeholder (``{{image}}``): each row's value says
    what it is, a full path, an address, or a path from the folder the command runs in."""
    if not link or is_remote_link(link) or "://" in link or _starts_with_placeholder(link):
        return link
    path = Path(os.path.expanduser(link))
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    return str(path)


def _starts_with_placeholder(link: str) -> bool:
    return link.startswith("{{") and bool(names_in(link))
