"""The demo organization's logo: a monogram drawn by the demo rather than a copy of a real
organization's trademark."""

from __future__ import annotations

from io import BytesIO

from PIL import Image, ImageDraw, ImageFont


def demo_logo(letters: str, colour: str) -> bytes:
    """A simple monogram drawn by the demo (a rounded square in the brand colour, white letters):
    the demo shows a logo without copying a real organization's trademark."""
    size = 240
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, size - 1, size - 1), radius=44, fill=colour)
    pen.rounded_rectangle((14, 14, size - 15, size - 15), radius=34, outline=(255, 255, 255, 255), width=6)
    font = _logo_font(110)
    box = pen.textbbox((0, 0), letters, font=font)
    width, height = box[2] - box[0], box[3] - box[1]
    pen.text(((size - width) / 2 - box[0], (size - height) / 2 - box[1]), letters, font=font, fill=(255, 255, 255, 255))
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _logo_font(size: int):
    for name in ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)
