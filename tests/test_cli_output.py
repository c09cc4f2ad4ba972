"""Output that cannot be written does not turn finished work into a crash (a newcomer's
finds): a send that reached Rampwin exits with its own code, not a traceback and 1, when
stdout is a full disk or closed; a batch whose reader went away (``2>&1 | head``) stops as
Ctrl+C stops it, its results written, and exits 141."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rampwin_desktop.sandbox import Fault
from tests.helpers import TEST_KEY
from tests.helpers.batch_files import people, write_csv, write_draft
from tests.helpers.batch_window import journal_states
from tests.helpers.cli import GOOD, cli_env, run_cli

if TYPE_CHECKING:
    from rampwin_desktop.sandbox import SandboxServer

FULL = Path("/dev/full")


def shell(command: str, sandbox: SandboxServer, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``command``, with ``rampwin-desktop`` for the program, run by bash as a user types it."""
    program = f"{sys.executable} -m rampwin_desktop"
    return subprocess.run(
        ["bash", "-c", command.replace("rampwin-desktop", program)],
        capture_output=True,
        text=True,
        env=cli_env(TEST_KEY, sandbox.base_url),
        cwd=cwd,
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full (Linux)")
def test_a_send_whose_output_meets_a_full_disk_still_says_it_was_sent(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    done = shell(f"rampwin-desktop send {' '.join(GOOD)} >/dev/full", sandbox, tmp_path)
    assert done.returncode == 0, done.stderr  # sent: a script must not send it again
    assert len(sandbox.messages()) == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().endswith(
        "rampwin-desktop: the output could not be written (No space left on device)."
    )


@pytest.mark.parametrize("closed", [">&-", "2>&-"])
def test_a_send_with_stdout_or_stderr_closed_sends_and_exits_0(
    sandbox: SandboxServer, tmp_path: Path, closed: str
) -> None:
    done = shell(f"rampwin-desktop send {' '.join(GOOD)} {closed}", sandbox, tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(sandbox.messages()) == 1  # 2>&- sent nothing: its first line crashed it
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full (Linux)")
def test_history_to_a_full_disk_says_so_in_a_line(sandbox: SandboxServer, tmp_path: Path) -> None:
    done = shell("rampwin-desktop history --json >/dev/full", sandbox, tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "the output could not be written" in done.stderr


def test_a_batch_whose_reader_went_away_stops_cleanly_with_its_results(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """``batch … 2>&1 | head -3`` stopped after one row and lost ``--results`` (exit 141
    from the first progress line nobody read). It now stops as Ctrl+C stops it."""
    sandbox.add_fault(Fault(endpoint="send", delay=0.2, times=0))
    draft = write_draft(tmp_path)
    table = write_csv(tmp_path, people(30))
    journal, results = tmp_path / "j.sqlite3", tmp_path / "results.csv"
    command = (
        f"rampwin-desktop batch --draft {draft} --csv {table} --journal {journal} --rate 20 "
        f"--results {results} 2>&1 | head -3"
    )
    done = shell(f"{command}; echo ${{PIPESTATUS[0]}} > status", sandbox, tmp_path)
    assert len(done.stdout.splitlines()) == 3
    assert (tmp_path / "status").read_text().strip() == "141"  # as `… | head` documents
    states = journal_states(journal)
    assert "sending" not in states.values()  # the message in flight finished
    assert "pending" in states.values()  # stopped, not sent to the end unseen
    sent = [row for row, state in states.items() if state == "sent"]
    assert len(sandbox.messages()) == len(sent) > 0
    with results.open(encoding="utf-8", newline="") as stream:
        written = {int(r["row"]): r["status"] for r in csv.DictReader(stream)}
    assert written == states


def test_with_no_rate_limit_the_batch_stops_as_soon_as_its_reader_goes(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """A line is written once a second: with no rate limit 460 of 600 rows went out before
    a write found the pipe closed (a newcomer's find). The pipe is looked at every row."""
    draft = write_draft(tmp_path)
    table = write_csv(tmp_path, people(300))
    journal = tmp_path / "j.sqlite3"
    command = (
        f"rampwin-desktop batch --draft {draft} --csv {table} --journal {journal} --rate 0 "
        f"2>&1 | head -3; echo ${{PIPESTATUS[0]}} > status"
    )
    shell(command, sandbox, tmp_path)
    assert (tmp_path / "status").read_text().strip() == "141"
    states = journal_states(journal)
    sent = sum(state == "sent" for state in states.values())
    assert 0 < sent == len(sandbox.messages()) < 30, sent


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="X11 and Wayland only")
@pytest.mark.parametrize("args", [[], ["--sandbox"]])
def test_the_window_with_no_display_says_so_instead_of_qt_aborting(
    tmp_path: Path, args: list[str]
) -> None:
    """Over SSH or on a server, Qt aborted (exit 134) and blamed libxcb-cursor0."""
    done = run_cli(*args, key=None, cwd=tmp_path, display=False)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == (
        "rampwin-desktop: there is no display to open the window on (neither DISPLAY nor "
        "WAYLAND_DISPLAY is set). Run it from a terminal of your desktop session; the "
        "commands need none (rampwin-desktop --help)."
    )
