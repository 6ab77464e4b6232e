"""A speaker's photo: the square chosen in the preview, checked and stripped like every photo (no app)."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image

from tests.people.images import image_bytes, open_image
from webinars.images import ImageProblem, ImageRejected
from webinars.speakers.photo_crop import Crop, crop_photo

LIMIT = 2 * 1024 * 1024


def two_colours(size=(800, 400)) -> bytes:
    """Red on the left three quarters, blue on the right quarter."""
    image = Image.new("RGB", size, (220, 0, 0))
    image.paste((0, 0, 220), (size[0] * 3 // 4, 0, size[0], size[1]))
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_chosen_square_is_kept():
    content, content_type = crop_photo(two_colours(), LIMIT, Crop(left=0.75, top=0, size=0.5))
    photo = open_image(content)
    assert content_type == "image/jpeg"
    assert photo.size[0] == photo.size[1] == 200
    red, green, blue = photo.getpixel((100, 100))
    assert blue > 180 and red < 40  # the blue quarter, not the centre


def test_without_a_choice_the_centred_square_is_kept_and_reduced():
    photo = open_image(crop_photo(image_bytes("JPEG", size=(3000, 2000)), LIMIT)[0])
    assert photo.size == (512, 512)


def test_a_square_past_the_edges_is_kept_inside_the_photo():
    photo = open_image(crop_photo(two_colours(), LIMIT, Crop(left=0.99, top=0.99, size=1))[0])
    assert photo.size == (400, 400)


def test_metadata_is_dropped_and_the_photo_turned_upright():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to view
    exif[0x010F] = "Camera maker"
    sideways = image_bytes("JPEG", size=(400, 200), exif=exif.tobytes())
    photo = open_image(crop_photo(sideways, LIMIT, Crop(0, 0, 1))[0])
    assert photo.size == (200, 200)
    assert not photo.getexif()
    assert "exif" not in photo.info


@pytest.mark.parametrize(
    "left, top, size",
    [("abc", "0", "1"), ("0", "0", "0"), ("-0.1", "0", "1"), ("0", "0", "1.5"), (None, None, None), ("nan", "0", "1")],
)
def test_crop_fields_that_make_no_sense_mean_the_centre(left, top, size):
    assert Crop.parse(left, top, size) is None


def test_what_is_not_a_photo_is_refused_as_every_photo_is():
    with pytest.raises(ImageRejected) as refused:
        crop_photo(b"%PDF-1.4 not an image", LIMIT, Crop(0, 0, 1))
    assert refused.value.problem is ImageProblem.NOT_AN_IMAGE
