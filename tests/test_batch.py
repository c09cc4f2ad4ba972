"""Send to a list: the journal, the runner and ``rampwin-desktop batch``, against the sandbox."""

from __future__ import annotations

import csv
import itertools
import json
import os
import random
import re
import shlex
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from rampwin_desktop.api.contract import RetryPolicy
from rampwin_desktop.app import batch, sending
from rampwin_desktop.app.credentials import Credentials
from rampwin_desktop.core import validation
from rampwin_desktop.core.draft import load_draft
from rampwin_desktop.core.recipients import plan, read_csv
from rampwin_desktop.sandbox import Fault, SandboxServer
from rampwin_desktop.sandbox.faults import Drop
from rampwin_desktop.storage import journal as journals
from rampwin_desktop.storage import paths
from rampwin_desktop.storage.history import History
from rampwin_desktop.storage.journal import BatchInfo, Journal, JournalError, RowState
from rampwin_desktop.storage.journal_read import peek_counts
from tests.helpers import TEST_KEY
from tests.helpers.batch_files import (
    number,
    people,
    run_batch,
    write_csv,
    write_draft,
    write_pictures,
)
from tests.helpers.cli import cli_env, run_cli, start_cli

if TYPE_CHECKING:
    from rampwin_desktop.api.client import RampwinClient


def received(sandbox: SandboxServer) -> Counter[str]:
    """How many messages the server has for each number."""
    return Counter(str(item["body"]["phone_number"]) for item in sandbox.messages())


def results(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def journal_states(path: Path) -> dict[int, str]:
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT row, state FROM rows"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "work"
    made.mkdir()
    return made


# ---------------------------------------------------------------- Done when


def test_200_personalised_rows_each_image_uploaded_once(
    sandbox: SandboxServer, folder: Path
) -> None:
    write_pictures(folder, 4)
    draft = write_draft(folder, type="image", link="{{image}}")
    rows = people(200, images=4)
    for row in rows[::2]:  # full paths and paths from the folder the command runs in
        row["image"] = str(folder / row["image"])
    table = write_csv(folder, rows)
    done = run_batch(sandbox, "--draft", str(draft), "--csv", str(table), "--rate", "0", cwd=folder)
    assert done.returncode == 0, done.stderr
    messages = sandbox.messages()
    assert len(messages) == 200
    bodies = {str(m["body"]["phone_number"]): m["body"]["interactive"] for m in messages}
    for index in range(200):
        interactive = bodies[number(index)]
        assert interactive["body"]["text"] == f"Hello Person {index}, your order is ready."
    uploads = [r for r in sandbox.requests() if r["endpoint"] == "upload"]
    assert len(uploads) == 4  # one per distinct picture, not one per row
    links = {m["body"]["interactive"]["header"]["image"]["link"] for m in messages}
    assert len(links) == 4
    assert "Done: 200 sent, 0 failed, 0 unknown." in done.stderr


def test_a_row_s_picture_is_a_full_path_an_address_or_a_path_from_where_it_runs(
    sandbox: SandboxServer, folder: Path
) -> None:
    """The draft's ``{{image}}`` is not a file beside the draft: each row's value is."""
    (folder / "drafts").mkdir()
    draft = write_draft(folder / "drafts", type="image", link="{{image}}")
    write_pictures(folder, 1)  # picture0.png, beside the CSV, not the draft
    rows = people(3)
    for row, image in zip(
        rows,
        [str(folder / "picture0.png"), "https://example.com/p.png", "picture0.png"],
        strict=True,
    ):
        row["image"] = image
    table = write_csv(folder, rows)
    done = run_batch(sandbox, "--draft", str(draft), "--csv", str(table), "--dry-run", cwd=folder)
    assert done.returncode == 0, done.stderr
    assert "header.link" not in done.stderr
    assert '"link": "https://example.com/p.png"' in done.stdout
    from_here = run_batch(sandbox, "--draft", str(draft), "--csv", str(table), "--dry-run")
    assert from_here.returncode == 2  # run elsewhere, the third row's file is not there
    assert "row 4, header.link" in from_here.stderr


@pytest.mark.parametrize(
    ("rows", "rate", "delay", "kill_after"),
    [
        # Each send recorded at once but answered 0.3 s later: a kill most likely lands
        # while a row is "sending", the case the journal exists for.
        (20, "10", 0.3, (2, 8)),
        # No rate limit, quick answers: a kill lands anywhere, between a row's outcome
        # (committed without an fsync of its own) and the next row's "sending" mark too.
        (80, "0", 0.01, (10, 60)),
    ],
)
def test_killed_batch_resumed_sends_each_number_once_and_not_the_unknown(
    sandbox: SandboxServer,
    folder: Path,
    rows: int,
    rate: str,
    delay: float,
    kill_after: tuple[int, int],
) -> None:
    draft = write_draft(folder)
    table = write_csv(folder, people(rows))
    journal = folder / "journal.sqlite3"
    sandbox.add_fault(Fault(endpoint="send", delay=delay, times=0))
    args = ["batch", "--draft", str(draft), "--csv", str(table), "--journal", str(journal)]
    process = start_cli(*args, "--rate", rate, base_url=sandbox.base_url)
    kill_at = random.randint(*kill_after)
    deadline = time.monotonic() + 60
    while len(sandbox.messages()) < kill_at and time.monotonic() < deadline:
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    sandbox.faults.clear()
    before = received(sandbox)
    assert 0 < sum(before.values()) < rows

    # The journal as the kill left it agrees with the server: no request went out before
    # its row was marked, every row marked sent was received, at most one was in flight.
    killed = journal_states(journal)
    assert set(killed.values()) <= {"pending", "sending", "sent"}, killed
    assert list(killed.values()).count("sending") <= 1
    with closing(sqlite3.connect(journal)) as db:
        ahead = [row for (row,) in db.execute("SELECT row FROM rows WHERE ahead = 1")]
    assert len(ahead) <= journals.AHEAD and all(before[number(row - 2)] == 0 for row in ahead)
    for row, state in killed.items():
        got = before[number(row - 2)]
        assert got <= 1, row
        assert (
            (state == "pending" and got == 0)
            or state == "sending"
            or (state == "sent" and got == 1)
        ), (row, state, got)

    resumed = run_batch(sandbox, *args[1:], "--rate", "0", "--resume")
    states = journal_states(journal)
    unknown = [row for row, state in states.items() if state == "unknown"]
    assert len(unknown) <= 1  # the row in flight, never the one marked ahead (same boot)
    listed = re.search(r"Rows? ([\d, ]+) (?:was|were) being sent", resumed.stderr)
    assert sorted(int(n) for n in listed.group(1).split(", ")) == unknown if listed else not unknown
    if len(unknown) == 1:
        assert f"Row {unknown[0]} was being sent when the batch stopped: its outcome" in (
            resumed.stderr
        )
    assert resumed.returncode == (5 if unknown else 0), resumed.stderr
    after = received(sandbox)
    for row in range(2, rows + 2):
        phone = number(row - 2)
        if row in unknown:
            assert after[phone] == before[phone] <= 1  # not resent
        else:
            assert after[phone] == 1, (row, after[phone])
            assert states[row] == "sent"
    # The history has each row once: what the killed run had not written yet (its last
    # quarter of a second, and the row in flight) was written from the journal on resume.
    history = History(paths.history_file())
    recorded = Counter(attempt.recipient for attempt in history.attempts(limit=1000))
    history.close()
    assert recorded == {number(i): 1 for i in range(rows)}


def test_invalid_rows_stop_the_batch_before_any_request(
    sandbox: SandboxServer, folder: Path
) -> None:
    draft = write_draft(folder)
    rows = people(4)
    rows[1]["phone"] = "12"
    rows[3]["name"] = "x" * 1100
    table = write_csv(folder, rows)
    done = run_batch(sandbox, "--draft", str(draft), "--csv", str(table))
    assert done.returncode == 2
    assert "row 3, phone: " in done.stderr
    assert "row 5, body: " in done.stderr
    assert "Nothing was sent: 2 rows with problems. Fix them, or add --skip-invalid" in done.stderr
    assert sandbox.requests() == []


def test_when_every_row_has_the_problem_skip_invalid_is_not_offered(
    sandbox: SandboxServer, folder: Path
) -> None:
    """It would send nothing ("no row is left to send"); and one row is "it", not "them"."""
    draft = write_draft(folder, body="Hello {{nmae}}")
    done = run_batch(sandbox, "--draft", str(draft), "--csv", str(write_csv(folder, people(3))))
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1].endswith(". Fix them.")
    rows = people(2)
    rows[0]["phone"] = "12"
    one = run_batch(sandbox, "--draft", str(write_draft(folder)), "--csv",
                    str(write_csv(folder, rows)))  # fmt: skip
    assert "Nothing was sent: 1 row with a problem. Fix it, or add --skip-invalid" in one.stderr
    assert sandbox.requests() == []


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--resend-unknown"], "--resend-unknown goes with --resume"),
        (["--other-server"], "--other-server goes with --resume"),
        (["--again", "--skip-sent"], "--again sends to everyone; --skip-sent leaves out"),
        (["--resume", "--skip-sent"], "--skip-sent starts a new batch; --resume goes on"),
        (["--resume", "--again"], "--again starts a new batch; --resume goes on with one"),
        (["--journal", "/nonexistent-folder/j.sqlite3"], "the folder /nonexistent-folder does"),
    ],
)
def test_an_option_that_means_nothing_here_is_refused_not_ignored(
    sandbox: SandboxServer, folder: Path, options: list[str], said: str
) -> None:
    """Accepted without a word, they made a user believe they had done something; a
    journal in a folder that did not exist had the folder made (a newcomer's finds)."""
    args = ["--draft", str(write_draft(folder)), "--csv", str(write_csv(folder, people(2)))]
    done = run_batch(sandbox, *args, *options)
    assert done.returncode == 2
    assert said in done.stderr and done.stderr.rstrip().endswith("Nothing was sent.")
    assert sandbox.requests() == []
    assert not Path("/nonexistent-folder").exists()


def test_an_unknown_placeholder_is_a_problem_of_every_row(
    sandbox: SandboxServer, folder: Path
) -> None:
    draft = write_draft(folder, body="Hi {{surname}}")
    table = write_csv(folder, people(2))
    done = run_batch(sandbox, "--draft", str(draft), "--csv", str(table))
    assert done.returncode == 2
    # Said once for the list, as the window's Problems tab says it, not once a row.
    assert "{{surname}}: no such column (all 2 rows)" in done.stderr
    assert "row 2, surname" not in done.stderr and "row 3, surname" not in done.stderr
    assert sandbox.requests() == []


# ---------------------------------------------------------------- options


def test_skip_invalid_sends_the_rest_and_reports_the_skipped(
    sandbox: SandboxServer, folder: Path
) -> None:
    draft = write_draft(folder)
    rows = people(3)
    rows[1]["phone"] = "12"
    table = write_csv(folder, rows)
    out = folder / "out.csv"
    done = run_batch(
        sandbox, "--draft", str(draft), "--csv", str(table), "--rate", "0",
        "--skip-invalid", "--results", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert set(received(sandbox)) == {number(0), number(2)}
    found = {int(r["row"]): r for r in results(out)}
    assert found[3]["status"] == "skipped" and "phone" in found[3]["detail"]
    assert "1 skipped" in done.stderr


@pytest.mark.parametrize(
    ("where", "said"),
    [
        ("missing/results.csv", "does not exist."),  # its folder is not there
        (".", "is a folder; give a file name"),
        ("people.csv", "is the list itself"),  # would have overwritten the list
        ("j.sqlite3", "is the batch's journal"),  # would have replaced it: no resume then
    ],
)
def test_a_results_file_that_cannot_be_written_is_said_before_anything_is_sent(
    sandbox: SandboxServer, folder: Path, where: str, said: str
) -> None:
    """Found out after the last message, as a traceback and no summary (a newcomer's
    find); the list itself was overwritten when named as the results."""
    draft = write_draft(folder)
    table = write_csv(folder, people(2))
    before = table.read_bytes()
    done = run_batch(
        sandbox, "--draft", str(draft), "--csv", str(table), "--rate", "0",
        "--results", str(folder / where), "--journal", str(folder / "j.sqlite3"),
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert said in done.stderr and done.stderr.strip().endswith("Nothing was sent.")
    assert "Traceback" not in done.stderr
    assert sandbox.requests() == [] and table.read_bytes() == before


def test_a_repeated_number_is_sent_once_unless_duplicates_are_allowed(
    sandbox: SandboxServer, folder: Path
) -> None:
    draft = write_draft(folder)
    rows = people(2)
    rows.append({"phone": "+" + number(0), "name": "Again"})
    table = write_csv(folder, rows)
    out = folder / "results.csv"
    once = run_batch(
        sandbox, "--draft", str(draft), "--csv", str(table), "--rate", "0", "--results", str(out)
    )
    assert once.returncode == 0 and received(sandbox)[number(0)] == 1
    assert "(row 4; --allow-duplicates" in once.stderr
    skipped = results(out)[2]
    assert (skipped["status"], skipped["detail"]) == ("skipped", "a repeat of row 2's number")
    twice = run_batch(
        sandbox, "--draft", str(draft), "--csv", str(table), "--rate", "0", "--allow-duplicates",
        "--again",
    )  # fmt: skip
    assert twice.returncode == 0 and received(sandbox)[number(0)] == 3


def test_dry_run_prints_the_first_three_bodies_and_sends_nothing(
    sandbox: SandboxServer, folder: Path
) -> None:
    draft = write_draft(folder)
    table = write_csv(folder, people(5))
    done = run_batch(sandbox, "--draft", str(draft), "--csv", str(table), "--dry-run")
    assert done.returncode == 0, done.stderr
    bodies = [json.loads(part) for part in re.split(r"^# row \d+$", done.stdout, flags=re.M)[1:]]
    assert [b["phone_number"] for b in bodies] == [number(0), number(1), number(2)]
    assert bodies[1]["interactive"]["body"]["text"] == "Hello Person 1, your order is ready."
    assert "would POST 5 messages" in done.stderr
    assert sandbox.requests() == []


def test_an_empty_cell_for_a_placeholder_is_said_and_the_row_still_sent(
    sandbox: SandboxServer, folder: Path
) -> None:
    rows = people(3)
    rows[1]["name"] = ""
    args = ["--draft", str(write_draft(folder)), "--csv", str(write_csv(folder, rows))]
    dry = run_batch(sandbox, *args, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    said = "{{name}} is empty in row 3: it is filled in with nothing."
    assert said in dry.stderr
    done = run_batch(sandbox, *args, "--rate", "0")
    assert done.returncode == 0 and said in done.stderr
    sent = {m["body"]["phone_number"]: m["body"] for m in sandbox.messages()}
    assert sent[number(1)]["interactive"]["body"]["text"] == "Hello , your order is ready."


def test_the_column_of_numbers_is_found_as_the_window_finds_it(
    sandbox: SandboxServer, folder: Path
) -> None:
    """A list with "number", not "phone": the window found it, the command line refused
    the list (the second newcomer run)."""
    rows = [{"number": person["phone"], "name": person["name"]} for person in people(2)]
    args = ["--draft", str(write_draft(folder)), "--csv", str(write_csv(folder, rows))]
    found = run_batch(sandbox, *args, "--dry-run")
    assert found.returncode == 0, found.stderr
    assert 'Numbers from the column "number" (--phone-column NAME for another).' in found.stderr
    assert "would POST 2 messages" in found.stderr
    wrong = run_batch(sandbox, *args, "--phone-column", "mobile", "--dry-run")
    assert wrong.returncode == 2
    assert 'no column named "mobile"; its columns are "number", "name"' in wrong.stderr
    assert "with --phone-column NAME" in wrong.stderr


def test_a_list_with_no_column_of_numbers_is_refused_in_one_line(
    sandbox: SandboxServer, folder: Path
) -> None:
    """No column looks like numbers: the guess took the first one, "Numbers from the column
    "name"", then refused every row for letters in its number (a newcomer's find)."""
    rows = [{"name": f"P{n}", "note": "x"} for n in range(200)]
    args = ["--draft", str(write_draft(folder)), "--csv", str(write_csv(folder, rows))]
    for extra in (["--dry-run"], []):
        refused = run_batch(sandbox, *args, *extra)
        assert refused.returncode == 2
        assert refused.stderr.strip() == (
            'csv: No column of people.csv looks like phone numbers (its columns are "name", '
            '"note"). Name the one that holds them with --phone-column NAME.'
        )
    assert sandbox.messages() == []
    assert sandbox.requests() == []


@pytest.mark.parametrize("rate", ["-1", "nan", "inf", "1e-9", "0.0001"])
def test_a_rate_that_is_no_rate_is_refused_before_anything(
    sandbox: SandboxServer, folder: Path, rate: str
) -> None:
    """--rate 1e-9 was taken (55 h left for a few rows), and so was inf."""
    draft, table = write_draft(folder), write_csv(folder, people(2))
    done = run_batch(sandbox, "--draft", str(draft), "--csv", str(table), "--rate", rate)
    assert done.returncode == 2 and "from 0.001 (one every 16 minutes or so) up" in done.stderr
    assert sandbox.requests() == []


def test_resume_and_again_together_are_refused(sandbox: SandboxServer, folder: Path) -> None:
    draft, table = write_draft(folder), write_csv(folder, people(2))
    args = ["--draft", str(draft), "--csv", str(table), "--resume", "--again"]
    done = run_batch(sandbox, *args)
    assert done.returncode == 2 and "give one of them" in done.stderr
    assert sandbox.requests() == []


def test_rate_is_steady(sandbox: SandboxServer, folder: Path, tmp_path: Path) -> None:
    table = read_csv(write_csv(folder, people(40)))
    message = load_draft(write_draft(folder))
    planned = plan(message, table)
    info = batch.new_info("rate", message, table, "people.csv", "default")
    journal = Journal.create(tmp_path / "j.sqlite3", info, batch.journal_rows(planned))
    job = batch.BatchJob("rate", "default", Credentials(TEST_KEY, sandbox.base_url), rate=20.0)
    summary = batch.run(planned, journal, job)
    journal.close()
    assert summary.sent == 40
    times = [datetime.fromisoformat(m["received_at"]).timestamp() for m in sandbox.messages()]
    span = times[-1] - times[0]
    assert 1.95 * 0.9 <= span <= 1.95 * 1.1, span  # 39 gaps of 1/20 s
    # Steady, not in bursts: any 5 gaps in a row take about 5/20 s (one slow answer may
    # make the next gap short, but the schedule does not catch up in a burst). The times
    # are the sandbox's, taken when its thread gets to each request: on a busy machine one
    # may be late by tens of milliseconds, so the bound is 3/20 s; a burst would be ~0.
    fives = [later - earlier for earlier, later in zip(times, times[5:], strict=False)]
    assert min(fives) > 0.15, fives


@pytest.mark.parametrize("retry_after", ["1", "0"])  # 0: a second at least, not a spin
def test_a_429_pauses_the_batch_and_sends_each_row_once(
    sandbox: SandboxServer, folder: Path, retry_after: str
) -> None:
    draft = write_draft(folder)
    table = write_csv(folder, people(3))
    sandbox.add_fault(Fault(endpoint="send", status=429, retry_after=retry_after))
    started = time.monotonic()
    done = run_batch(sandbox, "--draft", str(draft), "--csv", str(table), "--rate", "0")
    assert done.returncode == 0, done.stderr
    assert "paused for 1 s: Rampwin is receiving too many requests" in done.stderr
    assert time.monotonic() - started >= 1.0
    assert received(sandbox) == {number(i): 1 for i in range(3)}


def test_a_resume_goes_on_without_the_rows_its_first_run_skipped(
    sandbox: SandboxServer, folder: Path
) -> None:
    """A first run with --skip-invalid, resumed without it, was refused for the rows the
    journal already marks skipped (a newcomer's find)."""
    draft = write_draft(folder)
    rows = people(3)
    rows[1]["phone"] = "12"  # row 3: skipped
    table = write_csv(folder, rows)
    journal = folder / "j.sqlite3"
    args = ["--draft", str(draft), "--csv", str(table), "--journal", str(journal), "--rate", "0"]
    refusal = '{"success": false, "message": "Service busy"}'
    sandbox.add_fault(Fault(endpoint="send", status=400, body=refusal))  # row 2 fails
    first = run_batch(sandbox, *args, "--skip-invalid")
    assert journal_states(journal) == {2: "failed", 3: "skipped", 4: "sent"}, first.stderr
    resumed = run_batch(sandbox, *args, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert "Skipping 1 row with problems (skipped by the batch's first run too)." in (
        resumed.stderr
    )
    assert journal_states(journal) == {2: "sent", 3: "skipped", 4: "sent"}
    assert received(sandbox) == {number(0): 1, number(2): 1}


def test_unknown_after_a_dropped_connection_is_resent_only_when_asked(
    sandbox: SandboxServer, folder: Path
) -> None:
    draft = write_draft(folder)
    table = write_csv(folder, people(3))
    journal = folder / "j.sqlite3"
    args = ["--draft", str(draft), "--csv", str(table), "--journal", str(journal), "--rate", "0"]
    sandbox.add_fault(Fault(endpoint="send", drop=Drop.BEFORE_RESPONSE))
    first = run_batch(sandbox, *args)
    assert first.returncode == 5, first.stderr
    assert journal_states(journal) == {2: "unknown", 3: "sent", 4: "sent"}
    assert received(sandbox)[number(0)] == 1  # it was delivered, the answer was lost
    hint = "Unknown (they may have been delivered): row 2. Check those chats; --resume"
    assert hint in first.stderr
    again = run_batch(sandbox, *args, "--resume")
    assert again.returncode == 5
    assert received(sandbox)[number(0)] == 1
    assert hint in again.stderr  # nothing left to send: said which row and how
    resent = run_batch(sandbox, *args, "--resume", "--resend-unknown")
    assert resent.returncode == 0, resent.stderr
    assert received(sandbox) == {number(0): 2, number(1): 1, number(2): 1}


def test_resume_with_a_changed_csv_or_message_is_refused(
    sandbox: SandboxServer, folder: Path
) -> None:
    draft = write_draft(folder)
    rows = people(2)
    table = write_csv(folder, rows)
    journal = folder / "j.sqlite3"
    args = ["--draft", str(draft), "--csv", str(table), "--journal", str(journal), "--rate", "0"]
    assert run_batch(sandbox, *args).returncode == 0
    rows[0]["name"] = "Someone else"
    write_csv(folder, rows)
    changed_csv = run_batch(sandbox, *args, "--resume")
    assert changed_csv.returncode == 2
    said = "cannot go on with these files: the CSV's contents changed since it was started."
    assert said in changed_csv.stderr, changed_csv.stderr
    rows[0]["name"] = "Person 0"
    write_csv(folder, rows)
    write_draft(folder, body="Goodbye {{name}}")
    changed_draft = run_batch(sandbox, *args, "--resume")
    assert changed_draft.returncode == 2
    assert "the message (body)" in changed_draft.stderr
    assert len(sandbox.messages()) == 2


def test_a_new_batch_will_not_overwrite_a_journal(sandbox: SandboxServer, folder: Path) -> None:
    args = ["--draft", str(write_draft(folder)), "--csv", str(write_csv(folder, people(1)))]
    journal = ["--journal", str(folder / "j.sqlite3"), "--rate", "0"]
    assert run_batch(sandbox, *args, *journal).returncode == 0
    again = run_batch(sandbox, *args, *journal)
    assert again.returncode == 2 and "--resume" in again.stderr
    assert len(sandbox.messages()) == 1


def test_a_refused_key_stops_the_batch_with_exit_3_and_says_how_to_resume(
    sandbox: SandboxServer, folder: Path
) -> None:
    draft, table = write_draft(folder), write_csv(folder, people(3))
    journal = folder / "j.sqlite3"
    args = ["--draft", str(draft), "--csv", str(table), "--journal", str(journal), "--rate", "0"]
    done = run_cli("batch", *args, key="wrong-key", base_url=sandbox.base_url)
    assert done.returncode == 3, done.stderr
    assert "The batch stopped:" in done.stderr and "To send the rest:" in done.stderr
    assert set(journal_states(journal).values()) == {"pending"}
    assert sandbox.messages() == []


def test_the_command_to_send_the_rest_works_as_printed(
    sandbox: SandboxServer, folder: Path
) -> None:
    """It carries the run's options: without --skip-invalid the resume would be refused
    (a row has a problem), without --rate it would go at the default 1 a second, without
    --base-url it would go to Rampwin itself instead of the server the batch began on,
    without --results the results file would keep the rows as pending, and without
    --config-dir (given relative, printed absolute: the rest may be sent from another
    folder) the rows would go into another settings folder's history."""
    rows = people(4)
    rows[1]["phone"] = "12"  # row 3: skipped
    draft, table = write_draft(folder), write_csv(folder, rows)
    out = folder / "results.csv"
    args = ["--draft", str(draft), "--csv", str(table), "--journal", str(folder / "j.sqlite3")]
    args += ["--rate", "0", "--skip-invalid", "--base-url", sandbox.base_url]
    args += ["--results", str(out), "--config-dir", "shop settings"]
    done = run_cli("batch", *args, key="wrong-key", base_url=None, cwd=folder)
    assert done.returncode == 3, done.stderr
    (printed,) = [line for line in done.stderr.splitlines() if line.startswith("To send the rest")]
    command = shlex.split(printed.removeprefix("To send the rest: "))
    assert command[:2] == ["rampwin-desktop", "batch"]
    assert "--skip-invalid" in command and command[command.index("--rate") + 1] == "0"
    rest = run_cli(*command[1:], base_url=None)  # as printed: no address in the environment
    assert rest.returncode == 0, rest.stderr
    assert len(sandbox.messages()) == 3
    assert [row["status"] for row in results(out)] == ["sent", "skipped", "sent", "sent"]
    settings = str(folder / "shop settings")
    kept = json.loads(run_cli("history", "--json", "--config-dir", settings).stdout)
    assert sum(entry["outcome"] == "sent" for entry in kept) == 3


def test_the_summary_says_when_the_batch_stopped_on_a_refused_key(
    sandbox: SandboxServer, folder: Path
) -> None:
    planned = plan(load_draft(write_draft(folder)), read_csv(write_csv(folder, people(2))))
    info = BatchInfo("b1", "{}", "abc", "people.csv", "default", {}, time.time())
    journal = Journal.create(folder / "j.sqlite3", info, batch.journal_rows(planned))
    wrong = batch.BatchJob("b1", "default", Credentials("wrong-key", sandbox.base_url), rate=None)
    refused = batch.run(planned, journal, wrong)
    right = batch.BatchJob("b1", "default", Credentials(TEST_KEY, sandbox.base_url), rate=None)
    done = batch.run(planned, journal, right)
    journal.close()
    assert refused.key_refused and refused.stopped and refused.pending == 2
    assert not done.key_refused and not done.stopped and done.sent == 2


def test_results_file_window_closed_and_exit_code(sandbox: SandboxServer, folder: Path) -> None:
    draft = write_draft(folder)
    table = write_csv(folder, people(2))
    out = folder / "results.csv"
    refusal = json.dumps({"success": False, "message": "Session expired"})
    sandbox.add_fault(Fault(endpoint="send", status=400, body=refusal))
    done = run_batch(
        sandbox, "--draft", str(draft), "--csv", str(table), "--rate", "0", "--results", str(out)
    )
    assert done.returncode == 4, done.stderr
    found = results(out)
    assert [r["row"] for r in found] == ["2", "3"]
    assert found[0]["number"] == number(0) and found[0]["status"] == "window closed"
    assert "24 hours" in found[0]["detail"]
    assert found[1]["status"] == "sent"
    assert found[1]["detail"] == "Interactive message sent successfully"
    assert abs(datetime.fromisoformat(found[1]["time"]).timestamp() - time.time()) < 60
    assert re.search(r"T\d\d:\d\d:\d\d[+-]\d\d:\d\d$", found[1]["time"])  # as the window's
    assert "1 failed (1 with the 24-hour window closed)" in done.stderr
    # Then the list's own columns, so each row says whom it went to; "status" is the results'.
    rows = [{**person, "status": "VIP"} for person in people(2)]
    table = write_csv(folder, rows, name="vip.csv")
    again = run_batch(sandbox, "--draft", str(draft), "--csv", str(table), "--rate", "0",
                      "--results", str(out), "--again")  # fmt: skip
    assert again.returncode == 0, again.stderr
    with out.open(encoding="utf-8", newline="") as stream:
        header = next(csv.reader(stream))
    assert header == ["row", "number", "status", "detail", "time", "name", "status (list)"]
    assert [(r["name"], r["status (list)"]) for r in results(out)] == [
        ("Person 0", "VIP"),
        ("Person 1", "VIP"),
    ]


def test_each_send_is_in_the_history_marked_with_its_batch(
    sandbox: SandboxServer, folder: Path
) -> None:
    draft = write_draft(folder)
    table = write_csv(folder, people(3))
    done = run_batch(sandbox, "--draft", str(draft), "--csv", str(table), "--rate", "0")
    assert done.returncode == 0, done.stderr
    batch_id = re.search(r"^Batch (\S+):", done.stderr, flags=re.M).group(1)  # type: ignore[union-attr]
    history = History(paths.history_file())
    attempts = history.attempts()
    history.close()
    assert {a.recipient for a in attempts} == {number(i) for i in range(3)}
    assert {a.batch for a in attempts} == {batch_id}
    journal = paths.data_dir() / "batches" / f"{batch_id}.sqlite3"
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600


def test_history_shows_each_row_as_it_ends_at_a_few_a_second_and_in_groups_without_a_limit(
    sandbox: SandboxServer, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes: list[int] = []  # how many attempts each write of the history recorded
    real_add = History.add

    def add(self: History, finished: list[Any]) -> None:
        writes.append(len(finished))
        real_add(self, finished)

    monkeypatch.setattr(History, "add", add)
    history = History(folder / "history.sqlite3")
    shown: list[tuple[int, int]] = []  # (rows done, rows the history shows), as each ends

    def on_progress(progress: batch.BatchProgress) -> None:
        with closing(sqlite3.connect(f"file:{history.path}?mode=ro", uri=True)) as db:
            (count,) = db.execute("SELECT count(*) FROM attempts").fetchone()
        shown.append((progress.done, count))

    credentials = Credentials(TEST_KEY, sandbox.base_url)
    planned, journal = new_journal(folder, 4)
    job = batch.BatchJob("slow", "default", credentials, rate=2.0)
    batch.run(planned, journal, job, history=history, on_progress=on_progress)
    journal.close()
    assert shown == [(1, 1), (2, 2), (3, 3), (4, 4)] and writes == [1, 1, 1, 1]

    writes.clear()
    planned = plan(load_draft(write_draft(folder)), read_csv(write_csv(folder, people(300))))
    info = BatchInfo("fast", "{}", "abc", "people.csv", "default", {}, time.time())
    journal = Journal.create(folder / "fast.sqlite3", info, batch.journal_rows(planned))
    job = batch.BatchJob("fast", "default", credentials, rate=None)
    summary = batch.run(planned, journal, job, history=history)
    journal.close()
    recorded = Counter(a.recipient for a in history.attempts(limit=1000) if a.batch == "fast")
    history.close()
    assert summary.sent == 300 and recorded == {number(i): 1 for i in range(300)}
    assert sum(writes) == 300 and len(writes) <= 30, writes  # a write per quarter second


def test_finished_journals_leave_no_log_files_behind(sandbox: SandboxServer, folder: Path) -> None:
    """Each finished journal had a -wal and a -shm file beside it, made when a later batch
    read it (was this list sent before?): 11 pairs in a newcomer's data folder."""
    draft = write_draft(folder)
    for count in (2, 3, 4):  # each new batch reads the journals before it
        table = write_csv(folder, people(count), name=f"list{count}.csv")
        args = ["--draft", str(draft), "--csv", str(table), "--rate", "0", "--skip-sent"]
        done = run_batch(sandbox, *args)
        assert done.returncode == 0, done.stderr
    folder_of_batches = paths.data_dir() / "batches"
    assert len(list(folder_of_batches.glob("*.sqlite3"))) == 3
    assert sorted(p.name for p in folder_of_batches.iterdir() if p.suffix != ".sqlite3") == []


def test_the_rate_shown_never_exceeds_the_limit_after_a_slow_first_reply(
    sandbox: SandboxServer, folder: Path
) -> None:
    """--rate 5 showed 5.6/s: the first reply, slow (a new connection), shortened the time
    the rate is counted over, and the rows after it caught up (a newcomer's find)."""
    sandbox.add_fault(Fault(endpoint="send", delay=0.6, times=1))
    shown: list[float] = []
    planned, journal = new_journal(folder, 6)
    job = batch.BatchJob("paced", "default", Credentials(TEST_KEY, sandbox.base_url), rate=10.0)
    batch.run(planned, journal, job, on_progress=lambda progress: shown.append(progress.rate))
    journal.close()
    assert len(shown) == 6 and max(shown) <= 10.0, shown
    assert shown[-1] > 5.0  # still the pace it went at
    # No pair went out together after the slow reply (the rows it delayed caught up at
    # once: two within a few ms, at 10 a second; in the window, after the close question).
    times = [datetime.fromisoformat(m["received_at"]) for m in sandbox.messages()]
    gaps = [(later - earlier).total_seconds() for earlier, later in itertools.pairwise(times)]
    assert min(gaps) >= 0.085, gaps  # 0.1 s apart, less a timer's jitter


@pytest.mark.parametrize(
    ("rate", "stop"),
    [
        ("5", signal.SIGINT),  # Ctrl+C
        ("0", signal.SIGINT),  # no limit: rows marked ahead
        ("5", signal.SIGTERM),  # kill, timeout, a service manager: the same clean stop
    ],
)
def test_ctrl_c_finishes_the_row_in_flight_and_says_how_to_resume(
    sandbox: SandboxServer, folder: Path, rate: str, stop: signal.Signals
) -> None:
    draft = write_draft(folder)
    table = write_csv(folder, people(12))
    journal = folder / "j.sqlite3"
    args = ["batch", "--draft", str(draft), "--csv", str(table), "--journal", str(journal)]
    results = folder / "results.csv"
    sandbox.add_fault(Fault(endpoint="send", delay=0.3, times=0))
    process = start_cli(*args, "--rate", rate, "--results", str(results), base_url=sandbox.base_url)
    deadline = time.monotonic() + 60
    while len(sandbox.messages()) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(stop)  # most likely while a send waits for its answer
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    assert f"--journal {journal} --resume" in stderr
    assert f"Results: {results}" in stderr
    with results.open(encoding="utf-8", newline="") as stream:
        written = list(csv.DictReader(stream))
    assert {r["time"] for r in written if r["status"] == "pending"} == {""}  # never sent
    assert {r["detail"] for r in written if r["status"] == "pending"} == {
        "Not sent yet: the batch stopped before this row."  # an empty cell said nothing
    }
    assert all(r["time"] for r in written if r["status"] == "sent")
    states = journal_states(journal)
    assert "sending" not in states.values() and "unknown" not in states.values()
    with closing(sqlite3.connect(journal)) as db:  # a stop leaves no row marked ahead
        assert db.execute("SELECT count(*) FROM rows WHERE ahead = 1").fetchone() == (0,)
    sent = [row for row, state in states.items() if state == "sent"]
    assert len(sent) == len(sandbox.messages()) < 12
    sandbox.faults.clear()
    resumed = run_batch(sandbox, *args[1:], "--rate", "0", "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert received(sandbox) == {number(i): 1 for i in range(12)}


def test_results_of_an_excel_list_have_a_byte_order_mark_for_excel(
    sandbox: SandboxServer, folder: Path
) -> None:
    """Excel reads a UTF-8 file without a BOM in its local code page: "ZoÃ«" for Zoë; and
    the list's separator: an Excel that exports with ";" opens a "," file in one column."""
    draft = write_draft(folder)
    excel = folder / "excel.csv"
    rows = f"phone;name\r\n{number(0)};Zoë\r\n{number(1)};Łukasz\r\n"
    excel.write_bytes(b"\xff\xfe" + rows.encode("utf-16-le"))
    plain = write_csv(folder, people(2), name="plain.csv")
    for listed, bom in ((excel, True), (plain, False)):
        results = folder / f"results-{listed.stem}.csv"
        args = ["--draft", str(draft), "--csv", str(listed), "--rate", "0", "--again"]
        done = run_batch(sandbox, *args, "--results", str(results))
        assert done.returncode == 0, done.stderr
        assert results.read_bytes().startswith(b"\xef\xbb\xbf") is bom
    written = (folder / "results-excel.csv").read_text(encoding="utf-8-sig")
    assert "Zoë" in written
    assert written.splitlines()[0] == "row;number;status;detail;time;name"
    assert (folder / "results-plain.csv").read_text().startswith("row,number,status,")


def test_a_resume_through_another_server_is_refused_unless_asked_for(
    sandbox: SandboxServer, folder: Path
) -> None:
    """A newcomer resumed with another --base-url: two rows went to one server and the
    rest to the other, with nothing said."""
    draft, table = write_draft(folder), write_csv(folder, people(4))
    journal = folder / "j.sqlite3"
    args = ["--draft", str(draft), "--csv", str(table), "--journal", str(journal), "--rate", "0"]
    assert run_batch(sandbox, *args).returncode == 0
    elsewhere = "http://127.0.0.1:9"
    moved = run_batch(sandbox, *args, "--resume", "--base-url", elsewhere)
    assert moved.returncode == 2, moved.stderr
    assert f"began sending through {sandbox.base_url}" in moved.stderr
    assert f"the rest through {elsewhere}" in moved.stderr and "--other-server" in moved.stderr
    asked = run_batch(sandbox, *args, "--resume", "--base-url", elsewhere, "--other-server")
    assert asked.returncode == 0, asked.stderr  # nothing left to send, nowhere
    assert "Resuming batch" in asked.stderr


def test_a_server_that_cannot_be_reached_stops_the_batch_after_three_rows(
    folder: Path,
) -> None:
    """With the server down every row failed after its connection retries (about 3 s a
    row): 10,000 rows would have taken hours. Nothing was sent, so the rest stays to send."""
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        address = f"http://127.0.0.1:{probe.getsockname()[1]}"
    planned = plan(load_draft(write_draft(folder)), read_csv(write_csv(folder, people(8))))
    info = BatchInfo("b1", "{}", "abc", "people.csv", "default", {}, time.time())
    journal = Journal.create(folder / "j.sqlite3", info, batch.journal_rows(planned))
    no_retries = RetryPolicy(attempts=1)
    job = batch.BatchJob("b1", "default", Credentials(TEST_KEY, address), None, retry=no_retries)
    summary = batch.run(planned, journal, job)
    states = Counter(row.state for row in journal.rows())
    journal.close()
    assert summary.stopped.startswith("3 rows in a row could not be sent. Could not connect")
    assert "not sent" in summary.stopped
    assert states == {RowState.FAILED: 3, RowState.PENDING: 5}
    assert summary.network == 3 and summary.unknown == 0


def test_every_row_of_a_run_goes_through_one_client_closed_at_the_end(
    sandbox: SandboxServer, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[RampwinClient] = []
    closed: list[RampwinClient] = []

    def open_client(*args: Any) -> RampwinClient:
        client = real_open(*args)
        opened.append(client)
        real_close = client.close

        def close() -> None:  # recorded, and the connection really closed
            closed.append(client)
            real_close()

        monkeypatch.setattr(client, "close", close)
        return client

    real_open = sending.open_client
    monkeypatch.setattr(sending, "open_client", open_client)
    planned = plan(load_draft(write_draft(folder)), read_csv(write_csv(folder, people(5))))
    info = BatchInfo("b1", "{}", "abc", "people.csv", "default", {}, time.time())
    journal = Journal.create(folder / "j.sqlite3", info, batch.journal_rows(planned))
    job = batch.BatchJob("b1", "default", Credentials(TEST_KEY, sandbox.base_url), rate=None)
    summary = batch.run(planned, journal, job)
    journal.close()
    assert summary.sent == 5 and received(sandbox) == {number(i): 1 for i in range(5)}
    assert len(opened) == 1 and closed == opened


# ---------------------------------------------------------------- durability, each row checked once


def new_journal(folder: Path, count: int) -> tuple[batch.Plan, Journal]:
    planned = plan(load_draft(write_draft(folder)), read_csv(write_csv(folder, people(count))))
    info = BatchInfo("b1", "{}", "abc", "people.csv", "default", {}, time.time())
    return planned, Journal.create(folder / "j.sqlite3", info, batch.journal_rows(planned))


def test_each_rows_mark_is_on_disk_before_its_request_arrives(
    sandbox: SandboxServer, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no rate limit the next rows' marks are synced while a row's request is made.
    The disk is made slow here (each sync of the journal's WAL takes 30 ms more, as on a
    busy drive), so a request that did not wait for its row's mark to be on disk would
    arrive before it is. 20 rows: the first sync, then two made while requests are out."""
    planned, journal = new_journal(folder, 20)
    uri = f"file:{journal.path}?mode=ro"

    def marked() -> set[str]:
        """The rows marked in the journal, read by a second connection (read only)."""
        with closing(sqlite3.connect(uri, uri=True)) as db:
            query = "SELECT phone FROM rows WHERE state = 'sending' OR ahead = 1"
            return {phone for (phone,) in db.execute(query)}

    on_disk: set[str] = set()
    real_sync = os.fdatasync

    def slow_sync(fd: int) -> None:
        covered = marked()  # committed before the sync began: on disk once it returns
        time.sleep(0.03)
        real_sync(fd)
        on_disk.update(covered)

    monkeypatch.setattr(os, "fdatasync", slow_sync)
    at_arrival: dict[str, tuple[str, bool]] = {}
    record = sandbox.record_message

    def arriving(body: dict[str, Any], query: dict[str, str]) -> dict[str, Any]:
        """The sandbox's handler, as each request arrives."""
        phone = str(body["phone_number"])
        with closing(sqlite3.connect(uri, uri=True)) as db:
            (state,) = db.execute("SELECT state FROM rows WHERE phone = ?", (phone,)).fetchone()
        at_arrival[phone] = (state, phone in on_disk)
        return record(body, query)

    monkeypatch.setattr(sandbox, "record_message", arriving)
    job = batch.BatchJob("b1", "default", Credentials(TEST_KEY, sandbox.base_url), rate=None)
    history = History(folder / "history.sqlite3")
    summary = batch.run(planned, journal, job, history=history)
    journal.close()
    history.close()
    assert summary.sent == 20
    assert at_arrival == {number(i): ("sending", True) for i in range(20)}
    assert set(journal_states(journal.path).values()) == {"sent"}


def fsyncs_and_requests(
    sandbox: SandboxServer, log: Path, files: dict[str, Path], *args: str
) -> str:
    """``rampwin-desktop ARGS`` run under strace: what it fsync'd and when it connected,
    in order: a letter of ``files`` (letter → SQLite database) when that database's WAL
    was fsync'd, "C" when a request's connection was opened. Skips where strace cannot
    trace."""
    traced = ["strace", "-f", "-y", "-e", "trace=fsync,fdatasync,connect", "-o", str(log)]
    done = subprocess.run(
        [*traced, sys.executable, "-m", "rampwin_desktop", *args],
        capture_output=True,
        text=True,
        env=cli_env(TEST_KEY, sandbox.base_url),
        timeout=120,
        check=False,
    )
    if done.returncode != 0 and "ptrace" in done.stderr.casefold():
        pytest.skip(f"strace cannot trace here: {done.stderr.strip()[:200]}")
    assert done.returncode == 0, done.stderr
    events = ""
    for line in log.read_text().splitlines():
        call = line.split(" ", 1)[-1].lstrip()
        if call.startswith(("fsync(", "fdatasync(")):
            events += "".join(letter for letter, path in files.items() if f"<{path}-wal>" in call)
        elif call.startswith("connect(") and f"htons({sandbox.port})" in call:
            events += "C"
    return events


needs_strace = pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace")


@needs_strace
def test_a_rows_sending_mark_is_fsynced_before_its_request_and_nothing_else_is(
    sandbox: SandboxServer, folder: Path, config_dir: Path
) -> None:
    """What a power cut can cost: the system calls a batch makes, traced. With no rate
    limit, one sync of the journal's WAL before the first request (that row's mark, and
    the next rows' marked ahead), then one for every ``AHEAD - 1`` rows, made while a
    request is out; a row's outcome and the history's records of batch rows are not synced
    on their own; the end of the run puts them on disk (a checkpoint of each). That each
    mark is on disk before its request: the test of that name above."""
    rows = 20
    draft, table = write_draft(folder), write_csv(folder, people(rows))
    journal = folder / "j.sqlite3"
    files = {"J": journal, "H": config_dir / "data" / "history.sqlite3"}
    events = fsyncs_and_requests(
        sandbox, folder / "strace.txt", files,
        "batch", "--draft", str(draft), "--csv", str(table), "--journal", str(journal),
        "--rate", "0",
    )  # fmt: skip
    assert len(sandbox.messages()) == rows
    journal_only = events.replace("H", "")
    journal_run = journal_only[journal_only.index("C") - 1 :]
    assert journal_run.startswith("JC") and journal_run.count("C") == rows, events
    top_ups = len(range(journals.AHEAD, rows, journals.AHEAD - 1))  # rows 8 and 15
    assert journal_run[: journal_run.rindex("C")].count("J") == 1 + top_ups, events
    assert journal_run.endswith("CJ"), events  # the checkpoint at the end
    after_first_request = events[events.index("C") :]
    assert after_first_request.count("H") == 1 and events.endswith("JH"), events  # at the end


@needs_strace
def test_a_single_sends_history_is_fsynced_before_and_after_its_request(
    sandbox: SandboxServer, folder: Path, config_dir: Path
) -> None:
    files = {"H": config_dir / "data" / "history.sqlite3"}
    events = fsyncs_and_requests(
        sandbox, folder / "strace.txt", files,
        "send", "--to", number(1), "--channel", "c1", "--body", "Hello", "--button", "OK",
    )  # fmt: skip
    assert len(sandbox.messages()) == 1
    # The attempt fsync'd, the request, its outcome fsync'd, the checkpoint as it closes.
    assert events[events.index("C") - 1 :] == "HCHH", events


def test_a_planned_row_is_checked_once_and_a_single_send_every_time(
    sandbox: SandboxServer, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    planned, journal = new_journal(folder, 4)
    checks: list[str] = []
    real_validate = validation.validate

    def counted(message: Any, **options: Any) -> list[validation.Problem]:
        checks.append(message.recipient)
        return real_validate(message, **options)

    monkeypatch.setattr(validation, "validate", counted)
    job = batch.BatchJob("b1", "default", Credentials(TEST_KEY, sandbox.base_url), rate=None)
    assert batch.run(planned, journal, job).sent == 4
    journal.close()
    assert checks == []  # the plan checked each row; the send did not check it again
    assert [row.message for row in planned.rows] == [  # filled in again, the same message
        load_draft(folder / "draft.json").with_changes(
            body=f"Hello Person {i}, your order is ready.", recipient=number(i)
        )
        for i in range(4)
    ]
    single = sending.SendJob(
        message=planned.rows[0].message.with_changes(body=""),  # an empty body: invalid
        profile="default",
        credentials=Credentials(TEST_KEY, sandbox.base_url),
    )
    with pytest.raises(sending.InvalidMessageError):
        sending.send(single)
    assert checks == [number(0)]
    assert len(sandbox.messages()) == 4


# ---------------------------------------------------------------- the journal itself


def test_rows_left_sending_become_unknown_and_the_journal_is_held(tmp_path: Path) -> None:
    info = BatchInfo("b1", "{}", "abc", "people.csv", "default", {}, time.time())
    path = tmp_path / "j.sqlite3"
    journal = Journal.create(
        path, info, [(2, "1", RowState.PENDING, ""), (3, "2", RowState.PENDING, "")]
    )
    with pytest.raises(JournalError, match="another process"):
        Journal.open(path)
    journal.mark_sending(2)
    journal.close()  # as a crash would leave it
    peeked = peek_counts(path)  # read only: the row stays "sending", nothing is locked
    assert peeked is not None and peeked[RowState.SENDING] == peeked[RowState.PENDING] == 1
    assert batch.still_to_send(peeked) == 1
    assert peek_counts(path) == peeked and peek_counts(tmp_path / "none.sqlite3") is None
    reopened = Journal.open(path)
    assert reopened.recovered == (2,)
    assert [row.state for row in reopened.rows()] == [RowState.UNKNOWN, RowState.PENDING]
    counts = reopened.counts()
    assert (
        batch.still_to_send(counts) == 1 and batch.still_to_send(counts, resend_unknown=True) == 2
    )
    assert reopened.info.csv_sha256 == "abc"
    reopened.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("rate", "said"), [(0.5, "; 0.5/s"), (19.96, "; 20/s"), (433.2, "; 433/s")]
)
def test_the_progress_line_says_the_rate_plainly(rate: float, said: str) -> None:
    from rampwin_desktop.app.batch import BatchProgress
    from rampwin_desktop.cli.batch_output import progress_line

    line = progress_line(BatchProgress(3, 6, 3, 0, 0, rate, 6.0))
    assert said in line and "e+" not in line


def test_the_terminals_progress_line_is_rewritten_at_most_ten_times_a_second(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from rampwin_desktop.app.batch import BatchProgress
    from rampwin_desktop.cli.batch_output import Printer

    printer = Printer(tty=True, stop=threading.Event())
    for done in range(1, 1001):  # 1,000 rows in well under a second, as with no rate limit
        printer.show(BatchProgress(done, 2000, done, 0, 0, 900.0, 1.0, row=done + 1))
    printer.end()
    written = capsys.readouterr().err
    lines = written.split("\r\x1b[K")[1:]
    assert 1 <= len(lines) <= 12, len(lines)
    assert lines[0].startswith("1/2000 done")
    assert lines[-1].startswith("1000/2000 done") and written.endswith("\n")


def test_the_terminals_progress_line_fits_its_width(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 30 columns the line was about 50 long: wrapped, it is not rewritten in place,
    and each rewrite left a line behind (a newcomer's find)."""
    from rampwin_desktop.app.batch import BatchProgress
    from rampwin_desktop.cli.batch_output import Printer

    monkeypatch.setenv("COLUMNS", "30")
    printer = Printer(tty=True, stop=threading.Event())
    printer.show(BatchProgress(1, 200, 1, 0, 0, 1.0, 199.0, row=2))
    lines = capsys.readouterr().err.split("\r\x1b[K")[1:]
    assert lines == ["1/200 done: 1 sent, 0 failed,"]  # 29 columns: the cursor stays on it


def test_a_dry_run_of_a_resume_shows_and_counts_only_the_rows_left(
    sandbox: SandboxServer, folder: Path
) -> None:
    """It said "would POST 5 messages" and showed row 2 for a batch with 2 rows sent. A row
    a crash left ``sending`` is unknown: shown only with --resend-unknown, as sent."""
    draft, table = write_draft(folder), write_csv(folder, people(5))
    message, rows = load_draft(draft), read_csv(table)
    journal = batch.open_or_create(
        plan(message, rows),
        message,
        rows,
        resume=None,
        new_path=folder / "j.sqlite3",
        csv_path=str(table.absolute()),
        profile="default",
    )
    for row in (2, 3):
        journal.mark_sending(row)
        journal.mark(row, RowState.SENT, detail="Message sent.")
    journal.mark_sending(4)  # and then the app was killed
    journal.close()
    args = ["--draft", str(draft), "--csv", str(table), "--journal", str(folder / "j.sqlite3")]
    dry = run_batch(sandbox, *args, "--resume", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert re.findall(r"^# row (\d+)$", dry.stdout, re.MULTILINE) == ["5", "6"]
    assert (  # the row a kill left sending is named: it was not said at all
        "2 sent before, 2 to send; 1 row unknown (may have been delivered: row 4), not sent "
        "again without --resend-unknown." in dry.stderr
    )
    assert "would POST 2 messages" in dry.stderr
    again = run_batch(sandbox, *args, "--resume", "--resend-unknown", "--dry-run")
    assert re.findall(r"^# row (\d+)$", again.stdout, re.MULTILINE) == ["4", "5", "6"]
    assert "2 sent before, 3 to send." in again.stderr
    assert "would POST 3 messages" in again.stderr
    assert sandbox.messages() == []
    assert peek_counts(folder / "j.sqlite3") == {  # a dry run changes no row
        **dict.fromkeys(RowState, 0),
        RowState.PENDING: 2,
        RowState.SENT: 2,
        RowState.SENDING: 1,
    }
    write_draft(folder, body="Goodbye {{name}}")
    changed = run_batch(sandbox, *args, "--resume", "--dry-run")
    assert changed.returncode == 2 and "the message (body)" in changed.stderr


def test_a_second_ctrl_c_names_the_row_left_unknown(sandbox: SandboxServer, folder: Path) -> None:
    """The summary said "1 unknown" and no more (a newcomer's find): which chat to look at."""
    draft, table = write_draft(folder), write_csv(folder, people(4))
    sandbox.add_fault(Fault(endpoint="send", delay=3.0, times=0))  # the row in flight waits
    process = start_cli(
        "batch", "--draft", str(draft), "--csv", str(table), "--rate", "0",
        base_url=sandbox.base_url,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not sandbox.messages() and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)  # a second: at once
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    assert "Done: 0 sent, 0 failed, 1 unknown, 3 not sent yet." in stderr
    assert "Unknown (they may have been delivered): row 2. Check those chats" in stderr


def test_a_row_left_sending_says_it_may_have_been_delivered() -> None:
    """A second Ctrl+C leaves the row in flight "sending": its results line said "unknown"
    beside an empty detail (a newcomer's find). The window's Results say it the same way."""
    from rampwin_desktop.app import batch_report
    from rampwin_desktop.storage.journal import JournalRow

    left = JournalRow(7, "919876520006", RowState.SENDING, "", "", "", 1.0)
    assert batch_report.status_of(left) == "unknown"
    assert batch_report.detail_of(left) == (
        "Stopped while it was being sent: it may have been delivered."
    )
    failed = JournalRow(8, "919876520007", RowState.FAILED, "refused", "Invalid phone", "", 1.0)
    assert batch_report.detail_of(failed) == "Invalid phone"
