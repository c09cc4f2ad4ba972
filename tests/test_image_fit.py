"""Header pictures made to fit (core/image_fit.py), their metadata removed without touching
the pixels' bytes (core/image_meta.py), and the results kept by content
(storage/fitted_images.py)."""

from __future__ import annotations

import hashlib
import io
import stat
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from rampwin_desktop.core import image_fit, image_meta, media
from rampwin_desktop.core.model import HeaderKind
from rampwin_desktop.storage import fitted_images
from tests.helpers import media_files, pictures


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def segments(data: bytes) -> list[bytes]:
    """The marker and first bytes of each JPEG segment before the first scan."""
    found, position = [], 2
    while data[position + 1] != 0xDA:
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        found.append(data[position + 1 : position + 2] + data[position + 4 : position + 16])
        position += 2 + length
    return found


def test_a_phone_photo_loses_gps_exif_xmp_and_comment_and_keeps_its_scan_bytes(
    tmp_path: Path,
) -> None:
    photo = pictures.gps_jpeg(tmp_path)
    before = digest(photo)
    assert image_meta.inspect(photo).found[:3] == ("camera", "owner's name", "location (GPS)")
    cleaned = image_fit.strip_metadata(photo)
    assert cleaned is not None and not cleaned.report.reencoded
    assert "location (GPS)" in cleaned.report.removed and "XMP" in cleaned.report.removed
    assert "comment" in cleaned.report.removed
    original = photo.read_bytes()
    assert image_meta.jpeg_scan_data(cleaned.data) == image_meta.jpeg_scan_data(original)
    assert len(image_meta.jpeg_scan_data(original)) > 50_000
    kept = segments(cleaned.data)
    assert not any(s[:1] in (b"\xe1", b"\xed", b"\xfe") for s in kept)
    assert kept[0].startswith(b"\xe0JFIF")
    with Image.open(io.BytesIO(cleaned.data)) as image:
        assert "exif" not in image.info and "comment" not in image.info
        assert not image.getexif()
        with Image.open(photo) as source:
            assert image.tobytes() == source.tobytes()  # the same pixels, decoded
    assert digest(photo) == before  # the user's file is never changed
    assert image_meta.inspect_bytes(cleaned.data).found == ()


def test_colour_profile_and_adobe_segments_are_kept(tmp_path: Path) -> None:
    profile = b"\x00" * 128 + b"not a real profile but kept byte for byte"
    path = tmp_path / "print.jpg"
    pictures.cmyk_jpeg(tmp_path).rename(path)  # Pillow writes Adobe APP14 for CMYK
    with Image.open(path) as image:
        image.save(path, "JPEG", icc_profile=profile, exif=pictures.phone_exif())
    cleaned = image_fit.strip_metadata(path)
    assert cleaned is not None
    kept = [s[:1] for s in segments(cleaned.data)]
    assert b"\xe2" in kept and b"\xee" in kept and b"\xe1" not in kept
    assert profile in cleaned.data


def test_a_turned_photo_is_turned_upright_and_says_so(tmp_path: Path) -> None:
    photo = pictures.gps_jpeg(tmp_path, orientation=6)  # stored 640 × 480, shown 480 × 640
    cleaned = image_fit.strip_metadata(photo)
    assert cleaned is not None and cleaned.report.reencoded and cleaned.report.rotated
    assert (cleaned.report.after.width, cleaned.report.after.height) == (480, 640)
    assert "turned upright" in cleaned.report.sentence(photo.name)
    with Image.open(io.BytesIO(cleaned.data)) as image:
        assert image.size == (480, 640) and not image.getexif()


def test_a_png_turned_by_its_exif_is_turned_upright(tmp_path: Path) -> None:
    path = tmp_path / "turned.png"
    Image.new("RGB", (60, 20), "purple").save(path, exif=pictures.phone_exif(orientation=8))
    assert image_meta.inspect(path).orientation == 8
    cleaned = image_fit.strip_metadata(path)
    assert (
        cleaned is not None
        and cleaned.report.rotated
        and "location (GPS)" in (cleaned.report.removed)
    )
    assert (cleaned.report.after.width, cleaned.report.after.height) == (20, 60)


def test_a_clean_picture_is_left_as_it_is(tmp_path: Path) -> None:
    assert image_fit.strip_metadata(media_files.png(tmp_path)) is None
    plain = tmp_path / "plain.jpg"
    Image.new("RGB", (64, 48), "teal").save(plain, "JPEG")
    assert image_fit.strip_metadata(plain) is None


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def test_png_text_time_and_exif_chunks_go_and_the_rest_stays_byte_for_byte(
    tmp_path: Path,
) -> None:
    plain = media_files.png_bytes(20, 10)
    ihdr_end = 8 + 25
    extra = (
        _chunk(b"tEXt", b"Author\x00Jane Doe")
        + _chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00<x/>")
        + _chunk(b"eXIf", b"MM\x00*\x00\x00\x00\x08\x00\x00")
        + _chunk(b"tIME", b"\x07\xea\x0b\x1e\x0c\x00\x00")
        + _chunk(b"gAMA", struct.pack(">I", 45455))
    )
    path = tmp_path / "shot.png"
    path.write_bytes(plain[:ihdr_end] + extra + plain[ihdr_end:])
    cleaned = image_fit.strip_metadata(path)
    assert cleaned is not None
    assert set(cleaned.report.removed) >= {"text notes", "XMP", "EXIF", "time saved"}
    gama = _chunk(b"gAMA", struct.pack(">I", 45455))
    assert cleaned.data == plain[:ihdr_end] + gama + plain[ihdr_end:]


@pytest.mark.parametrize("make", list(pictures.UNFIT.values()), ids=list(pictures.UNFIT))
def test_each_unfit_picture_is_offered_a_fit_and_fits_after_it(
    tmp_path: Path, make: Callable[[Path], Path]
) -> None:
    source = make(tmp_path)
    before = digest(source)
    with pytest.raises(media.MediaFileError) as refused:
        media.check_media_file(source, HeaderKind.IMAGE)
    assert refused.value.fixable
    fitted = image_fit.fit(source)
    result = tmp_path / f"result{fitted.suffix}"
    result.write_bytes(fitted.data)
    checked = media.check_media_file(result, HeaderKind.IMAGE)
    assert checked.type is media.JPEG and checked.size <= 5_000_000
    assert media.image_colour(result) == (8, "RGB")
    assert fitted.report.after.size == len(fitted.data)
    assert digest(source) == before


def test_quality_is_lowered_only_as_far_as_the_size_needs(tmp_path: Path) -> None:
    photo = pictures.big_photo(tmp_path)
    most = 2_500_000  # so that this photo needs a lower quality
    fitted = image_fit.fit(photo, max_bytes=most)
    assert fitted.report.quality is not None and fitted.report.quality < image_fit.START_QUALITY
    assert len(fitted.data) <= most
    with Image.open(photo) as image:
        one_step_better = io.BytesIO()
        image.save(one_step_better, "JPEG", quality=fitted.report.quality + 5)
    assert one_step_better.tell() > most  # one step less would not have fitted
    small = tmp_path / "small.webp"
    Image.new("RGB", (300, 200), "navy").save(small, "WEBP")
    assert image_fit.fit(small).report.quality == image_fit.START_QUALITY


def test_a_webp_with_gps_says_what_it_loses(tmp_path: Path) -> None:
    path = tmp_path / "phone.webp"
    Image.new("RGB", (80, 60), "gray").save(path, "WEBP", exif=pictures.phone_exif(6))
    report = image_fit.fit(path).report
    assert "location (GPS)" in report.removed and "camera" in report.removed
    assert report.rotated and (report.after.width, report.after.height) == (60, 80)


def test_long_side_is_at_most_4096_and_transparency_stays_a_png(tmp_path: Path) -> None:
    wide = tmp_path / "wide.webp"
    Image.new("RGB", (8000, 1000), "olive").save(wide, "WEBP")
    report = image_fit.fit(wide).report
    assert (report.after.width, report.after.height) == (4096, 512)
    clear = tmp_path / "sticker.webp"
    Image.new("RGBA", (300, 300), (255, 0, 0, 90)).save(clear, "WEBP")
    fitted = image_fit.fit(clear)
    assert fitted.suffix == ".png"
    with Image.open(io.BytesIO(fitted.data)) as image:
        assert image.mode == "RGBA" and image.getpixel((5, 5))[3] < 255  # type: ignore[index]


def test_sixteen_bit_samples_are_scaled_not_clipped(tmp_path: Path) -> None:
    fitted = image_fit.fit(pictures.png16(tmp_path))
    with Image.open(io.BytesIO(fitted.data)) as image:
        low, high = image.convert("L").getextrema()  # type: ignore[misc]
    assert low < 10 and high > 240  # a full gradient, not a white picture


@pytest.mark.parametrize(
    "damage",
    [
        lambda folder: _cut(pictures.big_photo(folder), 0.6),  # too large AND cut short
        lambda folder: _cut(pictures.webp(folder), 0.5),
    ],
    ids=["cut 9 MB jpeg", "cut webp"],
)
def test_a_broken_picture_is_never_offered_a_fit(
    tmp_path: Path, damage: Callable[[Path], Path]
) -> None:
    broken = damage(tmp_path)
    with pytest.raises(media.MediaFileError) as refused:
        media.check_media_file(broken, HeaderKind.IMAGE)
    assert not refused.value.fixable
    with pytest.raises(image_fit.FitError):
        image_fit.fit(broken)


def _cut(path: Path, share: float) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * share)])
    return path


def test_a_decompression_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.webp"
    Image.new("L", (16_000, 100)).save(bomb, "WEBP")  # 16,000 px: over MAX_IMAGE_SIDE
    with pytest.raises(image_fit.FitError, match="not converted"):
        image_fit.fit(bomb)


def test_results_are_kept_by_content_privately_and_once(tmp_path: Path) -> None:
    fitted = image_fit.fit(pictures.webp(tmp_path))
    first = fitted_images.store(fitted.data, fitted.suffix, "from-browser.webp")
    again = fitted_images.store(fitted.data, fitted.suffix, "from-browser.webp")
    assert first == again and first.path.name == "from-browser.jpg"
    assert first.path.parent.name == first.digest  # the folder from the content
    assert first.digest == hashlib.sha256(fitted.data).hexdigest()
    assert stat.S_IMODE(first.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(first.path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(first.path.parent.parent.stat().st_mode) == 0o700
    assert fitted_images.is_fitted(first.path)
    assert first.path.stat().st_mtime_ns == again.path.stat().st_mtime_ns  # not rewritten


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("Summer sale.webp", "Summer sale.jpg"),
        ("a/b\\c:d*e?.gif", "b_c_d_e_.jpg"),  # Path keeps the last part; the rest replaced
        ('quote"and|pipe<>.png', "quote_and_pipe__.jpg"),
        ("tab\there.png", "tab_here.jpg"),
        (".hidden.webp", "hidden.jpg"),  # never a hidden file
        ("...", "picture.jpg"),  # nothing left: a plain word
        ("", "picture.jpg"),
        ("x" * 300 + ".webp", "x" * fitted_images.MAX_STEM + ".jpg"),
        ("夏" * 90 + ".webp", "夏" * 66 + ".jpg"),  # 3 bytes each: at most 200 bytes kept
        ("con.webp", "_con.jpg"),  # a name Windows refuses
        ("Com1.backup.gif", "_Com1.backup.jpg"),
    ],
)
def test_a_kept_picture_is_named_after_the_users_file_safely(name: str, kept: str) -> None:
    assert fitted_images.location(b"data", ".jpg", name).name == kept


def test_pictures_kept_by_earlier_versions_still_count_as_fitted(tmp_path: Path) -> None:
    """``fitted/<sha256>.jpg`` (before names were kept): uploaded as they are, trusted."""
    from rampwin_desktop.app import header_files
    from rampwin_desktop.core.model import Header, Message
    from rampwin_desktop.storage import paths

    fitted = image_fit.fit(pictures.webp(tmp_path))
    digest = hashlib.sha256(fitted.data).hexdigest()
    old = paths.fitted_images_dir() / f"{digest}.jpg"
    old.write_bytes(fitted.data)
    assert fitted_images.is_fitted(old)
    prepared = header_files.prepare_upload(old)
    assert prepared.path == old and prepared.report is None and prepared.digest == digest
    message = Message(header=Header.of_media(HeaderKind.IMAGE, str(old)))
    (tmp_path / "drafts").mkdir()
    assert header_files.file_outside_draft(message, tmp_path / "drafts" / "d.json") is None


@pytest.mark.parametrize("make", [pictures.bmp, pictures.tiff], ids=["bmp", "tiff"])
def test_bmp_and_tiff_are_refused_as_headers_and_offered_a_fit(
    tmp_path: Path, make: Callable[[Path], Path]
) -> None:
    source = make(tmp_path)
    with pytest.raises(media.MediaFileError, match="must be JPEG or PNG") as refused:
        media.check_media_file(source, HeaderKind.IMAGE)
    assert refused.value.fixable
    fitted = image_fit.fit(source)
    with Image.open(io.BytesIO(fitted.data)) as image:
        assert image.format == "JPEG" and image.mode == "RGB"
    media.check_media_file(
        fitted_images.store(fitted.data, fitted.suffix, source.name).path, HeaderKind.IMAGE
    )


def test_a_cut_short_bmp_is_not_offered_a_fit(tmp_path: Path) -> None:
    source = pictures.bmp(tmp_path)
    source.write_bytes(source.read_bytes()[:50_000])
    with pytest.raises(media.MediaFileError) as refused:
        media.check_media_file(source, HeaderKind.IMAGE)
    assert not refused.value.fixable
