"""Pictures for demo content, drawn with Pillow (no files shipped, nothing downloaded)."""

import hashlib
import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

PALETTE = [(122, 31, 43), (35, 70, 110), (40, 95, 70), (110, 80, 30), (70, 50, 100), (30, 90, 100)]


def picture(label, width=1600, height=900, fmt="JPEG"):
    """A gradient with a few shapes, different for every label; returns a ContentFile."""
    seed = int(hashlib.sha256(label.encode()).hexdigest(), 16)
    base = PALETTE[seed % len(PALETTE)]
    image = Image.new("RGB", (width, height), base)
    draw = ImageDraw.Draw(image)
    for y in range(0, height, 4):
        shade = int(60 * y / height)
        draw.rectangle([0, y, width, y + 4], fill=tuple(min(255, c + shade) for c in base))
    for i in range(6):
        r = (seed >> (i * 8)) % (height // 3) + height // 10
        x = (seed >> (i * 5)) % width
        y = (seed >> (i * 7)) % height
        draw.ellipse(
            [x - r, y - r, x + r, y + r], outline=(255, 255, 255), width=max(2, width // 400)
        )
    buffer = io.BytesIO()
    image.save(buffer, fmt, quality=80)
    extension = "png" if fmt == "PNG" else "jpg"
    slug = hashlib.sha1(label.encode()).hexdigest()[:10]
    return ContentFile(buffer.getvalue(), name=f"demo-{slug}.{extension}")
