"""Running ``rampwin-desktop`` as a user does: a fresh process with a clean environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from rampwin_desktop.sandbox import SandboxServer
from tests.helpers import ROOT, TEST_KEY

GOOD = ["--to", "919999999999", "--channel", "c", "--body", "Hello", "--button", "OK"]


def run_cli(
    *args: str,
    key: str | None = TEST_KEY,
    base_url: str | None = None,
    cwd: Path | None = None,
    program: tuple[str, ...] = ("-m", "rampwin_desktop"),
    input: str | None = None,
    timeout: float = 60,
    display: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run the command in a fresh interpreter, as a user would, with a clean environment:
    the test's own settings folder and keyring (a keyring that fails, unless the test set
    up ``test_keyring``), never the developer's. ``input`` is piped to its standard input;
    a command still running after ``timeout`` seconds fails the test. ``display=False``: as
    over SSH or on a server, no display and no Qt platform chosen."""
    env = cli_env(key, base_url)
    if not display:
        for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
            env.pop(name, None)
    return subprocess.run(
        [sys.executable, *program, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        input=input,
        timeout=timeout,
        check=False,
    )


def cli_env(key: str | None, base_url: str | None) -> dict[str, str]:
    """The environment a user's command runs in (see ``run_cli``)."""
    env = {k: v for k, v in os.environ.items() if k not in ("RAMPWIN_API_KEY", "RAMPWIN_BASE_URL")}
    env.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    if key is not None:
        env["RAMPWIN_API_KEY"] = key
    if base_url is not None:
        env["RAMPWIN_BASE_URL"] = base_url
    return env


def start_cli(
    *args: str, key: str | None = TEST_KEY, base_url: str | None = None
) -> subprocess.Popen[str]:
    """The command started as ``run_cli`` runs it, left running (to be signalled or killed)."""
    return subprocess.Popen(
        [sys.executable, "-m", "rampwin_desktop", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(key, base_url),
    )


def run_send(
    *args: str,
    sandbox: SandboxServer | None = None,
    key: str | None = TEST_KEY,
    cwd: Path | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    base_url = sandbox.base_url if sandbox is not None else None
    return run_cli("send", *args, key=key, base_url=base_url, cwd=cwd, timeout=timeout)
