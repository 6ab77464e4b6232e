"""Brand colours that white text can sit on: WCAG 2.x contrast, and a darker shade when it fails.

Pure functions of "#rrggbb" strings, tested without the app.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_BRAND = "#1f5fbf"  # the app's own blue (static/app.css)
# WCAG AA for normal text: a contrast ratio of at least 4.5:1.
AA_NORMAL_TEXT = 4.5
_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
WHITE = (255, 255, 255)


def parse_hex(value: str) -> tuple[int, int, int] | None:
    """'#1f5fbf', '1F5FBF' or '#15b' as (r, g, b); None when it is not a colour."""
    match = _HEX.match((value or "").strip())
    if not match:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def to_hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(part))):02x}" for part in rgb)


def normalized(value: str) -> str | None:
    rgb = parse_hex(value)
    return to_hex(rgb) if rgb else None


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    r, g, b = (_channel(part) for part in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def white_text_contrast(colour: str) -> float:
    return contrast_ratio(WHITE, parse_hex(colour))


def _shade(rgb: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    """The same hue towards black: ``factor`` 1 keeps it, 0 is black."""
    return tuple(round(part * factor) for part in rgb)  # type: ignore[return-value]


@dataclass(frozen=True)
class CheckedColour:
    chosen: str  # as the organizer gave it, normalized
    used: str  # what pages use: ``chosen``, or a darker shade of it that white text can sit on
    chosen_contrast: float
    used_contrast: float

    @property
    def was_darkened(self) -> bool:
        return self.used != self.chosen


def accessible_brand_colour(colour: str) -> CheckedColour:
    """``colour`` if white text on it reaches WCAG AA (4.5:1), or else the lightest darker shade
    of the same hue that does."""
    rgb = parse_hex(colour)
    if rgb is None:
        raise ValueError(f"not a colour: {colour!r}")
    chosen_contrast = contrast_ratio(WHITE, rgb)
    used = rgb
    factor = 1.0
    while contrast_ratio(WHITE, used) < AA_NORMAL_TEXT and factor > 0:
        factor = round(factor - 0.01, 2)
        used = _shade(rgb, factor)
    return CheckedColour(
        chosen=to_hex(rgb), used=to_hex(used), chosen_contrast=chosen_contrast, used_contrast=contrast_ratio(WHITE, used)
    )


def darker(colour: str, factor: float = 0.78) -> str:
    """The hover shade of buttons."""
    return to_hex(_shade(parse_hex(colour), factor))


def tint(colour: str, amount: float = 0.9) -> str:
    """A pale background of the same hue (``amount`` of white mixed in): badges, highlights."""
    rgb = parse_hex(colour)
    return to_hex(tuple(part + (255 - part) * amount for part in rgb))  # type: ignore[arg-type]
