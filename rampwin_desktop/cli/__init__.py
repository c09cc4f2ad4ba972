"""The ``rampwin-desktop`` command: the window (no sub-command), ``send`` and ``sandbox``.

``send`` and ``sandbox`` never import Qt: they run on servers and in scripts.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from rampwin_desktop import APP_NAME, __version__
from rampwin_desktop.cli import sandbox_command, send_command


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rampwin-desktop",
        description=f"{APP_NAME}: compose, preview and send WhatsApp interactive button messages.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    send_command.add_parser(commands)
    sandbox_command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        print(
            f"{APP_NAME} {__version__}: the composer window is not part of this version yet.\n"
            "Use 'rampwin-desktop send --help' to send a message, or "
            "'rampwin-desktop sandbox' to run a local test server."
        )
        return 0
    result: int = args.run(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
