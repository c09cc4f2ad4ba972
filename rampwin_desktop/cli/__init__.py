"""The ``rampwin-desktop`` command: the window (no sub-command), ``send``, ``sandbox`` and
``key-status``.

The commands never import Qt: they run on servers and in scripts.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rampwin_desktop import APP_NAME, __version__

if TYPE_CHECKING:
    import argparse


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="rampwin-desktop",
        description=f"{APP_NAME}: compose, preview and send WhatsApp interactive button messages.",
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
    parser.add_argument(
        "--config-dir",
        metavar="DIR",
        help="keep settings, drafts and logs in DIR (or set RAMPWIN_DESKTOP_CONFIG_DIR)",
    )
    from rampwin_desktop.cli import key_command, sandbox_command, send_command

    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    send_command.add_parser(commands)
    sandbox_command.add_parser(commands)
    key_command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if not (sys.argv[1:] if argv is None else argv):
        # The desktop launcher's case: straight to the window, without building the
        # parsers of every command first.
        return open_window()
    args = build_parser().parse_args(argv)
    if args.config_dir:
        os.environ["RAMPWIN_DESKTOP_CONFIG_DIR"] = os.path.abspath(args.config_dir)
    if args.self_test:
        from rampwin_desktop.ui.self_test import run_self_test

        return run_self_test()
    if args.command is None:
        return open_window(sandbox=args.sandbox)
    result: int = args.run(args)
    return result


def open_window(*, sandbox: bool = False) -> int:
    """Import Qt and the window, and run it; without garbage collections until it is
    painted (see collector.py)."""
    from rampwin_desktop import collector

    collector.pause()
    from rampwin_desktop.ui.app import run_window

    return run_window(sandbox=sandbox)


if __name__ == "__main__":
    sys.exit(main())
