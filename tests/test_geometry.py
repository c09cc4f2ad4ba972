from __future__ import annotations

import pytest

from rampwin_desktop.core.geometry import Fit, header_image_box


def test_recommended_shape_fills_the_width() -> None:
    box = header_image_box(800, 418, 260)
    assert (box.width, box.fit) == (260, Fit.EXACT) and box.height == 136


def test_wide_images_are_letterboxed() -> None:
    box = header_image_box(3000, 500, 260)
    assert box.fit is Fit.LETTERBOX
    assert box.height == 136 and box.image_height == 43  # whole image, bars around it


def test_very_tall_images_are_cropped() -> None:
    box = header_image_box(500, 3000, 260)
    assert box.fit is Fit.CROP and box.height == 325 and box.image_height == 1560


def test_square_is_exact() -> None:
    assert header_image_box(1000, 1000, 260).height == 260


def test_bad_sizes() -> None:
    with pytest.raises(ValueError):
        header_image_box(0, 10, 10)
