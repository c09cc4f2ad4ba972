"""``rampwin-desktop send``: validate, upload the header file if any, and send one message.

Exit codes: 0 sent; 2 invalid input (nothing uploaded or sent); 3 authentication
(no key, or the key was refused); 4 the API refused the message; 5 network failure
or timeout (the message says whether it may have been sent); 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rampwin_desktop.core.model import Message

EXIT_SENT = 0
EXIT_INVALID = 2
EXIT_AUTH = 3
EXIT_REFUSED = 4
EXIT_NETWORK = 5
EXIT_INTERRUPTED = 130

ENV_API_KEY = "RAMPWIN_API_KEY"
ENV_BASE_URL = "RAMPWIN_BASE_URL"


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "send",
        help="send an interactive button message",
        description=(
            "Send a WhatsApp interactive button message through Rampwin. Flags override "
            f"the draft's values. The API key comes from ${ENV_API_KEY}, else the keyring."
        ),
        epilog=(
            "exit codes: 0 sent; 2 invalid input (nothing sent); 3 no key or key refused; "
            "4 the API refused the message; 5 network failure or timeout"
        ),
    )
    parser.add_argument("--draft", type=Path, metavar="FILE", help="a draft (JSON) to start from")
    parser.add_argument("--to", metavar="NUMBER", help="recipient, with country code")
    parser.add_argument("--channel", metavar="ID", help="WhatsApp channel id to send from")
    parser.add_argument("--body", metavar="TEXT", help="message body (WhatsApp formatting allowed)")
    parser.add_argument("--footer", metavar="TEXT", help="small grey text under the body")
    header = parser.add_mutually_exclusive_group()
    header.add_argument("--header-text", metavar="TEXT", help="a bold text header")
    header.add_argument(
        "--header-image", metavar="PATH_OR_URL", help="a JPEG/PNG file to upload, or its https URL"
    )
    parser.add_argument(
        "--button", action="append", metavar="TITLE", help="a reply button (repeat for up to 3)"
    )
    parser.add_argument("--hide-from-chat", action="store_true", default=None)
    parser.add_argument("--dont-show-in-chat-list", action="store_true", default=None)
    parser.add_argument("--base-url", metavar="URL", help=f"API address (or ${ENV_BASE_URL})")
    parser.add_argument("--profile", default=None, help="settings profile whose key to use")
    parser.add_argument(
        "--dry-run", action="store_true", help="validate and print the JSON body; send nothing"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rampwin_desktop.core.draft import DraftError, load_draft
    from rampwin_desktop.core.model import Message
    from rampwin_desktop.core.payload import send_body, send_query
    from rampwin_desktop.core.validation import Severity, validate

    err = sys.stderr
    message = Message()
    if args.draft is not None:
        try:
            message = load_draft(args.draft)
        except DraftError as exc:
            print(f"draft: {exc}", file=err)
            return EXIT_INVALID
    message = apply_flags(message, args)

    problems = validate(message)
    for problem in problems:
        if problem.severity is Severity.WARNING:
            print(f"warning: {problem}", file=err)
    failures = [problem for problem in problems if problem.severity is Severity.ERROR]
    if failures:
        for problem in failures:
            print(str(problem), file=err)
        print(f"Nothing was sent: {_count(len(failures), 'problem')} to fix.", file=err)
        return EXIT_INVALID

    from rampwin_desktop.api.errors import ConfigurationError
    from rampwin_desktop.api.urls import DEFAULT_BASE_URL, check_base_url

    try:
        base_url = check_base_url(args.base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL)
    except ConfigurationError as exc:
        print(f"base-url: {exc}", file=err)
        return EXIT_INVALID

    if args.dry_run:
        print(json.dumps(send_body(message), ensure_ascii=False, indent=2))
        query = "&".join(f"{key}={value}" for key, value in send_query(message).items())
        print(f"(dry run: would POST {base_url}/api/messages/send?{query})", file=err)
        return EXIT_SENT

    return _send(message, base_url, args.profile, err)


def apply_flags(message: Message, args: argparse.Namespace) -> Message:
    from rampwin_desktop.core.ids import id_for_title
    from rampwin_desktop.core.model import Button, Header, HeaderKind

    changes: dict[str, object] = {}
    for flag, field_name in (
        ("to", "recipient"),
        ("channel", "channel_id"),
        ("body", "body"),
        ("footer", "footer"),
        ("hide_from_chat", "hide_from_chat"),
        ("dont_show_in_chat_list", "dont_show_in_chat_list"),
    ):
        value = getattr(args, flag)
        if value is not None:
            changes[field_name] = value
    if args.header_text is not None:
        changes["header"] = Header.of_text(args.header_text)
    elif args.header_image is not None:
        changes["header"] = Header.of_media(HeaderKind.IMAGE, _absolute_link(args.header_image))
    if args.button:
        buttons: list[Button] = []
        for position, title in enumerate(args.button, start=1):
            taken = [button.id for button in buttons]
            buttons.append(Button(id=id_for_title(title, taken, position=position), title=title))
        changes["buttons"] = tuple(buttons)
    return message.with_changes(**changes)


def _absolute_link(link: str) -> str:
    from rampwin_desktop.core.validation import is_remote_link

    if is_remote_link(link) or "://" in link or not link:
        return link
    return str(Path(link).expanduser().absolute())


def _api_key(profile: str, err: TextIO) -> str | None:
    key = os.environ.get(ENV_API_KEY, "").strip()
    if key:
        return key
    from rampwin_desktop import keystore

    try:
        return keystore.read(keystore.Secret.API_KEY, profile)
    except keystore.KeyringUnavailableError as exc:
        print(f"note: {exc}", file=err)
        return None


def _cookie(profile: str) -> str | None:
    from rampwin_desktop import keystore

    try:
        return keystore.read(keystore.Secret.COOKIE, profile)
    except keystore.KeyringUnavailableError:
        return None


def _send(message: Message, base_url: str, profile: str | None, err: TextIO) -> int:
    from rampwin_desktop import keystore
    from rampwin_desktop.api import errors
    from rampwin_desktop.api.client import RampwinClient
    from rampwin_desktop.api.delivery import Stage, deliver, local_header_file

    profile = profile or keystore.DEFAULT_PROFILE
    key = _api_key(profile, err)
    if not key:
        print(
            f"No API key: set {ENV_API_KEY}, or save a key in the app's Settings "
            f"(keyring service '{keystore.SERVICE}'). Nothing was sent.",
            file=err,
        )
        return EXIT_AUTH

    stage: list[Stage] = []
    show_progress = err.isatty()

    def on_stage(current: Stage) -> None:
        stage.append(current)
        if current is Stage.UPLOADING:
            path = local_header_file(message)
            print(f"Uploading {path.name if path else 'header'}…", file=err)
        else:
            print("Sending…", file=err)

    def on_progress(sent: int, total: int) -> None:
        if show_progress and total:
            print(f"\r  {sent * 100 // total:3d}% of {total:,} bytes", end="", file=err)
            if sent >= total:
                print(file=err)

    try:
        with RampwinClient(key, base_url=base_url, cookie=_cookie(profile)) as client:
            delivery = deliver(client, message, on_stage=on_stage, progress=on_progress)
    except errors.ConfigurationError as exc:
        print(str(exc), file=err)
        return EXIT_INVALID
    except errors.AuthenticationError as exc:
        print(str(exc), file=err)
        return EXIT_AUTH
    except (errors.RejectedError, errors.CancelledError) as exc:
        print(str(exc), file=err)
        return EXIT_REFUSED
    except errors.RampwinError as exc:
        print(str(exc), file=err)
        return EXIT_NETWORK
    except KeyboardInterrupt:
        sending = bool(stage) and stage[-1] is Stage.SENDING
        print(
            "\nInterrupted while sending: the message may have been delivered."
            if sending
            else "\nInterrupted: the message was not sent.",
            file=err,
        )
        return EXIT_INTERRUPTED
    if delivery.media_link:
        print(f"Header uploaded: {delivery.media_link}", file=err)
    print(delivery.result.message)
    return EXIT_SENT


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
