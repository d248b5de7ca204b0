"""The portal's icon (a medal on the accent colour), drawn in SVG and rasterised here.

`python -m portal_theme.icons` writes the PNG touch icon and the ICO favicon next to the
hand-written SVG in theme/static/img/. The drawing is plain geometry rasterised with
3×3 supersampling and encoded with zlib, so the same code gives the same bytes; a test
checks that the committed files are exactly what this module draws.
"""

from __future__ import annotations

from pathlib import Path
import struct
import sys
import zlib

ACCENT = (0x0B, 0x4F, 0x8A)
WHITE = (0xFF, 0xFF, 0xFF)
RIBBON = (0x9D, 0xB9, 0xD3)
# The same shapes as theme/static/img/favicon.svg, on a 32 × 32 canvas, drawn in order.
RIBBONS = (((10, 3), (15, 3), (17, 13), (13, 14)), ((22, 3), (17, 3), (15, 13), (19, 14)))
MEDAL = ((16, 19.5), 8.5)
MEDAL_INNER = ((16, 19.5), 4.5)
CORNER = 6
SAMPLES = 3
PNG_SIZES = {"apple-touch-icon.png": 180}
ICO_SIZES = (16, 32, 48)


def _inside_convex(point: tuple[float, float], polygon: tuple[tuple[float, float], ...]) -> bool:
    x, y = point
    signs = set()
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        signs.add((x2 - x1) * (y - y1) - (y2 - y1) * (x - x1) > 0)
    return len(signs) == 1


def _in_circle(point: tuple[float, float], circle: tuple[tuple[float, float], float]) -> bool:
    (cx, cy), r = circle
    return (point[0] - cx) ** 2 + (point[1] - cy) ** 2 <= r * r


def _in_rounded_square(point: tuple[float, float]) -> bool:
    x, y = point
    if not (0 <= x <= 32 and 0 <= y <= 32):
        return False
    cx, cy = min(max(x, CORNER), 32 - CORNER), min(max(y, CORNER), 32 - CORNER)
    return (x - cx) ** 2 + (y - cy) ** 2 <= CORNER * CORNER


def colour_at(point: tuple[float, float]) -> tuple[int, int, int, int]:
    """RGBA of one point of the drawing (32-unit canvas)."""
    if not _in_rounded_square(point):
        return (0, 0, 0, 0)
    if _in_circle(point, MEDAL_INNER):
        return (*ACCENT, 255)
    if _in_circle(point, MEDAL):
        return (*WHITE, 255)
    if any(_inside_convex(point, ribbon) for ribbon in RIBBONS):
        return (*RIBBON, 255)
    return (*ACCENT, 255)


def raster(size: int) -> bytes:
    """RGBA rows of the icon at `size` pixels, averaged over SAMPLES² points per pixel."""
    scale = 32 / size
    rows = bytearray()
    for py in range(size):
        rows.append(0)  # PNG filter type of the row: none
        for px in range(size):
            total = [0, 0, 0, 0]
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    point = ((px + (sx + 0.5) / SAMPLES) * scale, (py + (sy + 0.5) / SAMPLES) * scale)
                    r, g, b, a = colour_at(point)
                    total = [total[0] + r * a, total[1] + g * a, total[2] + b * a, total[3] + a]
            alpha = total[3]
            if alpha:
                rows += bytes((round(total[0] / alpha), round(total[1] / alpha), round(total[2] / alpha)))
            else:
                rows += b"\0\0\0"
            rows.append(round(alpha / SAMPLES**2))
    return bytes(rows)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(size: int) -> bytes:
    """The icon as an 8-bit RGBA PNG."""
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raster(size), 9))
        + _chunk(b"IEND", b"")
    )


def ico(sizes: tuple[int, ...] = ICO_SIZES) -> bytes:
    """A favicon.ico holding one PNG image per size (allowed since Windows Vista, read by every browser)."""
    images = [png(size) for size in sizes]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries = b""
    for size, image in zip(sizes, images, strict=True):
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(image), offset)
        offset += len(image)
    return header + entries + b"".join(images)


def icon_files() -> dict[str, bytes]:
    """Every raster icon file, by name."""
    files = {name: png(size) for name, size in PNG_SIZES.items()}
    files["favicon.ico"] = ico()
    return files


def main(folder: str) -> None:
    for name, data in icon_files().items():
        Path(folder, name).write_bytes(data)
        print(f"{folder}/{name} : {len(data)} octets")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "theme/static/img")
