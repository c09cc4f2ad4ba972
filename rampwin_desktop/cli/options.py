"""What every command's parser shares: ``--config-dir`` and the profile it works on."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from rampwin_desktop.storage.paths import ENV_CONFIG_DIR
from rampwin_desktop.storage.profiles import DEFAULT_PROFILE, SANDBOX, ProfileStore
from rampwin_desktop.storage.settings import open_settings


def common() -> argparse.ArgumentParser:
    """A parent parser, so that ``--config-dir`` works before or after the command's name."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument(
        "--config-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=f"keep settings, history and the window's log in DIR (or set {ENV_CONFIG_DIR})",
    )
    return parser


def whole_number(low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse ``type``: a whole number from ``low`` to ``high`` (no limit: None)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low or (high is not None and value > high):
            within = f"from {low} to {high}" if high is not None else f"{low} or more"
            raise argparse.ArgumentTypeError(f"{value} is not {within}")
        return value

    return parse


def use_config_dir(args: argparse.Namespace) -> None:
    folder = getattr(args, "config_dir", None)
    if folder:
        os.environ[ENV_CONFIG_DIR] = os.path.abspath(folder)


def profile_store() -> ProfileStore:
    return ProfileStore(open_settings())


def known_profile(profiles: ProfileStore, name: str | None) -> str | None:
    """The profile to use: ``name``, or ``default`` when no name was given; None, with the
    reason printed, when ``name`` is neither stored nor ``default`` (which always exists,
    with the default settings until it is changed)."""
    if name is None:
        return DEFAULT_PROFILE
    if name == SANDBOX:
        print(
            f"{SANDBOX} is the window's built-in test server. From the command line, run "
            "`rampwin-desktop sandbox` and send to the address it prints.",
            file=sys.stderr,
        )
        return None
    if not profiles.exists(name) and name != DEFAULT_PROFILE:
        stored = ", ".join(profiles.stored_names())
        print(
            f"There is no profile named {name!r} (stored: {stored or 'none'}). Create it with "
            f"`rampwin-desktop profile set {name} --base-url URL`.",
            file=sys.stderr,
        )
        return None
    return name
