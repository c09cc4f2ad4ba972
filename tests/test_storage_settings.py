"""The settings file, profiles, folders and what an older version left behind (storage/)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rampwin_desktop.app import profiles as profile_rules
from rampwin_desktop.storage import legacy, paths
from rampwin_desktop.storage.history import History, Outcome, open_history
from rampwin_desktop.storage.keystore import SessionSecrets
from rampwin_desktop.storage.profiles import DEFAULT_PROFILE, SANDBOX, Profile, ProfileStore
from rampwin_desktop.storage.settings import KEY_HINTS, SettingsFile, open_settings
from tests.helpers import ROOT
from tests.helpers.file_keyring import FileKeyring

# ------------------------------------------------------------------ SettingsFile


def test_a_missing_file_reads_as_empty_and_is_not_created(tmp_path: Path) -> None:
    settings = SettingsFile(tmp_path / "settings.json")
    assert settings.read() == {}
    assert settings.section("profiles") == {}
    assert not settings.path.exists() and settings.moved_aside is None


def test_set_values_and_update_write_through_to_disk(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "settings.json"
    settings = SettingsFile(path)
    settings.set_values("window", {"theme": "dark"})
    settings.set_values("window", {"recent_drafts": ["/a.json"]})
    settings.update(lambda data: data.update(current_profile="shop"))
    # Another SettingsFile on the same path (another process) sees every change.
    other = SettingsFile(path)
    assert other.section("window") == {"theme": "dark", "recent_drafts": ["/a.json"]}
    assert other.read()["current_profile"] == "shop"
    assert json.loads(path.read_text(encoding="utf-8"))["window"]["theme"] == "dark"
    other.set_values("window", {"theme": "light"})
    assert settings.section("window")["theme"] == "light"  # every read comes from disk


def test_set_values_replaces_a_section_that_is_not_an_object(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"window": ["odd"], "keep": 1}', encoding="utf-8")
    settings = SettingsFile(path)
    assert settings.section("window") == {}
    settings.set_values("window", {"theme": "dark"})
    assert settings.read() == {"window": {"theme": "dark"}, "keep": 1}


@pytest.mark.parametrize("damage", ["{not json", "[1, 2, 3]", '"a string"', "\xff\xfe"])
def test_a_damaged_file_is_moved_aside_and_the_app_starts_fresh(
    tmp_path: Path, damage: str
) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(damage.encode("latin-1"))
    settings = SettingsFile(path)
    profiles = ProfileStore(settings)
    assert profiles.names() == [DEFAULT_PROFILE]
    assert profiles.current == DEFAULT_PROFILE
    aside = settings.moved_aside
    assert aside is not None and aside.parent == tmp_path
    assert aside.name.startswith("settings.json.corrupt-")
    assert aside.read_bytes() == damage.encode("latin-1")  # kept for the user, untouched
    assert not path.exists()
    profiles.save(Profile(name="shop", channel_id="c1"))  # and it works from here on
    assert json.loads(path.read_text(encoding="utf-8"))["profiles"]["shop"]["channel_id"] == "c1"
    assert ProfileStore(SettingsFile(path)).load("shop").channel_id == "c1"


WRITER = """
import sys, time
from pathlib import Path
from rampwin_desktop.storage.settings import SettingsFile

path, me, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
go = Path(path).with_name("go")
while not go.exists():
    time.sleep(0.002)
settings = SettingsFile(path)
for index in range(count):
    settings.set_values("writers", {f"{me}-{index}": index})
"""


def test_concurrent_writer_processes_lose_no_change(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    SettingsFile(path).set_values("window", {"theme": "dark"})
    writers, count = 4, 40
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), f"w{number}", str(count)], env=env
        )
        for number in range(writers)
    ]
    reader = SettingsFile(path)
    reads = 0
    try:
        (tmp_path / "go").touch()
        while any(process.poll() is None for process in processes):
            data = json.loads(path.read_text(encoding="utf-8"))  # always whole, valid JSON
            assert isinstance(data, dict) and data["window"] == {"theme": "dark"}
            assert reader.read()["window"] == {"theme": "dark"}
            reads += 1
    finally:
        for process in processes:
            process.wait(timeout=60)
    assert [process.returncode for process in processes] == [0] * writers
    assert reads > 0 and reader.moved_aside is None
    written = SettingsFile(path).section("writers")
    expected = {f"w{n}-{i}": i for n in range(writers) for i in range(count)}
    assert written == expected
    assert SettingsFile(path).section("window") == {"theme": "dark"}
    assert list(tmp_path.glob("settings.json.corrupt-*")) == []
    assert list(tmp_path.glob(".settings.json.*.tmp")) == []


# ------------------------------------------------------------------ ProfileStore


@pytest.fixture
def settings(tmp_path: Path) -> SettingsFile:
    return SettingsFile(tmp_path / "settings.json")


def test_no_profile_stored_means_default(settings: SettingsFile) -> None:
    profiles = ProfileStore(settings)
    assert profiles.names() == [DEFAULT_PROFILE]
    assert not profiles.exists(DEFAULT_PROFILE)
    assert profiles.load(DEFAULT_PROFILE) == Profile()
    assert profiles.current == DEFAULT_PROFILE


def test_names_are_sorted_regardless_of_case(settings: SettingsFile) -> None:
    profiles = ProfileStore(settings)
    for name in ("gamma", "Beta", "alpha", "Delta"):
        profiles.save(Profile(name=name))
    assert profiles.names() == ["alpha", "Beta", "Delta", "gamma"]


def test_save_and_load_round_trip(settings: SettingsFile) -> None:
    profiles = ProfileStore(settings)
    shop = Profile(
        name='Büro, "main"',
        base_url="https://eu.rampwin.example",
        channel_id="ch-1",
        own_number="919999999999",
        hide_from_chat=True,
        dont_show_in_chat_list=True,
    )
    profiles.save(shop)
    assert ProfileStore(SettingsFile(settings.path)).load(shop.name) == shop
    profiles.save(shop.with_changes(channel_id="ch-2"))
    assert profiles.load(shop.name).channel_id == "ch-2"
    assert profiles.names() == [shop.name]


def test_load_uses_defaults_and_ignores_wrongly_typed_values(settings: SettingsFile) -> None:
    settings.update(
        lambda data: data.update(
            profiles={
                "odd": {
                    "base_url": 42,
                    "channel_id": "c7",
                    "own_number": None,
                    "hide_from_chat": "yes",
                    "dont_show_in_chat_list": 1,
                    "unknown": "ignored",
                },
                "not-an-object": ["x"],
            }
        )
    )
    profiles = ProfileStore(settings)
    assert profiles.load("odd") == Profile(name="odd", channel_id="c7")
    assert profiles.names() == ["odd"]  # an entry that is not an object is no profile
    assert profiles.load("not-an-object") == Profile(name="not-an-object")


def test_delete_removes_the_profile_and_resets_current(settings: SettingsFile) -> None:
    profiles = ProfileStore(settings)
    profiles.save(Profile(name="shop"))
    profiles.save(Profile(name="home"))
    profiles.current = "shop"
    assert profiles.current == "shop"
    assert profiles.delete("shop") is True
    assert profiles.names() == ["home"] and not profiles.exists("shop")
    assert profiles.current == "home"  # the one stored profile
    assert profiles.delete("shop") is False
    profiles.current = "home"
    assert profiles.delete("nosuch") is False
    assert profiles.current == "home"


def test_before_the_window_chose_one_the_current_profile_is_one_with_a_key(
    settings: SettingsFile,
) -> None:
    # Profiles made from the command line, the window never opened: it should open on them.
    profiles = ProfileStore(settings)
    assert profiles.current == DEFAULT_PROFILE
    profiles.save(Profile(name="alpha"))
    profiles.save(Profile(name="shop"))
    assert profiles.current == "alpha"
    profiles.remember_key_stored("shop", True)
    assert profiles.current == "shop"
    profiles.current = "alpha"  # the window's choice stands
    assert profiles.current == "alpha"


def test_current_ignores_a_value_that_is_not_a_name(settings: SettingsFile) -> None:
    settings.update(lambda data: data.update(current_profile=["shop"]))
    assert ProfileStore(settings).current == DEFAULT_PROFILE


def test_key_stored_hint(settings: SettingsFile) -> None:
    profiles = ProfileStore(settings)
    profiles.save(Profile(name="shop", channel_id="c1"))
    assert profiles.key_known_stored("shop") is False
    profiles.remember_key_stored("shop", True)
    assert ProfileStore(SettingsFile(settings.path)).key_known_stored("shop") is True
    assert profiles.load("shop").channel_id == "c1"  # the hint leaves the settings alone
    profiles.save(Profile(name="shop", channel_id="c2"))
    assert profiles.key_known_stored("shop") is True  # saving keeps the hint
    profiles.remember_key_stored("shop", False)
    assert profiles.key_known_stored("shop") is False
    profiles.remember_key_stored(SANDBOX, True)
    assert profiles.key_known_stored(SANDBOX) is False
    assert SANDBOX not in settings.section("profiles")


@pytest.mark.parametrize("kept", ["keyring", "session"])
def test_a_renamed_profile_keeps_what_was_known_of_its_key(
    settings: SettingsFile, test_keyring: FileKeyring, kept: str
) -> None:
    profiles = ProfileStore(settings)
    profiles.save(Profile(name="shop", channel_id="c1"))
    if kept == "keyring":
        profiles.remember_key_stored("shop", True)
    else:
        profiles.remember_key_session_only("shop")
    profile_rules.rename("shop", "shop 2", SessionSecrets(), profiles)
    assert profiles.stored_names() == ["shop 2"]
    assert profiles.key_known_stored("shop 2") is (kept == "keyring")
    assert profiles.key_kept_for_session("shop 2") is (kept == "session")
    assert settings.section(KEY_HINTS).keys() == {"shop 2"}


def test_the_sandbox_profile_cannot_be_saved(settings: SettingsFile) -> None:
    with pytest.raises(ValueError, match="built in"):
        ProfileStore(settings).save(Profile(name=SANDBOX))
    assert not settings.path.exists()


# ------------------------------------------------------------------ folders


def test_one_folder_for_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "portable"
    monkeypatch.setenv(paths.ENV_CONFIG_DIR, f"  {root}  ")
    layout = {
        paths.config_dir: root,
        paths.data_dir: root / "data",
        paths.cache_dir: root / "cache",
        paths.log_dir: root / "logs",
        paths.pasted_images_dir: root / "data" / "pasted",
    }
    for function, folder in layout.items():
        assert not folder.exists()
        assert function() == folder
        assert folder.is_dir(), function.__name__  # made when first asked for
    assert paths.settings_file() == root / "settings.json"
    assert paths.recovery_file() == root / "recovery.json"
    assert paths.history_file() == root / "data" / "history.sqlite3"
    assert paths.upload_cache_file() == root / "cache" / "uploads.json"


def test_the_folder_may_start_with_a_tilde(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(paths.ENV_CONFIG_DIR, "~/portable")
    assert paths.data_dir() == tmp_path / "portable" / "data"
    assert (tmp_path / "portable" / "data").is_dir()


def use_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The operating system's folders, all under ``tmp_path`` (no RAMPWIN_DESKTOP_CONFIG_DIR)."""
    home = tmp_path / "home"
    monkeypatch.delenv(paths.ENV_CONFIG_DIR)
    monkeypatch.setenv("HOME", str(home))
    for variable in ("CONFIG", "DATA", "CACHE", "STATE"):
        monkeypatch.setenv(f"XDG_{variable}_HOME", str(home / variable.lower()))
    return home


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG folders are Linux's")
def test_without_the_override_the_users_folders_are_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = use_home(tmp_path, monkeypatch)
    for function in (paths.config_dir, paths.data_dir, paths.cache_dir, paths.log_dir):
        folder = function()
        assert folder.is_dir() and folder.is_relative_to(home), function.__name__
    assert len({paths.config_dir(), paths.data_dir(), paths.cache_dir()}) == 3


# ------------------------------------------------------------------ what 0.1 left behind

TRICKY_NAME = 'Büro, "main"'
RECENT = ["/home/u/a b.json", "/home/u/c,d;e=f.json", "/tmp/Überblick.json"]


def write_old_settings(folder: Path) -> Path:
    """A ``settings.ini`` written by Qt itself, as version 0.1 wrote it."""
    from PySide6.QtCore import QByteArray, QSettings

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / legacy.INI_NAME
    ini = QSettings(str(path), QSettings.Format.IniFormat)
    group = f"profiles/{TRICKY_NAME}"
    ini.setValue(f"{group}/base_url", "https://büro.example.com/api;v=1")
    ini.setValue(f"{group}/channel_id", "  ch=5;x ")
    ini.setValue(f"{group}/own_number", "+49 30 1234567")
    ini.setValue(f"{group}/hide_from_chat", True)
    ini.setValue(f"{group}/dont_show_in_chat_list", False)
    ini.setValue(f"{group}/keyringHasKey", "true")
    ini.setValue("profiles/Зал 2/base_url", "https://zal.example")
    ini.setValue("profiles/Зал 2/channel_id", 'tab\there \\ "quoted" #1')
    ini.setValue("profiles/Laden 🛒/dont_show_in_chat_list", True)
    ini.setValue("profiles/plain/base_url", "https://plain.example")
    ini.setValue("profiles/plain/keyringHasKey", "false")
    ini.setValue("currentProfile", TRICKY_NAME)
    ini.setValue("theme", "dark")
    ini.setValue("recentDrafts", json.dumps(RECENT))
    ini.setValue("window/geometry", QByteArray(bytes(range(256))))
    ini.setValue("window/splitter", QByteArray(b'\x00\xff;=,"\\'))
    ini.sync()
    assert ini.status() == QSettings.Status.NoError
    return path


def test_old_settings_are_brought_over_once(config_dir: Path) -> None:
    ini = write_old_settings(config_dir)
    before = ini.read_bytes()

    settings = open_settings()
    profiles = ProfileStore(settings)
    assert profiles.names() == [TRICKY_NAME, "Laden 🛒", "plain", "Зал 2"]
    assert profiles.current == TRICKY_NAME
    assert profiles.load(TRICKY_NAME) == Profile(
        name=TRICKY_NAME,
        base_url="https://büro.example.com/api;v=1",
        channel_id="  ch=5;x ",
        own_number="+49 30 1234567",
        hide_from_chat=True,
        dont_show_in_chat_list=False,
    )
    assert profiles.load("Зал 2") == Profile(
        name="Зал 2", base_url="https://zal.example", channel_id='tab\there \\ "quoted" #1'
    )
    assert profiles.load("Laden 🛒") == Profile(name="Laden 🛒", dont_show_in_chat_list=True)
    assert profiles.key_known_stored(TRICKY_NAME) is True
    assert profiles.key_known_stored("plain") is False
    window = settings.section("window")
    assert window == {"theme": "dark", "recent_drafts": RECENT}  # geometry is not carried over
    assert ini.read_bytes() == before  # the old file stays as it was

    profiles.delete("plain")
    again = ProfileStore(open_settings())
    assert "plain" not in again.names()  # not imported a second time
    assert again.names() == [TRICKY_NAME, "Laden 🛒", "Зал 2"]


def test_old_settings_with_nothing_to_bring_over(config_dir: Path) -> None:
    config_dir.mkdir(parents=True)
    (config_dir / legacy.INI_NAME).write_text("[General]\ngeometry=@ByteArray(x)\n")
    settings = open_settings()
    assert ProfileStore(settings).names() == [DEFAULT_PROFILE]
    assert settings.read() == {}


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG folders are Linux's")
def test_a_separate_settings_folder_brings_over_nothing_from_the_users(
    tmp_path: Path, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # RAMPWIN_DESKTOP_CONFIG_DIR (a portable install, a test) keeps everything in one
    # folder: what an old version left in the user's own folders stays out of it.
    use_home(tmp_path, monkeypatch)
    write_old_settings(legacy.qt_config_dir())
    old = History(legacy.qt_data_dir() / "history.sqlite3")
    old.begin(profile="p", recipient="919999999999", body={})
    old.close()
    monkeypatch.setenv(paths.ENV_CONFIG_DIR, str(config_dir))
    assert ProfileStore(open_settings()).names() == [DEFAULT_PROFILE]
    history = open_history()
    assert history.attempts() == []
    history.close()

    monkeypatch.delenv(paths.ENV_CONFIG_DIR)  # the user's own folders: brought over
    assert TRICKY_NAME in ProfileStore(open_settings()).names()
    history = open_history()
    assert len(history.attempts()) == 1
    history.close()


def test_old_history_is_copied_with_the_old_settings_once(
    tmp_path: Path, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_folder = tmp_path / "qt-data"
    monkeypatch.setattr(legacy, "qt_data_dir", lambda: old_folder)
    old = History(old_folder / "history.sqlite3")
    first = old.begin(profile="shop", recipient="919999999999", body={"n": 1})
    old.finish(first, Outcome.SENT, "Interactive message sent successfully")
    old.begin(profile="shop", recipient="918888888888", body={"n": 2})  # never finished
    old.close()
    write_old_settings(config_dir)

    open_settings()  # the first start after the upgrade brings both over
    history = open_history()
    copied = history.attempts()
    assert [(a.recipient, a.outcome, a.body) for a in copied] == [
        ("918888888888", Outcome.PENDING, {"n": 2}),
        ("919999999999", Outcome.SENT, {"n": 1}),
    ]
    added = history.begin(profile="default", recipient="917777777777", body={})
    history.close()
    assert len(History(old_folder / "history.sqlite3").attempts()) == 2  # left as it was

    open_settings()
    reopened = open_history()  # not copied again over what is there now
    assert [a.id for a in reopened.attempts()] == [added, *(a.id for a in copied)]
    reopened.close()

    paths.history_file().unlink()  # the user cleared the history: it stays cleared
    open_settings()
    cleared = open_history()
    assert cleared.attempts() == []
    cleared.close()


def test_no_old_history_means_an_empty_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(legacy, "qt_data_dir", lambda: tmp_path / "nothing-here")
    target = paths.history_file()
    assert legacy.copy_history(target) is False
    history = open_history()
    assert history.attempts() == []
    history.close()
