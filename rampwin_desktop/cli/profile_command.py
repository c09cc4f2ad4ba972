"""``rampwin-desktop profile``: list, show, set and delete profiles, and store their keys.

For scripts and servers: the same profiles (and checks) as the window's Settings, in the
same settings file, with the key in the keyring. The key is never printed.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import Any

from rampwin_desktop.app import profiles as profile_rules
from rampwin_desktop.app.credentials import ENV_API_KEY, ENV_BASE_URL, env_api_key, env_base_url
from rampwin_desktop.cli import exit_codes
from rampwin_desktop.cli.options import known_profile, profile_store
from rampwin_desktop.storage.keystore import (
    NO_KEYRING,
    Secret,
    SessionSecrets,
    key_status,
    missing_backend,
)
from rampwin_desktop.storage.profiles import DEFAULT_PROFILE, Profile

_WHAT = {Secret.API_KEY: "API key", Secret.COOKIE: "cookie"}


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "profile",
        parents=[common],
        help="list, show, change and delete profiles; store their API keys",
        description="Profiles hold where and how to send: address, default channel, your own "
        "number and default flags; each profile's API key and cookie are kept in the system "
        "keyring. The window's Settings edit the same profiles.",
        epilog="exit codes: 0 done; 2 invalid input (nothing changed); 3 no usable keyring",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", parents=[common], help="the stored profiles")
    listing.add_argument("--json", action="store_true", help="a JSON array, for programs")
    listing.set_defaults(run=run_list)

    show = actions.add_parser(
        "show", parents=[common], help="one profile, and where its key comes from"
    )
    show.add_argument("name")
    show.add_argument("--json", action="store_true", help="a JSON object, for programs")
    show.set_defaults(run=run_show)

    change = actions.add_parser(
        "set", parents=[common], help="create a profile or change some of its settings"
    )
    change.add_argument("name")
    change.add_argument("--base-url", metavar="URL", help="the API's address (https://)")
    change.add_argument("--channel", metavar="ID", help="the WhatsApp channel id to send from")
    change.add_argument("--own-number", metavar="NUMBER", help="your number, for test sends")
    change.add_argument(
        "--hide-from-chat",
        action=argparse.BooleanOptionalAction,
        help="the profile's sends are hidden in Rampwin's chat view, unless a draft says",
    )
    change.add_argument(
        "--dont-show-in-chat-list",
        action=argparse.BooleanOptionalAction,
        help="the profile's sends are kept out of Rampwin's chat list, unless a draft says",
    )
    change.set_defaults(run=run_set)

    for action, secret in (("set-key", Secret.API_KEY), ("set-cookie", Secret.COOKIE)):
        store = actions.add_parser(
            action,
            parents=[common],
            help=f"store the profile's {_WHAT[secret]} in the keyring (read from standard "
            "input, or asked for; never shown)",
        )
        store.add_argument("name")
        store.set_defaults(run=run_set_secret, secret=secret)

    delete = actions.add_parser(
        "delete", parents=[common], help="remove a profile and its keyring entries"
    )
    delete.add_argument("name")
    delete.set_defaults(run=run_delete)


def run_list(args: argparse.Namespace) -> int:
    profiles = profile_store()
    stored = [profiles.load(name) for name in profiles.stored_names()]
    if args.json:
        print(json.dumps([_as_json(profile) for profile in stored], ensure_ascii=False, indent=2))
        return exit_codes.OK
    if not stored:  # the window shows "default": say that it is this one, not saved yet
        default = profiles.load(DEFAULT_PROFILE)
        print(
            f"No profile saved yet: sends use the default one ({DEFAULT_PROFILE}, "
            f"{default.base_url}), as the window shows it. Save one with "
            "`rampwin-desktop profile set NAME --base-url URL`."
        )
    names = max((len(profile.name) for profile in stored), default=0)
    addresses = max((len(profile.base_url) for profile in stored), default=0)
    for profile in stored:  # in columns, as `ls -l` lines up its own
        channel = f"  channel {profile.channel_id}" if profile.channel_id else ""
        line = f"{profile.name:<{names}}  {profile.base_url:<{addresses}}{channel}"
        print(line.rstrip())
    return exit_codes.OK


def run_show(args: argparse.Namespace) -> int:
    profiles = profile_store()
    if known_profile(profiles, args.name) is None:
        return exit_codes.INVALID
    profile = profiles.load(args.name)
    key_source = _key_source(profile.name)
    if args.json:
        print(json.dumps({**_as_json(profile), "api_key": key_source}, ensure_ascii=False))
        return exit_codes.OK
    address = profile.base_url
    if overridden := env_base_url():  # as the key's line says where the key comes from
        address += f" (sends go to {overridden}: ${ENV_BASE_URL} overrides it)"
    for label, value in (
        ("Profile", profile.name),
        ("Address", address),
        ("Channel", profile.channel_id or "(none: give --channel when sending)"),
        ("My number", profile.own_number or "(none)"),
        ("Hide from chat", _yes_no(profile.hide_from_chat)),
        ("Don't show in chat list", _yes_no(profile.dont_show_in_chat_list)),
        ("API key", key_source),
    ):
        print(f"{label + ':':<25}{value}")
    return exit_codes.OK


def run_set(args: argparse.Namespace) -> int:
    profiles = profile_store()
    current = profiles.load(args.name)
    changes = {
        field: value
        for field, value in (
            ("base_url", args.base_url),
            ("channel_id", args.channel),
            ("own_number", args.own_number),
            ("hide_from_chat", args.hide_from_chat),
            ("dont_show_in_chat_list", args.dont_show_in_chat_list),
        )
        if value is not None
    }
    try:
        saved = profile_rules.save(current.with_changes(**changes), profiles)
    except profile_rules.ProfileError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("Nothing was changed.", file=sys.stderr)
        return exit_codes.INVALID
    print(f"Saved profile {saved.name!r}.")
    return exit_codes.OK


def run_set_secret(args: argparse.Namespace) -> int:
    secret: Secret = args.secret
    what = _WHAT[secret]
    problems = profile_rules.name_problems(args.name)
    if problems:
        print(problems[0], file=sys.stderr)
        return exit_codes.INVALID
    profiles = profile_store()
    if known_profile(profiles, args.name) is None:  # a typo makes no live profile
        return exit_codes.INVALID
    no_keyring = missing_backend()  # said before the key is typed, not after
    if no_keyring:
        key = secret is Secret.API_KEY
        instead = f" Commands can take the key from ${ENV_API_KEY} instead." if key else ""
        print(f"{no_keyring} Nothing was stored.{instead}", file=sys.stderr)
        return exit_codes.AUTH
    try:
        value = _read_secret(f"{what} for profile {args.name}: ")
    except KeyboardInterrupt:  # Ctrl+C at the prompt: as everywhere, 130
        print("\nInterrupted: nothing was stored.", file=sys.stderr)
        return exit_codes.INTERRUPTED
    if not value:
        print(f"No {what} was given; nothing was stored.", file=sys.stderr)
        return exit_codes.INVALID
    secrets = SessionSecrets()
    if not profile_rules.set_secret(args.name, secret, value, secrets, profiles):
        key = secret is Secret.API_KEY
        instead = f" Commands can take the key from ${ENV_API_KEY} instead." if key else ""
        print(f"{secrets.reason} Nothing was stored.{instead}", file=sys.stderr)
        return exit_codes.AUTH
    if not profiles.exists(args.name):
        profiles.save(Profile(name=args.name))
    print(f"Stored the {what} for profile {args.name!r} in the system keyring.")
    return exit_codes.OK


def run_delete(args: argparse.Namespace) -> int:
    profiles = profile_store()
    if known_profile(profiles, args.name) is None:
        return exit_codes.INVALID
    secrets = SessionSecrets()
    profile_rules.delete(args.name, secrets, profiles)
    print(f"Deleted profile {args.name!r}.")
    if secrets.unavailable and secrets.reason != NO_KEYRING:  # none: nothing was kept there
        said = f"Its API key and cookie may still be in the system keyring: {secrets.reason}"
        print(said, file=sys.stderr)
        return exit_codes.AUTH
    return exit_codes.OK


def _read_secret(prompt: str) -> str:
    """From standard input when it is not a terminal (a pipe, a file), else asked unechoed
    (Ctrl+C there raises ``KeyboardInterrupt``)."""
    if sys.stdin is None:
        return ""
    if sys.stdin.isatty():
        try:
            return getpass.getpass(prompt).strip()
        except EOFError:  # Ctrl+D
            return ""
    return sys.stdin.read().strip()


def _key_source(name: str) -> str:
    """Where a send from profile ``name`` would take its key from (never the key)."""
    if env_api_key():
        return f"from the environment (${ENV_API_KEY}), which overrides the keyring"
    stored, unavailable = key_status(name)
    if unavailable:
        return f"unknown: {unavailable} Commands can take it from ${ENV_API_KEY}."
    return "stored in the system keyring" if stored else f"not stored (profile set-key {name})"


def _as_json(profile: Profile) -> dict[str, Any]:
    return {"name": profile.name, **profile.stored()}


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"
