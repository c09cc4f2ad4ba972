"""The command line's parser: every command, its options, and running the one asked for."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from rampwin_desktop import APP_NAME, __version__
from rampwin_desktop.cli import (
    batch_command,
    history_command,
    key_command,
    options,
    preview_command,
    profile_command,
    sandbox_command,
    send_command,
)


def build_parser() -> argparse.ArgumentParser:
    common = options.common()
    parser = argparse.ArgumentParser(
        prog="rampwin-desktop",
        parents=[common],
        description=f"{APP_NAME}: compose, preview and send WhatsApp interactive button messages. "
        "With no command, it opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--sandbox",
        action="store_true",
        help="open the window on the built-in sandbox server (nothing leaves this computer)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check that this installation works (offscreen), print the results and exit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in (
        send_command,
        preview_command,
        batch_command,
        profile_command,
        history_command,
        sandbox_command,
        key_command,
    ):
        command.add_parser(commands, common)
    return parser


def parse(arguments: Sequence[str]) -> argparse.Namespace:
    args = build_parser().parse_args(arguments)
    options.use_config_dir(args)
    return args
