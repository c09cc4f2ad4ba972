"""Recovery files of several windows on one folder: none overwrites or deletes another's, and
only a file whose window is gone is offered (issue 16)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from rampwin_desktop.core.model import Message
from rampwin_desktop.storage.autosave import RecoveryFile, WindowRecovery, claim_orphan
from tests.helpers import ROOT

# A window's recovery, written, in a process that then waits to be killed.
OWNER = r"""
import sys, time
from rampwin_desktop.core.model import Message
from rampwin_desktop.storage.autosave import WindowRecovery
own = WindowRecovery(sys.argv[1])
assert own.write(Message(body="Typed in the other process"), "/drafts/sale.json")
print(own.path, flush=True)
time.sleep(600)
"""


def body(path: Path) -> str:
    recovered = RecoveryFile(path).pending()
    assert recovered is not None
    return recovered.message.body


def folders(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "data" / "recovery", tmp_path / "recovery.json"


def test_two_windows_keep_their_own_files_and_a_clean_close_removes_only_its_own(
    tmp_path: Path,
) -> None:
    folder, legacy = folders(tmp_path)
    first, second = WindowRecovery(folder), WindowRecovery(folder)
    assert first.write(Message(body="first window"), "")
    assert second.write(Message(body="second window"), "")
    assert first.write(Message(body="first window, later"), "")
    assert first.path != second.path
    assert body(first.path) == "first window, later"
    assert body(second.path) == "second window"
    assert claim_orphan(folder, legacy, set()) is None  # both windows are open

    first.discard()
    assert not first.path.exists()
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [second.path.name, second.path.with_suffix(".lock").name]
    )
    assert claim_orphan(folder, legacy, set()) is None
    second.discard()
    assert list(folder.iterdir()) == []


def test_a_file_is_offered_once_its_window_is_killed_and_to_one_window_at_a_time(
    tmp_path: Path,
) -> None:
    folder, legacy = folders(tmp_path)
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER, str(folder)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert owner.stdout is not None
        written = Path(owner.stdout.readline().strip())
        assert written.is_file()
        assert claim_orphan(folder, legacy, set()) is None  # its window lives: not offered
    finally:
        owner.send_signal(signal.SIGKILL)
        owner.wait(timeout=10)
    assert written.name.startswith(f"{owner.pid}-")

    orphan = claim_orphan(folder, legacy, set())
    assert orphan is not None and orphan.path == written
    assert orphan.recovered.message.body == "Typed in the other process"
    assert orphan.recovered.draft_path == "/drafts/sale.json"
    assert claim_orphan(folder, legacy, set()) is None  # being offered elsewhere meanwhile
    orphan.release()  # kept for later
    again = claim_orphan(folder, legacy, set())
    assert again is not None and again.path == written
    again.discard()
    assert list(folder.iterdir()) == []


def test_orphans_come_newest_first_and_the_old_single_file_is_one_of_them(
    tmp_path: Path,
) -> None:
    folder, legacy = folders(tmp_path)
    folder.mkdir(parents=True)
    for name, body, age in (("1-old", "oldest", 300), ("2-new", "newest", 0)):
        RecoveryFile(folder / f"{name}.json").write(Message(body=body), "")
        stamp = (folder / f"{name}.json").stat().st_mtime - age
        os.utime(folder / f"{name}.json", (stamp, stamp))
    RecoveryFile(legacy).write(Message(body="from an earlier version"), "")
    os.utime(legacy, (1, 1))

    offered: list[str] = []
    passed: set[Path] = set()
    while (orphan := claim_orphan(folder, legacy, passed)) is not None:
        offered.append(orphan.recovered.message.body)
        passed.add(orphan.path)
        orphan.release()  # not taken: stays, is not offered twice
    assert offered == ["newest", "oldest", "from an earlier version"]
    assert legacy.exists() and len(list(folder.glob("*.json"))) == 2


def test_a_damaged_orphan_is_set_aside_and_a_lock_left_alone_is_removed(tmp_path: Path) -> None:
    folder, legacy = folders(tmp_path)
    folder.mkdir(parents=True)
    (folder / "9-damaged.json").write_text("{half a file")
    (folder / "8-killed-before-typing.lock").touch()  # its window wrote nothing
    live = WindowRecovery(folder)
    live.write(Message(body="open window"), "")

    assert claim_orphan(folder, legacy, set()) is None
    names = {p.name for p in folder.iterdir()}
    aside = {name for name in names if name.startswith("9-damaged.json.corrupt-")}
    assert len(aside) == 1
    assert names - aside == {live.path.name, live.path.with_suffix(".lock").name}
    live.discard()
