"""The ``rampwin-desktop`` command: the window (no command), ``send``, ``profile``,
``history``, ``sandbox`` and ``key-status``.

The commands never import Qt: they run on servers and in scripts. Only the window (and
``--self-test``) does, through ``ui/boot.py``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from rampwin_desktop import APP_NAME, __version__
from rampwin_desktop.cli import (
    history_command,
    key_command,
    options,
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
        profile_command,
        history_command,
        sandbox_command,
        key_command,
    ):
        command.add_parser(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    options.use_config_dir(args)
    if args.self_test:
        from rampwin_desktop.ui.self_test import run_self_test  # Qt: only for the window

        return run_self_test()
    if args.command is None:
        return open_window(sandbox=args.sandbox)
    result: int = args.run(args)
    return result


def open_window(*, sandbox: bool = False) -> int:
    from rampwin_desktop.ui.boot import launch  # Qt: only for the window

    return launch(sandbox=sandbox)


if __name__ == "__main__":
    sys.exit(main())
