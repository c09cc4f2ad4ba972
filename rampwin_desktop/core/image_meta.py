"""What a JPEG or PNG says about where and with what it was taken, and copies without it.

Pure byte work, no imaging library: a JPEG's segments (or a PNG's chunks) are copied and
the metadata ones dropped, so the pixels' own bytes (the JPEG's entropy-coded scans, the
PNG's IDAT) come out byte for byte as they went in. ``docs/limits.md`` lists what is kept.

Kept, because showing the pixels the same needs them: JPEG JFIF (APP0), ICC colour
profile (APP2 ``ICC_PROFILE``), Adobe (APP14, the colour transform), and every table,
frame and scan; PNG every chunk but the text and time ones.
Removed: JPEG EXIF and XMP (APP1), IPTC (APP13), comments (COM), every other APPn
segment (JFXX thumbnails, FlashPix, MPF extra images, maker notes...) and whatever
follows the image's end (phones append preview images there); PNG ``tEXt``, ``zTXt``,
``iTXt``, ``eXIf`` and ``tIME``, and whatever follows ``IEND``.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_DROPPED = frozenset({b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"})
_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM, RST0-7: markers without a length


class ImageDataError(ValueError):
    """The file's structure cannot be followed (damaged, or not a JPEG/PNG)."""


@dataclass(frozen=True)
class Metadata:
    """What a picture carries beyond its pixels (``found``, in words) and its orientation."""

    found: tuple[str, ...] = ()
    orientation: int = 1  # EXIF orientation, 1 = as stored

    @property
    def any(self) -> bool:
        return bool(self.found)


@dataclass(frozen=True)
class Stripped:
    data: bytes
    metadata: Metadata  # what the original carried (all of it removed, but orientation)


# ---------------------------------------------------------------------- JPEG


def _jpeg_segments(data: bytes) -> list[tuple[int, int, int]]:
    """(marker, start, end) of each piece of a JPEG up to and including EOI: segments with
    their marker bytes, and each scan's entropy-coded data as marker 0 (kept as it is)."""
    if not data.startswith(b"\xff\xd8"):
        raise ImageDataError("not a JPEG")
    pieces = [(0xD8, 0, 2)]
    position, size = 2, len(data)
    while position < size:
        if data[position] != 0xFF:
            raise ImageDataError("a JPEG segment does not start with a marker")
        marker_at = position
        while position < size and data[position] == 0xFF:  # fill bytes
            position += 1
        if position >= size:
            break
        marker = data[position]
        position += 1
        if marker == 0xD9:
            pieces.append((marker, marker_at, position))
            return pieces
        if marker in _STANDALONE:
            pieces.append((marker, marker_at, position))
            continue
        if position + 2 > size:
            break
        (length,) = struct.unpack_from(">H", data, position)
        if length < 2 or position + length > size:
            break
        position += length
        pieces.append((marker, marker_at, position))
        if marker == 0xDA:  # a scan: its data runs to the next marker that is not RST/stuffing
            start = position
            while True:
                position = data.find(b"\xff", position)
                if position < 0 or position + 1 >= size:
                    raise ImageDataError("the JPEG ends inside its image data")
                following = data[position + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    position += 1 if following == 0xFF else 2
                    continue
                break
            pieces.append((0, start, position))
    raise ImageDataError("the JPEG ends before its end marker")


def _jpeg_dropped(marker: int, payload: bytes) -> str | None:
    """What a segment is when it is metadata to remove, else None."""
    if marker == 0xFE:
        return "comment"
    if marker == 0xE0:
        return None if payload.startswith(b"JFIF\x00") else "thumbnail (JFXX)"
    if marker == 0xE1:
        return "XMP" if payload.startswith(b"http://ns.adobe.com/") else "EXIF"
    if marker == 0xE2:
        return None if payload.startswith(b"ICC_PROFILE\x00") else "extra images (MPF/FlashPix)"
    if marker == 0xED:
        return "IPTC"
    if marker == 0xEE:
        return None if payload.startswith(b"Adobe") else "APP14"
    if 0xE3 <= marker <= 0xEF:
        return f"APP{marker - 0xE0}"
    return None


def strip_jpeg(data: bytes) -> Stripped:
    """``data`` without its metadata segments; the scans are copied, never re-encoded."""
    kept: list[bytes] = []
    found: list[str] = []
    orientation = 1
    pieces = _jpeg_segments(data)
    for marker, start, end in pieces:
        payload = data[start + 4 : end] if marker not in (0, 0xD8, 0xD9) else b""
        what = _jpeg_dropped(marker, payload) if marker not in (0, *_STANDALONE) else None
        if what is None:
            kept.append(data[start:end])
            continue
        if what == "EXIF" and payload.startswith(b"Exif\x00\x00"):
            details, orientation = _exif_details(payload[6:])
            found.extend(details)
        found.append(what)
    if pieces[-1][2] < len(data.rstrip(b"\x00")):
        found.append("data after the image")
    return Stripped(b"".join(kept), Metadata(_unique(found), orientation))


def jpeg_scan_data(data: bytes) -> bytes:
    """Every scan's entropy-coded data, joined: what must not change when metadata goes."""
    return b"".join(data[start:end] for marker, start, end in _jpeg_segments(data) if marker == 0)


# ---------------------------------------------------------------------- EXIF

_GPS, _MAKE, _MODEL, _ARTIST, _COPYRIGHT = 0x8825, 0x010F, 0x0110, 0x013B, 0x8298
_ORIENTATION = 0x0112
_EXIF_WORDS = {
    _GPS: "location (GPS)",
    _MAKE: "camera",
    _MODEL: "camera",
    _ARTIST: "owner's name",
    _COPYRIGHT: "owner's name",
}


def _exif_details(tiff: bytes) -> tuple[list[str], int]:
    """What IFD0 of an EXIF block tells (location, camera, owner), and its orientation."""
    if tiff[:2] == b"II":
        order = "<"
    elif tiff[:2] == b"MM":
        order = ">"
    else:
        return [], 1
    try:
        (offset,) = struct.unpack_from(order + "I", tiff, 4)
        (count,) = struct.unpack_from(order + "H", tiff, offset)
        details: list[str] = []
        orientation = 1
        for index in range(min(count, 1000)):
            tag, kind, _number = struct.unpack_from(order + "HHI", tiff, offset + 2 + 12 * index)
            if tag in _EXIF_WORDS:
                details.append(_EXIF_WORDS[tag])
            if tag == _ORIENTATION and kind == 3:
                (value,) = struct.unpack_from(order + "H", tiff, offset + 2 + 12 * index + 8)
                orientation = value if 1 <= value <= 8 else 1
    except struct.error:
        return [], 1
    return details, orientation


def exif_summary(exif_block: bytes) -> tuple[list[str], int]:
    """What an EXIF block (Pillow's ``info["exif"]``: ``Exif\\0\\0`` + TIFF) tells (location,
    camera, owner) and its orientation."""
    tiff = exif_block[6:] if exif_block.startswith(b"Exif\x00\x00") else exif_block
    return _exif_details(tiff)


# ---------------------------------------------------------------------- PNG


def strip_png(data: bytes) -> Stripped:
    """``data`` without its text and time chunks; every other chunk byte for byte."""
    if not data.startswith(PNG_SIGNATURE):
        raise ImageDataError("not a PNG")
    kept = [PNG_SIGNATURE]
    found: list[str] = []
    orientation = 1
    position, size = len(PNG_SIGNATURE), len(data)
    while True:
        if position + 12 > size:
            raise ImageDataError("the PNG ends before its IEND chunk")
        (length,) = struct.unpack_from(">I", data, position)
        kind = data[position + 4 : position + 8]
        end = position + 12 + length
        if end > size:
            raise ImageDataError("the PNG ends inside a chunk")
        if kind in PNG_DROPPED:
            payload = data[position + 8 : end - 4]
            if kind == b"eXIf":  # raw TIFF, as in a JPEG's EXIF after "Exif\0\0"
                details, orientation = _exif_details(payload)
                found.extend(details)
            found.append(_png_words(kind, payload))
        else:
            kept.append(data[position:end])
        position = end
        if kind == b"IEND":
            break
    if position < size:
        found.append("data after the image")
    return Stripped(b"".join(kept), Metadata(_unique(found), orientation))


def _png_words(kind: bytes, payload: bytes) -> str:
    if kind == b"eXIf":
        return "EXIF"
    if kind == b"tIME":
        return "time saved"
    if payload.startswith(b"XML:com.adobe.xmp"):
        return "XMP"
    return "text notes"


# ---------------------------------------------------------------------- either


def strip(data: bytes) -> Stripped:
    """A JPEG's or PNG's bytes without metadata (raises ImageDataError for anything else)."""
    if data.startswith(PNG_SIGNATURE):
        return strip_png(data)
    return strip_jpeg(data)


def inspect(path: Path) -> Metadata:
    """What ``path`` (a JPEG or PNG) carries, reading only its headers: the metadata sits
    before the pixels, so a 10 MB photo costs a few kilobytes. Nothing found for anything
    else or anything damaged."""
    try:
        with Path(path).open("rb") as handle:
            return _inspect(handle)
    except OSError:
        return Metadata()


def inspect_bytes(data: bytes) -> Metadata:
    """``inspect`` for a picture in memory."""
    return _inspect(io.BytesIO(data))


def _inspect(stream: BinaryIO) -> Metadata:
    head = stream.read(8)
    try:
        if head.startswith(PNG_SIGNATURE):
            return _inspect_png(stream)
        if head.startswith(b"\xff\xd8"):
            return _inspect_jpeg(stream)
    except (struct.error, ImageDataError):
        pass
    return Metadata()


def _inspect_jpeg(stream: BinaryIO) -> Metadata:
    found: list[str] = []
    orientation = 1
    position = 2
    for _ in range(10_000):
        stream.seek(position)
        marker_bytes = stream.read(4)
        if len(marker_bytes) < 4 or marker_bytes[0] != 0xFF:
            break
        marker = marker_bytes[1]
        if marker in (0xDA, 0xD9):
            break
        if marker in _STANDALONE or marker == 0xFF:
            position += 1 if marker == 0xFF else 2
            continue
        (length,) = struct.unpack(">H", marker_bytes[2:])
        payload = stream.read(min(length - 2, 1 << 16)) if 0xE0 <= marker <= 0xFE else b""
        what = _jpeg_dropped(marker, payload)
        if what is not None:
            if what == "EXIF" and payload.startswith(b"Exif\x00\x00"):
                details, orientation = _exif_details(payload[6:])
                found.extend(details)
            found.append(what)
        position += 2 + length
    return Metadata(_unique(found), orientation)


def _inspect_png(stream: BinaryIO) -> Metadata:
    found: list[str] = []
    orientation = 1
    position = len(PNG_SIGNATURE)
    for _ in range(100_000):
        stream.seek(position)
        header = stream.read(8)
        if len(header) < 8:
            break
        (length,) = struct.unpack(">I", header[:4])
        kind = header[4:]
        if kind in PNG_DROPPED:
            payload = stream.read(min(length, 1 << 16 if kind == b"eXIf" else 64))
            if kind == b"eXIf":
                details, orientation = _exif_details(payload)
                found.extend(details)
            found.append(_png_words(kind, payload))
        if kind == b"IEND":
            break
        position += 12 + length
    return Metadata(_unique(found), orientation)


def _unique(words: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(words))


def tells_where_or_what(found: tuple[str, ...]) -> bool:
    """Whether metadata ``found`` says where a picture was taken or with what: its location
    or its camera (not only, say, the time a program saved it)."""
    return any(word in ("location (GPS)", "camera") for word in found)


def describe(found: tuple[str, ...]) -> str:
    """``found`` as words for a person: "location (GPS), camera, EXIF and XMP"."""
    if not found:
        return "nothing"
    if len(found) == 1:
        return found[0]
    return ", ".join(found[:-1]) + " and " + found[-1]
