"""``rampwin-desktop batch`` refuses to send a list the same message twice (without
--again), says an unknown placeholder once, and exits 2 when nothing would be sent."""

from __future__ import annotations

import csv
import json
import shutil
from typing import TYPE_CHECKING

from rampwin_desktop.sandbox import Fault, SandboxServer
from rampwin_desktop.sandbox.faults import Drop
from tests.helpers import TEST_KEY, batch_files
from tests.helpers.batch_files import number, people, write_csv, write_draft

if TYPE_CHECKING:
    import subprocess
    from pathlib import Path

    from rampwin_desktop.sandbox import SandboxServer


def run_batch(sandbox: SandboxServer, *args: str) -> subprocess.CompletedProcess[str]:
    return batch_files.run_batch(sandbox, *args, "--rate", "0")  # no pacing: quick


def test_the_same_list_and_message_again_is_refused_unless_again(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    draft = write_draft(tmp_path)
    table = write_csv(tmp_path, people(3))
    first = run_batch(sandbox, "--draft", str(draft), "--csv", str(table))
    assert first.returncode == 0, first.stderr
    # The same contents under another name is the same list.
    (tmp_path / "copy").mkdir()
    copy = shutil.copy(table, tmp_path / "copy" / "renamed.csv")
    refused = run_batch(sandbox, "--draft", str(draft), "--csv", str(copy))
    assert refused.returncode == 2, refused.stderr
    assert "This list got this message on " in refused.stderr
    assert "3 rows sent" in refused.stderr and "--again" in refused.stderr
    assert "--resume" not in refused.stderr  # that batch has no row left to resume
    assert len(sandbox.messages()) == 3
    # A dry run says so and goes on; another message to the same list is not asked about.
    dry = run_batch(sandbox, "--draft", str(draft), "--csv", str(copy), "--dry-run")
    assert dry.returncode == 0 and "needs --again" in dry.stderr
    other = write_draft(tmp_path / "copy", body="Bye {{name}}")
    assert run_batch(sandbox, "--draft", str(other), "--csv", str(copy)).returncode == 0
    assert len(sandbox.messages()) == 6
    again = run_batch(sandbox, "--draft", str(draft), "--csv", str(copy), "--again")
    assert again.returncode == 0, again.stderr
    assert len(sandbox.messages()) == 9


def test_a_list_tried_on_a_sandbox_can_then_be_sent_for_real(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """A list sent to a sandbox first (as one tries a message) was refused afterwards as
    sent: "This list got this message … add --again". What a sandbox got reached no one:
    only batches sent through the same server count."""
    draft, table = write_draft(tmp_path), write_csv(tmp_path, people(3))
    assert run_batch(sandbox, "--draft", str(draft), "--csv", str(table)).returncode == 0
    with SandboxServer(api_key=TEST_KEY) as real:  # another server: Rampwin, say
        sent = run_batch(real, "--draft", str(draft), "--csv", str(table))
        assert sent.returncode == 0, sent.stderr
        assert len(real.messages()) == 3
        again = run_batch(real, "--draft", str(draft), "--csv", str(table))
        assert again.returncode == 2 and "This list got this message" in again.stderr
    assert len(sandbox.messages()) == 3


def test_the_refusal_suggests_resume_only_for_a_batch_with_rows_left(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    draft = write_draft(tmp_path)
    table = write_csv(tmp_path, people(3))
    sandbox.add_fault(Fault(endpoint="send", status=400))  # the first row: refused, failed
    first = run_batch(sandbox, "--draft", str(draft), "--csv", str(table))
    assert len(sandbox.messages()) == 2, first.stderr
    refused = run_batch(sandbox, "--draft", str(draft), "--csv", str(table))
    assert refused.returncode == 2, refused.stderr
    assert "2 rows sent" in refused.stderr
    assert "or --resume to send only the 1 row left." in refused.stderr, refused.stderr
    assert len(sandbox.messages()) == 2


def test_for_a_copy_of_the_list_the_resume_it_suggests_names_the_journal(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """A copy of the list elsewhere is the same list: the refusal said "--resume", which
    then looked for a batch of the copy's path and found none (a newcomer's find)."""
    draft = write_draft(tmp_path)
    table = write_csv(tmp_path, people(3))
    sandbox.add_fault(Fault(endpoint="send", status=400))  # the first row: refused, failed
    run_batch(sandbox, "--draft", str(draft), "--csv", str(table))
    (copy := tmp_path / "copy").mkdir()
    moved = copy / table.name
    moved.write_bytes(table.read_bytes())
    refused = run_batch(sandbox, "--draft", str(draft), "--csv", str(moved))
    assert refused.returncode == 2, refused.stderr
    (journal,) = tmp_path.glob("**/batches/*.sqlite3")  # the data folder's
    hint = f"or --journal {journal} --resume to send only the 1 row left."
    assert hint in refused.stderr, refused.stderr
    resumed = run_batch(sandbox, "--draft", str(draft), "--csv", str(moved), "--journal",
                        str(journal), "--resume")  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    assert len(sandbox.messages()) == 3  # the row left, once


def test_the_refusal_names_resend_unknown_when_rows_may_have_been_delivered(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """--resume alone does not send a row that may have been delivered: when that is all
    a batch has left, the refusal (and a dry run) says --resume --resend-unknown."""
    draft = write_draft(tmp_path)
    table = write_csv(tmp_path, people(3))
    sandbox.add_fault(Fault(endpoint="send", drop=Drop.BEFORE_RESPONSE))  # row 2: unknown
    first = run_batch(sandbox, "--draft", str(draft), "--csv", str(table))
    assert "1 unknown" in first.stderr, first.stderr
    refused = run_batch(sandbox, "--draft", str(draft), "--csv", str(table))
    assert refused.returncode == 2, refused.stderr
    hint = (
        "or --resume --resend-unknown to send only the 1 row that may have been delivered "
        "(check its chat first)."
    )
    assert hint in refused.stderr, refused.stderr
    dry = run_batch(sandbox, "--draft", str(draft), "--csv", str(table), "--dry-run")
    assert dry.returncode == 0 and f"Sending it needs --again, {hint}" in dry.stderr, dry.stderr
    assert len(sandbox.messages()) == 3  # the unknown row was delivered: nothing more sent


def test_the_refusal_names_both_when_rows_failed_and_others_are_unknown(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    draft = write_draft(tmp_path)
    table = write_csv(tmp_path, people(4))
    sandbox.add_fault(Fault(endpoint="send", status=400))  # row 2: refused, failed
    sandbox.add_fault(Fault(endpoint="send", drop=Drop.BEFORE_RESPONSE))  # row 3: unknown
    run_batch(sandbox, "--draft", str(draft), "--csv", str(table))
    refused = run_batch(sandbox, "--draft", str(draft), "--csv", str(table))
    assert refused.returncode == 2, refused.stderr
    assert (
        "or --resume to send only the 1 row left (with --resend-unknown also the 1 row that "
        "may have been delivered: check its chat first)." in refused.stderr
    ), refused.stderr


def test_a_list_fixed_and_sent_again_does_not_message_anyone_twice(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """A newcomer's path: a list with a bad row, sent with --skip-invalid, the row fixed in
    the same file, the list sent again. It is another CSV now, but three of its numbers
    already got this message: refused, unless --skip-sent (only the fixed row) or --again."""
    draft = write_draft(tmp_path)
    rows = people(4)
    rows[2]["phone"] = "12"  # row 4: not a number
    table = write_csv(tmp_path, rows)
    first = run_batch(sandbox, "--draft", str(draft), "--csv", str(table), "--skip-invalid")
    assert first.returncode == 0, first.stderr
    assert len(sandbox.messages()) == 3
    rows[2]["phone"] = number(2)  # fixed
    write_csv(tmp_path, rows)
    refused = run_batch(sandbox, "--draft", str(draft), "--csv", str(table))
    assert refused.returncode == 2, refused.stderr
    said = "3 numbers on this list already got this message (rows 2, 3, 5;"
    assert said in refused.stderr, refused.stderr
    assert (
        "Nothing was sent: add --skip-sent to send only to the 1 other, or --again to send "
        "to everyone." in refused.stderr
    )
    assert len(sandbox.messages()) == 3
    dry = run_batch(sandbox, "--draft", str(draft), "--csv", str(table), "--dry-run")
    assert dry.returncode == 0 and "Sending it needs a choice: add --skip-sent" in dry.stderr
    fixed = run_batch(
        sandbox,
        "--draft",
        str(draft),
        "--csv",
        str(table),
        "--skip-sent",
        "--results",
        str(tmp_path / "results.csv"),
    )
    assert fixed.returncode == 0, fixed.stderr
    assert "Left out (--skip-sent)." in fixed.stderr
    sent = [message["body"]["phone_number"] for message in sandbox.messages()]
    assert sorted(sent) == sorted(number(index) for index in range(4))  # each once
    with (tmp_path / "results.csv").open(encoding="utf-8") as results:
        status = {int(row["row"]): row["status"] for row in csv.DictReader(results)}
    assert status == {2: "skipped", 3: "skipped", 4: "sent", 5: "skipped"}
    # This very list has now had it: refused as any list sent twice; --again sends to all.
    twice = run_batch(sandbox, "--draft", str(draft), "--csv", str(table), "--skip-sent")
    assert twice.returncode == 2 and "This list got this message on " in twice.stderr
    again = run_batch(sandbox, "--draft", str(draft), "--csv", str(table), "--again")
    assert again.returncode == 0, again.stderr
    assert len(sandbox.messages()) == 8


def test_a_new_list_of_numbers_that_all_got_it_leaves_nothing_to_skip_to(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    draft = write_draft(tmp_path)
    rows = people(3)
    first = run_batch(sandbox, "--draft", str(draft), "--csv", str(write_csv(tmp_path, rows)))
    assert first.returncode == 0, first.stderr
    (tmp_path / "again").mkdir()
    other = write_csv(tmp_path / "again", rows[::-1], name="reordered.csv")  # another CSV
    refused = run_batch(sandbox, "--draft", str(draft), "--csv", str(other))
    assert refused.returncode == 2, refused.stderr
    assert "Nothing was sent: add --again to send it to them again." in refused.stderr
    skipped = run_batch(sandbox, "--draft", str(draft), "--csv", str(other), "--skip-sent")
    assert skipped.returncode == 2 and "no row is left to send" in skipped.stderr
    assert len(sandbox.messages()) == 3


def test_an_unknown_placeholder_is_said_once_for_the_list(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    draft = write_draft(tmp_path, body="Hi {{nmae}}")
    table = write_csv(tmp_path, people(6))
    done = run_batch(sandbox, "--draft", str(draft), "--csv", str(table))
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if "nmae" in line]
    assert lines == ['{{nmae}}: no such column (all 6 rows). Did you mean "name"?'], done.stderr


def test_a_problem_of_the_message_itself_is_said_once_in_the_forms_words(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """An image header with no file chosen is wrong on every row: one line naming the
    header (not "header.link" on every row), then the counts."""
    draft = write_draft(tmp_path, type="image", link="")
    table = write_csv(tmp_path, people(4))
    done = run_batch(sandbox, "--draft", str(draft), "--csv", str(table))
    assert done.returncode == 2
    listed = [line for line in done.stderr.splitlines() if "(all 4 rows)" in line]
    assert len(listed) == 1 and listed[0].startswith("header: "), done.stderr
    assert "header.link" not in done.stderr
    assert "4 rows with problems (1 listed)" in done.stderr
    assert sandbox.requests() == []


def test_the_counts_say_what_is_listed(sandbox: SandboxServer, tmp_path: Path) -> None:
    draft = write_draft(tmp_path, body="Hi {{nmae}}")
    rows = people(4)
    rows[1]["phone"] = "12"  # row 3: a problem of its own, besides {{nmae}}
    done = run_batch(sandbox, "--draft", str(draft), "--csv", str(write_csv(tmp_path, rows)))
    assert done.returncode == 2
    listed = done.stderr.splitlines()[1:3]
    assert listed[0].startswith("{{nmae}}: no such column (all 4 rows)"), done.stderr
    assert listed[1].startswith("row 3, phone: "), done.stderr
    # 5 problems in 4 rows, listed in 2 lines: the count says the rows and the lines.
    assert "Nothing was sent: 4 rows with problems (2 listed). Fix them" in done.stderr
    assert sandbox.requests() == []


def test_nothing_left_to_send_is_exit_2_even_when_skipping(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    draft = write_draft(tmp_path)
    rows = people(2)
    for row in rows:
        row["phone"] = "12"
    table = write_csv(tmp_path, rows)
    for extra in (["--dry-run"], []):
        done = run_batch(
            sandbox, "--draft", str(draft), "--csv", str(table), "--skip-invalid", *extra
        )
        assert done.returncode == 2, (extra, done.stderr)
        assert "Nothing was sent" in done.stderr
    assert sandbox.requests() == []


def test_counts_of_one_are_said_in_the_singular(sandbox: SandboxServer, tmp_path: Path) -> None:
    draft = write_draft(tmp_path)
    rows = people(3)
    rows[1]["phone"] = "12"
    rows.append(dict(rows[0]))  # row 5 repeats row 2's number
    table = write_csv(tmp_path, rows)
    done = run_batch(
        sandbox, "--draft", str(draft), "--csv", str(table), "--skip-invalid", "--dry-run"
    )
    assert done.returncode == 0, done.stderr
    assert "1 row with problems, 1 repeat left out" in done.stderr
    assert "(row 5; --allow-duplicates" in done.stderr


def test_results_give_a_skipped_rows_number_normalised_when_it_reads_as_one(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    draft = write_draft(tmp_path)
    rows = people(2)
    first = rows[0]["phone"]
    rows.append({"phone": f"+{first[:2]} {first[2:7]} {first[7:]}", "name": "Again"})
    rows.append({"phone": "12", "name": "Bad"})
    table = write_csv(tmp_path, rows)
    out = tmp_path / "results.csv"
    done = run_batch(
        sandbox, "--draft", str(draft), "--csv", str(table), "--skip-invalid",
        "--results", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with out.open(encoding="utf-8", newline="") as stream:
        found = [(r["row"], r["number"], r["status"]) for r in csv.DictReader(stream)]
    assert found[2:] == [("4", first, "skipped"), ("5", "12", "skipped")], found


def test_a_drafts_own_to_is_no_part_of_a_batchs_message(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """A batch's numbers come from its rows: a draft saved with a To (as the window saves
    one) is the same batch message as without, for resuming and for sending again."""
    table = write_csv(tmp_path, people(2))
    draft = write_draft(tmp_path)
    first = run_batch(sandbox, "--draft", str(draft), "--csv", str(table))
    assert first.returncode == 0, first.stderr
    (journal,) = tmp_path.glob("**/batches/*.sqlite3")  # the data folder's, looked in again
    with_to = tmp_path / "with-to.json"
    data = json.loads(draft.read_text(encoding="utf-8"))
    with_to.write_text(json.dumps({**data, "phone_number": "919876543210"}), encoding="utf-8")
    resumed = run_batch(
        sandbox, "--draft", str(with_to), "--csv", str(table), "--journal", str(journal), "--resume"
    )
    assert "different" not in resumed.stderr, resumed.stderr
    refused = run_batch(sandbox, "--draft", str(with_to), "--csv", str(table))
    assert refused.returncode == 2, refused.stderr
    assert "This list got this message on " in refused.stderr
    assert len(sandbox.messages()) == 2
