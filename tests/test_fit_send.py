"""Header pictures sent through the engine and the command line against the sandbox: no
metadata reaches the server (the picture's data unchanged), and pictures WhatsApp refuses
become ones it accepts with ``send --fit-image``."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from rampwin_desktop.api.client import RampwinClient
from rampwin_desktop.api.contract import Timeouts
from rampwin_desktop.api.errors import RejectedError
from rampwin_desktop.app import header_files, sending
from rampwin_desktop.app.credentials import Credentials
from rampwin_desktop.core import image_meta
from rampwin_desktop.core.model import Button, Header, HeaderKind, Message
from rampwin_desktop.sandbox import SandboxServer
from rampwin_desktop.storage.settings import open_settings
from rampwin_desktop.storage.upload_cache import UploadCache
from tests.helpers import FAST_RETRY, TEST_KEY, pictures
from tests.helpers.batch_files import people, write_csv, write_draft
from tests.helpers.cli import GOOD, run_cli, run_send


def stored_upload(sandbox: SandboxServer) -> bytes:
    (upload,) = sandbox.uploads()
    return upload.path.read_bytes()


def message_with(photo: Path) -> Message:
    return Message(
        header=Header.of_media(HeaderKind.IMAGE, str(photo)),
        body="Our new shop",
        buttons=(Button("ok", "OK"),),
        recipient="919999999999",
        channel_id="ch-1",
    )


def job(sandbox: SandboxServer, message: Message, *, keep: bool = False) -> sending.SendJob:
    return sending.SendJob(
        message=message,
        profile="shop",
        credentials=Credentials(api_key=TEST_KEY, base_url=sandbox.base_url),
        timeouts=Timeouts(connect=2.0, read=5.0),
        retry=FAST_RETRY,
        keep_metadata=keep,
    )


def assert_no_metadata_same_scans(uploaded: bytes, photo: Path) -> None:
    assert image_meta.inspect_bytes(uploaded).found == ()
    with Image.open(io.BytesIO(uploaded)) as image:
        assert not image.getexif() and "comment" not in image.info
    assert image_meta.jpeg_scan_data(uploaded) == image_meta.jpeg_scan_data(photo.read_bytes())


def test_the_engine_uploads_a_phone_photo_without_exif_and_with_its_scan_bytes(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    photo = pictures.gps_jpeg(tmp_path)
    cache = UploadCache(tmp_path / "uploads.json")
    sent = sending.send(job(sandbox, message_with(photo)), cache=cache)
    assert sent.cleaned is not None and "location (GPS)" in sent.cleaned.removed
    assert_no_metadata_same_scans(stored_upload(sandbox), photo)
    again = sending.send(job(sandbox, message_with(photo)), cache=cache)
    assert again.reused_upload and len(sandbox.uploads()) == 1  # keyed by the clean copy


def test_keeping_metadata_uploads_the_file_as_it_is(sandbox: SandboxServer, tmp_path: Path) -> None:
    photo = pictures.gps_jpeg(tmp_path)
    sent = sending.send(job(sandbox, message_with(photo), keep=True))
    assert sent.cleaned is None
    assert stored_upload(sandbox) == photo.read_bytes()


def test_an_export_names_the_very_file_a_send_uploads(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """Copy as cURL / Python / JavaScript (``header_files.for_export``): the clean copy a send
    uploads; the user's file with metadata kept, for a picture with none, or when unreadable."""
    photo = pictures.gps_jpeg(tmp_path)
    exported = header_files.for_export(message_with(photo), keep_metadata=False)
    assert exported.original == photo and exported.problem == ""
    named = Path(exported.message.header.link)
    assert named != photo
    sending.send(job(sandbox, message_with(photo)))
    assert named.read_bytes() == stored_upload(sandbox)
    assert_no_metadata_same_scans(named.read_bytes(), photo)
    kept = header_files.for_export(message_with(photo), keep_metadata=True)
    assert kept.message == message_with(photo) and kept.original is None
    plain = tmp_path / "plain.jpg"
    Image.new("RGB", (64, 64), "red").save(plain, "JPEG")
    assert header_files.for_export(message_with(plain), keep_metadata=False).original is None
    gone = header_files.for_export(message_with(tmp_path / "gone.jpg"), keep_metadata=False)
    assert gone.message == message_with(tmp_path / "gone.jpg")
    assert gone.problem == "gone.jpg could not be read (No such file or directory)"


def test_send_removes_gps_exif_by_default(sandbox: SandboxServer, tmp_path: Path) -> None:
    photo = pictures.gps_jpeg(tmp_path)
    done = run_send(*GOOD, "--header-image", str(photo), sandbox=sandbox)
    assert done.returncode == 0, done.stderr
    assert "Header metadata removed: camera, owner's name, location (GPS)" in done.stderr
    assert_no_metadata_same_scans(stored_upload(sandbox), photo)


def test_send_keep_metadata_flag_and_setting(
    sandbox: SandboxServer, tmp_path: Path, config_dir: Path
) -> None:
    photo = pictures.gps_jpeg(tmp_path)
    done = run_send(*GOOD, "--header-image", str(photo), "--keep-metadata", sandbox=sandbox)
    assert done.returncode == 0, done.stderr
    assert stored_upload(sandbox) == photo.read_bytes()
    open_settings().set_keep_metadata(True)
    other = pictures.gps_jpeg(tmp_path, "other.jpg", orientation=3)
    done = run_send(*GOOD, "--header-image", str(other), "--reupload", sandbox=sandbox)
    assert done.returncode == 0, done.stderr
    assert other.read_bytes() in [u.path.read_bytes() for u in sandbox.uploads()]


def test_the_sandbox_refuses_what_whatsapp_refuses(client: RampwinClient, tmp_path: Path) -> None:
    for make in pictures.UNFIT.values():
        with pytest.raises(RejectedError):
            client.upload_media(make(tmp_path))


@pytest.mark.parametrize("make", list(pictures.UNFIT.values()), ids=list(pictures.UNFIT))
def test_send_fit_image_makes_each_unfit_picture_a_header_the_server_accepts(
    sandbox: SandboxServer, tmp_path: Path, make: Callable[[Path], Path]
) -> None:
    source = make(tmp_path)
    original = source.read_bytes()
    refused = run_send(*GOOD, "--header-image", str(source), sandbox=sandbox)
    assert refused.returncode == 2 and not sandbox.uploads()
    assert "header.link: --fit-image converts this picture" in refused.stderr
    done = run_send(*GOOD, "--header-image", str(source), "--fit-image", sandbox=sandbox)
    assert done.returncode == 0, done.stderr
    assert "Header fitted:" in done.stderr and "→ JPEG image" in done.stderr
    (message,) = sandbox.messages()
    link = message["body"]["interactive"]["header"]["image"]["link"]
    assert sandbox.media_ok(link)
    with Image.open(io.BytesIO(stored_upload(sandbox))) as image:
        assert image.format == "JPEG" and image.mode == "RGB"
    assert source.read_bytes() == original


def test_dry_run_says_what_fit_image_would_do_and_keeps_nothing(
    sandbox: SandboxServer, tmp_path: Path, config_dir: Path
) -> None:
    source = pictures.webp(tmp_path)
    done = run_send(
        *GOOD, "--header-image", str(source), "--fit-image", "--dry-run", sandbox=sandbox
    )
    assert done.returncode == 0, done.stderr
    assert (
        f"(dry run: would convert {source.name}: WebP image, "
        f"{source.stat().st_size / 1000:.1f} KB, 800 × 418 px → JPEG image, " in done.stderr
    )
    assert "800 × 418 px; quality 90; no metadata to remove.)" in done.stderr
    # The body shows what would be uploaded: the converted copy, said to be one.
    link = json.loads(done.stdout)["interactive"]["header"]["image"]["link"]
    assert Path(link).name == "from-browser.jpg" and Path(link).parent.parent.name == "fitted"
    assert (
        "(dry run: the header link below is the converted copy that would be uploaded, "
        "from-browser.jpg (JPEG image, " in done.stderr
    )
    assert "not from-browser.webp; a dry run does not keep it)" in done.stderr
    assert not sandbox.requests()
    assert not (config_dir / "data" / "fitted").exists()
    photo = pictures.gps_jpeg(tmp_path)
    done = run_send(*GOOD, "--header-image", str(photo), "--dry-run", sandbox=sandbox)
    assert done.returncode == 0, done.stderr
    assert "would remove camera, owner's name, location (GPS), EXIF, XMP and comment" in (
        done.stderr
    )


def test_a_batch_uploads_the_photo_once_and_without_its_exif(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    photo = pictures.gps_jpeg(folder)
    draft = write_draft(folder, type="image", link=photo.name)
    table = write_csv(folder, people(5))
    done = run_cli(
        "batch",
        "--draft",
        str(draft),
        "--csv",
        str(table),
        "--rate",
        "0",
        base_url=sandbox.base_url,
    )
    assert done.returncode == 0, done.stderr
    assert len(sandbox.messages()) == 5
    assert_no_metadata_same_scans(stored_upload(sandbox), photo)  # one upload, clean
