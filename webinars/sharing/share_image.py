"""The 1200 × 630 picture a link preview shows (Open Graph, Twitter cards) for a webinar without a cover.

A pure function of what it shows (tested without the app): the title, the date and time in the
event's zone, the organization's name, its colour, and up to four speaker photos. Callers key
the result by ``share_image_key`` of the same inputs, so it is drawn once per version.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

WIDTH, HEIGHT = 1200, 630
DEFAULT_COLOUR = "#1f5fbf"
MAX_PHOTOS = 4
PHOTO_SIZE = 150
MARGIN = 72
# Debian's fonts-noto-core and fonts-dejavu-core (the certificates need them too); Pillow's own
# font when neither is installed.
BOLD_FONTS = (
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
)
REGULAR_FONTS = (
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
DRAWING_VERSION = "2"  # bump when the drawing changes: every key changes with it


@dataclass(frozen=True)
class ShareCard:
    title: str
    when: str  # "vendredi 18 décembre 2020, 10:00–12:00 (heure du Maroc, UTC+1)"
    organization: str
    colour: str = DEFAULT_COLOUR
    # Hashes of the speaker photos and of the organization's logo (their bytes are read only when drawing).
    photo_hashes: tuple[str, ...] = field(default_factory=tuple)
    logo_hash: str | None = None


def share_image_key(card: ShareCard) -> str:
    """Changes whenever anything the picture shows changes."""
    text = json.dumps({"v": DRAWING_VERSION, **asdict(card)}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def draw_share_image(card: ShareCard, photos: list[bytes], logo: bytes | None = None) -> bytes:
    """A PNG of ``WIDTH`` × ``HEIGHT``: the brand colour, white text, round speaker photos, the
    organization's logo on a white tile in the top right corner."""
    background = _rgb(card.colour)
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(image)
    white = (255, 255, 255)

    logo_tile = _logo_tile(logo) if logo else None
    name_width = WIDTH - 2 * MARGIN
    if logo_tile is not None:
        image.paste(logo_tile, (WIDTH - MARGIN - logo_tile.width, MARGIN - 24))
        name_width -= logo_tile.width + 24
    organization_font = _font(BOLD_FONTS, 34)
    organization_line = _wrap(draw, card.organization, organization_font, name_width)[0]
    draw.text((MARGIN, MARGIN - 10), organization_line, font=organization_font, fill=white)

    photo_row_height = PHOTO_SIZE + 40 if photos else 0
    title_bottom = HEIGHT - MARGIN - 70 - photo_row_height
    y = MARGIN + 60
    for size in (64, 56, 48, 40):
        title_font = _font(BOLD_FONTS, size)
        lines = _wrap(draw, card.title, title_font, WIDTH - 2 * MARGIN)
        line_height = int(size * 1.2)
        if y + len(lines) * line_height <= title_bottom or size == 40:
            break
    for line in lines[: max(1, (title_bottom - y) // line_height)]:
        draw.text((MARGIN, y), line, font=title_font, fill=white)
        y += line_height

    when_font = _font(REGULAR_FONTS, 30)
    when_lines = _wrap(draw, card.when, when_font, WIDTH - 2 * MARGIN)[:2]
    when_y = HEIGHT - MARGIN - 38 * len(when_lines) - photo_row_height
    if not photos:  # nothing below: the date right under the title, a rule to close the picture
        when_y = min(when_y, y + 28)
        draw.rectangle((MARGIN, HEIGHT - MARGIN - 6, MARGIN + 160, HEIGHT - MARGIN), fill=white)
    for line in when_lines:
        draw.text((MARGIN, when_y), line, font=when_font, fill=white)
        when_y += 38

    x = MARGIN
    for data in photos[:MAX_PHOTOS]:
        portrait = _round_photo(data)
        if portrait is None:
            continue
        image.paste(portrait, (x, HEIGHT - MARGIN - PHOTO_SIZE), portrait)
        x += PHOTO_SIZE + 24

    output = BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def _logo_tile(data: bytes) -> Image.Image | None:
    """The logo (already a checked PNG) fitted in 220 × 90 on a white rounded tile, or None if unreadable."""
    try:
        with Image.open(BytesIO(data)) as source:
            logo = source.convert("RGBA")
    except (OSError, ValueError):
        return None
    logo.thumbnail((220, 90), Image.Resampling.LANCZOS)
    padding = 14
    tile = Image.new("RGB", (logo.width + 2 * padding, logo.height + 2 * padding), (255, 255, 255))
    tile.paste(logo, (padding, padding), logo)
    return tile


def _rgb(colour: str) -> tuple[int, int, int]:
    value = (colour or "").lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    try:
        return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]
    except ValueError:
        return _rgb(DEFAULT_COLOUR)


def _font(candidates: tuple[str, ...], size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in candidates:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [""]


def _round_photo(data: bytes) -> Image.Image | None:
    """The photo (already a checked JPEG) cut to a circle with a white ring, or None if unreadable."""
    try:
        with Image.open(BytesIO(data)) as photo:
            square = ImageOps.fit(photo.convert("RGB"), (PHOTO_SIZE, PHOTO_SIZE), Image.Resampling.LANCZOS)
    except (OSError, ValueError):
        return None
    scale = 4  # draw the mask larger, then reduce it: smooth edges
    mask = Image.new("L", (PHOTO_SIZE * scale, PHOTO_SIZE * scale), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, PHOTO_SIZE * scale - 1, PHOTO_SIZE * scale - 1), fill=255)
    mask = mask.resize((PHOTO_SIZE, PHOTO_SIZE), Image.Resampling.LANCZOS)
    ring = Image.new("RGBA", (PHOTO_SIZE, PHOTO_SIZE), (255, 255, 255, 0))
    ring.paste(square, (0, 0), mask)
    ImageDraw.Draw(ring).ellipse((1, 1, PHOTO_SIZE - 2, PHOTO_SIZE - 2), outline=(255, 255, 255, 255), width=4)
    return ring
