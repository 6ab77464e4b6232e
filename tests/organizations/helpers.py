from __future__ import annotations

from io import BytesIO

from PIL import Image


def png_logo(size=(300, 120)) -> bytes:
    buffer = BytesIO()
    Image.new("RGBA", size, (11, 110, 79, 255)).save(buffer, format="PNG")
    return buffer.getvalue()


def settings_form(**overrides) -> dict:
    """The settings form as an owner posts it."""
    data = {
        "name": "APEBI — Pôle Offshoring",
        "short_name": "APEBI",
        "description": "Le pôle **Offshoring** de l'APEBI.",
        "brand_color": "#0b6e4f",
        "website": "https://apebi.example",
        "contact_email": "contact@apebi.example",
        "postal_address": "12 rue de l'Exemple\nCasablanca\nMaroc",
        "country": "MA",
        "default_language": "en",
        "timezone": "Africa/Casablanca",
        "sender_name": "APEBI Offshoring",
        "privacy_notice_fr": "Nous gardons vos données **6 mois**.",
        "privacy_notice_en": "We keep your data for **6 months**.",
        "retention_months": "6",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}
