"""Hostile and honest files for the upload tests, made in memory."""

import io
import struct
import zlib

import pypdf
from django.core.files.uploadedfile import SimpleUploadedFile

from core.demo_images import picture
from resources.demo import minimal_pdf

SCRIPT = b"<script>alert(document.cookie)</script>"
# Files a browser would run if the site served them as HTML or SVG, each starting with %PDF-.
FAKE_PDFS = {
    "x.html": b"%PDF-1.4\n<html><body>" + SCRIPT + b"</body></html>\n%%EOF\n",
    "x.svg": b"%PDF-1.7\n<svg xmlns='http://www.w3.org/2000/svg'>" + SCRIPT + b"</svg>\n",
    "memo.pdf": b"%PDF-1.4\n<html>" + SCRIPT + b"</html>\n%%EOF\n",
}
SVG = b"<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'>" + SCRIPT + b"</svg>"


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def real_pdf(name="memo.pdf"):
    return upload(name, minimal_pdf("A real PDF"), "application/pdf")


def encrypted_pdf():
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(minimal_pdf("Secret")))
    writer.encrypt("a password", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return upload("locked.pdf", buffer.getvalue(), "application/pdf")


def image(name="photo.jpg", width=1600, height=900, fmt="JPEG"):
    return upload(name, picture(name, width, height, fmt=fmt).read(), "image/jpeg")


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def grey_png(width, height, rows=None):
    """A valid greyscale PNG of `width`×`height` black pixels, compressed as a real one is.

    With `rows` set, only that many rows of pixel data are written: a header that promises far
    more than the file holds, as a decompression bomb's does.
    """
    compressor = zlib.compressobj(1)
    row = b"\0" * (width + 1)  # filter byte + pixels
    block = row * 100
    count = height if rows is None else rows
    data = b"".join(compressor.compress(block) for _ in range(count // 100))
    data += compressor.compress(row * (count % 100)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )
