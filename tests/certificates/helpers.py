"""Reading a certificate back as a person (its text) and as a phone would (its QR code)."""

from __future__ import annotations

from io import BytesIO

import pypdfium2
import zxingcpp
from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def qr_codes(pdf: bytes) -> list[str]:
    """The QR codes on the first page, decoded from its image at 150 dpi."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=150 / 72).to_pil()
    finally:
        document.close()
    return [barcode.text for barcode in zxingcpp.read_barcodes(image) if barcode.format == zxingcpp.BarcodeFormat.QRCode]


def page_count(pdf: bytes) -> int:
    return len(PdfReader(BytesIO(pdf)).pages)


def font_names(pdf: bytes) -> set[str]:
    """The fonts the pages use ("ABCDEF+NotoSansArabic-Bold"...)."""
    names = set()
    for page in PdfReader(BytesIO(pdf)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        names.update(str(font.get_object()["/BaseFont"]) for font in fonts.get_object().values())
    return names
