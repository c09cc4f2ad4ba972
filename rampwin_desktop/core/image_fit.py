"""Make a header picture fit WhatsApp, and take its metadata off: the bytes to upload.

``fit`` converts: to a JPEG (a PNG when the picture has transparency and the PNG still
fits), 8-bit RGB(A), EXIF orientation applied, long side at most ``MAX_SIDE``, at most
``limits.IMAGE_MAX_BYTES``, quality lowered step by step from ``START_QUALITY`` only as far
as the size needs. ``strip_metadata`` removes EXIF, XMP, IPTC and comments, copying the
picture's data as it is (``core/image_meta.py``) unless the orientation forces a turn.

Both read the file they are given and return bytes and a report; neither writes anything
(``storage/fitted_images.py`` keeps the results). Pillow loads at the first use, so the
commands and the window that never fit a picture never pay for it.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rampwin_desktop.core import image_meta, limits, media

if TYPE_CHECKING:
    from PIL.Image import Image

MAX_SIDE = 4096  # WhatsApp shows 800 × 418; larger is only bytes on the way
START_QUALITY = 90
QUALITY_STEP = 5
MIN_QUALITY = 50
MAX_SOURCE_BYTES = 200 * limits.MB  # read whole into memory: a bound
SHRINK = 0.8  # when the lowest quality is still too large, the picture is made smaller
_TRANSPOSE = {2: 0, 3: 3, 4: 1, 5: 5, 6: 4, 7: 6, 8: 2}  # EXIF orientation → Image.Transpose


class FitError(ValueError):
    """The picture cannot be converted (damaged, or not a picture); a sentence for the user."""


@dataclass(frozen=True)
class Picture:
    type: str  # "WebP image"
    size: int  # bytes
    width: int
    height: int

    def words(self) -> str:
        return f"{self.type}, {media.format_size(self.size)}, {self.width} × {self.height} px"


@dataclass(frozen=True)
class FitReport:
    before: Picture
    after: Picture
    removed: tuple[str, ...]  # metadata taken off, in words ("location (GPS)", "EXIF", ...)
    rotated: bool  # turned upright from its EXIF orientation
    reencoded: bool  # False: the picture's data was copied byte for byte
    quality: int | None  # the JPEG quality used, when encoded as a JPEG

    def sentence(self, name: str) -> str:
        """What was done to the file called ``name``, in one sentence."""
        if not self.reencoded:
            return (
                f"{name}: removed {image_meta.describe(self.removed)} "
                f"({media.format_size(self.before.size)} → {media.format_size(self.after.size)}); "
                "the picture's data is copied unchanged."
            )
        parts = [f"{name}: {self.before.words()} → {self.after.words()}"]
        if self.quality is not None:
            parts.append(f"quality {self.quality}")
        if self.rotated:
            parts.append("turned upright as its EXIF orientation says")
        parts.append(
            f"removed {image_meta.describe(self.removed)}"
            if self.removed
            else "no metadata to remove"
        )
        return "; ".join(parts) + "."


@dataclass(frozen=True)
class Fitted:
    data: bytes
    suffix: str  # ".jpg" or ".png"
    report: FitReport


def fit(path: Path, *, max_bytes: int = limits.IMAGE_MAX_BYTES) -> Fitted:
    """``path`` converted to a picture WhatsApp accepts; raises FitError when it cannot be."""
    from PIL import Image

    path = Path(path)
    name = path.name
    try:
        if path.stat().st_size > MAX_SOURCE_BYTES:
            raise FitError(
                f"{name} is {media.format_size(path.stat().st_size)}; pictures over "
                f"{media.format_size(MAX_SOURCE_BYTES)} are not converted."
            )
        raw = path.read_bytes()
        source_type = media.sniff(path)
    except OSError as exc:
        raise FitError(f"{name} cannot be read ({exc.strerror}).") from None
    if source_type not in media.CONVERTIBLE:
        raise FitError(f"{name} is {_article(source_type.name)}, not a picture to convert.")
    removed = image_meta.inspect_bytes(raw).found  # headers only: the pixels are decoded once
    # Our own guard (media.MAX_IMAGE_SIDE) is checked before any pixel is decoded; set once
    # for the process (catch_warnings is not thread-safe, and fit runs in a worker thread).
    warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)
    try:
        with Image.open(io.BytesIO(raw)) as image:
            stored_size = image.size
            frame, orientation, extra = _decode(image, name)
    except FitError:
        raise
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        raise FitError(f"{name} is a damaged {source_type.name}: it cannot be decoded.") from None
    removed = removed or extra
    before = Picture(source_type.name, len(raw), *stored_size)
    data, suffix, quality, out = _encode(frame, orientation, max_bytes)
    after = Picture(media.JPEG.name if suffix == ".jpg" else media.PNG.name, len(data), *out)
    report = FitReport(before, after, removed, orientation != 1, True, quality)
    return Fitted(data, suffix, report)


def _article(noun: str) -> str:
    return ("an " if noun[0].lower() in "aeiou" else "a ") + noun


def _decode(image: Image, name: str) -> tuple[Image, int, tuple[str, ...]]:
    """The first frame, decoded at the smallest scale that still gives ``MAX_SIDE`` pixels,
    its EXIF orientation, and the metadata Pillow saw (for WebP and GIF)."""
    width, height = image.size
    if max(width, height) > media.MAX_IMAGE_SIDE:
        raise FitError(
            f"{name} is {width:,} × {height:,} pixels; pictures over "
            f"{media.MAX_IMAGE_SIDE:,} pixels on a side are not converted."
        )
    extra = tuple(
        word
        for key, word in (("exif", "EXIF"), ("xmp", "XMP"), ("XML:com.adobe.xmp", "XMP"))
        if image.info.get(key)
    ) + (("comment",) if image.info.get("comment") else ())
    exif = image.info.get("exif")
    details, orientation = image_meta.exif_summary(exif) if isinstance(exif, bytes) else ([], 1)
    extra = (*details, *extra)
    if image.format == "JPEG" and max(width, height) > 2 * MAX_SIDE:
        scale = MAX_SIDE / max(width, height)
        # JPEG decodes at 1/2, 1/4, 1/8 for free; draft keeps at least the size asked.
        image.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
    image.seek(0)  # an animated GIF or WebP: its first frame
    image.load()
    return _eight_bit(image), orientation, tuple(dict.fromkeys(extra))


def _eight_bit(image: Image) -> Image:
    """RGB, or RGBA when some pixel is not opaque; 16-bit samples scaled, not clipped."""
    icc = image.info.get("icc_profile") if image.mode in ("RGB", "RGBA") else None
    mode = image.mode
    if mode.startswith("I"):  # 16-bit grey (I;16...) or 32-bit integer
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
        mode = "L"
    transparent = mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info
    if transparent:
        converted = image.convert("RGBA")
        low, _high = converted.getchannel("A").getextrema()
        if low == 255:
            converted = converted.convert("RGB")
    else:
        converted = image.convert("RGB") if mode != "RGB" else image
    converted.info = {"icc_profile": icc} if icc else {}
    return converted


def _encode(
    frame: Image, orientation: int, max_bytes: int
) -> tuple[bytes, str, int | None, tuple[int, int]]:
    """The picture's bytes, suffix, JPEG quality and size (width, height), turned upright."""
    from PIL import Image

    icc = frame.info.get("icc_profile")
    while True:
        upright = _sized(frame, orientation)
        if upright.mode == "RGBA":
            buffer = io.BytesIO()
            upright.save(buffer, "PNG", icc_profile=icc)
            if buffer.tell() <= max_bytes:
                return buffer.getvalue(), ".png", None, upright.size
            flat = Image.new("RGB", upright.size, (255, 255, 255))
            flat.paste(upright, mask=upright.getchannel("A"))
            upright = flat
        for quality in range(START_QUALITY, MIN_QUALITY - 1, -QUALITY_STEP):
            buffer = io.BytesIO()
            upright.save(buffer, "JPEG", quality=quality, icc_profile=icc)
            if buffer.tell() <= max_bytes:
                return buffer.getvalue(), ".jpg", quality, upright.size
        width, height = frame.size
        frame = frame.resize((max(1, int(width * SHRINK)), max(1, int(height * SHRINK))))
        frame.info = {"icc_profile": icc} if icc else {}


def _sized(frame: Image, orientation: int) -> Image:
    """At most ``MAX_SIDE`` on the long side (resized before turning: fewer pixels to move)."""
    from PIL import Image

    width, height = frame.size
    if max(width, height) > MAX_SIDE:
        scale = MAX_SIDE / max(width, height)
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        frame = frame.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    if orientation in _TRANSPOSE:
        frame = frame.transpose(Image.Transpose(_TRANSPOSE[orientation]))
    return frame


def strip_metadata(path: Path) -> Fitted | None:
    """``path`` (a JPEG or PNG that fits) without its metadata; None when it carries none.

    The picture's data is copied byte for byte, unless its EXIF orientation is not 1: then
    the pixels are turned upright (re-encoded by ``fit``), or the photo would show sideways
    once the orientation is gone; the report says so. Raises FitError when damaged.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FitError(f"{path.name} cannot be read ({exc.strerror}).") from None
    try:
        stripped = image_meta.strip(raw)
    except image_meta.ImageDataError:
        raise FitError(f"{path.name} is damaged: its structure cannot be followed.") from None
    found = stripped.metadata
    if found.orientation != 1:
        return fit(path)
    if not found.any:
        return None
    png = raw.startswith(image_meta.PNG_SIGNATURE)
    kind = media.PNG.name if png else media.JPEG.name
    width, height = media.image_size(path) or (0, 0)
    report = FitReport(
        Picture(kind, len(raw), width, height),
        Picture(kind, len(stripped.data), width, height),
        found.found,
        rotated=False,
        reencoded=False,
        quality=None,
    )
    return Fitted(stripped.data, ".png" if png else ".jpg", report)
