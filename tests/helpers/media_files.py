"""Real media files made from bytes (no Qt), for tests."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path


def png_bytes(width: int = 4, height: int = 3, *, padding: int = 0) -> bytes:
    """A valid RGB PNG; ``padding`` adds an ancillary chunk of that many bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x20\x80\xc0" * width for _ in range(height))
    extra = chunk(b"tEXt", b"pad\x00" + b"x" * padding) if padding else b""
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + extra
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def jpeg_bytes(width: int = 800, height: int = 418) -> bytes:
    """The markers of a baseline JPEG (SOI, APP0, SOF0, EOI): enough to be recognised."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xd9"


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def png(folder: Path, name: str = "header.png", width: int = 4, height: int = 3) -> Path:
    return write(folder / name, png_bytes(width, height))


def jpeg(folder: Path, name: str = "header.jpg", width: int = 800, height: int = 418) -> Path:
    return write(folder / name, jpeg_bytes(width, height))


def sized_png(folder: Path, size: int, name: str = "big.png") -> Path:
    """A valid PNG of exactly ``size`` bytes."""
    base = len(png_bytes(padding=1)) - 1
    return write(folder / name, png_bytes(padding=size - base))


def gif(folder: Path, name: str = "fake.png") -> Path:
    return write(folder / name, b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")


def webp(folder: Path, name: str = "fake.png") -> Path:
    return write(folder / name, b"RIFF\x1a\x00\x00\x00WEBPVP8 " + b"\x00" * 14)


def mp4(folder: Path, name: str = "clip.mp4", size: int = 64) -> Path:
    head = struct.pack(">I", 24) + b"ftypisom" + b"\x00\x00\x02\x00isomiso2"
    return write(folder / name, head + b"\x00" * max(0, size - len(head)))


def pdf(folder: Path, name: str = "doc.pdf") -> Path:
    return write(folder / name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")


def docx(folder: Path, name: str = "letter.docx") -> Path:
    path = folder / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return path


def xlsx(folder: Path, name: str = "sheet.xlsx") -> Path:
    path = folder / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return path
