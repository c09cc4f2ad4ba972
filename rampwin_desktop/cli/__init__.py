"""The ``rampwin-desktop`` command: the window (no command), ``send``, ``profile``,
``history``, ``sandbox`` and ``key-status`` (``commands.py`` has the parser).

The commands never import Qt: they run on servers and in scripts. Only the window (and
``--self-test``) does, through ``ui/boot.py``, and ``preview``, which draws offscreen.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

WRITING_COMMANDS = frozenset({"send", "profile", "history"})  # they write the app's files


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    if not arguments:
        return open_window()  # no command: the window, which needs none of the commands
    from rampwin_desktop.cli import output

    with output.guarded() as (stdout, _):
        result = _run(arguments)
        if said := output.unwritten(stdout):
            print(said, file=sys.stderr)
    return result


def _run(arguments: list[str]) -> int:
    from rampwin_desktop.cli import exit_codes, output
    from rampwin_desktop.cli.commands import parse

    args = parse(arguments)
    if args.self_test:
        from rampwin_desktop.ui import boot  # Qt: only for the window and its self-test

        boot.prepare()
        from rampwin_desktop.ui.self_test import run_self_test

        return run_self_test()
    if args.command is None:
        return open_window(sandbox=args.sandbox)
    if args.command in WRITING_COMMANDS:
        from rampwin_desktop.storage.tightening import tighten_app_files

        tighten_app_files()  # files an older version left readable by all (storage/private.py)
    try:
        result: int = args.run(args)
        sys.stdout.flush()
    except BrokenPipeError:  # `… | head` stopped reading: quiet, as other commands are
        output.quiet(sys.stdout)  # no error at exit
        return exit_codes.BROKEN_PIPE
    return result


def open_window(*, sandbox: bool = False) -> int:
    if said := no_display():
        from rampwin_desktop.cli import exit_codes

        print(said, file=sys.stderr)
        return exit_codes.INVALID  # nothing was sent or changed
    from rampwin_desktop.ui.boot import launch  # Qt: only for the window

    return launch(sandbox=sandbox)


def no_display() -> str:
    """Why the window cannot open here, or "". With no display (an SSH login, a server)
    and no Qt platform chosen, Qt stops the program with a message that blames a library,
    wrongly (README, "Set up")."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return ""
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return ""
    return (
        "rampwin-desktop: there is no display to open the window on (neither DISPLAY nor "
        "WAYLAND_DISPLAY is set). Run it from a terminal of your desktop session; the "
        "commands need none (rampwin-desktop --help)."
    )


if __name__ == "__main__":
    sys.exit(main())
