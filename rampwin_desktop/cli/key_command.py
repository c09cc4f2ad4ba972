"""``rampwin-desktop key-status``: is an API key stored for a profile? Never prints the key.

The window asks this in a helper process on a first run (ui/key_lookup.py), so that it
never loads the keyring itself just to learn a yes or no.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from rampwin_desktop.keystore import DEFAULT_PROFILE

EXIT_STORED = 0
EXIT_NOT_STORED = 1
EXIT_UNAVAILABLE = 3


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "key-status",
        help="say whether an API key is stored in the keyring (never prints it)",
        description="Say whether the keyring holds an API key for a profile. The key is never "
        "printed.",
        epilog="exit codes: 0 stored; 1 not stored; 3 no usable keyring",
    )
    parser.add_argument("--profile", default=DEFAULT_PROFILE, help="settings profile")
    parser.add_argument("--json", action="store_true", help="one line of JSON, for programs")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rampwin_desktop.keystore import key_status

    stored, unavailable = key_status(args.profile)
    if args.json:
        answer = {"profile": args.profile, "stored": stored, "unavailable": unavailable}
        print(json.dumps(answer, ensure_ascii=False), flush=True)
    elif unavailable:
        print(unavailable)
    elif stored:
        print(f"An API key is stored for profile {args.profile!r}.")
    else:
        print(f"No API key is stored for profile {args.profile!r}.")
    if unavailable:
        return EXIT_UNAVAILABLE
    return EXIT_STORED if stored else EXIT_NOT_STORED
