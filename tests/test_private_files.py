"""Every file the app writes is its user's alone (0600, folders 0700), and files an older
version left readable by all are tightened at the next start. Drafts are the user's
documents and keep the user's umask."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from rampwin_desktop.core.model import Button, Message
from rampwin_desktop.sandbox import SandboxServer
from rampwin_desktop.storage import paths
from rampwin_desktop.storage.drafts import save_draft
from rampwin_desktop.storage.history import History
from rampwin_desktop.storage.logs import setup_logging
from rampwin_desktop.storage.tightening import tighten_app_files
from tests.helpers import media_files
from tests.helpers.cli import GOOD, run_cli, run_send
from tests.helpers.private_files import left_readable, not_private, umask

pytestmark = pytest.mark.skipif(
    os.name != "posix", reason="file modes are POSIX; on Windows the folders' ACLs apply"
)

OLD_FILES = [
    "settings.json",
    "settings.ini",  # versions before 0.2 (read at the first start, then left where it is)
    "recovery.json",
    "data/history.sqlite3",
    "data/pasted/pasted-1.png",
    "cache/uploads.json",
    "logs/rampwin-desktop.log",
    "logs/rampwin-desktop.log.1",
]


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The umask most systems give: what made the old files 0644."""
    with umask(0o022):
        yield


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_send_from_the_command_line_leaves_only_private_files(
    sandbox: SandboxServer, config_dir: Path, tmp_path: Path
) -> None:
    image = media_files.png(tmp_path, "photo.png", 800, 418)
    done = run_send(*GOOD, "--header-image", str(image), sandbox=sandbox)
    assert done.returncode == 0, done.stderr
    assert (config_dir / "data" / "history.sqlite3").is_file()
    assert (config_dir / "cache" / "uploads.json").is_file()
    assert not_private(config_dir) == []


def test_log_files_are_private_the_first_and_after_each_rotation(config_dir: Path) -> None:
    log_file = setup_logging(paths.log_dir())
    logging.getLogger("test").warning("to 919999999999: Hello")
    (handler,) = [h for h in logging.getLogger().handlers if getattr(h, "rampwin", False)]
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    handler.doRollover()
    logging.getLogger("test").warning("after the rotation")
    handler.flush()
    assert log_file.with_name(log_file.name + ".1").is_file()
    assert not_private(config_dir) == []


def test_the_history_and_its_wal_and_shm_are_private(config_dir: Path) -> None:
    history = History(paths.history_file())
    try:
        history.begin(profile="p", recipient="919999999999", body={"text": "Hello"})
        database = paths.history_file()
        for suffix in ("", "-wal", "-shm"):
            assert mode(Path(f"{database}{suffix}")) == 0o600, suffix
    finally:
        history.close()
    assert not_private(config_dir) == []


def test_files_left_readable_are_tightened_by_the_next_command(config_dir: Path) -> None:
    old = left_readable(config_dir, OLD_FILES)
    outside = config_dir.parent / "elsewhere.txt"
    outside.write_text("not the app's")
    outside.chmod(0o644)
    (config_dir / "data" / "link").symlink_to(outside)
    assert len(not_private(config_dir)) > len(old)  # the folders too

    done = run_cli("history")
    assert done.returncode == 0, done.stderr
    assert not_private(config_dir) == []
    assert mode(outside) == 0o644  # a link is not followed out of the app's folders


def test_the_tightening_pass_says_what_it_changed_and_changes_nothing_twice(
    config_dir: Path,
) -> None:
    left_readable(config_dir, OLD_FILES[:2])
    changed = tighten_app_files()
    assert {p.name for p in changed} >= {"settings.json", "settings.ini", config_dir.name}
    assert tighten_app_files() == []


def test_a_file_gone_while_the_pass_walks_is_no_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The pass walks the folders while the window writes its settings (a temporary file,
    then renamed): "could not make .settings.json….tmp private: No such file" at start-up
    alarmed a newcomer."""
    from rampwin_desktop.storage.private import tighten

    with caplog.at_level(logging.WARNING):
        assert tighten(tmp_path / ".settings.json.99c1d141e5d7.tmp") is False
    assert caplog.records == []


def test_folders_the_app_makes_are_private(config_dir: Path) -> None:
    for folder in (paths.config_dir(), paths.data_dir(), paths.cache_dir(), paths.log_dir()):
        assert mode(folder) == 0o700, folder
    assert mode(paths.pasted_images_dir()) == 0o700


def test_a_draft_keeps_the_users_umask_not_the_apps_mode(tmp_path: Path) -> None:
    message = Message(body="Hi", buttons=(Button("a", "A"),))
    draft = tmp_path / "offer.json"
    save_draft(draft, message)
    assert mode(draft) == 0o644  # umask 022, as any document the user saves
    draft.chmod(0o640)
    save_draft(draft, message.with_changes(body="Hello"))
    assert mode(draft) == 0o640  # the user's choice stays
    with umask(0o077):
        save_draft(tmp_path / "secret.json", message)
    assert mode(tmp_path / "secret.json") == 0o600
    assert os.umask(0o022) == 0o022  # the app never changed the process umask
