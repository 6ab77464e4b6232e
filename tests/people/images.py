"""Images made by Pillow for the photo tests."""

from __future__ import annotations

from io import BytesIO

from PIL import Image


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (300, 200), color=(200, 30, 30), mode: str = "RGB", **save) -> bytes:
    buffer = BytesIO()
    Image.new(mode, size, color).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def noisy_png(size: tuple[int, int]) -> bytes:
    """A PNG that does not compress well, to go past a size limit with few pixels."""
    import os

    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def open_image(data: bytes) -> Image.Image:
    image = Image.open(BytesIO(data))
    image.load()
    return image


def in_memory_upload(form: dict) -> dict:
    """``client.post`` arguments sending ``form`` as multipart kept in memory.

    The test client spools large bodies to a temporary file it never closes
    (a ResourceWarning, an error under ``filterwarnings = error``).
    """
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import stream_encode_multipart

    fields = {
        name: FileStorage(value[0], filename=value[1]) if isinstance(value, tuple) else value
        for name, value in form.items()
    }
    stream, _, boundary = stream_encode_multipart(fields, use_tempfile=False)
    return {"data": stream.getvalue(), "content_type": f"multipart/form-data; boundary={boundary}"}


def png_declaring(width: int, height: int) -> bytes:
    """A few bytes of PNG whose header declares a ``width`` × ``height`` canvas (a decompression bomb's
    header: Pillow reads the size and refuses before decoding anything)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
