"""Hand-drawn signatures: the canvas posts a PNG as a data URL; keep it only if it is a real, small PNG.

A pure function of the posted text, tested without the app. The image is
decoded with Pillow and written again, so what is stored (and hashed in the
audit trail) is a plain PNG without any extra chunks the sender slipped in.
"""

from __future__ import annotations

import base64
import binascii
import enum
from io import BytesIO

from PIL import Image, UnidentifiedImageError

DATA_URL_PREFIX = "data:image/png;base64,"
MAX_PNG_BYTES = 300 * 1024
MAX_WIDTH, MAX_HEIGHT = 2000, 1000

_DECODING_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError)


class SignatureProblem(enum.StrEnum):
    NOT_A_PNG = "not_a_png"
    TOO_LARGE = "too_large"


class SignatureRejected(Exception):
    def __init__(self, problem: SignatureProblem):
        super().__init__(problem.value)
        self.problem = problem


def decode_signature(data_url: str | None) -> bytes | None:
    """The drawn signature as clean PNG bytes; ``None`` when nothing was drawn.

    Raises ``SignatureRejected`` for anything but a PNG data URL of bounded
    size and dimensions.
    """
    if not data_url or not data_url.strip():
        return None
    data_url = data_url.strip()
    if not data_url.startswith(DATA_URL_PREFIX):
        raise SignatureRejected(SignatureProblem.NOT_A_PNG)
    encoded = data_url[len(DATA_URL_PREFIX):]
    # Base64 is 4/3 of the bytes: refuse oversized text before decoding it.
    if len(encoded) > MAX_PNG_BYTES * 4 // 3 + 4:
        raise SignatureRejected(SignatureProblem.TOO_LARGE)
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as error:
        raise SignatureRejected(SignatureProblem.NOT_A_PNG) from error
    if len(raw) > MAX_PNG_BYTES:
        raise SignatureRejected(SignatureProblem.TOO_LARGE)
    try:
        with Image.open(BytesIO(raw)) as probe:
            if probe.format != "PNG":
                raise SignatureRejected(SignatureProblem.NOT_A_PNG)
            if probe.width > MAX_WIDTH or probe.height > MAX_HEIGHT:
                raise SignatureRejected(SignatureProblem.TOO_LARGE)
            probe.verify()
        with Image.open(BytesIO(raw)) as image:
            image.load()
            drawing = image.convert("RGBA")
    except _DECODING_ERRORS as error:
        raise SignatureRejected(SignatureProblem.NOT_A_PNG) from error
    if drawing.getchannel("A").getbbox() is None:
        return None  # a blank canvas: nothing was drawn
    output = BytesIO()
    drawing.save(output, format="PNG", optimize=True)
    return output.getvalue()
