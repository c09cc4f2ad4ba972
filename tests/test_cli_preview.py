"""``rampwin-desktop preview``: what it refuses (exit 2, a sentence, no picture), and that it
needs no display. That its picture is the window's preview: tests/ui/test_preview_export.py."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers import media_files
from tests.helpers.cli import run_cli

DOC_EXAMPLE = Path(__file__).parent / "data" / "doc_example_request.json"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def draft_with_header(folder: Path, link: str) -> Path:
    data = json.loads(DOC_EXAMPLE.read_text(encoding="utf-8"))
    data["interactive"]["header"]["image"]["link"] = link
    path = folder / "draft.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def preview(draft: Path, out: Path, *more: str) -> subprocess.CompletedProcess[str]:
    return run_cli("preview", "--draft", str(draft), "--out", str(out), *more)


def test_it_draws_with_no_display_and_no_platform_chosen(tmp_path: Path) -> None:
    out = tmp_path / "preview.png"
    command = ["preview", "--draft", str(DOC_EXAMPLE), "--out", str(out), "--time", "09:41"]
    done = run_cli(*command, key=None, display=False)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(PNG_SIGNATURE)
    assert done.stderr == ""  # no warnings from Qt either


def test_a_header_image_next_to_the_draft_is_drawn(tmp_path: Path) -> None:
    media_files.png(tmp_path, "banner.png", 800, 418)
    out = tmp_path / "preview.png"
    done = preview(draft_with_header(tmp_path, "banner.png"), out)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(PNG_SIGNATURE)


def test_a_message_that_cannot_be_sent_is_drawn_with_a_note(tmp_path: Path) -> None:
    """Four buttons, a title too long and a GIF for a header: drawn (a draft being worked
    on is previewed too), but the picture handed round for approval said nothing of it."""
    from PIL import Image

    Image.new("RGB", (80, 42), "orange").save(tmp_path / "banner.png", "GIF")  # named .png
    path = draft_with_header(tmp_path, "banner.png")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["interactive"]["action"]["buttons"] = [
        {"type": "reply", "reply": {"id": f"b{n}", "title": title}}
        for n, title in enumerate(["Yes", "No", "Later", "A fourth button that is far too long"])
    ]
    path.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "preview.png"
    done = run_cli("preview", "--draft", str(path), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(PNG_SIGNATURE)
    lines = done.stderr.splitlines()
    assert lines[0] == "Note: this message cannot be sent as it is:"
    assert any(line.startswith("  buttons: ") and "at most 3" in line for line in lines)
    assert any("title" in line and "at most 20" in line for line in lines)
    said = [line for line in lines if line.startswith("  header.link: ")]
    assert len(said) == 1 and "GIF" in said[0]  # once (it was said twice)


def test_a_list_messages_picture_column_is_drawn_as_its_stand_in(tmp_path: Path) -> None:
    """A header link ``{{image}}`` (each row its own picture) was read as a file named so:
    "cannot read the header image {{image}}", exit 2, no picture (a newcomer's find). It is
    drawn as a link is, and the note names the command that fills it in, once."""
    path = draft_with_header(tmp_path, "{{image}}")
    out = tmp_path / "preview.png"
    done = preview(path, out)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(PNG_SIGNATURE)
    said = [line for line in done.stderr.splitlines() if line.startswith("  header.link: ")]
    assert said == [
        "  header.link: {{image}} is filled in per row only by `rampwin-desktop batch`; "
        "remove it, or write \\{{ to send the braces as typed."
    ]


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (None, "draft.json"),  # no such file
        ('{"interactive": ', "not valid JSON"),
        ('{"colour": "blue"}', "colour"),
    ],
)
def test_an_unreadable_draft_is_exit_2(tmp_path: Path, content: str | None, said: str) -> None:
    draft = tmp_path / "draft.json"
    if content is not None:
        draft.write_text(content, encoding="utf-8")
    out = tmp_path / "preview.png"
    done = preview(draft, out)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("draft: ") and said in done.stderr
    assert not out.exists()


@pytest.mark.parametrize("kind", ["damaged", "missing", "not a picture"])
def test_a_header_image_it_cannot_read_is_exit_2(tmp_path: Path, kind: str) -> None:
    image = tmp_path / "banner.png"
    if kind == "damaged":
        image.write_bytes(media_files.png_bytes(800, 418)[:40])  # cut short in its first chunk
    elif kind == "not a picture":
        image.write_text("this is text, named .png", encoding="utf-8")
    out = tmp_path / "preview.png"
    done = preview(draft_with_header(tmp_path, "banner.png"), out)
    assert done.returncode == 2, done.stderr
    assert f"cannot read the header image {image}" in done.stderr
    assert "no picture was made" in done.stderr
    assert not out.exists()


def test_a_header_file_outside_the_drafts_folder_needs_allowing(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    image = media_files.png(elsewhere, "private.png", 40, 20)
    folder = tmp_path / "drafts"
    folder.mkdir()
    draft = draft_with_header(folder, str(image))
    out = tmp_path / "preview.png"
    refused = preview(draft, out)
    assert refused.returncode == 2 and "outside the draft's folder" in refused.stderr
    assert not out.exists()
    allowed = preview(draft, out, "--allow-outside-files")
    assert allowed.returncode == 0, allowed.stderr


@pytest.mark.parametrize(
    ("option", "said"),
    [
        (("--time", "9h41"), "time: "),
        (("--scale", "12"), "scale: "),
    ],
)
def test_options_it_cannot_use_are_exit_2(
    tmp_path: Path, option: tuple[str, str], said: str
) -> None:
    out = tmp_path / "preview.png"
    done = preview(DOC_EXAMPLE, out, *option)
    assert done.returncode == 2 and done.stderr.startswith(said), done.stderr
    assert not out.exists()


def test_an_output_it_cannot_write_is_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "no such folder" / "preview.png"
    done = preview(DOC_EXAMPLE, out)
    assert done.returncode == 2 and done.stderr.startswith("out: cannot write"), done.stderr


def test_the_same_time_gives_the_same_picture(tmp_path: Path) -> None:
    first, second = tmp_path / "a.png", tmp_path / "b.png"
    for out in (first, second):
        assert preview(DOC_EXAMPLE, out, "--time", "23:59").returncode == 0
    assert first.read_bytes() == second.read_bytes()
    assert os.path.getsize(first) > 1000
