"""``rampwin-desktop sandbox``: run the fake Rampwin in the foreground."""

from __future__ import annotations

import argparse
import signal
import sys
from types import FrameType
from typing import Any

from rampwin_desktop.cli import exit_codes, output
from rampwin_desktop.cli.options import whole_number


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "sandbox",
        parents=[common],
        help="run a local fake Rampwin server for trying things out",
        description="Run a fake Rampwin API on 127.0.0.1 that records what it is sent.",
    )
    parser.add_argument(
        "--port",
        type=whole_number(0, 65535),
        default=0,
        help="port to listen on (default: any free)",
    )
    parser.add_argument("--api-key", help="the key clients must send (default: a random one)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rampwin_desktop.sandbox import SandboxServer  # loaded for this command only

    server = SandboxServer(api_key=args.api_key, port=args.port)
    try:
        server.start()
    except OSError as exc:
        print(
            f"The sandbox could not listen on port {args.port}: {exc.strerror}. Give another "
            "--port, or none for any free one.",
            file=sys.stderr,
        )
        return exit_codes.INVALID  # as any option that cannot be used (README's table)
    # Before anything is said: a script that waits for "Press Ctrl+C" may stop it at once.
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as cleanly as Ctrl+C
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, _interrupt)  # started in the background by a shell
    try:
        _say(f"Rampwin sandbox running at {server.base_url}")
        _say(
            f"API key: {server.api_key}",
            "Try it:",
            f"  export RAMPWIN_BASE_URL={server.base_url} RAMPWIN_API_KEY={server.api_key}",
            "  Messages it received (every address needs the key):",
            f'  curl -H "X-API-Key: $RAMPWIN_API_KEY" {server.base_url}/sandbox/messages',
            "Press Ctrl+C to stop.",
        )
        server.wait()
    except KeyboardInterrupt:
        _say("\nStopping the sandbox.")
    finally:
        server.stop()
    return 0


def _say(*lines: str) -> None:
    """Print and flush; when no one reads standard output any more (a closed terminal,
    ``sandbox | head``), go on without it: the server keeps running, and stops quietly."""
    try:
        for line in lines:
            print(line)
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):  # ValueError: stdout itself was closed
        output.quiet(sys.stdout)  # what is still buffered goes nowhere, not failing at exit


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
