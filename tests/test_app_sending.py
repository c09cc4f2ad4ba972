"""What a user does, without the window (app/): one send against the sandbox, which key and
address it uses, and the checks a profile must pass."""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from rampwin_desktop.api import errors
from rampwin_desktop.api.contract import Timeouts
from rampwin_desktop.api.delivery import Stage
from rampwin_desktop.api.urls import DEFAULT_BASE_URL
from rampwin_desktop.app import credentials, profiles, sending
from rampwin_desktop.app.credentials import Credentials, MissingKeyError
from rampwin_desktop.app.sending import InvalidMessageError, SendJob
from rampwin_desktop.core.model import Button, Header, HeaderKind, Message
from rampwin_desktop.sandbox import Fault, SandboxServer
from rampwin_desktop.storage import keystore
from rampwin_desktop.storage.history import History, Outcome
from rampwin_desktop.storage.keystore import Secret, SessionSecrets
from rampwin_desktop.storage.profiles import Profile, ProfileStore
from rampwin_desktop.storage.settings import SettingsFile
from rampwin_desktop.storage.upload_cache import UploadCache
from tests.helpers import FAST_RETRY, TEST_KEY, media_files
from tests.helpers.file_keyring import FileKeyring

SENT = "Interactive message sent successfully"
MESSAGE = Message(
    body="Your order *4711* is ready",
    buttons=(Button("pick_up", "Pick up"), Button("deliver", "Deliver")),
    footer="Thanks",
    recipient="919999999999",
    channel_id="ch-1",
)


@pytest.fixture
def history(tmp_path: Path) -> Iterator[History]:
    opened = History(tmp_path / "history.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def cache(tmp_path: Path) -> UploadCache:
    return UploadCache(tmp_path / "uploads.json")


def job_for(
    sandbox: SandboxServer,
    message: Message = MESSAGE,
    *,
    key: str = TEST_KEY,
    read_timeout: float = 5.0,
    force_upload: bool = False,
) -> SendJob:
    return SendJob(
        message=message,
        profile="shop",
        credentials=Credentials(api_key=key, base_url=sandbox.base_url),
        force_upload=force_upload,
        timeouts=Timeouts(connect=2.0, read=read_timeout),
        retry=FAST_RETRY,
    )


def calls_to(sandbox: SandboxServer, endpoint: str) -> int:
    return sum(1 for entry in sandbox.requests() if entry["endpoint"] == endpoint)


def with_image(files: Path) -> tuple[Message, Path]:
    image = media_files.png(files, "hero.png", 800, 418)
    return MESSAGE.with_changes(header=Header.of_media(HeaderKind.IMAGE, str(image))), image


# ------------------------------------------------------------------ a send, recorded


def test_a_send_is_recorded_with_the_uploaded_link(
    sandbox: SandboxServer, history: History, cache: UploadCache, files: Path
) -> None:
    message, image = with_image(files)
    stages: list[Stage] = []
    sent = sending.send(
        job_for(sandbox, message), history=history, cache=cache, on_stage=stages.append
    )
    assert stages == [Stage.CHECKING, Stage.UPLOADING, Stage.SENDING]
    assert sent.result.message == SENT and sent.reused_upload is False
    assert sent.media_link is not None and sent.media_link.startswith(sandbox.base_url + "/media/")
    (attempt,) = history.attempts()
    assert attempt.id == sent.attempt
    assert (attempt.profile, attempt.recipient) == ("shop", "919999999999")
    assert attempt.outcome is Outcome.SENT and attempt.detail == SENT
    assert attempt.header_hash == hashlib.sha256(image.read_bytes()).hexdigest()
    assert attempt.body["interactive"]["header"]["image"]["link"] == sent.media_link
    assert str(image) not in str(attempt.body)
    (delivered,) = sandbox.messages()
    assert delivered["body"] == attempt.body  # the history has what the server received


def test_a_text_only_send_is_recorded(sandbox: SandboxServer, history: History) -> None:
    sent = sending.send(job_for(sandbox), history=history)
    (attempt,) = history.attempts()
    assert sent.media_link is None and attempt.header_hash == ""
    assert attempt.outcome is Outcome.SENT and attempt.body == sandbox.messages()[0]["body"]


def test_the_same_image_is_uploaded_once(
    sandbox: SandboxServer, history: History, cache: UploadCache, files: Path
) -> None:
    message, _ = with_image(files)
    first = sending.send(job_for(sandbox, message), history=history, cache=cache)
    stages: list[Stage] = []
    again = sending.send(
        job_for(sandbox, message), history=history, cache=cache, on_stage=stages.append
    )
    assert stages == [Stage.CHECKING, Stage.SENDING]
    assert again.reused_upload is True and again.media_link == first.media_link
    assert calls_to(sandbox, "upload") == 1 and len(sandbox.messages()) == 2
    links = [m["body"]["interactive"]["header"]["image"]["link"] for m in sandbox.messages()]
    assert links == [first.media_link, first.media_link]

    forced = sending.send(
        job_for(sandbox, message, force_upload=True), history=history, cache=cache
    )
    assert forced.reused_upload is False and forced.media_link != first.media_link
    assert calls_to(sandbox, "upload") == 2
    later = sending.send(job_for(sandbox, message), history=history, cache=cache)
    assert later.reused_upload is True and later.media_link == forced.media_link
    assert [a.outcome for a in history.attempts()] == [Outcome.SENT] * 4


def test_a_refused_link_from_the_cache_is_uploaded_anew_and_sent(
    sandbox: SandboxServer, history: History, cache: UploadCache, files: Path
) -> None:
    """A link kept from an earlier upload that the server no longer serves (a restarted
    sandbox, an expired URL) failed every send of that picture, batches included; then
    the first send after it failed, and only the next one uploaded anew (a newcomer had
    to send twice, and resume a batch for its first row)."""
    message, _ = with_image(files)
    sending.send(job_for(sandbox, message), history=history, cache=cache)
    refusal = '{"success": false, "message": "Invalid media URL"}'
    sandbox.add_fault(Fault(endpoint="send", status=400, body=refusal))
    again = sending.send(job_for(sandbox, message), history=history, cache=cache)
    assert again.reused_upload is False and calls_to(sandbox, "upload") == 2
    assert len(sandbox.messages()) == 2  # the refused send is not a message: one each
    assert sandbox.messages()[-1]["body"]["interactive"]["header"]["image"]["link"] == (
        again.media_link
    )
    assert [a.outcome for a in history.attempts()] == [Outcome.SENT, Outcome.SENT]
    later = sending.send(job_for(sandbox, message), history=history, cache=cache)
    assert later.reused_upload is True and later.media_link == again.media_link
    sandbox.add_fault(Fault(endpoint="send", status=400, body=refusal.replace("media URL", "x")))
    with pytest.raises(errors.RejectedError):  # a refusal of something else: said, kept
        sending.send(job_for(sandbox, message), history=history, cache=cache)
    assert calls_to(sandbox, "upload") == 2
    assert sending.send(job_for(sandbox, message), history=history, cache=cache).reused_upload


def test_a_new_upload_refused_again_is_said_as_refused(
    sandbox: SandboxServer, history: History, cache: UploadCache, files: Path
) -> None:
    """Once only: a server that refuses the new link too gets no third try."""
    message, _ = with_image(files)
    sending.send(job_for(sandbox, message), history=history, cache=cache)
    refusal = '{"success": false, "message": "Invalid media URL"}'
    sandbox.add_fault(Fault(endpoint="send", status=400, body=refusal, times=2))
    with pytest.raises(errors.RejectedError) as refused:
        sending.send(job_for(sandbox, message), history=history, cache=cache)
    assert "Invalid media URL" in refused.value.user_message
    assert calls_to(sandbox, "upload") == 2 and calls_to(sandbox, "send") == 3
    assert history.attempts()[0].outcome is Outcome.REFUSED


def test_without_a_cache_every_send_uploads(
    sandbox: SandboxServer, history: History, files: Path
) -> None:
    message, _ = with_image(files)
    sending.send(job_for(sandbox, message), history=history)
    sending.send(job_for(sandbox, message), history=history)
    assert calls_to(sandbox, "upload") == 2


def test_a_refused_send_is_recorded_refused(sandbox: SandboxServer, history: History) -> None:
    sandbox.add_fault(
        Fault(endpoint="send", status=400, body='{"success": false, "message": "Invalid phone"}')
    )
    with pytest.raises(errors.RejectedError) as caught:
        sending.send(job_for(sandbox), history=history)
    (attempt,) = history.attempts()
    assert attempt.outcome is Outcome.REFUSED
    assert attempt.detail == caught.value.user_message and "Invalid phone" in attempt.detail
    assert sandbox.messages() == []


def test_a_refused_key_is_recorded_refused(sandbox: SandboxServer, history: History) -> None:
    with pytest.raises(errors.AuthenticationError):
        sending.send(job_for(sandbox, key="not-the-key"), history=history)
    (attempt,) = history.attempts()
    assert attempt.outcome is Outcome.REFUSED and "not-the-key" not in attempt.detail


def test_a_timeout_after_the_send_went_out_is_outcome_unknown(
    sandbox: SandboxServer, history: History
) -> None:
    sandbox.add_fault(Fault(endpoint="send", delay=1.5))  # handled, then answered too late
    with pytest.raises(errors.RequestTimeoutError):
        sending.send(job_for(sandbox, read_timeout=0.3), history=history)
    (attempt,) = history.attempts()
    assert attempt.outcome is Outcome.UNKNOWN and attempt.outcome.words == "outcome unknown"
    assert "may have been delivered" in attempt.detail
    assert calls_to(sandbox, "send") == 1  # never retried on its own
    assert len(sandbox.messages()) == 1  # and it was delivered after all


def test_an_unreachable_server_is_recorded_failed(history: History) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    job = SendJob(
        message=MESSAGE,
        profile="shop",
        credentials=Credentials(api_key=TEST_KEY, base_url=f"http://127.0.0.1:{port}"),
        timeouts=Timeouts(connect=1.0, read=1.0),
        retry=FAST_RETRY,
    )
    with pytest.raises(errors.NetworkError) as caught:
        sending.send(job, history=history)
    assert not caught.value.may_have_been_sent
    (attempt,) = history.attempts()
    assert attempt.outcome is Outcome.FAILED and "not sent" in attempt.detail


def test_an_invalid_message_is_neither_recorded_nor_sent(
    sandbox: SandboxServer, history: History, cache: UploadCache, files: Path
) -> None:
    message, _ = with_image(files)
    broken = message.with_changes(body="", recipient="")
    with pytest.raises(InvalidMessageError) as caught:
        sending.send(job_for(sandbox, broken), history=history, cache=cache)
    assert {problem.field for problem in caught.value.problems} >= {"body", "recipient"}
    assert str(caught.value) == caught.value.problems[0].message
    assert sending.problems(broken) == caught.value.problems
    assert sending.problems(MESSAGE) == []
    assert history.attempts() == []
    assert sandbox.requests() == []
    assert not cache.path.exists()


@pytest.mark.parametrize(
    ("at", "outcome", "detail"),
    [
        (Stage.SENDING, Outcome.UNKNOWN, "may have been delivered"),
        (Stage.UPLOADING, Outcome.FAILED, "was not sent"),
        (Stage.CHECKING, Outcome.FAILED, "was not sent"),
    ],
)
def test_an_interrupt_is_recorded_by_how_far_the_send_got(
    sandbox: SandboxServer,
    history: History,
    cache: UploadCache,
    files: Path,
    at: Stage,
    outcome: Outcome,
    detail: str,
) -> None:
    message, _ = with_image(files)

    def interrupt(stage: Stage) -> None:
        if stage is at:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        sending.send(job_for(sandbox, message), history=history, cache=cache, on_stage=interrupt)
    (attempt,) = history.attempts()
    assert attempt.outcome is outcome and detail in attempt.detail
    assert attempt.detail.startswith("Interrupted")
    assert sandbox.messages() == []


ERRORS = [
    (errors.ConfigurationError("bad address"), Outcome.FAILED),
    (errors.AuthenticationError("key refused"), Outcome.REFUSED),
    (errors.RejectedError("refused"), Outcome.REFUSED),
    (errors.RateLimitedError("slow down", retry_after=7), Outcome.REFUSED),
    (errors.ServerError("server failed"), Outcome.FAILED),
    (errors.ServerError("server failed mid-send", may_have_been_sent=True), Outcome.UNKNOWN),
    (errors.BadResponseError("not JSON", may_have_been_sent=True), Outcome.UNKNOWN),
    (errors.BadResponseError("a redirect"), Outcome.FAILED),
    (errors.NetworkError("could not connect"), Outcome.FAILED),
    (errors.NetworkError("connection reset", may_have_been_sent=True), Outcome.UNKNOWN),
    (errors.RequestTimeoutError("no answer", may_have_been_sent=True), Outcome.UNKNOWN),
    (errors.CancelledError("cancelled"), Outcome.CANCELLED),
    (errors.RampwinError("header unreadable"), Outcome.FAILED),
]


@pytest.mark.parametrize(("error", "outcome"), ERRORS, ids=[type(e).__name__ for e, _ in ERRORS])
@pytest.mark.parametrize("reached", [None, Stage.UPLOADING, Stage.SENDING])
def test_how_each_error_is_recorded(
    error: errors.RampwinError, outcome: Outcome, reached: Stage | None
) -> None:
    # The API's own errors say themselves whether the message may have gone out.
    assert sending.outcome_of(error, reached) is outcome
    assert sending.describe(error, reached) == error.user_message == str(error)


@pytest.mark.parametrize(
    ("error", "reached", "outcome", "words"),
    [
        (KeyboardInterrupt(), Stage.SENDING, Outcome.UNKNOWN, "may have been delivered"),
        (KeyboardInterrupt(), Stage.UPLOADING, Outcome.FAILED, "was not sent"),
        (KeyboardInterrupt(), None, Outcome.FAILED, "was not sent"),
        (ValueError("bug"), Stage.SENDING, Outcome.UNKNOWN, "may have been delivered"),
        (ValueError("bug"), Stage.CHECKING, Outcome.FAILED, "was not sent"),
    ],
)
def test_how_an_interrupt_or_a_bug_is_recorded(
    error: BaseException, reached: Stage | None, outcome: Outcome, words: str
) -> None:
    assert sending.outcome_of(error, reached) is outcome
    described = sending.describe(error, reached)
    assert words in described
    if isinstance(error, ValueError):
        assert "ValueError" in described and "unexpected" in described


# ------------------------------------------------------------------ credentials

KEY = "rk_live_app_7d1f00"


@pytest.fixture
def store(tmp_path: Path) -> ProfileStore:
    return ProfileStore(SettingsFile(tmp_path / "settings.json"))


SHOP = Profile(name="shop", base_url="https://shop.rampwin.example")


def test_the_environments_key_wins_over_the_keyring(
    test_keyring: FileKeyring, store: ProfileStore
) -> None:
    keystore.write(Secret.API_KEY, KEY, "shop")
    keystore.write(Secret.COOKIE, "session=1", "shop")
    found = credentials.resolve(SHOP, SessionSecrets(), store, environ={})
    assert (found.api_key, found.cookie) == (KEY, "session=1")
    found = credentials.resolve(
        SHOP, SessionSecrets(), store, environ={credentials.ENV_API_KEY: " env-key "}
    )
    assert found.api_key == "env-key"


def test_the_address_comes_from_the_flag_then_the_environment_then_the_profile(
    test_keyring: FileKeyring, store: ProfileStore
) -> None:
    keystore.write(Secret.API_KEY, KEY, "shop")
    env = {credentials.ENV_BASE_URL: "https://env.rampwin.example/"}

    def address(override: str | None, environ: dict[str, str]) -> str:
        found = credentials.resolve(
            SHOP, SessionSecrets(), store, base_url_override=override, environ=environ
        )
        return found.base_url

    assert address("https://flag.rampwin.example", env) == "https://flag.rampwin.example"
    assert address(None, env) == "https://env.rampwin.example"
    assert address(None, {}) == "https://shop.rampwin.example"
    assert address(None, {credentials.ENV_BASE_URL: "  "}) == "https://shop.rampwin.example"


def test_plain_http_to_a_remote_host_is_refused(
    test_keyring: FileKeyring, store: ProfileStore
) -> None:
    keystore.write(Secret.API_KEY, KEY, "shop")
    for profile, override in (
        (SHOP.with_changes(base_url="http://shop.rampwin.example"), None),
        (SHOP, "http://flag.rampwin.example"),
    ):
        with pytest.raises(errors.ConfigurationError, match="https"):
            credentials.resolve(
                profile, SessionSecrets(), store, base_url_override=override, environ={}
            )
    local = credentials.resolve(
        SHOP, SessionSecrets(), store, base_url_override="http://127.0.0.1:8080", environ={}
    )
    assert local.base_url == "http://127.0.0.1:8080"


def test_no_key_names_the_profile(test_keyring: FileKeyring, store: ProfileStore) -> None:
    with pytest.raises(MissingKeyError) as caught:
        credentials.resolve(SHOP, SessionSecrets(), store, environ={})
    assert caught.value.profile == "shop"
    assert "'shop'" in str(caught.value) and "profile set-key shop" in str(caught.value)
    assert credentials.ENV_API_KEY in str(caught.value)
    assert isinstance(caught.value, errors.AuthenticationError)


def test_no_keyring_says_why_there_is_no_key(store: ProfileStore) -> None:
    secrets = SessionSecrets()
    secrets.mark_unavailable(keystore.NO_KEYRING)
    with pytest.raises(MissingKeyError) as caught:
        credentials.resolve(SHOP, secrets, store, environ={})
    assert str(caught.value).startswith(keystore.NO_KEYRING)
    said = str(caught.value)  # the variable first: storing a key cannot help now
    assert said.index(credentials.ENV_API_KEY) < said.index("once a keyring works")
    assert store.key_known_stored("shop") is False


def test_whether_a_key_is_stored_is_remembered(
    test_keyring: FileKeyring, store: ProfileStore
) -> None:
    store.save(SHOP)
    keystore.write(Secret.API_KEY, KEY, "shop")
    assert store.key_known_stored("shop") is False
    credentials.resolve(SHOP, SessionSecrets(), store, environ={})
    assert store.key_known_stored("shop") is True
    keystore.forget(Secret.API_KEY, "shop")
    with pytest.raises(MissingKeyError):
        credentials.resolve(SHOP, SessionSecrets(), store, environ={})
    assert store.key_known_stored("shop") is False
    env_key = {credentials.ENV_API_KEY: "k"}
    assert credentials.key_known("shop", SessionSecrets(), store, env_key)
    assert not credentials.key_known("shop", SessionSecrets(), store, {})
    keystore.write(Secret.API_KEY, KEY, "shop")
    assert not credentials.key_known("shop", SessionSecrets(), store, {})  # not asked again
    credentials.resolve(SHOP, SessionSecrets(), store, environ={})
    assert credentials.key_known("shop", SessionSecrets(), store, {})  # the keyring's answer
    session = SessionSecrets()
    session.mark_unavailable("No keyring.")
    session.set(Secret.API_KEY, "typed-in", "other")
    assert credentials.key_known("other", session, store, {})  # kept for this session


# ------------------------------------------------------------------ profiles


def test_renaming_a_profile_takes_its_keyring_entries_along(
    test_keyring: FileKeyring, store: ProfileStore
) -> None:
    store.save(Profile(name="shop", channel_id="c1"))
    store.current = "shop"
    secrets = SessionSecrets()
    profiles.set_secret("shop", Secret.API_KEY, KEY, secrets, store)
    profiles.set_secret("shop", Secret.COOKIE, "AWSALB=abc123", secrets, store)
    profiles.rename("shop", "Shop 2", secrets, store)
    assert not store.exists("shop") and store.load("Shop 2").channel_id == "c1"
    assert store.current == "Shop 2" and store.key_known_stored("Shop 2")
    assert keystore.read(Secret.API_KEY, "Shop 2") == KEY
    assert keystore.read(Secret.COOKIE, "Shop 2") == "AWSALB=abc123"
    assert keystore.read(Secret.API_KEY, "shop") is None
    store.save(Profile(name="home"))
    with pytest.raises(profiles.ProfileError, match="already"):
        profiles.rename("home", "Shop 2", secrets, store)
    with pytest.raises(profiles.ProfileError, match="slashes"):
        profiles.rename("home", "a/b", secrets, store)
    assert store.exists("home") and keystore.read(Secret.API_KEY, "Shop 2") == KEY


def test_every_problem_is_listed_at_once() -> None:
    with pytest.raises(profiles.ProfileError) as caught:
        profiles.checked(
            Profile(name="a/b", base_url="http://remote.example", own_number="not a number")
        )
    problems = caught.value.problems
    assert len(problems) == 3
    assert "slashes" in problems[0]
    assert "https" in problems[1]
    assert problems[2].startswith("My number:")
    assert str(caught.value) == " ".join(problems)


def test_a_checked_profile_is_in_canonical_form() -> None:
    checked = profiles.checked(
        Profile(
            name="shop",
            base_url="  https://eu.rampwin.example/api/  ",
            channel_id="  ch-9 ",
            own_number="+91 99999 99999",
        )
    )
    assert checked == Profile(
        name="shop",
        base_url="https://eu.rampwin.example/api",
        channel_id="ch-9",
        own_number="919999999999",
    )
    assert profiles.checked(Profile(name="home")) == Profile(name="home", base_url=DEFAULT_BASE_URL)


@pytest.mark.parametrize("name", ["Sandbox", "sandbox", "SANDBOX", "sAnDbOx"])
def test_the_sandbox_name_is_taken(name: str, store: ProfileStore) -> None:
    with pytest.raises(profiles.ProfileError, match="built-in test server"):
        profiles.save(Profile(name=name), store)
    assert store.names() == ["default"] and not store.settings.path.exists()


@pytest.mark.parametrize(
    "name", ["", "a/b", "a\\b", "tab\there", "new\nline", "nul\x00", "zero\u200bwidth", "x" * 65]
)
def test_unusable_names_are_refused(name: str) -> None:
    assert profiles.name_problems(name) != []
    with pytest.raises(profiles.ProfileError):
        profiles.checked(Profile(name=name))


@pytest.mark.parametrize("name", ['Büro, "main"', "Laden 🛒", "x" * 64, "my sandbox"])
def test_usable_names(name: str) -> None:
    assert profiles.name_problems(name) == []


def test_save_set_secret_and_delete(test_keyring: FileKeyring, store: ProfileStore) -> None:
    saved = profiles.save(Profile(name="shop", channel_id=" ch-1 "), store)
    assert saved.channel_id == "ch-1" and store.load("shop") == saved
    secrets = SessionSecrets()
    assert profiles.set_secret("shop", Secret.API_KEY, KEY, secrets, store) is True
    assert profiles.set_secret("shop", Secret.COOKIE, "c=1", secrets, store) is True
    assert store.key_known_stored("shop") is True
    profiles.forget_key("shop", secrets, store)
    assert keystore.read(Secret.API_KEY, "shop") is None and not store.key_known_stored("shop")
    profiles.set_secret("shop", Secret.API_KEY, KEY, secrets, store)
    assert profiles.delete("shop", secrets, store) is True
    assert not store.exists("shop")
    assert keystore.read(Secret.API_KEY, "shop") is None
    assert keystore.read(Secret.COOKIE, "shop") is None
    assert profiles.delete("shop", secrets, store) is False


def test_an_edit_is_checked_whole_before_anything_is_stored(
    test_keyring: FileKeyring, store: ProfileStore
) -> None:
    secrets = SessionSecrets()
    new = profiles.Edit("", Profile(name="shop", channel_id="c1"), api_key=KEY, cookie="c=1")
    assert KEY not in repr(new) and "c=1" not in repr(new)
    assert profiles.store_edit(new, secrets, store) == Profile(name="shop", channel_id="c1")
    assert keystore.read(Secret.API_KEY, "shop") == KEY and store.key_known_stored("shop")

    bad = profiles.Edit("shop", Profile(name="a/b", base_url="http://api.example"), api_key="x" * 9)
    with pytest.raises(profiles.ProfileError) as refused:
        profiles.store_edit(bad, secrets, store)
    assert len(refused.value.problems) == 2  # the name and the address, at once
    assert store.stored_names() == ["shop"] and keystore.read(Secret.API_KEY, "shop") == KEY

    again = profiles.Edit("", Profile(name="shop", channel_id="other"))  # a second "shop"
    with pytest.raises(profiles.ProfileError, match="already"):
        profiles.store_edit(again, secrets, store)
    assert store.load("shop").channel_id == "c1"

    renamed = profiles.Edit("shop", Profile(name="Shop 2", channel_id="c2"), forget_key=True)
    assert profiles.store_edit(renamed, secrets, store).channel_id == "c2"
    assert store.stored_names() == ["Shop 2"]
    assert keystore.read(Secret.COOKIE, "Shop 2") == "c=1"  # taken along
    assert keystore.read(Secret.API_KEY, "Shop 2") is None  # forgotten, as asked
    assert keystore.read(Secret.API_KEY, "shop") is None
