"""The real client against the real sandbox over loopback."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from rampwin_desktop import __version__
from rampwin_desktop.api import errors
from rampwin_desktop.api.client import RampwinClient, RetryPolicy, Timeouts
from rampwin_desktop.api.delivery import Stage, deliver
from rampwin_desktop.core.model import Button, Header, HeaderKind, Message
from rampwin_desktop.sandbox import Fault, SandboxServer
from rampwin_desktop.sandbox.faults import Drop
from tests.helpers import FAST_RETRY, TEST_KEY, media_files

MESSAGE = Message(
    body="Hello how are you",
    buttons=(Button("btn_1", "Buy Now"),),
    footer="Thank You",
    recipient="919999999999",
    channel_id="CHANNEL",
)


class Sleeps:
    """An injected clock: records every wait instead of spending it."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)

    @property
    def total(self) -> float:
        return round(sum(self.calls), 3)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def fast_client(sandbox: SandboxServer, sleeps: Sleeps) -> Iterator[RampwinClient]:
    with RampwinClient(
        sandbox.api_key,
        base_url=sandbox.base_url,
        timeouts=Timeouts(connect=2, read=1.0),
        retry=RetryPolicy(attempts=3, backoff=0.5, max_backoff=4, max_retry_after=10),
        sleep=sleeps,
    ) as api:
        yield api


def calls_to(sandbox: SandboxServer, endpoint: str) -> int:
    return sum(1 for entry in sandbox.requests() if entry["endpoint"] == endpoint)


# ------------------------------------------------------------------ the happy path


def test_upload_then_send(client: RampwinClient, sandbox: SandboxServer, files: Path) -> None:
    image = media_files.png(files, "hero.png", 800, 418)
    url = client.upload_media(image)
    assert url.startswith(sandbox.base_url + "/media/") and url.endswith("/hero.png")
    assert requests.get(url, timeout=5).content == image.read_bytes()
    (stored,) = sandbox.uploads()
    assert stored.content_type == "image/png" and stored.filename == "hero.png"

    message = MESSAGE.with_changes(header=Header.of_media(HeaderKind.IMAGE, str(image)))
    result = client.send_interactive(message, media_link=url)
    assert result.message == "Interactive message sent successfully"
    (recorded,) = sandbox.messages()
    assert recorded["body"]["interactive"]["header"]["image"]["link"] == url
    assert recorded["query"] == {"dontShowInChatList": "false"}


def test_the_sandbox_names_its_stored_files_only_for_its_own_links(
    client: RampwinClient, sandbox: SandboxServer, files: Path
) -> None:
    url = client.upload_media(media_files.png(files, "hero.png", 8, 8))
    (stored,) = sandbox.uploads()
    before = calls_to(sandbox, "media")
    assert sandbox.stored_file(url) == stored.path
    port = sandbox.port
    for other in (
        url.replace(f":{port}/", f":{port + 1}/"),  # another server
        url.replace(f":{port}/", ":99999/"),  # no such port
        url.replace("http://", "https://"),
        url.replace("/hero.png", "/other.png"),
        url.replace("127.0.0.1", "example.com"),
        "https://example.com/hero.png",
        str(stored.path),
    ):
        assert sandbox.stored_file(other) is None, other
    assert calls_to(sandbox, "media") == before  # read from disk, never fetched


def test_deliver_uploads_local_header_and_reports_stages(
    client: RampwinClient, sandbox: SandboxServer, files: Path
) -> None:
    image = media_files.sized_png(files, 1_000_000, "photo.png")
    message = MESSAGE.with_changes(
        header=Header.of_media(HeaderKind.IMAGE, str(image)), dont_show_in_chat_list=True
    )
    stages: list[Stage] = []
    progress: list[tuple[int, int]] = []
    delivery = deliver(
        client, message, on_stage=stages.append, progress=lambda s, t: progress.append((s, t))
    )
    assert stages == [Stage.UPLOADING, Stage.SENDING]
    total = progress[-1][1]
    assert total > 1_000_000 and progress[-1][0] == total
    assert [sent for sent, _ in progress] == sorted(sent for sent, _ in progress)
    assert len(progress) > 5  # one per 128 KB block: the bar moves
    (recorded,) = sandbox.messages()
    assert recorded["body"]["interactive"]["header"]["image"]["link"] == delivery.media_link
    assert recorded["query"] == {"dontShowInChatList": "true"}


def test_deliver_reuses_an_uploaded_link(
    client: RampwinClient, sandbox: SandboxServer, files: Path
) -> None:
    image = media_files.png(files)
    message = MESSAGE.with_changes(header=Header.of_media(HeaderKind.IMAGE, str(image)))
    first = deliver(client, message)
    deliver(client, message, uploaded_link=first.media_link)
    assert len(sandbox.uploads()) == 1 and len(sandbox.messages()) == 2


def test_headers_user_agent_and_cookies(sandbox: SandboxServer) -> None:
    with RampwinClient(TEST_KEY, base_url=sandbox.base_url, cookie="session=abc") as api:
        api.send_interactive(MESSAGE)
        api.send_interactive(MESSAGE)
    first, second = sandbox.requests()
    assert first["user_agent"].startswith(f"RampwinDesktop/{__version__} ")
    assert first["content_type"] == "application/json"
    assert first["cookie"] == "session=abc"
    # The load balancer's cookie from the first answer comes back with the second request.
    assert sorted(second["cookie"].split("; ")) == ["AWSALB=sandbox-lb", "session=abc"]


# ------------------------------------------------------------------ documented errors


def test_wrong_key_is_an_authentication_error(sandbox: SandboxServer, files: Path) -> None:
    with RampwinClient("wrong", base_url=sandbox.base_url, retry=FAST_RETRY) as api:
        with pytest.raises(errors.AuthenticationError, match="did not accept the API key"):
            api.send_interactive(MESSAGE)
        with pytest.raises(errors.AuthenticationError):
            api.upload_media(media_files.png(files))
    assert sandbox.messages() == [] and sandbox.uploads() == []


@pytest.mark.parametrize(
    ("interactive", "said"),
    [
        ({"type": "button", "body": {"text": "hi"}, "action": {"buttons": []}}, "Invalid buttons"),
        ({"type": "button", "body": {"text": "hi"}, "action": "x"}, "Invalid buttons"),
        (
            {
                "type": "button",
                "body": {"text": " "},
                "action": {"buttons": [{"type": "reply", "reply": {"id": "a", "title": "A"}}]},
            },
            "Missing body text",
        ),
        (
            {
                "type": "button",
                "action": {"buttons": [{"type": "reply", "reply": {"id": "a", "title": "A"}}]},
            },
            "Missing body text",
        ),
        ({"type": "list", "body": {"text": "hi"}}, "Invalid interactive payload"),
        (
            {
                "type": "button",
                "body": {"text": "hi"},
                "action": {"buttons": [{"type": "reply", "reply": {"id": "a", "title": "A"}}]},
                "header": {"type": "image", "image": {"link": "https://bucket.invalid/a.png"}},
            },
            "Invalid media URL",
        ),
    ],
)
def test_documented_refusals(
    client: RampwinClient, sandbox: SandboxServer, interactive: dict[str, object], said: str
) -> None:
    body = {
        "channel_id": "c",
        "phone_number": "919999999999",
        "hide_from_chat": False,
        "interactive": interactive,
    }
    with pytest.raises(errors.RejectedError) as caught:
        client.send_body(body, query={"dontShowInChatList": "false"})
    assert caught.value.status == 400
    assert caught.value.server_message == said
    assert said in str(caught.value)
    assert sandbox.messages() == []


def test_phone_number_must_be_digits_as_documented(
    client: RampwinClient, sandbox: SandboxServer
) -> None:
    body = {
        "channel_id": "c",
        "phone_number": "+91 99999 99999",
        "interactive": {
            "type": "button",
            "body": {"text": "hi"},
            "action": {"buttons": [{"type": "reply", "reply": {"id": "a", "title": "A"}}]},
        },
    }
    with pytest.raises(errors.RejectedError, match="Invalid phone number"):
        client.send_body(body, query={})


def test_sandbox_refuses_uploads_of_unsupported_files(client: RampwinClient, files: Path) -> None:
    with pytest.raises(errors.RejectedError, match="Unsupported file type"):
        client.upload_media(media_files.gif(files, "x.gif"))


# ------------------------------------------------------------------ fault switches


def test_server_error_on_send_is_not_retried_and_may_have_been_sent(
    fast_client: RampwinClient, sandbox: SandboxServer, sleeps: Sleeps
) -> None:
    sandbox.add_fault(Fault(endpoint="send", status=500))
    with pytest.raises(errors.ServerError) as caught:
        fast_client.send_interactive(MESSAGE)
    assert caught.value.may_have_been_sent and "may have been delivered" in str(caught.value)
    assert calls_to(sandbox, "send") == 1 and sleeps.calls == []


@pytest.mark.parametrize("status", [502, 503, 504])
def test_upload_retries_gateway_errors_with_backoff(
    fast_client: RampwinClient, sandbox: SandboxServer, sleeps: Sleeps, files: Path, status: int
) -> None:
    sandbox.add_fault(Fault(endpoint="upload", status=status, times=2))
    assert fast_client.upload_media(media_files.png(files)).startswith(sandbox.base_url)
    assert calls_to(sandbox, "upload") == 3
    assert sleeps.total == 0.5 + 1.0  # doubled each time


def test_upload_gives_up_after_bounded_attempts(
    fast_client: RampwinClient, sandbox: SandboxServer, files: Path
) -> None:
    sandbox.add_fault(Fault(endpoint="upload", status=503, times=0))
    with pytest.raises(errors.ServerError, match="HTTP 503"):
        fast_client.upload_media(media_files.png(files))
    assert calls_to(sandbox, "upload") == 3


def test_upload_honours_retry_after(
    fast_client: RampwinClient, sandbox: SandboxServer, sleeps: Sleeps, files: Path
) -> None:
    sandbox.add_fault(Fault(endpoint="upload", status=429, retry_after="3"))
    fast_client.upload_media(media_files.png(files))
    assert sleeps.total == 3.0
    sandbox.add_fault(Fault(endpoint="upload", status=429))  # no Retry-After: own backoff
    sleeps.calls.clear()
    fast_client.upload_media(media_files.png(files))
    assert sleeps.total == 0.5


def test_too_long_retry_after_is_reported_not_waited(
    fast_client: RampwinClient, sandbox: SandboxServer, sleeps: Sleeps, files: Path
) -> None:
    sandbox.add_fault(Fault(endpoint="upload", status=429, retry_after="600"))
    with pytest.raises(errors.RateLimitedError) as caught:
        fast_client.upload_media(media_files.png(files))
    assert caught.value.retry_after == 600 and "in about 10 minutes" in str(caught.value)
    assert sleeps.calls == []


def test_rate_limited_send_is_not_retried(
    fast_client: RampwinClient, sandbox: SandboxServer, sleeps: Sleeps
) -> None:
    sandbox.add_fault(Fault(endpoint="send", status=429, retry_after="7"))
    with pytest.raises(errors.RateLimitedError) as caught:
        fast_client.send_interactive(MESSAGE)
    assert caught.value.retry_after == 7 and not caught.value.may_have_been_sent
    assert calls_to(sandbox, "send") == 1 and sandbox.messages() == []


@pytest.mark.parametrize(
    ("fault", "error", "words", "maybe_sent"),
    [
        (
            Fault(
                endpoint="send",
                status=502,
                body="<html><h1>Bad Gateway</h1></html>",
                content_type="text/html",
            ),
            errors.ServerError,
            "HTTP 502",
            True,
        ),
        (Fault(endpoint="send", status=503), errors.ServerError, "Try again", False),
        (
            Fault(endpoint="send", body="<!DOCTYPE html><p>hi</p>", content_type="text/html"),
            errors.BadResponseError,
            "a web page",
            True,
        ),
        (Fault(endpoint="send", body=""), errors.BadResponseError, "an empty answer", True),
        (Fault(endpoint="send", body="{not json"), errors.BadResponseError, "not JSON", True),
        (
            Fault(endpoint="send", body='{"ok": 1}'),
            errors.BadResponseError,
            "unexpected shape",
            True,
        ),
        (
            Fault(endpoint="send", body='{"success": false, "message": "Session expired"}'),
            errors.RejectedError,
            "24 hours",
            False,
        ),
        (
            Fault(
                endpoint="send",
                status=400,
                body='{"success": false, "error": {"message": "Bad thing"}}',
            ),
            errors.RejectedError,
            "Bad thing",
            False,
        ),
        (
            Fault(endpoint="send", status=404, body="<html>nope</html>", content_type="text/html"),
            errors.BadResponseError,
            "base URL",
            False,
        ),
        (Fault(endpoint="send", status=307), errors.BadResponseError, "redirect", False),
        (Fault(endpoint="send", status=403), errors.AuthenticationError, "API key", False),
    ],
)
def test_send_failures_are_typed(
    fast_client: RampwinClient,
    sandbox: SandboxServer,
    fault: Fault,
    error: type[errors.RampwinError],
    words: str,
    maybe_sent: bool,
) -> None:
    sandbox.add_fault(fault)
    with pytest.raises(error) as caught:
        fast_client.send_interactive(MESSAGE)
    assert type(caught.value) is error
    assert words in str(caught.value)
    assert caught.value.may_have_been_sent is maybe_sent
    assert calls_to(sandbox, "send") == 1


def test_send_reset_mid_request_is_outcome_unknown_and_not_retried(
    fast_client: RampwinClient, sandbox: SandboxServer
) -> None:
    sandbox.add_fault(Fault(endpoint="send", drop=Drop.MID_REQUEST))
    with pytest.raises(errors.NetworkError) as caught:
        fast_client.send_interactive(MESSAGE)
    assert caught.value.may_have_been_sent
    assert calls_to(sandbox, "send") == 1


def test_send_dropped_after_delivery_says_it_may_have_been_sent(
    fast_client: RampwinClient, sandbox: SandboxServer
) -> None:
    sandbox.add_fault(Fault(endpoint="send", drop=Drop.BEFORE_RESPONSE))
    with pytest.raises(errors.NetworkError) as caught:
        fast_client.send_interactive(MESSAGE)
    assert caught.value.may_have_been_sent and "may have been delivered" in str(caught.value)
    assert len(sandbox.messages()) == 1 and calls_to(sandbox, "send") == 1


def test_send_timeout_is_outcome_unknown_and_not_retried(
    fast_client: RampwinClient, sandbox: SandboxServer
) -> None:
    sandbox.add_fault(Fault(endpoint="send", delay=2.0))  # read timeout is 1 s
    with pytest.raises(errors.RequestTimeoutError) as caught:
        fast_client.send_interactive(MESSAGE)
    assert caught.value.may_have_been_sent
    assert "may have been delivered" in str(caught.value)
    assert len(sandbox.messages()) == 1  # it was delivered after all
    assert calls_to(sandbox, "send") == 1


def test_upload_reset_mid_request_is_retried(
    fast_client: RampwinClient, sandbox: SandboxServer, files: Path
) -> None:
    image = media_files.sized_png(files, 2_000_000)
    sandbox.add_fault(Fault(endpoint="upload", drop=Drop.MID_REQUEST))
    assert fast_client.upload_media(image).startswith(sandbox.base_url)
    assert calls_to(sandbox, "upload") == 2 and len(sandbox.uploads()) == 1


def test_upload_read_timeout_is_not_retried(
    fast_client: RampwinClient, sandbox: SandboxServer, files: Path
) -> None:
    sandbox.add_fault(Fault(endpoint="upload", delay=2.0))
    with pytest.raises(errors.RequestTimeoutError):
        fast_client.upload_media(media_files.png(files))
    assert calls_to(sandbox, "upload") == 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_connection_refused_send_is_retried_and_not_sent(sleeps: Sleeps) -> None:
    with (
        RampwinClient(
            "k",
            base_url=f"http://127.0.0.1:{free_port()}",
            retry=RetryPolicy(attempts=3, backoff=0.5),
            sleep=sleeps,
        ) as api,
        pytest.raises(errors.NetworkError) as caught,
    ):
        api.send_interactive(MESSAGE)
    assert not caught.value.may_have_been_sent
    assert "not sent" in str(caught.value) and "Could not connect" in str(caught.value)
    # This computer: no "check your internet connection" (a newcomer's find).
    assert "nothing answers there on this computer" in str(caught.value)
    assert "internet" not in str(caught.value)
    assert sleeps.total == 1.5  # two retries: 0.5 + 1.0


@pytest.mark.parametrize(
    ("base_url", "said"),
    [
        ("https://api.rampwin.com", "check your internet connection and the base URL"),
        ("http://localhost:8765", "nothing answers there on this computer"),
        ("http://[::1]:8765", "nothing answers there on this computer"),
    ],
)
def test_a_refused_connection_is_said_for_where_the_server_is(base_url: str, said: str) -> None:
    import requests
    from urllib3.exceptions import NewConnectionError

    from rampwin_desktop.api.contract import Timeouts
    from rampwin_desktop.api.responses import network_error

    cause = NewConnectionError(None, "Connection refused")  # as urllib3 raises it
    refused = requests.exceptions.ConnectionError(cause)
    error = network_error(refused, base_url, Timeouts(), sending=True)
    assert said in error.user_message and not error.may_have_been_sent


def test_fault_switches_over_http(sandbox: SandboxServer, client: RampwinClient) -> None:
    control = requests.Session()
    control.headers["X-API-Key"] = sandbox.api_key  # every sandbox address needs the key
    answer = control.post(
        sandbox.base_url + "/sandbox/faults", json={"endpoint": "send", "status": 500}, timeout=5
    )
    assert answer.status_code == 200
    assert control.get(sandbox.base_url + "/sandbox/faults", timeout=5).json()["faults"]
    with pytest.raises(errors.ServerError):
        client.send_interactive(MESSAGE)
    control.post(sandbox.base_url + "/sandbox/faults", json={"status": 503, "times": 0}, timeout=5)
    control.delete(sandbox.base_url + "/sandbox/faults", timeout=5)
    client.send_interactive(MESSAGE)
    listed = control.get(sandbox.base_url + "/sandbox/messages", timeout=5).json()["messages"]
    assert len(listed) == 1 and listed[0]["body"]["phone_number"] == "919999999999"
    bad = control.post(sandbox.base_url + "/sandbox/faults", json={"colour": 1}, timeout=5)
    assert bad.status_code == 400


# ------------------------------------------------------------------ cancel


def test_cancel_during_upload_stops_it(sandbox: SandboxServer, files: Path) -> None:
    image = media_files.sized_png(files, 4_900_000)
    stop = threading.Event()
    seen: list[int] = []

    def progress(sent: int, total: int) -> None:
        seen.append(sent)
        if sent > 1_000_000:
            stop.set()

    with (
        RampwinClient(TEST_KEY, base_url=sandbox.base_url, retry=FAST_RETRY) as api,
        pytest.raises(errors.CancelledError, match="nothing was sent"),
    ):
        api.upload_media(image, progress=progress, cancel=stop.is_set)
    assert max(seen) < 1_200_000  # stopped within a couple of chunks
    assert sandbox.uploads() == []


def test_cancel_between_upload_and_send_sends_nothing(
    client: RampwinClient, sandbox: SandboxServer, files: Path
) -> None:
    stop = threading.Event()
    message = MESSAGE.with_changes(
        header=Header.of_media(HeaderKind.IMAGE, str(media_files.png(files)))
    )

    def progress(sent: int, total: int) -> None:
        if sent == total:
            stop.set()  # the user clicks Cancel as the last byte leaves

    with pytest.raises(errors.CancelledError):
        deliver(client, message, progress=progress, cancel=stop.is_set)
    assert sandbox.messages() == []


# ------------------------------------------------------------------ configuration


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://api.rampwin.com", True),
        ("https://api.rampwin.com/", True),
        ("http://127.0.0.1:8080", True),
        ("http://localhost:9000", True),
        ("http://[::1]:9000", True),
        ("http://api.rampwin.com", False),
        ("http://10.0.0.5", False),
        ("ftp://api.rampwin.com", False),
        ("api.rampwin.com", False),
        ("https://user:pw@api.rampwin.com", False),
    ],
)
def test_base_url_rules(url: str, ok: bool) -> None:
    if ok:
        RampwinClient("k", base_url=url).close()
    else:
        with pytest.raises(errors.ConfigurationError):
            RampwinClient("k", base_url=url)


def test_empty_key_and_bad_cookie_are_configuration_errors() -> None:
    with pytest.raises(errors.ConfigurationError, match="No API key"):
        RampwinClient("  ")
    with pytest.raises(errors.ConfigurationError, match="name=value"):
        RampwinClient("k", cookie="just-garbage")
