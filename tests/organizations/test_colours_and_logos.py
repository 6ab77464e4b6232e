"""Brand colours white text can be read on, and logos checked and re-encoded (pure functions)."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image

from webinars.organizations.colours import (
    AA_NORMAL_TEXT,
    accessible_brand_colour,
    normalized,
    parse_hex,
    white_text_contrast,
)
from webinars.images import ImageProblem, ImageRejected
from webinars.organizations.logos import process_logo

MAX_BYTES = 2 * 1024 * 1024


def test_the_default_blue_passes_and_is_kept():
    checked = accessible_brand_colour("#1F5FBF")

    assert checked.used == "#1f5fbf" and not checked.was_darkened
    assert checked.used_contrast >= AA_NORMAL_TEXT


@pytest.mark.parametrize("light", ["#ffd700", "#7fdbff", "#f0f", "#ffffff", "#2ecc40"])
def test_a_light_colour_is_darkened_until_white_text_passes_aa(light):
    checked = accessible_brand_colour(light)

    assert checked.was_darkened
    assert checked.chosen_contrast < AA_NORMAL_TEXT
    assert white_text_contrast(checked.used) >= AA_NORMAL_TEXT
    # The same hue, darker: every channel scaled down by the same factor.
    chosen, used = parse_hex(checked.chosen), parse_hex(checked.used)
    assert all(u <= c for u, c in zip(used, chosen))


def test_the_darker_shade_is_the_lightest_that_passes():
    checked = accessible_brand_colour("#ffd700")
    one_step_lighter = tuple(min(255, round(part / 0.99)) for part in parse_hex(checked.used))
    from webinars.organizations.colours import WHITE, contrast_ratio

    assert contrast_ratio(WHITE, one_step_lighter) < AA_NORMAL_TEXT + 0.2


def test_what_is_not_a_colour():
    assert normalized("blue") is None and normalized("#12345") is None and normalized("#abc") == "#aabbcc"
    with pytest.raises(ValueError):
        accessible_brand_colour("red")


def _image(format_: str, size=(1200, 400), mode="RGBA") -> bytes:
    buffer = BytesIO()
    Image.new(mode, size, (10, 110, 80, 128) if mode == "RGBA" else (10, 110, 80)).save(buffer, format=format_)
    return buffer.getvalue()


@pytest.mark.parametrize("format_, mode", [("PNG", "RGBA"), ("JPEG", "RGB"), ("WEBP", "RGBA")])
def test_a_logo_is_resized_to_png_keeping_transparency(format_, mode):
    content, content_type = process_logo(_image(format_, mode=mode), MAX_BYTES)

    assert content_type == "image/png"
    with Image.open(BytesIO(content)) as logo:
        assert logo.format == "PNG" and logo.size == (600, 200)
        assert logo.mode == "RGBA"
        if mode == "RGBA":
            assert logo.getpixel((10, 10))[3] < 255


def test_svg_is_refused():
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(ImageRejected) as refused:
        process_logo(svg, MAX_BYTES)
    assert refused.value.problem is ImageProblem.SVG


def test_a_huge_canvas_is_refused_before_decoding():
    buffer = BytesIO()
    Image.new("1", (8000, 6000)).save(buffer, format="PNG")  # 48 megapixels, a small file
    with pytest.raises(ImageRejected) as refused:
        process_logo(buffer.getvalue(), MAX_BYTES)
    assert refused.value.problem is ImageProblem.TOO_MANY_PIXELS


@pytest.mark.parametrize(
    "data, problem",
    [
        (b"", ImageProblem.NOT_AN_IMAGE),
        (b"not an image at all", ImageProblem.NOT_AN_IMAGE),
        (b"x" * (MAX_BYTES + 1), ImageProblem.TOO_LARGE),
    ],
)
def test_bad_files_are_refused(data, problem):
    with pytest.raises(ImageRejected) as refused:
        process_logo(data, MAX_BYTES)
    assert refused.value.problem is problem


def test_a_gif_is_refused():
    with pytest.raises(ImageRejected) as refused:
        process_logo(_image("GIF", mode="RGB"), MAX_BYTES)
    assert refused.value.problem is ImageProblem.UNSUPPORTED_FORMAT
