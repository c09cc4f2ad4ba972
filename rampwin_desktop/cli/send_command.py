"""``rampwin-desktop send``: check, upload the header file if any, send one message, record it.

Runs the same engine as the window (``app/sending.py``): the same checks, the same upload
cache and the same history. Exit codes: ``cli/exit_codes.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rampwin_desktop.api.delivery import Stage
from rampwin_desktop.api.errors import ConfigurationError, RampwinError
from rampwin_desktop.app import credentials, header_files, sending
from rampwin_desktop.app.credentials import ENV_API_KEY, ENV_BASE_URL
from rampwin_desktop.app.defaults import home_region, with_profile_defaults
from rampwin_desktop.cli import exit_codes, wording
from rampwin_desktop.cli.options import known_profile, profile_store
from rampwin_desktop.core import image_meta
from rampwin_desktop.core.counts import counted
from rampwin_desktop.core.draft import DraftError, load_draft, local_header_file
from rampwin_desktop.core.ids import id_for_title
from rampwin_desktop.core.image_fit import FitError, FitReport
from rampwin_desktop.core.model import Button, Header, HeaderKind, Message
from rampwin_desktop.core.payload import send_body, send_query
from rampwin_desktop.core.validation import (
    BATCH_IN_CLI,
    Severity,
    errors,
    is_remote_link,
    validate,
)
from rampwin_desktop.core.variables import unescaped
from rampwin_desktop.storage.history import open_history
from rampwin_desktop.storage.keystore import SessionSecrets
from rampwin_desktop.storage.profiles import Profile, ProfileStore
from rampwin_desktop.storage.upload_cache import open_upload_cache


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "send",
        parents=[common],
        help="send an interactive button message",
        description=(
            "Send a WhatsApp interactive button message through Rampwin. Flags override "
            "the draft's values, and the draft's override the profile's defaults. The API key "
            f"comes from ${ENV_API_KEY}, else the profile's keyring entry."
        ),
        epilog=(
            "exit codes: 0 sent; 2 invalid input (nothing sent); 3 no key or key refused; "
            "4 the API refused the message; 5 network failure or timeout"
        ),
    )
    parser.add_argument("--draft", type=Path, metavar="FILE", help="a draft (JSON) to start from")
    parser.add_argument(
        "--allow-outside-files",
        action="store_true",
        help="send a header file the draft names outside its own folder (refused without this)",
    )
    parser.add_argument("--to", metavar="NUMBER", help="recipient, with country code")
    parser.add_argument("--channel", metavar="ID", help="WhatsApp channel id to send from")
    parser.add_argument("--body", metavar="TEXT", help="message body (WhatsApp formatting allowed)")
    parser.add_argument("--footer", metavar="TEXT", help="small grey text under the body")
    header = parser.add_mutually_exclusive_group()
    header.add_argument("--header-text", metavar="TEXT", help="a bold text header")
    header.add_argument(
        "--header-image",
        metavar="PATH_OR_URL",
        help="a JPEG/PNG file to upload, or its http(s) address",
    )
    parser.add_argument(
        "--button", action="append", metavar="TITLE", help="a reply button (repeat for up to 3)"
    )
    parser.add_argument(
        "--hide-from-chat",
        action="store_true",
        default=None,
        help="hide the message in Rampwin's chat view (hide_from_chat; else the draft's, or "
        "the profile's)",
    )
    parser.add_argument(
        "--dont-show-in-chat-list",
        action="store_true",
        default=None,
        help="keep the message out of Rampwin's chat list (dontShowInChatList; else the "
        "draft's, or the profile's)",
    )
    parser.add_argument("--base-url", metavar="URL", help=f"API address (or ${ENV_BASE_URL})")
    parser.add_argument(
        "--profile",
        default=None,
        help="the profile whose address, channel, cookie and key to use (default: default)",
    )
    parser.add_argument(
        "--reupload",
        action="store_true",
        help="upload the header file even if the same file was uploaded before",
    )
    parser.add_argument(
        "--fit-image",
        action="store_true",
        help="convert a header picture WhatsApp would refuse (WebP, GIF, BMP, TIFF, too large, "
        "16-bit, CMYK) to a JPEG or PNG that fits; the original file is not changed",
    )
    parser.add_argument(
        "--keep-metadata",
        action="store_true",
        help="upload the header picture with its metadata (EXIF with GPS position and camera, "
        "XMP, IPTC, comments); removed by default",
    )
    parser.add_argument(
        "--no-history", action="store_true", help="do not record this send in the history"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="validate and print the JSON body; send nothing"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    err = sys.stderr
    profiles = profile_store()
    name = known_profile(profiles, args.profile)
    if name is None:
        return exit_codes.INVALID
    profile = profiles.load(name)
    message = Message()
    if args.draft is not None:
        try:
            message = load_draft(args.draft)
        except DraftError as exc:
            print(f"draft: {exc}", file=err)
            return exit_codes.INVALID
        if not _header_file_allowed(message, args):
            return exit_codes.INVALID
    # A draft says both flags itself; without one, the profile's apply.
    message = with_profile_defaults(message, profile, flags=args.draft is None)
    message = apply_flags(message, args)
    keep_metadata = args.keep_metadata or profiles.settings.keep_metadata()
    fitted: FitReport | None = None
    original = _header_name(args, message)  # the user's file, before any conversion
    if args.fit_image:
        try:
            message, fitted = header_files.fit_message(message, store=not args.dry_run)
        except FitError as exc:
            print(f"header: {exc} Nothing was sent.", file=err)
            return exit_codes.INVALID
    # A dry run converts without keeping the result: the header names where it would be kept.
    # A placeholder is an error: only a batch has rows to fill it in from.
    problems = validate(
        message,
        check_files=not (args.dry_run and fitted is not None),
        batch=BATCH_IN_CLI,
        home_region=home_region(profile),
    )
    for problem in problems:
        if problem.severity is Severity.WARNING:
            print(f"warning: {problem}", file=err)
    failures = errors(problems)
    if failures:
        for problem in failures:
            print(str(problem), file=err)
        header = local_header_file(message)
        if not args.fit_image and header is not None and header_files.needs_fit(header):
            print("header.link: --fit-image converts this picture to one that fits.", file=err)
        print(f"Nothing was sent: {counted(len(failures), 'problem')} to fix.", file=err)
        return exit_codes.INVALID

    base_url = checked_base_url(profile, args.base_url)
    if base_url is None:
        return exit_codes.INVALID

    if args.dry_run:
        plan = picture_plan(message, fitted, keep_metadata=keep_metadata, name=original)
        for line in plan:
            print(f"(dry run: {line})", file=err)
        sent = unescaped(message)  # as the send would: "\\{{" goes out as "{{"
        print(json.dumps(send_body(sent), ensure_ascii=False, indent=2))
        query = "&".join(f"{key}={value}" for key, value in send_query(sent).items())
        print(f"(dry run: would POST {base_url}/api/messages/send?{query})", file=err)
        return exit_codes.OK

    found = resolve_credentials(profile, profiles, args.base_url)
    if isinstance(found, int):
        return found
    if fitted is not None:
        print(f"Header fitted: {fitted.sentence(original)}", file=err)
    job = sending.SendJob(
        message=message,
        profile=name,
        credentials=found,
        force_upload=args.reupload,
        keep_metadata=keep_metadata,
    )
    return _send(job, no_history=args.no_history)


def picture_plan(
    message: Message, fitted: FitReport | None, *, keep_metadata: bool, name: str = ""
) -> list[str]:
    """What would be done to the header picture before its upload, in sentences."""
    path = local_header_file(message)
    if fitted is not None:
        said = [f"would convert {fitted.sentence(name or 'the header picture')}"]
        if path is not None:
            said.append(
                f"the header link below is the converted copy that would be uploaded, "
                f"{path.name} ({fitted.after.words()}), not {name or 'the original'}; "
                "a dry run does not keep it"
            )
        return said
    if path is None or message.header.kind is not HeaderKind.IMAGE or not path.is_file():
        return []
    if keep_metadata:
        return ["the header picture would be uploaded with its metadata (--keep-metadata)"]
    found = image_meta.inspect(path)
    if found.orientation != 1:
        return [
            f"would remove {image_meta.describe(found.found)} from {path.name} and turn it "
            "upright (its EXIF orientation), which re-encodes it"
        ]
    if found.any:
        return [
            f"would remove {image_meta.describe(found.found)} from {path.name}; "
            "the picture's data is copied unchanged"
        ]
    return [f"{path.name} carries no metadata: it would be uploaded as it is"]


def _header_name(args: argparse.Namespace, message: Message) -> str:
    path = local_header_file(message)
    original = args.header_image or (path.name if path else "the header")
    return Path(original).name


def checked_base_url(profile: Profile, override: str | None) -> str | None:
    """The address sends from ``profile`` go to; None (with the reason said) if unusable."""
    try:
        return credentials.base_url(profile, override=override)
    except ConfigurationError as exc:
        print(f"base-url: {exc}", file=sys.stderr)
        return None


def resolve_credentials(
    profile: Profile, profiles: ProfileStore, base_url_override: str | None
) -> credentials.Credentials | int:
    """What sends from ``profile`` use, or the exit code (with the reason printed)."""
    try:
        return credentials.resolve(
            profile, SessionSecrets(), profiles, base_url_override=base_url_override
        )
    except RampwinError as exc:
        print(str(exc), file=sys.stderr)
        return exit_codes.for_error(exc)


def _header_file_allowed(draft_message: Message, args: argparse.Namespace) -> bool:
    """False (with the reason said) when the draft's header is a file outside its folder,
    which a draft from someone else could use to send any file on this computer."""
    if args.allow_outside_files or args.header_image is not None or args.header_text is not None:
        return True  # allowed, or the header is the user's own flag, not the draft's
    outside = header_files.file_outside_draft(draft_message, args.draft)
    if outside is None:
        return True
    print(
        f"draft: the header file {outside} is outside the draft's folder "
        f"({Path(args.draft).absolute().parent}); nothing was sent. If you mean to send "
        "that file, add --allow-outside-files.",
        file=sys.stderr,
    )
    return False


def apply_flags(message: Message, args: argparse.Namespace) -> Message:
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
    if is_remote_link(link) or "://" in link or not link:
        return link
    return str(Path(link).expanduser().absolute())


def _send(job: sending.SendJob, *, no_history: bool) -> int:
    err = sys.stderr
    show_progress = err.isatty()
    reached: list[Stage] = []

    def on_stage(current: Stage) -> None:
        reached.append(current)
        if current is Stage.UPLOADING:
            path = local_header_file(job.plain)
            print(f"Uploading {path.name if path else 'header'}…", file=err)
        elif current is Stage.SENDING:
            print("Sending…", file=err)

    said = -1  # the last percentage said: each once (the end came twice: "100%")

    def on_progress(sent: int, total: int) -> None:
        nonlocal said
        percent = sent * 100 // total if total else 0
        if not show_progress or not total or percent == said:
            return
        said = percent
        print(f"\r  {percent:3d}% of {total:,} bytes", end="", file=err)
        if sent >= total:
            print(file=err)

    history = None if no_history else open_history()
    try:
        sent = sending.send(
            job,
            history=history,
            cache=open_upload_cache(),
            on_stage=on_stage,
            progress=on_progress,
        )
    except RampwinError as exc:
        print(wording.for_the_command_line(str(exc), job.profile), file=err)
        return exit_codes.for_error(exc)
    except KeyboardInterrupt as interrupt:
        print("\n" + sending.describe(interrupt, reached[-1] if reached else None), file=err)
        return exit_codes.INTERRUPTED
    finally:
        if history is not None:
            history.close()
    if sent.media_link and sent.reused_upload:
        print(
            f"Header reused from an earlier upload (--reupload to upload it again): "
            f"{sent.media_link}",
            file=err,
        )
    elif sent.media_link:
        print(f"Header uploaded: {sent.media_link}", file=err)
    if sent.cleaned is not None and not sent.reused_upload:
        print(f"Header metadata removed: {image_meta.describe(sent.cleaned.removed)}", file=err)
    print(sent.result.message)
    return exit_codes.OK
