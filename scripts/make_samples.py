#!/usr/bin/python3
"""Draws the sample images in resources/samples/ (needs only numpy).

    /usr/bin/python3 scripts/make_samples.py [output folder]

digit.png         28 x 28 gray: a handwritten-style "7", white on black as in MNIST.
scene.png         192 x 128 RGB: a procedural landscape (sky, sun, mountains, lake, trees).
checkerboard.png  64 x 64 gray: 8 px checkerboard, straight edges and one bright dot.

Deterministic: fixed seeds, and PNGs written here byte by byte (zlib + CRC),
so running it again gives the same files.
"""
import pathlib
import struct
import sys
import zlib

import numpy as np


# ---------------------------------------------------------------- PNG writer

def png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def write_png(path, pixels):
    """pixels: uint8 array, H x W (gray) or H x W x 3 (RGB)."""
    pixels = np.ascontiguousarray(pixels, dtype=np.uint8)
    height, width = pixels.shape[:2]
    colour_type = 2 if pixels.ndim == 3 else 0
    rows = pixels.reshape(height, -1)
    # Filter type 0 (none) in front of every row.
    raw = b"".join(b"\x00" + rows[y].tobytes() for y in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    data = (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
            + png_chunk(b"IDAT", zlib.compress(raw, 9)) + png_chunk(b"IEND", b""))
    pathlib.Path(path).write_bytes(data)


# ---------------------------------------------------------------- helpers

def to_u8(x):
    return np.clip(np.rint(x * 255.0), 0, 255).astype(np.uint8)


def downsample(img, f):
    """Mean over f x f blocks: supersampled drawing becomes anti-aliased."""
    h, w = img.shape[0] // f, img.shape[1] // f
    return img.reshape(h, f, w, f, *img.shape[2:]).mean(axis=(1, 3))


def blur3(img):
    """Separable [1 2 1] / 4 blur with edge replication (soft ink)."""
    p = np.pad(img, ((1, 1), (1, 1)), mode="edge")
    rows = (p[:, :-2] + 2 * p[:, 1:-1] + p[:, 2:]) / 4
    return (rows[:-2] + 2 * rows[1:-1] + rows[2:]) / 4


def smoothstep(e0, e1, x):
    t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    return t * t * (3 - 2 * t)


def value_noise(shape, cells, rng):
    """Smoothly interpolated random lattice (one octave)."""
    h, w = shape
    ch, cw = cells
    lattice = rng.random((ch + 2, cw + 2))
    y = np.linspace(0, ch, h, endpoint=False)
    x = np.linspace(0, cw, w, endpoint=False)
    y0, x0 = y.astype(int), x.astype(int)
    fy, fx = smoothstep(0, 1, y - y0)[:, None], smoothstep(0, 1, x - x0)[None, :]
    a = lattice[y0][:, x0]
    b = lattice[y0][:, x0 + 1]
    c = lattice[y0 + 1][:, x0]
    d = lattice[y0 + 1][:, x0 + 1]
    return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy


def fractal_noise(shape, base_cells, octaves, rng):
    """Sum of octaves, each twice as fine and half as strong; about [0, 1]."""
    total = np.zeros(shape)
    amplitude, norm = 1.0, 0.0
    for o in range(octaves):
        cells = (base_cells[0] * 2 ** o, base_cells[1] * 2 ** o)
        total += amplitude * value_noise(shape, cells, rng)
        norm += amplitude
        amplitude *= 0.5
    return total / norm


def ridge_line(width, base, height, cells, octaves, rng):
    """A 1-D fractal mountain profile: the y of the ridge for every x."""
    n = fractal_noise((1, width), (1, cells), octaves, rng)[0]
    return base - height * (n - n.min()) / (n.max() - n.min() + 1e-9)


def segment_distance(px, py, a, b):
    ax, ay = a
    bx, by = b
    vx, vy = bx - ax, by - ay
    t = np.clip(((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy), 0.0, 1.0)
    return np.hypot(px - (ax + t * vx), py - (ay + t * vy))


# ---------------------------------------------------------------- digit

def make_digit():
    """A "7" drawn with a pen: a slightly rising top bar and a stem that bows
    as it comes down; stroke width varies a little, edges are anti-aliased."""
    s = 8  # supersampling
    yy, xx = np.mgrid[0:28 * s, 0:28 * s]
    px, py = (xx + 0.5) / s, (yy + 0.5) / s

    def bezier(p0, p1, p2, n=24):
        t = np.linspace(0, 1, n)[:, None]
        return (1 - t) ** 2 * np.array(p0) + 2 * (1 - t) * t * np.array(p1) + t ** 2 * np.array(p2)

    strokes = [
        bezier((6.5, 7.8), (13.5, 6.2), (20.5, 6.4)),   # top bar, rising slightly
        bezier((20.5, 6.4), (17.5, 13.5), (12.5, 22.5)),  # stem, bowed
    ]
    ink = np.zeros_like(px, dtype=float)
    for points in strokes:
        for i in range(len(points) - 1):
            d = segment_distance(px, py, points[i], points[i + 1])
            # Pressure: the pen is a bit heavier at the corner than at the ends.
            along = (i + 0.5) / (len(points) - 1)
            radius = 1.35 + 0.35 * np.sin(np.pi * along)
            ink = np.maximum(ink, np.clip(radius + 0.5 - d, 0.0, 1.0))
    img = blur3(downsample(ink, s))
    return to_u8(img / img.max())


# ---------------------------------------------------------------- scene

def make_scene():
    f = 2  # drawn at twice the size, then averaged down
    W, H = 192 * f, 128 * f
    rng = np.random.default_rng(7)
    yy, xx = np.mgrid[0:H, 0:W].astype(float)
    horizon = 84 * f

    # Sky: deep blue at the top to a pale haze at the horizon, warmer near the sun.
    t = (yy / horizon)[..., None]
    sky = (1 - t) * np.array([0.16, 0.34, 0.70]) + t * np.array([0.80, 0.86, 0.92])
    sun_x, sun_y, sun_r = 148 * f, 28 * f, 9 * f
    d_sun = np.hypot(xx - sun_x, yy - sun_y)
    glow = np.exp(-(d_sun / (34 * f)) ** 2)[..., None]
    sky = sky * (1 - 0.45 * glow) + 0.45 * glow * np.array([1.0, 0.86, 0.62])
    disc = smoothstep(sun_r + 1.0, sun_r - 1.0, d_sun)[..., None]
    sky = sky * (1 - disc) + disc * np.array([1.0, 0.97, 0.85])
    # Thin clouds.
    cloud = smoothstep(0.55, 0.8, fractal_noise((H, W), (3, 6), 4, rng)) * (yy < horizon - 20 * f)
    sky = sky * (1 - 0.6 * cloud[..., None]) + 0.6 * cloud[..., None] * np.array([0.97, 0.97, 0.99])
    img = sky.copy()

    # Far range: hazy blue-gray, with snow on the highest parts.
    far = ridge_line(W, horizon - 2 * f, 46 * f, 5, 6, rng)
    rock_tex = fractal_noise((H, W), (8, 16), 5, rng)
    far_mask = yy >= far[None, :]
    far_col = np.array([0.42, 0.48, 0.60]) + 0.10 * (rock_tex[..., None] - 0.5)
    snow = (yy < far[None, :] + 7 * f) & (far[None, :] < horizon - 36 * f) & (rock_tex > 0.42)
    far_col = np.where(snow[..., None], np.array([0.93, 0.94, 0.97]), far_col)
    img = np.where(far_mask[..., None], far_col, img)

    # Near hills: darker, greener, more texture; lit from the sun's side.
    near = ridge_line(W, horizon + 1 * f, 22 * f, 4, 6, rng)
    near_mask = yy >= near[None, :]
    hill_tex = fractal_noise((H, W), (16, 32), 4, rng)
    light = 0.85 + 0.3 * (xx / W)
    near_col = (np.array([0.17, 0.30, 0.14]) + 0.16 * (hill_tex[..., None] - 0.5)) * light[..., None]
    img = np.where(near_mask[..., None], near_col, img)

    # Conifers along the shore: stacked triangles on a trunk.
    trees = sorted(rng.uniform(4 * f, 92 * f, 9)) + sorted(rng.uniform(150 * f, 188 * f, 4))
    for tx in trees:
        th = rng.uniform(12, 22) * f
        base = horizon + rng.uniform(-1, 1) * f
        trunk = (abs(xx - tx) < 0.8 * f) & (yy > base - 3 * f) & (yy <= base)
        img = np.where(trunk[..., None], np.array([0.25, 0.17, 0.10]), img)
        shade = 0.8 + 0.4 * rng.random()
        for k in range(3):
            top = base - th + k * th * 0.25
            bottom = top + th * 0.45
            half = (yy - top) / (bottom - top) * (th * 0.32 + k * 1.2 * f)
            tri = (yy >= top) & (yy <= bottom) & (abs(xx - tx) <= half)
            needles = 0.05 * (rock_tex - 0.5)
            col = np.stack([0.06 + needles, 0.22 * shade + needles, 0.10 + needles], axis=-1)
            img = np.where(tri[..., None], col, img)

    # Lake: the scene above mirrored in the horizon, rippled, darker and bluer.
    lake_top, lake_bottom = horizon, 116 * f
    ripple = (1.6 * f * np.sin(yy / (1.3 * f) + 2.0 * fractal_noise((H, W), (12, 3), 2, rng))).astype(int)
    src_y = np.clip(2 * horizon - yy, 0, H - 1).astype(int)
    src_x = np.clip(xx.astype(int) + ripple, 0, W - 1)
    mirrored = img[src_y, src_x]
    depth = np.clip((yy - lake_top) / (lake_bottom - lake_top), 0, 1)[..., None]
    water = mirrored * (0.72 - 0.22 * depth) + np.array([0.05, 0.12, 0.20]) * (0.5 + depth)
    # Wind streaks: thin horizontal bands slightly brighter or darker.
    streaks = fractal_noise((H, W), (48, 6), 2, rng) - 0.5
    water = water * (1 + 0.35 * streaks[..., None])
    lake = (yy >= lake_top) & (yy < lake_bottom)
    img = np.where(lake[..., None], water, img)

    # Foreground meadow with grass texture and a sandy shore line.
    grass_tex = fractal_noise((H, W), (32, 96), 3, rng)
    shore = lake_bottom + 2 * f * (fractal_noise((1, W), (1, 12), 2, rng)[0] - 0.5)[None, :]
    meadow = yy >= shore
    grass = np.stack([0.14 + 0.14 * grass_tex, 0.30 + 0.20 * grass_tex, 0.08 + 0.06 * grass_tex], axis=-1)
    wet = (yy < shore + 1.5 * f)[..., None] * np.array([0.12, 0.08, 0.02])
    img = np.where(meadow[..., None], grass + wet, img)

    img = downsample(img, f)
    # A little sensor noise, so flat areas still carry texture.
    img = img + rng.normal(0.0, 0.008, img.shape)
    return to_u8(img)


# ---------------------------------------------------------------- checkerboard

def make_checkerboard():
    """Left half: 8 px checkerboard. Right half, four 16-row strips: a vertical
    edge, a horizontal edge, a 45 degree edge, and one bright pixel."""
    img = np.zeros((64, 64), dtype=np.uint8)
    y, x = np.mgrid[0:64, 0:32]
    img[:, :32] = np.where((y // 8 + x // 8) % 2 == 0, 255, 0)
    img[0:16, 48:64] = 255                    # vertical edge at x = 48
    img[16:24, 32:64] = 255                   # horizontal edge at y = 24
    sy, sx = np.mgrid[0:16, 0:32]
    img[32:48, 32:64] = np.where(sx - 8 >= sy, 255, 0)  # diagonal edge
    img[55, 47] = 255                         # the dot
    return img


def main():
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else \
        pathlib.Path(__file__).resolve().parent.parent / "resources" / "samples"
    out.mkdir(parents=True, exist_ok=True)
    write_png(out / "digit.png", make_digit())
    write_png(out / "scene.png", make_scene())
    write_png(out / "checkerboard.png", make_checkerboard())


if __name__ == "__main__":
    main()
