"""Draw the web app's PNG icons (web/static/icon-192.png, icon-512.png) from the shapes of
web/static/favicon.svg, with the standard library only. Run again after changing the SVG:
`.venv/bin/python scripts/make-icons.py`."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"
SIZES = (192, 512)
SAMPLES = 4  # per pixel side: smooth edges
BLUE, WHITE = (0x0B, 0x57, 0xA4), (0xFF, 0xFF, 0xFF)


def cubic(p0, p1, p2, p3, steps=24):
    for i in range(1, steps + 1):
        t = i / steps
        u = 1 - t
        yield tuple(u**3 * a + 3 * u * u * t * b + 3 * u * t * t * c + t**3 * d
                    for a, b, c, d in zip(p0, p1, p2, p3, strict=True))  # fmt: skip


# the SVG's body, "M7 27c1-6 5-9 9-9s8 3 9 9z", in its 32×32 box
BODY = [(7.0, 27.0), *cubic((7, 27), (8, 21), (12, 18), (16, 18)),
        *cubic((16, 18), (20, 18), (24, 21), (25, 27))]  # fmt: skip


def inside_polygon(x: float, y: float, polygon) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def inside_rounded_square(x: float, y: float, size=32.0, radius=6.0) -> bool:
    if not (0 <= x <= size and 0 <= y <= size):
        return False
    cx = min(max(x, radius), size - radius)
    cy = min(max(y, radius), size - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius**2


def colour_at(x: float, y: float):
    """The SVG's colour at (x, y), or None outside its rounded square."""
    if not inside_rounded_square(x, y):
        return None
    if (x - 16) ** 2 + (y - 11) ** 2 <= 25 or inside_polygon(x, y, BODY):
        return WHITE
    return BLUE


def pixel(px: int, py: int, scale: float) -> bytes:
    red = green = blue = covered = 0
    for sy in range(SAMPLES):
        for sx in range(SAMPLES):
            colour = colour_at((px + (sx + 0.5) / SAMPLES) * scale,
                               (py + (sy + 0.5) / SAMPLES) * scale)  # fmt: skip
            if colour is not None:
                covered += 1
                red, green, blue = red + colour[0], green + colour[1], blue + colour[2]
    if not covered:
        return bytes(4)
    alpha = round(255 * covered / SAMPLES**2)
    return bytes((red // covered, green // covered, blue // covered, alpha))


def png(size: int) -> bytes:
    scale = 32 / size
    rows = b"".join(b"\x00" + b"".join(pixel(x, y, scale) for x in range(size))
                    for y in range(size))  # fmt: skip

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))  # fmt: skip


if __name__ == "__main__":
    for size in SIZES:
        (STATIC / f"icon-{size}.png").write_bytes(png(size))
        print(f"web/static/icon-{size}.png")
