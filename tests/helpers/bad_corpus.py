"""Make the bad-input corpus: real bad files, not descriptions of them.

    python tests/make_bad_corpus.py [FOLDER]     (default: tests/data/bad)

The tests call :func:`make` into a temporary folder; running it by hand fills
tests/data/bad/ (ignored by git: it holds a 5 MB file, a pipe and a symlink loop).
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
import sys
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.helpers import media_files

# name -> (what it is, header kind it is tried as, words the refusal must contain)
MEDIA_CASES: dict[str, tuple[str, str, str]] = {
    "truncated.png": ("a PNG cut off in the middle of its pixel data", "image", "cut short"),
    "cut-header.png": ("a PNG cut off inside its header", "image", "damaged"),
    "empty.png": ("a zero-byte file", "image", "is empty"),
    "animation.png": ("a GIF named .png", "image", "GIF image"),
    "sticker.png": ("a WebP named .png", "image", "WebP image"),
    "oversized.png": ("a valid PNG of 5,000,001 bytes", "image", "5,000,001 bytes"),
    "bomb.png": (
        "a real 20,000 × 20,000 PNG in 60 KB (a decompression bomb)",
        "image",
        "20,000 × 20,000",
    ),
    "notes.jpg": ("a text file named .jpg", "image", "unknown type"),
    "folder.png": ("a directory", "image", "is a folder"),
    "unreadable.png": ("a PNG no one may read (mode 000)", "image", "cannot be read"),
    "loop.png": ("a symbolic link loop", "image", "cannot be read"),
    "pipe.png": ("a named pipe (reading it would block forever)", "image", "not an ordinary file"),
    "clip.mp4.png": ("an MP4 named .png", "image", "MP4 video"),
    "movie.mov": ("a QuickTime file as a video header", "video", "QuickTime video"),
}

DRAFT_CASES: dict[str, tuple[str, str]] = {
    "not-json.json": ("text that is not JSON", "not valid JSON"),
    "array.json": ("a JSON array", "should be an object, but it is a list"),
    "wrong-types.json": ("a body text that is a number", "should be text, but it is a number"),
    "unknown-header.json": ("a header of type sticker", 'header type "sticker"'),
    "huge.json": ("a 50 MB JSON file", "50.0 MB"),
    "nested.json": ("100,000 nested arrays in 200 KB", "nested too deeply"),
    "long-number.json": ("a 5,000-digit number as phone_number", "phone_number is too long"),
    "duplicate-key.json": ('"phone_number" twice in one object', 'the field "phone_number" twice'),
    "pipe.json": ("a named pipe (reading it would block forever)", "not an ordinary file"),
    "zero.json": ("a link to /dev/zero (endless; its size says 0)", "not an ordinary file"),
}
UNREADABLE = "unreadable.png"
# The drafts that crashed or hung ``send`` (issue 16): each refused with its own message.
HOSTILE_DRAFTS = ("nested.json", "long-number.json", "duplicate-key.json", "pipe.json", "zero.json")
TEN_BUTTONS = "ten-buttons.json"  # opens (so it can be fixed); validation names the problem


def _bomb(width: int, height: int) -> bytes:
    """A real PNG: 1-bit greyscale, all zero, compressed from 50 MB of rows to ~60 KB."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def make(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    png = media_files.png_bytes(64, 64)
    media_files.write(folder / "truncated.png", png[: len(png) - 20])
    media_files.write(folder / "cut-header.png", png[:20])
    media_files.write(folder / "empty.png", b"")
    media_files.gif(folder, "animation.png")
    media_files.webp(folder, "sticker.png")
    media_files.sized_png(folder, 5_000_001, "oversized.png")
    media_files.write(folder / "bomb.png", _bomb(20_000, 20_000))
    media_files.write(folder / "notes.jpg", b"Meeting notes: not an image at all.\n")
    (folder / "folder.png").mkdir(exist_ok=True)
    unreadable = media_files.write(folder / "unreadable.png", png)
    unreadable.chmod(0)
    for name, target in (("loop.png", "loop-b.png"), ("loop-b.png", "loop.png")):
        if not (folder / name).is_symlink():
            (folder / name).symlink_to(target)
    if not (folder / "pipe.png").exists():
        os.mkfifo(folder / "pipe.png")
    media_files.mp4(folder, "clip.mp4.png")
    media_files.write(
        folder / "movie.mov", struct.pack(">I", 20) + b"ftypqt  \x00\x00\x02\x00qt  " + b"\x00" * 64
    )

    (folder / "not-json.json").write_text("channel_id = 'abc'\n")
    (folder / "array.json").write_text("[1, 2, 3]\n")
    (folder / "wrong-types.json").write_text(json.dumps({"interactive": {"body": {"text": 42}}}))
    (folder / "unknown-header.json").write_text(
        json.dumps({"interactive": {"header": {"type": "sticker"}, "body": {"text": "hi"}}})
    )
    buttons = [
        {"type": "reply", "reply": {"id": f"b{n}", "title": f"Option {n}"}} for n in range(10)
    ]
    (folder / TEN_BUTTONS).write_text(
        json.dumps({"interactive": {"body": {"text": "Pick one"}, "action": {"buttons": buttons}}})
    )
    (folder / "nested.json").write_text("[" * 100_000 + "]" * 100_000)
    (folder / "long-number.json").write_text(
        '{"phone_number": ' + "9" * 5000 + ', "interactive": {"body": {"text": "hi"}}}'
    )
    (folder / "duplicate-key.json").write_text(
        '{"phone_number": "919999999999", "interactive": {"body": {"text": "hi"}}, '
        '"phone_number": "447911123456"}'
    )
    if not (folder / "pipe.json").exists():
        os.mkfifo(folder / "pipe.json")
    if not (folder / "zero.json").is_symlink():
        (folder / "zero.json").symlink_to("/dev/zero")
    with (folder / "huge.json").open("wb") as stream:
        stream.write(b'{"interactive": {"body": {"text": "')
        stream.truncate(50_000_000)
    return folder


@contextmanager
def fifo_released_after(path: Path, seconds: float) -> Iterator[None]:
    """While the block runs: after ``seconds``, a reader stuck on the FIFO at ``path`` gets
    an end of file, so that a test of code that blocks on it fails instead of hanging."""
    done = threading.Event()

    def release() -> None:
        if done.wait(seconds):
            return
        with contextlib.suppress(OSError):  # ENXIO: nobody is reading, nothing to release
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))

    helper = threading.Thread(target=release, daemon=True)
    helper.start()
    try:
        yield
    finally:
        done.set()
        helper.join()


def check_as_nobody(path: Path, kind: str) -> str:
    """The refusal for ``path`` as an unprivileged user (root may read any file).

    Runs the check in a forked child that drops to uid/gid 65534 when it is root.
    Returns the message, or "accepted".
    """
    from rampwin_desktop.core.media import MediaFileError, check_media_file
    from rampwin_desktop.core.model import HeaderKind

    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # the child: no Qt, no pytest, just the check
        os.close(read_end)
        try:
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            check_media_file(path, HeaderKind(kind))
            text = "accepted"
        except MediaFileError as exc:
            text = str(exc)
        except BaseException as exc:  # a crash is a result too
            text = f"crashed: {exc!r}"
        os.write(write_end, text.encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as stream:
        text = stream.read().decode()
    os.waitpid(child, 0)
    return text


def refusal(path: Path, kind: str) -> str:
    """What the user is told for ``path`` as a ``kind`` header ("accepted" if nothing).

    Only the permission case runs as 'nobody', and only as root (root may read any file):
    every other file is checked as the user, so its own reason shows, not the folder's
    permissions. The folder must be traversable by 'nobody' (see :func:`traversable`)."""
    from rampwin_desktop.core.media import MediaFileError, check_media_file
    from rampwin_desktop.core.model import HeaderKind

    if path.name == UNREADABLE and os.geteuid() == 0:
        return check_as_nobody(path, kind)
    try:
        check_media_file(path, HeaderKind(kind))
    except MediaFileError as exc:
        return str(exc)
    return "accepted"


def traversable(folder: Path) -> Path:
    """``folder`` and the folders it is in (up to the first that is) opened to 'nobody', so
    that the unreadable case is refused for the file's own mode."""
    for each in (folder, *folder.parents):
        if each.stat().st_mode & 0o001:
            break
        each.chmod(each.stat().st_mode | 0o005)
    return folder


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "data" / "bad"
    print(f"bad-input corpus written to {make(target)}")
