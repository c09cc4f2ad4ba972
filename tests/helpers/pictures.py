"""Real pictures made with Pillow for the fitting and metadata tests (never binary files in
the repository): a phone photo with GPS EXIF, a WebP, a GIF named .png, a 16-bit PNG, a
CMYK JPEG and a 9 MB photo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PIL import Image

from rampwin_desktop.core.model import Button, Message

GPS_LATITUDE = (52.0, 31.0, 12.34)  # a house in Berlin
MESSAGE = Message(  # a message to put a picture on
    body="Our new shop",
    buttons=(Button("ok", "OK"),),
    recipient="+91 99999 99999",
    channel_id="channel-1",
)


def _noise(size: tuple[int, int], sigma: float) -> Image.Image:
    return Image.merge("RGB", [Image.effect_noise(size, sigma) for _ in range(3)])


def phone_exif(orientation: int = 1) -> bytes:
    """EXIF as a phone writes it: camera, owner, GPS position (and an orientation)."""
    exif = Image.Exif()
    exif[0x010F] = "Pixel"  # Make
    exif[0x0110] = "Pixel 8 Pro"  # Model
    exif[0x013B] = "Jane Doe"  # Artist
    if orientation != 1:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", GPS_LATITUDE
    gps[3], gps[4] = "E", (13.0, 24.0, 5.0)
    return exif.tobytes()


def gps_jpeg(folder: Path, name: str = "holiday.jpg", *, orientation: int = 1) -> Path:
    """A phone photo carrying GPS EXIF, XMP and a comment."""
    path = folder / name
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>Jane</dc:creator></x:xmpmeta>'
    _noise((640, 480), 30).save(
        path,
        "JPEG",
        quality=92,
        exif=phone_exif(orientation),
        comment=b"taken at home",
        xmp=xmp,
    )
    return path


def webp(folder: Path, name: str = "from-browser.webp") -> Path:
    path = folder / name
    _noise((800, 418), 30).save(path, "WEBP")
    return path


def gif_named_png(folder: Path, name: str = "logo.png") -> Path:
    path = folder / name
    _noise((400, 300), 30).convert("P").save(path, "GIF")
    return path


def png16(folder: Path, name: str = "screenshot.png") -> Path:
    """A 16-bit greyscale PNG (a gradient)."""
    path = folder / name
    gradient = Image.linear_gradient("L").resize((600, 400)).convert("I")
    gradient.point(lambda value: value * 256).convert("I;16").save(path, "PNG")
    return path


def cmyk_jpeg(folder: Path, name: str = "print-shop.jpg") -> Path:
    path = folder / name
    _noise((800, 600), 30).convert("CMYK").save(path, "JPEG", quality=90)
    return path


def big_photo(folder: Path, name: str = "camera.jpg") -> Path:
    """A 4000 × 3000 photo of about 9 MB (noise, quality 98)."""
    path = folder / name
    _noise((4000, 3000), 11).save(path, "JPEG", quality=98)
    return path


def bmp(folder: Path, name: str = "scan.bmp") -> Path:
    path = folder / name
    _noise((640, 480), 30).save(path, "BMP")
    return path


def tiff(folder: Path, name: str = "from-the-printer.tif") -> Path:
    """A 16-bit grey TIFF (as scanners make), LZW-compressed."""
    path = folder / name
    gradient = Image.linear_gradient("L").resize((600, 400)).convert("I")
    gradient.point(lambda value: value * 256).convert("I;16").save(
        path, "TIFF", compression="tiff_lzw"
    )
    return path


UNFIT: dict[str, Callable[[Path], Path]] = {
    "webp": webp,
    "bmp": bmp,
    "tiff": tiff,
    "gif named png": gif_named_png,
    "16-bit png": png16,
    "cmyk jpeg": cmyk_jpeg,
    "9 MB photo": big_photo,
}
