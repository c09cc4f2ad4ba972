"""History survives a crash mid-send; the upload cache expires and survives a corrupt file."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from rampwin_desktop.storage import history_search
from rampwin_desktop.storage.history import Finished, History, Outcome, json_text
from rampwin_desktop.storage.upload_cache import UploadCache, file_digest
from tests.helpers.older_history import add_sent

if TYPE_CHECKING:
    import pytest


def test_an_attempt_interrupted_by_a_crash_stays_outcome_unknown(tmp_path: Path) -> None:
    database = tmp_path / "history.sqlite3"
    crash = (
        "import os, sys\n"
        "from rampwin_desktop.storage.history import History\n"
        "h = History(sys.argv[1])\n"
        "h.begin(profile='p', recipient='919999999999', body={'x': 1})\n"
        "os._exit(9)  # as if killed mid-send\n"
    )
    subprocess.run([sys.executable, "-c", crash, str(database)], check=False, timeout=30)
    history = History(database)
    (attempt,) = history.attempts()
    assert attempt.outcome is Outcome.PENDING and attempt.body == {"x": 1}
    history.finish(attempt.id, Outcome.SENT, "ok", header_hash="abc")
    assert history.attempts("sent")[0].header_hash == "abc"
    assert history.attempts("nothing-matches") == []
    history.close()


def test_upload_cache_hits_expires_and_is_per_address(tmp_path: Path) -> None:
    image = tmp_path / "a.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"x" * 100)
    digest = file_digest(image)
    cache = UploadCache(tmp_path / "uploads.json", max_age=60)
    assert cache.lookup(digest, "https://a") is None
    cache.store(digest, "https://a", "https://cdn/a.png")
    assert cache.lookup(digest, "https://a").url == "https://cdn/a.png"  # type: ignore[union-attr]
    assert cache.lookup(digest, "https://b") is None
    data = json.loads((tmp_path / "uploads.json").read_text())
    data["https://a|" + digest]["obtained_at"] = time.time() - 120
    (tmp_path / "uploads.json").write_text(json.dumps(data))
    assert cache.lookup(digest, "https://a") is None


def test_a_corrupt_cache_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "uploads.json"
    path.write_text("{not json")
    cache = UploadCache(path)
    assert cache.lookup("d", "https://a") is None
    assert [p.name.startswith("uploads.json.corrupt-") for p in tmp_path.iterdir()] == [True]
    cache.store("d", "https://a", "https://cdn/x")
    assert cache.lookup("d", "https://a") is not None


def test_history_pages_newest_first_and_finds_an_attempts_row(tmp_path: Path) -> None:
    history = History(tmp_path / "history.sqlite3")
    ids = [
        history.begin(profile="p", recipient=f"91999999{n:04d}", body={"n": n}) for n in range(7)
    ]
    first = history.page(limit=3)
    assert [a.id for a in first] == ids[:-4:-1]
    assert [a.id for a in history.page(before=first[-1].id, limit=3)] == ids[3:0:-1]
    assert history.position(ids[-1]) == 0 and history.position(ids[0]) == 6
    assert history.position(ids[0], "919999990000") == 0
    assert history.position(ids[1], "919999990000") is None  # filtered out
    history.close()


def test_the_filter_finds_what_history_shows_and_takes_the_text_as_written(
    tmp_path: Path,
) -> None:
    """The words History shows for an outcome find it; ``_`` and ``%`` are themselves (a
    button id like buy_now), not LIKE's wildcards; each column is still searched."""
    history = History(tmp_path / "history.sqlite3")

    def attempt(recipient: str, body: dict[str, object], batch: str = "") -> int:
        return history.begin(profile="p", recipient=recipient, body=body, batch=batch)

    underscore = attempt("447700900001", {"id": "buy_now"})
    dash = attempt("447700900002", {"id": "buy-now"})
    percent = attempt("447700900003", {"text": "30% off"})
    for sent in (underscore, dash, percent):
        history.finish(sent, Outcome.SENT, "Message sent")
    crashed = attempt("447700900004", {"text": "x"})  # still pending: "outcome unknown"
    unknown = attempt("447700900005", {"text": "y"})
    history.finish(unknown, Outcome.UNKNOWN, "No answer in 30 s")
    refused = attempt("447700900006", {"text": "z"}, batch="b-7f3a")
    history.finish(refused, Outcome.REFUSED, "The recipient's 24-hour window is closed")

    def found(text: str) -> list[int]:
        return sorted(a.id for a in history.attempts(text))

    assert found("buy_now") == [underscore]
    assert found("buy-now") == [dash]
    assert found("0% o") == [percent]
    assert found("OUTCOME UNKNOWN") == [crashed, unknown]
    assert found("unknown") == [crashed, unknown]
    assert found("Refused") == [refused]  # its outcome
    assert found("24-hour") == [refused]  # its detail
    assert found("7f3a") == [refused]  # its batch
    assert found("+44 7700 900006") == [refused]  # its number, as people write it
    assert found("900003") == [percent]
    assert found("nothing like it") == []
    assert history.position(refused, "REFUSED") == 0
    history.close()


def test_the_filter_finds_a_messages_words_not_the_names_in_its_json(tmp_path: Path) -> None:
    """The filter looks in what the message says, the profile too, ignoring case in any
    script; the names and kinds in the request (``type``, ``button``, ``reply``) are not
    words, and quoted text is found as written."""
    history = History(tmp_path / "history.sqlite3")
    body = {
        "channel_id": "channel-1",
        "phone_number": "447700900001",
        "hide_from_chat": False,
        "interactive": {
            "type": "button",
            "header": {"type": "image", "image": {"link": "https://cdn.example/straße.png"}},
            "body": {"text": 'Bonjour Émile, say "yes" to confirm.'},
            "footer": {"text": "Fromagerie Dupont"},
            "action": {"buttons": [{"type": "reply", "reply": {"id": "ok-1", "title": "Oui"}}]},
        },
    }
    shop = history.begin(profile="Shop Paris", recipient="447700900001", body=body)
    history.finish(shop, Outcome.SENT, "Message sent")
    other = history.begin(profile="default", recipient="447700900002", body={"x": 1})
    history.finish(other, Outcome.SENT, "Message sent")

    def found(text: str) -> list[int]:
        return sorted(a.id for a in history.attempts(text))

    for name in ("type", "button", "reply", "interactive", "channel", "title", "false"):
        assert found(name) == [], name
    assert found("émile") == found("ÉMILE") == found("emile") == [shop]  # case, accents
    assert found("STRASSE.png") == [shop]  # its picture's link, case-folded
    assert found('say "yes"') == [shop]
    assert found("oui") == found("ok-1") == found("dupont") == [shop]
    assert found("shop paris") == [shop]  # its profile
    assert found("sent") == [shop, other]  # its outcome
    assert found("dupont oui") == found("  oui   dupont ") == [shop]  # each word, anywhere
    assert found("dupont non") == []
    assert found("sent dupont") == [shop]  # an outcome and a word
    assert found("   ") == [shop, other]
    assert history.position(shop, "émile") == 0
    history.close()


def test_the_words_follow_the_outcome_and_the_uploaded_link(tmp_path: Path) -> None:
    """``finish`` writes an attempt's words again: its detail, and the link that replaced a
    local path; rows added at once (a batch's) are found as well."""
    history = History(tmp_path / "history.sqlite3")
    local = {"header": {"type": "image", "image": {"link": "/home/me/menu-local.png"}}}
    attempt = history.begin(profile="p", recipient="447700900001", body=local)
    uploaded = {"header": {"type": "image", "image": {"link": "https://cdn/menu-uploaded.png"}}}
    history.finish(attempt, Outcome.REFUSED, "Window closed", body=uploaded)
    assert [a.id for a in history.attempts("menu-uploaded")] == [attempt]
    assert history.attempts("menu-local") == []
    assert [a.id for a in history.attempts("window closed")] == [attempt]
    history.add([Finished(0.0, "p", "447700900002", json_text({"t": "Añadido"}), "",
                          Outcome.SENT, "", "b-1")])  # fmt: skip
    assert [a.recipient for a in history.attempts("añadido")] == ["447700900002"]
    history.close()


def test_a_history_from_before_the_search_words_is_searched_once_opened(tmp_path: Path) -> None:
    """An older version's history (no ``search`` table), and attempts it adds later, are
    given their words when this version opens it."""
    path = tmp_path / "history.sqlite3"
    add_sent(path, "447700900001", "Written before")
    history = History(path)
    assert [a.recipient for a in history.attempts("written before")] == ["447700900001"]
    history.close()
    add_sent(path, "447700900002", "Added since")  # the older version, again
    history = History(path)
    assert [a.recipient for a in history.attempts("added since")] == ["447700900002"]
    history.close()


def test_a_send_recorded_first_leaves_the_older_attempts_findable(tmp_path: Path) -> None:
    """An older version's history whose first use is a send (the command line's): the new
    attempt's words must not hide those the older ones have not been given yet."""
    path = tmp_path / "history.sqlite3"
    add_sent(path, "447700900001", "Written before")
    history = History(path)
    history.begin(profile="p", recipient="447700900002", body={"text": "Written now"})
    assert [a.recipient for a in history.attempts("written")] == ["447700900002", "447700900001"]
    history.close()


def test_a_request_that_is_not_json_is_searched_as_its_text() -> None:
    """Never written so; if it were, indexing it must not fail (a failing index would fail
    opening the history, which then moves the database aside as damaged)."""
    at = 1_796_000_000.0
    words = history_search.attempt_words(at, "p", "447700900001", "", "", "not json {")
    when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(at))
    assert words.splitlines() == [when, "p", "447700900001", "not json {"]


def test_a_history_that_cannot_take_its_words_now_opens_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Giving an older history its words writes much (17 MB for 100,000 attempts): on a
    full disk that fails, and the history must open as it is, not be set aside as damaged."""
    history = History(tmp_path / "history.sqlite3")
    history.begin(profile="p", recipient="447700900001", body={"text": "kept"})
    history.close()

    def full(_db: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(history_search, "catch_up", full)
    again = History(tmp_path / "history.sqlite3")
    assert [a.recipient for a in again.attempts()] == ["447700900001"]
    assert again.moved_aside is None
    again.close()


def test_the_filter_finds_a_date_or_a_time_as_history_shows_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When is searched too, in local time as History shows it: a day (``2026-11-30``), a
    month (``2026-11``), a time of day (``14:05``), whole or in part as it is typed, with
    other words too. A history whose words are from before gets them all again, once."""
    monkeypatch.setenv("TZ", "Asia/Kolkata")  # UTC+5:30: a day that is not UTC's
    time.tzset()
    try:

        def at(day: str, clock: str) -> float:
            return time.mktime(time.strptime(f"{day} {clock}", "%Y-%m-%d %H:%M:%S"))

        path = tmp_path / "history.sqlite3"
        history = History(path)
        times = {
            "eve": at("2026-11-29", "23:59:59"),
            "morning": at("2026-11-30", "00:00:00"),
            "lunch": at("2026-11-30", "14:05:09"),
            "night": at("2026-11-30", "23:59:59"),
            "december": at("2026-12-01", "14:05:30"),
            "new year": at("2027-01-01", "00:30:00"),
        }
        history.add(
            [
                Finished(
                    when, "p", "919999900001", json_text({"text": name}), "", Outcome.SENT, "ok", ""
                )
                for name, when in times.items()
            ]
        )
        ids = {a.body["text"]: a.id for a in history.attempts()}

        def found(text: str) -> list[str]:
            return sorted(str(a.body["text"]) for a in history.attempts(text))

        assert found("2026-11-30") == ["lunch", "morning", "night"]
        assert found("2026-11") == ["eve", "lunch", "morning", "night"]
        assert found("2026-12") == ["december"] and found("2027-01") == ["new year"]
        assert found("14:05") == ["december", "lunch"]
        assert found("14:05:09") == ["lunch"] and found("14:05:0") == ["lunch"]  # typing
        assert found("23:59") == ["eve", "night"]
        assert found("2026-11-30 14:05") == ["lunch"]  # as the When column shows it
        assert found("2026-11-30 14:0") == ["lunch"]
        assert found("2026-12-01 lunch") == []  # each term is still needed
        assert found("2026-12-31") == [] and found("25:00") == []
        assert history.position(ids["lunch"], "2026-11-30") == 1  # newest first: after night
        history.close()
        with sqlite3.connect(path) as db:  # words as a version before the time wrote them
            db.execute("UPDATE search SET words = 'p'")
            db.execute("PRAGMA user_version = 1")
        again = History(path)
        assert sorted(str(a.body["text"]) for a in again.attempts("2026-11-30")) == [
            "lunch", "morning", "night"
        ]  # fmt: skip
        again.close()
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
