"""How WhatsApp fits a header image into a bubble (pure arithmetic, no Qt).

The image is shown at the bubble's width. Its height follows the image's shape
within limits: wider than 1.91:1 it is letterboxed (bars above and below, image
whole), taller than 4:5 it is cropped around its centre. (Community re-creations;
WhatsApp does not publish the numbers, see docs/preview.md.)
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

WIDEST = 1.91  # width / height beyond which an image is letterboxed
TALLEST = 1.25  # height / width beyond which an image is cropped (4:5)


class Fit(StrEnum):
    EXACT = "exact"
    LETTERBOX = "letterbox"
    CROP = "crop"


class ImageBox(NamedTuple):
    width: int  # the area in the bubble
    height: int
    fit: Fit
    image_width: int  # the image scaled into that area (before any crop)
    image_height: int


def header_image_box(image_width: int, image_height: int, bubble_width: int) -> ImageBox:
    if image_width <= 0 or image_height <= 0 or bubble_width <= 0:
        raise ValueError("sizes must be positive")
    ratio = image_width / image_height
    if ratio > WIDEST * 1.01:  # 800×418, the recommended size, is 1.914:1
        height = round(bubble_width / WIDEST)
        scaled_height = max(1, round(bubble_width / ratio))
        return ImageBox(bubble_width, height, Fit.LETTERBOX, bubble_width, scaled_height)
    scaled_height = round(bubble_width / ratio)
    if scaled_height > bubble_width * TALLEST:
        return ImageBox(
            bubble_width, round(bubble_width * TALLEST), Fit.CROP, bubble_width, scaled_height
        )
    return ImageBox(bubble_width, scaled_height, Fit.EXACT, bubble_width, scaled_height)
