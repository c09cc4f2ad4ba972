from __future__ import annotations

from pathlib import Path

import pytest

from rampwin_desktop.core import media
from rampwin_desktop.core.model import HeaderKind
from tests.helpers import media_files


@pytest.mark.parametrize(
    ("maker", "expected"),
    [
        (media_files.png, media.PNG),
        (media_files.jpeg, media.JPEG),
        (media_files.gif, media.GIF),
        (media_files.webp, media.WEBP),
        (media_files.mp4, media.MP4),
        (media_files.pdf, media.PDF),
        (media_files.docx, media.DOCX),
        (media_files.xlsx, media.XLSX),
    ],
)
def test_sniff_by_content(files: Path, maker, expected: media.MediaType) -> None:  # type: ignore[no-untyped-def]
    assert media.sniff(maker(files)) is expected


def test_plain_zip_is_not_a_document(files: Path) -> None:
    import zipfile

    with zipfile.ZipFile(files / "a.docx", "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert media.sniff(files / "a.docx") is media.UNKNOWN


def test_image_size_is_read_from_headers(files: Path) -> None:
    assert media.image_size(media_files.png(files, width=1200, height=628)) == (1200, 628)
    assert media.image_size(media_files.jpeg(files, width=800, height=418)) == (800, 418)


def test_truncated_png_is_damaged(files: Path) -> None:
    path = media_files.write(files / "cut.png", media_files.png_bytes()[:20])
    with pytest.raises(media.MediaFileError, match="damaged"):
        media.check_media_file(path, HeaderKind.IMAGE)


def test_check_reports_type_and_size(files: Path) -> None:
    checked = media.check_media_file(media_files.png(files), HeaderKind.IMAGE)
    assert checked.type is media.PNG and checked.size > 0


@pytest.mark.parametrize(
    ("size", "text"),
    [(12, "12 bytes"), (4_200, "4.2 KB"), (5_000_000, "5.0 MB"), (48_500_000, "48.5 MB")],
)
def test_format_size(size: int, text: str) -> None:
    assert media.format_size(size) == text
