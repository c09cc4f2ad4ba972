"""A small streaming reader for ``multipart/form-data`` request bodies.

File parts go straight to disk in chunks, so a 100 MB upload costs the sandbox
a 64 KB buffer, not 100 MB of memory.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

CHUNK = 64 * 1024
MAX_HEADER_BYTES = 16 * 1024
MAX_FIELD_BYTES = 64 * 1024


class MultipartError(ValueError):
    pass


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


@dataclass
class FilePart:
    name: str
    filename: str
    content_type: str
    path: Path
    size: int


@dataclass
class Form:
    files: dict[str, FilePart] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)


def boundary_of(content_type: str) -> bytes:
    if not content_type.lower().startswith("multipart/form-data"):
        raise MultipartError("not multipart/form-data")
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if not match:
        raise MultipartError("no boundary")
    return match.group(1).encode("latin-1")


class _Limited:
    """The ``length`` bytes of ``stream``: the parser only asks for more when it needs more,
    so asking past the end (the declared length, or the client leaving) is a short body,
    never an empty read to loop on."""

    def __init__(self, stream: Readable, length: int) -> None:
        self._stream = stream
        self.left = length

    def read(self, size: int) -> bytes:
        if self.left <= 0:
            raise MultipartError("the body is shorter than the form it should hold")
        data = self._stream.read(min(size, self.left))
        if not data:
            raise MultipartError("the body ended early")
        self.left -= len(data)
        return data


def read_form(stream: Readable, length: int, content_type: str, folder: Path) -> Form:
    """Read the whole body; file parts are written under ``folder``."""
    boundary = boundary_of(content_type)
    body = _Limited(stream, length)
    buffer = b""
    opening = b"--" + boundary
    delimiter = b"\r\n--" + boundary
    while len(buffer) < len(opening) + 2:
        chunk = body.read(CHUNK)
        buffer += chunk
    if not buffer.startswith(opening):
        raise MultipartError("the body does not start with the boundary")
    buffer = buffer[len(opening) :]
    form = Form()
    count = 0
    while True:
        while len(buffer) < 2:
            buffer += body.read(CHUNK)
        if buffer.startswith(b"--"):
            return form  # closing delimiter
        if not buffer.startswith(b"\r\n"):
            raise MultipartError("a boundary is not followed by a line break")
        buffer = buffer[2:]
        while b"\r\n\r\n" not in buffer:
            if len(buffer) > MAX_HEADER_BYTES:
                raise MultipartError("part headers are too long")
            buffer += body.read(CHUNK)
        raw_headers, buffer = buffer.split(b"\r\n\r\n", 1)
        headers = _parse_headers(raw_headers)
        disposition = headers.get("content-disposition", "")
        name = _param(disposition, "name")
        filename = _param(disposition, "filename")
        count += 1
        if filename is not None:
            target = folder / f"part-{count}"
            with target.open("wb") as out:
                buffer, size = _copy_until(body, buffer, delimiter, out.write, limit=None)
            form.files[name or ""] = FilePart(
                name=name or "",
                filename=filename,
                content_type=headers.get("content-type", "application/octet-stream"),
                path=target,
                size=size,
            )
        else:
            chunks: list[bytes] = []
            buffer, _ = _copy_until(body, buffer, delimiter, chunks.append, limit=MAX_FIELD_BYTES)
            form.fields[name or ""] = b"".join(chunks).decode("utf-8", "replace")
        buffer = buffer[len(delimiter) :]


def _copy_until(
    body: _Limited,
    buffer: bytes,
    delimiter: bytes,
    write: Callable[[bytes], object],
    limit: int | None,
) -> tuple[bytes, int]:
    """Pass bytes to ``write`` until ``delimiter``; return what follows it (delimiter included)."""
    size = 0
    keep = len(delimiter) - 1
    while True:
        index = buffer.find(delimiter)
        if index >= 0:
            write(buffer[:index])
            return buffer[index:], size + index
        if len(buffer) > keep:
            write(buffer[:-keep])
            size += len(buffer) - keep
            buffer = buffer[-keep:]
        if limit is not None and size > limit:
            raise MultipartError("a form field is too long")
        buffer += body.read(CHUNK)


def _parse_headers(raw: bytes) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in raw.decode("utf-8", "replace").split("\r\n"):
        key, _, value = line.partition(":")
        if key:
            headers[key.strip().lower()] = value.strip()
    return headers


def _param(header: str, key: str) -> str | None:
    match = re.search(rf'(?:^|;)\s*{key}="((?:[^"\\]|\\.)*)"', header) or re.search(
        rf"(?:^|;)\s*{key}=([^;]+)", header
    )
    if not match:
        return None
    return match.group(1).replace('\\"', '"').strip()
