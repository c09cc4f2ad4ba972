"""``rampwin-desktop key-status``: is an API key stored for a profile? Never prints the key.

The window asks this in a helper process when it must know at start-up
(``ui/key_lookup.py``), so that a keyring which is slow or never answers cannot hold it.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from rampwin_desktop.storage.keystore import key_status
from rampwin_desktop.storage.profiles import DEFAULT_PROFILE

EXIT_STORED = 0
EXIT_NOT_STORED = 1
EXIT_UNAVAILABLE = 3


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "key-status",
        parents=[common],
        help="say whether an API key is stored in the keyring (never prints it)",
        description="Say whether the keyring holds an API key for a profile. The key is never "
        "printed.",
        epilog="exit codes: 0 stored; 1 not stored; 3 no usable keyring",
    )
    parser.add_argument("--profile", default=DEFAULT_PROFILE, help="settings profile")
    parser.add_argument("--json", action="store_true", help="one line of JSON, for programs")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
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
