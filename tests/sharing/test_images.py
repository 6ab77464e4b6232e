"""Covers, logos and the generated share picture: pure functions of their inputs, without the app."""

from __future__ import annotations

import pytest

from tests.people.images import image_bytes, open_image, png_declaring
from webinars.events.images import process_cover, process_logo
from webinars.images import ImageProblem, ImageRejected
from webinars.sharing.share_image import ShareCard, draw_share_image, share_image_key

MB = 1024 * 1024


def test_a_large_cover_is_reduced_to_web_size_as_a_jpeg():
    content, content_type = process_cover(image_bytes("PNG", (4000, 2250)), 5 * MB)

    cover = open_image(content)
    assert content_type == "image/jpeg" and cover.format == "JPEG"
    assert cover.size == (1600, 900)


def test_a_small_cover_is_not_enlarged():
    cover = open_image(process_cover(image_bytes("JPEG", (800, 450)), 5 * MB)[0])

    assert cover.size == (800, 450)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (png_declaring(20_000, 20_000), ImageProblem.TOO_MANY_PIXELS),
        (b"not an image at all", ImageProblem.NOT_AN_IMAGE),
        (image_bytes("GIF"), ImageProblem.UNSUPPORTED_FORMAT),
        (b"", ImageProblem.NOT_AN_IMAGE),
    ],
)
def test_unusable_covers_are_refused_with_the_reason(data, problem):
    with pytest.raises(ImageRejected) as refused:
        process_cover(data, 5 * MB)

    assert refused.value.problem is problem


def test_a_cover_over_the_size_limit_is_refused():
    with pytest.raises(ImageRejected) as refused:
        process_cover(image_bytes("PNG", (50, 50)), 10)

    assert refused.value.problem is ImageProblem.TOO_LARGE


def test_a_logo_keeps_its_transparency_and_fits_a_logo_box():
    content, content_type = process_logo(image_bytes("PNG", (1200, 300), color=(10, 20, 30, 0), mode="RGBA"), 2 * MB)

    logo = open_image(content)
    assert content_type == "image/png"
    assert logo.mode == "RGBA" and logo.getpixel((5, 5))[3] == 0
    assert logo.size == (480, 120)


CARD = ShareCard(
    title="L'offshoring régionalisé : meilleure réponse aux opportunités post-Covid",
    when="vendredi 18 décembre 2020, 10:00–12:00 (heure du Maroc, UTC+1)",
    organization="APEBI — Pôle Offshoring",
    colour="#0b6e4f",
    photo_hashes=("a", "b"),
)


def test_the_share_picture_is_1200_by_630_in_the_brand_colour_with_the_photos():
    photo = image_bytes("JPEG", (512, 512), color=(250, 200, 0))

    picture = open_image(draw_share_image(CARD, [photo, photo]))

    assert picture.format == "PNG" and picture.size == (1200, 630)
    assert picture.getpixel((1190, 10)) == (11, 110, 79)  # the brand colour in a corner
    # a photo, bottom left, inside its round frame
    assert picture.getpixel((72 + 75, 630 - 72 - 75)) == pytest.approx((250, 200, 0), abs=6)


def test_the_share_picture_key_changes_with_what_it_shows_and_only_then():
    same = ShareCard(**{**CARD.__dict__})
    retitled = ShareCard(**{**CARD.__dict__, "title": "Another title"})
    moved = ShareCard(**{**CARD.__dict__, "when": "samedi 19 décembre 2020, 10:00–12:00 (heure du Maroc, UTC+1)"})
    new_photo = ShareCard(**{**CARD.__dict__, "photo_hashes": ("a", "c")})

    assert share_image_key(same) == share_image_key(CARD)
    assert len({share_image_key(card) for card in (CARD, retitled, moved, new_photo)}) == 4


def test_the_organizations_logo_sits_on_a_white_tile_in_the_top_right_corner():
    logo = image_bytes("PNG", (400, 200), color=(200, 0, 0))

    picture = open_image(draw_share_image(CARD, [], logo))

    assert picture.getpixel((1200 - 72 - 5, 72 - 24 + 5)) == (255, 255, 255)  # the tile's padding
    assert picture.getpixel((1200 - 72 - 14 - 90, 72 - 24 + 14 + 45)) == pytest.approx((200, 0, 0), abs=6)


def test_the_logo_changes_the_key():
    assert share_image_key(ShareCard(**{**CARD.__dict__, "logo_hash": "x"})) != share_image_key(CARD)


def test_an_svg_partner_logo_is_refused_by_name():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>'
    with pytest.raises(ImageRejected) as refused:
        process_logo(svg, 2 * MB)
    assert refused.value.problem is ImageProblem.SVG
