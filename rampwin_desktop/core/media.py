"""Header media files: what a file really is (by its bytes, not its name) and whether it fits.

Only the first bytes of a file are read (and, for Office files, the ZIP directory),
so checking a 100 MB video costs the same as checking a 1 KB icon.
"""

from __future__ import annotations

import os
import stat
import struct
import zipfile
from pathlib import Path
from typing import BinaryIO, NamedTuple

from rampwin_desktop.core import limits
from rampwin_desktop.core.model import HeaderKind

_SNIFF_BYTES = 64
_PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"
# Our guard, not WhatsApp's: larger images are photos at sensor size or decompression bombs.
MAX_IMAGE_SIDE = 12_000


class MediaType(NamedTuple):
    name: str  # what a user calls it: "PNG image", "PDF document"
    mime: str
    kind: HeaderKind | None  # the header kind it may be sent as; None: not accepted anywhere


PNG = MediaType("PNG image", "image/png", HeaderKind.IMAGE)
JPEG = MediaType("JPEG image", "image/jpeg", HeaderKind.IMAGE)
MP4 = MediaType("MP4 video", "video/mp4", HeaderKind.VIDEO)
PDF = MediaType("PDF document", "application/pdf", HeaderKind.DOCUMENT)
DOC = MediaType("Word document", "application/msword", HeaderKind.DOCUMENT)
XLS = MediaType("Excel workbook", "application/vnd.ms-excel", HeaderKind.DOCUMENT)
DOCX = MediaType(
    "Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    HeaderKind.DOCUMENT,
)
XLSX = MediaType(
    "Excel workbook",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    HeaderKind.DOCUMENT,
)
GIF = MediaType("GIF image", "image/gif", None)
WEBP = MediaType("WebP image", "image/webp", None)
BMP = MediaType("BMP image", "image/bmp", None)
TIFF = MediaType("TIFF image", "image/tiff", None)
QUICKTIME = MediaType("QuickTime video", "video/quicktime", None)
UNKNOWN = MediaType("file of an unknown type", "application/octet-stream", None)

MAX_BYTES: dict[HeaderKind, int] = {
    HeaderKind.IMAGE: limits.IMAGE_MAX_BYTES,
    HeaderKind.VIDEO: limits.VIDEO_MAX_BYTES,
    HeaderKind.DOCUMENT: limits.DOCUMENT_MAX_BYTES,
}

ACCEPTED: dict[HeaderKind, str] = {
    HeaderKind.IMAGE: "JPEG or PNG",
    HeaderKind.VIDEO: "MP4",
    HeaderKind.DOCUMENT: "PDF, DOC, DOCX, XLS or XLSX",
}


class MediaFileError(ValueError):
    """A file that cannot be a header; ``str(error)`` is a sentence for the user.

    ``fixable``: a whole picture refused only for its type, size, colour depth or colour
    model, which converting it (``core/image_fit.py``) makes fit. A damaged file never is.
    """

    def __init__(self, message: str, *, fixable: bool = False) -> None:
        super().__init__(message)
        self.fixable = fixable


# Pictures the converter reads: offered "Make it fit" when refused for a fixable reason.
CONVERTIBLE = (PNG, JPEG, GIF, WEBP, BMP, TIFF)
# Their names' endings, for the header picture chooser's filter.
CONVERTIBLE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff")


def sniff(path: Path) -> MediaType:
    """Tell what a file is from its content."""
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"BM") and len(head) >= 26 and head[6:10] == b"\0\0\0\0":
        return BMP  # "BM", the file's size, four reserved zero bytes
    if head.startswith((b"II*\0", b"MM\0*")):
        return TIFF
    if head[4:8] == b"ftyp":
        return QUICKTIME if head[8:12] == b"qt  " else MP4
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: legacy Office
        return XLS if path.suffix.lower() in (".xls", ".xlt") else DOC
    if head.startswith(b"PK\x03\x04"):
        return _sniff_office_zip(path)
    return UNKNOWN


def _sniff_office_zip(path: Path) -> MediaType:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return UNKNOWN
    if any(name.startswith("word/") for name in names):
        return DOCX
    if any(name.startswith("xl/") for name in names):
        return XLSX
    return UNKNOWN


class MediaFile(NamedTuple):
    path: Path
    type: MediaType
    size: int


def check_media_file(path: Path, kind: HeaderKind) -> MediaFile:
    """Return what the file is if it may be sent as a ``kind`` header, else raise MediaFileError."""
    name = path.name or str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise MediaFileError(f"The file {name} does not exist.") from None
    except OSError as exc:
        raise MediaFileError(f"The file {name} cannot be read ({exc.strerror}).") from None
    if stat.S_ISDIR(info.st_mode):
        raise MediaFileError(f"{name} is a folder, not a file.")
    if not stat.S_ISREG(info.st_mode):  # a pipe or device would block or never end
        raise MediaFileError(f"{path} is not an ordinary file (it is a pipe or a device).")
    if not os.access(path, os.R_OK):
        raise MediaFileError(f"The file {name} cannot be read (permission denied).")
    if info.st_size == 0:
        raise MediaFileError(f"The file {name} is empty.")
    try:
        media_type = sniff(path)
    except OSError as exc:
        raise MediaFileError(f"The file {name} cannot be read ({exc.strerror}).") from None
    if media_type.kind is not kind:
        raise MediaFileError(
            f"{name} is {_article(media_type.name)}; {_a(kind)} header must be {ACCEPTED[kind]}.",
            fixable=kind is HeaderKind.IMAGE
            and media_type in CONVERTIBLE
            and _ends_whole(path, media_type),
        )
    if media_type in (PNG, JPEG):  # damage first: a broken file is never offered a fit
        _check_image(path, name, media_type)
    max_bytes = MAX_BYTES[kind]
    if info.st_size > max_bytes:
        size, most = format_size(info.st_size), format_size(max_bytes)
        if size == most:
            size, most = f"{info.st_size:,} bytes", f"{max_bytes:,} bytes"
        raise MediaFileError(
            f"{name} is {size}; {_a(kind)} header may be at most {most}.",
            fixable=media_type in (PNG, JPEG),
        )
    if media_type in (PNG, JPEG):
        _check_colour(path, name, media_type)
    return MediaFile(path=path, type=media_type, size=info.st_size)


def _check_colour(path: Path, name: str, media_type: MediaType) -> None:
    """WhatsApp shows 8-bit RGB(A) pictures: 16-bit PNGs and CMYK JPEGs are refused."""
    colour = image_colour(path)
    if colour is None:
        return
    bits, model = colour
    if (media_type is JPEG and bits != 8) or bits > 8:
        raise MediaFileError(
            f"{name} is a {bits}-bit {media_type.name}; an image header must have 8 bits "
            "per colour.",
            fixable=True,
        )
    if model == "CMYK":
        raise MediaFileError(
            f"{name} is a CMYK {media_type.name} (made for print); an image header must be RGB.",
            fixable=True,
        )


def image_colour(path: Path) -> tuple[int, str] | None:
    """Bits per sample and colour model ("RGB", "grey", "palette", "CMYK") of a PNG or JPEG,
    from its header; None when it cannot be read there."""
    with path.open("rb") as handle:
        head = handle.read(32)
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            if len(head) < 26 or head[12:16] != b"IHDR":
                return None
            model = {0: "grey", 2: "RGB", 3: "palette", 4: "grey", 6: "RGB"}.get(head[25], "?")
            return head[24], model
        if head.startswith(b"\xff\xd8"):
            handle.seek(2)
            frame = _jpeg_frame(handle)
            if frame is None:
                return None
            components = frame[3]
            return frame[2], {1: "grey", 3: "RGB", 4: "CMYK"}.get(components, "?")
    return None


def _check_image(path: Path, name: str, media_type: MediaType) -> None:
    """Header and tail checks only: a decompression bomb is refused without decoding it."""
    dimensions = image_size(path)
    if dimensions is None:
        raise MediaFileError(f"{name} is a damaged {media_type.name}: its size cannot be read.")
    width, height = dimensions
    if max(width, height) > MAX_IMAGE_SIDE:
        raise MediaFileError(
            f"{name} is {width:,} × {height:,} pixels; use an image at most "
            f"{MAX_IMAGE_SIDE:,} pixels on its longer side (800 × 418 is what WhatsApp shows)."
        )
    if not _ends_whole(path, media_type):
        raise MediaFileError(
            f"{name} is cut short: the file ends before the image does. Save or export it again."
        )


def _ends_whole(path: Path, media_type: MediaType) -> bool:
    with path.open("rb") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        if media_type is WEBP:  # the RIFF header says how long the file is
            handle.seek(4)
            (declared,) = struct.unpack("<I", handle.read(4).ljust(4, b"\0"))
            return bool(size >= declared + 8)
        if media_type is BMP:  # the header says how long the file is (0: not said)
            handle.seek(2)
            (declared,) = struct.unpack("<I", handle.read(4).ljust(4, b"\0"))
            return bool(size >= declared)
        if media_type is TIFF:  # no end marker: a damaged one is refused by the conversion
            return True
        if media_type is GIF:  # the trailer, ";" (JPEG-like slack after it is tolerated)
            handle.seek(max(0, size - 64))
            return b";" in handle.read(64)
        if media_type is PNG:
            handle.seek(max(0, size - 12))
            return handle.read(12) == _PNG_END
        handle.seek(max(0, size - 4096))  # JPEGs may carry a little data after their end
        return b"\xff\xd9" in handle.read(4096)


def _article(noun: str) -> str:
    """``an image``, ``a video``, ``an MP4 video`` (said "em-pee-four")."""
    first = noun.split(maxsplit=1)[0]
    vowel_sound = first[0].lower() in "aeiou" or (first.isupper() and first[0] in "AEFHILMNORSX")
    return f"an {noun}" if vowel_sound else f"a {noun}"


def _a(kind: HeaderKind) -> str:
    return _article(kind.value)


def image_size(path: Path) -> tuple[int, int] | None:
    """Width and height from a PNG or JPEG header, without decoding pixels."""
    with path.open("rb") as handle:
        head = handle.read(32)
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            if len(head) < 24 or head[12:16] != b"IHDR":
                return None
            width, height = struct.unpack(">II", head[16:24])
            return (width, height) if width and height else None
        if head.startswith(b"\xff\xd8"):
            handle.seek(2)
            frame = _jpeg_frame(handle)
            return frame[:2] if frame is not None else None
    return None


_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_frame(handle: BinaryIO) -> tuple[int, int, int, int] | None:
    """Width, height, bits per sample and number of components from a JPEG's frame header."""
    read = handle.read
    for _ in range(10_000):  # bounded: a crafted file cannot loop forever
        byte = read(1)
        while byte == b"\xff":
            byte = read(1)
        if not byte:
            return None
        marker = byte[0]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            continue  # markers without a length
        raw_length = read(2)
        if len(raw_length) < 2:
            return None
        (segment_length,) = struct.unpack(">H", raw_length)
        if segment_length < 2:
            return None
        if marker in _JPEG_SOF:
            data = read(6)
            if len(data) < 6:
                return None
            height, width = struct.unpack(">HH", data[1:5])
            return (width, height, data[0], data[5]) if width and height else None
        handle.seek(segment_length - 2, 1)
    return None


def format_size(size: int) -> str:
    """Sizes in decimal units, as the limits are stated: 5 MB is 5,000,000 bytes."""
    if size < 1000:
        return f"{size} bytes"
    if size < limits.MB:
        return f"{size / 1000:.1f} KB"
    return f"{size / limits.MB:.1f} MB"
