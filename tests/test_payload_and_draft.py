"""The payload builder against the documented body, and draft files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rampwin_desktop.core.draft import (
    DraftError,
    draft_dict,
    file_outside_draft,
    load_draft,
    loads_draft,
)
from rampwin_desktop.core.model import Button, Header, HeaderKind, Message
from rampwin_desktop.core.payload import send_body, send_query
from rampwin_desktop.storage.drafts import save_draft
from tests.helpers import ROOT
from tests.helpers.shared_drafts import private_photo, shared_draft

DOC_EXAMPLE = Path(__file__).parent / "data" / "doc_example_request.json"
DOC_LINK = "https://your-bucket.s3.region.amazonaws.com/uploads/file.png"


def doc_body() -> dict[str, object]:
    return dict(json.loads(DOC_EXAMPLE.read_text()))


def test_doc_example_file_is_the_one_in_the_api_document() -> None:
    source = ROOT / "docs" / "reference" / "rampwin-send-interactive-button.txt"
    compact = "".join(DOC_EXAMPLE.read_text().split())
    assert compact in "".join(source.read_text().split())


def test_documented_composition_builds_the_documented_body() -> None:
    message = Message(
        channel_id="YOUR_CHANNEL_ID",
        recipient="919999999999",
        body="Hello how are you",
        buttons=(Button("btn_1", "Buy Now"),),
        header=Header.of_media(HeaderKind.IMAGE, DOC_LINK),
        footer="Thank You",
    )
    assert send_body(message) == doc_body()
    assert list(send_body(message)) == list(doc_body())  # same key order, too
    assert send_query(message) == {"dontShowInChatList": "false"}


def test_recipient_goes_out_as_digits() -> None:
    message = Message(body="b", buttons=(Button("a", "A"),), recipient="+91 99999-99999")
    assert send_body(message)["phone_number"] == "919999999999"


def test_uploaded_link_replaces_the_local_file() -> None:
    message = Message(
        body="b",
        buttons=(Button("a", "A"),),
        recipient="919999999999",
        header=Header.of_media(HeaderKind.IMAGE, "/tmp/local.png"),
    )
    body = send_body(message, media_link="https://cdn/x.png")
    assert body["interactive"]["header"] == {
        "type": "image",
        "image": {"link": "https://cdn/x.png"},
    }


def test_text_and_document_headers() -> None:
    base = Message(body="b", buttons=(Button("a", "A"),), recipient="919999999999")
    text = send_body(base.with_changes(header=Header.of_text("Sale")))
    assert text["interactive"]["header"] == {"type": "text", "text": "Sale"}
    doc = send_body(
        base.with_changes(header=Header.of_media(HeaderKind.DOCUMENT, "https://x/a.pdf", "a.pdf"))
    )
    assert doc["interactive"]["header"] == {
        "type": "document",
        "document": {"link": "https://x/a.pdf", "filename": "a.pdf"},
    }
    assert "header" not in send_body(base)["interactive"]
    assert "footer" not in send_body(base)["interactive"]


def test_doc_example_opens_as_a_draft_unchanged(tmp_path: Path) -> None:
    message = load_draft(DOC_EXAMPLE)
    assert message.header.link == DOC_LINK
    assert send_body(message) == doc_body()
    assert draft_dict(message) == doc_body()


def test_draft_round_trip_with_local_file(tmp_path: Path) -> None:
    image = tmp_path / "images" / "hero.png"
    image.parent.mkdir()
    image.write_bytes(b"x")
    message = Message(
        body="Hi *there* 👋",
        footer="f",
        buttons=(Button("y", "Yes"), Button("n", "No")),
        header=Header.of_media(HeaderKind.IMAGE, str(image)),
        recipient="+91 99999 99999",
        channel_id="ch",
        hide_from_chat=True,
        dont_show_in_chat_list=True,
    )
    path = tmp_path / "draft.json"
    save_draft(path, message)
    stored = json.loads(path.read_text())
    assert stored["interactive"]["header"]["image"]["link"] == "images/hero.png"  # portable
    assert stored["dontShowInChatList"] is True
    assert load_draft(path) == message
    # Moved together with its folder, the draft still finds its image.
    moved = tmp_path / "moved"
    moved.mkdir()
    (moved / "images").mkdir()
    (moved / "images" / "hero.png").write_bytes(b"x")
    (moved / "draft.json").write_text(path.read_text())
    assert load_draft(moved / "draft.json").header.link == str(moved / "images" / "hero.png")


def test_draft_without_destination_loads() -> None:
    message = loads_draft(json.dumps({"interactive": {"body": {"text": "hi"}}}))
    assert message.recipient == "" and message.channel_id == "" and message.buttons == ()


def test_draft_keeps_over_limit_content_for_fixing() -> None:
    buttons = [{"type": "reply", "reply": {"id": f"b{n}", "title": f"B{n}"}} for n in range(10)]
    message = loads_draft(json.dumps({"interactive": {"action": {"buttons": buttons}}}))
    assert len(message.buttons) == 10


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("not json at all", "not valid JSON (line 1"),
        ("[1, 2]", "the top level should be an object, but it is a list"),
        ('{"channel_id": "c"}', 'no "interactive" object'),
        (
            '{"interactive": {"body": {"text": 5}}}',
            '"interactive.body.text" should be text, but it is a number',
        ),
        ('{"interactive": {}, "hide_from_chat": "no"}', '"hide_from_chat" should be true or false'),
        ('{"interactive": {"header": {"type": "sticker"}}}', 'header type "sticker"'),
        ('{"interactive": {"type": "list"}}', 'type "list"'),
        ('{"interactive": {"action": {"buttons": {}}}}', "should be a list"),
        ('{"interactive": {"action": {"buttons": [{"type": "url"}]}}}', 'only "reply"'),
        ('{"interactive": {}, "colour": "red"}', 'unknown field "colour" at the top level'),
        ('{"interactive": {"header": {"type": "image", "image": {"id": "123"}}}}', 'media "id"'),
        ('{"name": "my-package", "version": "1.0"}', "unknown fields"),
    ],
)
def test_broken_or_foreign_drafts_say_what_is_wrong(source: str, words: str) -> None:
    with pytest.raises(DraftError) as caught:
        loads_draft(source, name="x.json")
    assert words in str(caught.value)


def test_draft_file_problems(tmp_path: Path) -> None:
    with pytest.raises(DraftError, match="does not exist"):
        load_draft(tmp_path / "missing.json")
    with pytest.raises(DraftError, match="folder"):
        load_draft(tmp_path)
    big = tmp_path / "big.json"
    with big.open("wb") as stream:
        stream.truncate(50_000_000)
    with pytest.raises(DraftError, match=r"50\.0 MB"):
        load_draft(big)
    binary = tmp_path / "bin.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(DraftError, match="UTF-8"):
        load_draft(binary)


def test_save_is_atomic_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text("old")
    save_draft(path, Message(body="new"))
    assert json.loads(path.read_text())["interactive"]["body"]["text"] == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["d.json"]


def test_which_header_files_are_outside_the_drafts_folder(tmp_path: Path) -> None:
    photo = private_photo(tmp_path).resolve()
    folder = tmp_path / "shared"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "hero.png").write_bytes(b"x")
    (folder / "link.png").symlink_to(photo)
    (folder / "loop").symlink_to(folder)  # a symlink to the folder itself stays inside
    cases = {
        "images/hero.png": None,
        "./images/../images/hero.png": None,
        "loop/images/hero.png": None,
        "../Pictures/private.png": photo,
        "images/../../Pictures/private.png": photo,
        str(photo): photo,
        "link.png": photo,
        "https://example.com/x.png": None,
    }
    for link, outside in cases.items():
        draft = shared_draft(folder, link)
        assert file_outside_draft(load_draft(draft), draft) == outside, link
    # The app's own save writes a file beside the draft as a relative link: inside.
    message = load_draft(shared_draft(folder, "images/hero.png"))
    save_draft(folder / "saved.json", message)
    assert file_outside_draft(load_draft(folder / "saved.json"), folder / "saved.json") is None
