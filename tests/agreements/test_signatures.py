"""Drawn signatures: only a real, bounded PNG is kept, re-encoded (pure function)."""

from __future__ import annotations

import base64
from io import BytesIO

import pytest
from PIL import Image

from tests.agreements.helpers import drawn_signature
from webinars.agreements.signatures import MAX_PNG_BYTES, SignatureProblem, SignatureRejected, decode_signature


def data_url(raw: bytes, mime: str = "image/png") -> str:
    return f"data:{mime};base64," + base64.b64encode(raw).decode("ascii")


def image_bytes(size=(600, 200), fmt="PNG", color=(0, 0, 0, 0)) -> bytes:
    buffer = BytesIO()
    Image.new("RGBA" if fmt == "PNG" else "RGB", size, color if fmt == "PNG" else (255, 255, 255)).save(buffer, format=fmt)
    return buffer.getvalue()


def test_a_drawing_is_kept_as_a_clean_png():
    png = decode_signature(drawn_signature())
    assert png is not None
    with Image.open(BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.size == (600, 200)


def test_nothing_drawn_means_no_signature():
    assert decode_signature(None) is None
    assert decode_signature("") is None
    assert decode_signature(data_url(image_bytes())) is None  # a blank, transparent canvas


@pytest.mark.parametrize(
    "posted",
    [
        "data:image/jpeg;base64,/9j/4AAQ",
        data_url(image_bytes(fmt="JPEG")),  # JPEG bytes behind a PNG label
        data_url(b"\x89PNG\r\n\x1a\n not really a png"),
        "data:image/png;base64,@@@not base64@@@",
        "javascript:alert(1)",
    ],
)
def test_anything_but_a_png_is_refused(posted):
    with pytest.raises(SignatureRejected) as refused:
        decode_signature(posted)
    assert refused.value.problem is SignatureProblem.NOT_A_PNG


def test_huge_images_are_refused():
    with pytest.raises(SignatureRejected) as refused:
        decode_signature(data_url(image_bytes(size=(5000, 200), color=(0, 0, 0, 255))))
    assert refused.value.problem is SignatureProblem.TOO_LARGE
    with pytest.raises(SignatureRejected) as refused:
        decode_signature("data:image/png;base64," + "A" * (MAX_PNG_BYTES * 2))
    assert refused.value.problem is SignatureProblem.TOO_LARGE
