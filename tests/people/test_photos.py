"""The photo processing on its own: bytes in, small metadata-free JPEG out (no app needed)."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image

from webinars.images import ImageProblem, ImageRejected
from webinars.people.photos import process_photo
from tests.people.images import image_bytes, open_image, png_declaring

LIMIT = 2 * 1024 * 1024


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_accepted_formats_come_out_as_jpeg(fmt):
    content, content_type = process_photo(image_bytes(fmt, size=(300, 200)), LIMIT)

    assert content_type == "image/jpeg"
    result = open_image(content)
    assert result.format == "JPEG"
    assert result.size == (300, 200)  # small photos are not enlarged


def test_large_photo_is_downscaled_keeping_its_proportions():
    content, _ = process_photo(image_bytes("JPEG", size=(2000, 1500)), LIMIT)

    assert open_image(content).size == (512, 384)


def test_portrait_photo_fits_512_in_height():
    content, _ = process_photo(image_bytes("PNG", size=(900, 1800)), LIMIT)

    assert open_image(content).size == (256, 512)


def test_exif_orientation_is_applied_and_metadata_dropped():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned; display rotated 90°
    exif[0x010F] = "Camera Maker"  # Make
    buffer = BytesIO()
    Image.new("RGB", (400, 200), (10, 120, 40)).save(buffer, format="JPEG", exif=exif, comment=b"secret")

    content, _ = process_photo(buffer.getvalue(), LIMIT)

    result = open_image(content)
    assert result.size == (200, 400)
    assert len(result.getexif()) == 0
    assert "exif" not in result.info and "comment" not in result.info


def test_transparent_areas_become_white():
    content, _ = process_photo(image_bytes("PNG", size=(50, 50), color=(0, 0, 0, 0), mode="RGBA"), LIMIT)

    red, green, blue = open_image(content).getpixel((25, 25))
    assert min(red, green, blue) > 245


def test_file_over_the_limit_is_refused():
    with pytest.raises(ImageRejected) as refused:
        process_photo(image_bytes("PNG", size=(40, 40)), max_bytes=100)

    assert refused.value.problem is ImageProblem.TOO_LARGE


def test_gif_is_refused_as_unsupported():
    with pytest.raises(ImageRejected) as refused:
        process_photo(image_bytes("GIF", size=(40, 40), mode="P", color=1), LIMIT)

    assert refused.value.problem is ImageProblem.UNSUPPORTED_FORMAT


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",  # a PDF renamed .jpg
        b"just some text, not a picture",
    ],
    ids=["empty", "pdf", "text"],
)
def test_files_that_are_not_images_are_refused(data):
    with pytest.raises(ImageRejected) as refused:
        process_photo(data, LIMIT)

    assert refused.value.problem is ImageProblem.NOT_AN_IMAGE


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_truncated_files_are_refused(fmt):
    buffer = BytesIO()
    Image.effect_noise((300, 300), 60).convert("RGB").save(buffer, format=fmt)
    truncated = buffer.getvalue()[: len(buffer.getvalue()) // 2]

    with pytest.raises(ImageRejected) as refused:
        process_photo(truncated, LIMIT)

    assert refused.value.problem is ImageProblem.NOT_AN_IMAGE


def test_small_file_declaring_a_huge_canvas_is_refused_before_decoding():
    buffer = BytesIO()
    Image.new("1", (8000, 8000)).save(buffer, format="PNG")  # 64 megapixels in a few kB
    assert len(buffer.getvalue()) < LIMIT

    with pytest.raises(ImageRejected) as refused:
        process_photo(buffer.getvalue(), LIMIT)

    assert refused.value.problem is ImageProblem.TOO_MANY_PIXELS


@pytest.mark.parametrize(
    ("width", "height"),
    [(20_000, 10_000), (100_000, 100_000)],  # 200 megapixels and 10 gigapixels: past Pillow's own limit
    ids=["200MP", "10GP"],
)
def test_a_canvas_pillow_itself_refuses_is_too_many_pixels_not_unreadable(width, height):
    data = png_declaring(width, height)
    assert Image.MAX_IMAGE_PIXELS * 2 < width * height and len(data) < 200

    with pytest.raises(ImageRejected) as refused:
        process_photo(data, LIMIT)

    assert refused.value.problem is ImageProblem.TOO_MANY_PIXELS


@pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning")
def test_a_canvas_pillow_warns_about_is_too_many_pixels_too():
    """Between Pillow's limit and twice it Pillow only warns; where warnings are errors, the same answer."""
    with pytest.raises(ImageRejected) as refused:
        process_photo(png_declaring(10_000, 10_000), LIMIT)  # 100 megapixels

    assert refused.value.problem is ImageProblem.TOO_MANY_PIXELS
