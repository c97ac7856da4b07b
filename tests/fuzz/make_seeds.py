#!/usr/bin/python3
"""Writes the seed corpus of the fuzz targets: tests/fuzz/corpus/pool/ and corpus/loaders/.

Standard library only, deterministic: running it again rewrites the same files (and leaves
other files, such as kept reproducers, alone). Usage: tests/fuzz/make_seeds.py

pool/ seeds follow the byte layout documented in pool_input.cpp, one seed per op family
plus refused specs and raw float32 data. loaders/ seeds are a selector byte (0 image,
1 image to gray, 2 .npy, 3 .npy with batch_as_channels) followed by a small file.
"""
import itertools
import pathlib
import struct
import zlib

HERE = pathlib.Path(__file__).resolve().parent
OPS = ["max", "avg", "min", "lp", "mixed", "stochastic", "softpool", "adaptive-max", "adaptive-avg",
       "global-max", "global-avg", "fractional-max", "blurpool"]
NORMS = [1, 2, 3, 1.5, 0.5, 4, 2.5, 0.25, 7, 1.0000001, 0.999, 16, 0, -2, "inf", "nan"]
# kOddSamples in pool_input.cpp, by name: byte 240 + index.
ODD_SAMPLES = {"0.99999994": 0, "0.5555555": 1, "0.2857143": 2, "0.6666666": 3, "0.1428571": 4,
               "0.3333332": 5, "0.49999994": 6, "1-2^-53": 7, "-0": 8, "1": 9, "-0.1": 10}
FLAG = {"ceil": 1, "include_pad": 2, "train": 4, "output_size": 8, "output_ratio": 16,
        "samples": 32, "raw": 64}


def rng(seed):
    """splitmix64: the same bytes on every Python."""
    x = seed
    while True:
        x = (x + 0x9E3779B97F4A7C15) & (2**64 - 1)
        z = x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & (2**64 - 1)
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & (2**64 - 1)
        yield z ^ (z >> 31)


def data_bytes(count, kind, seed):
    """Palette bytes (see palette() in pool_input.cpp): ties are -4..4, specials NaN,
    infinities, signed zeros, subnormals and extremes, magnitudes 2^-20..2^15."""
    out = bytearray()
    for r in itertools.islice(rng(seed), count):
        tie = 16 + r % 9
        if kind == "ties":
            out.append(tie)
        elif kind == "magnitudes":
            out.append(128 + r % 128)
        elif kind == "positive":
            out.append(128 + (r % 64) * 2)  # even bytes are positive
        else:  # special: mostly ties, one in four a special value
            out.append(1 + (r >> 8) % 15 if r % 4 == 0 else tie)
    return bytes(out)


def pool_seed(op, shape, kernel=(2, 2), stride=None, padding=(0, 0), dilation=(1, 1), flags=(),
              divisor=None, norm=2, alpha=0.5, seed=0, output_size=(0, 0), ratio=(0, 0), blur=3,
              cell=(0, 0, 0), samples=(), data="special", raw=None):
    c, h, w = shape
    b = bytearray([OPS.index(op), c - 1, h - 1, w - 1, kernel[0] - 1, kernel[1] - 1])
    b += bytes([0, 0]) if stride is None else bytes([stride[0], stride[1] - 1])
    b += bytes([padding[0], padding[1], dilation[0] - 1, dilation[1] - 1])
    f = sum(FLAG[n] for n in flags) | (FLAG["samples"] if samples else 0) | (FLAG["raw"] if raw else 0)
    b.append(f)
    b.append(0 if divisor is None else 1 if divisor == 0 else 1 - divisor if divisor < 0 else divisor + 4)
    b.append(NORMS.index(norm))
    b.append(round(alpha * 240))
    b += struct.pack("<I", seed)
    b += bytes(output_size)
    b += bytes(round(r * 255) for r in ratio)
    b.append(blur)
    b += bytes(cell)
    b.append(max(len(samples), 1) - 1)
    pairs = list(samples) + [(0, 0)] * (4 - len(samples))
    for pair in pairs:
        for u in pair:
            b.append(240 + ODD_SAMPLES[u] if isinstance(u, str) else round(u * 240))
    if raw is not None:
        b += struct.pack("<%dI" % len(raw), *raw)
    else:
        b += data_bytes(c * h * w, data, seed * 31 + len(b))
    return bytes(b)


POOL = {
    "max_k3_s2_p1_special": pool_seed("max", (2, 9, 11), (3, 3), (2, 2), (1, 1), cell=(1, 2, 3)),
    "max_k3_s2_p1_d2_ceil": pool_seed("max", (1, 8, 7), (3, 3), (2, 2), (1, 1), (2, 2), ["ceil"]),
    "min_k2x3_s1x2_ties": pool_seed("min", (2, 6, 9), (2, 3), (1, 2), data="ties", cell=(1, 4, 2)),
    "avg_k3_s2_p1_ceil_incl": pool_seed("avg", (1, 7, 7), (3, 3), (2, 2), (1, 1), flags=["ceil", "include_pad"],
                                        data="magnitudes"),
    "avg_k3_p1_div_neg3": pool_seed("avg", (1, 6, 5), (3, 3), (1, 1), (1, 1), divisor=-3, data="ties"),
    "lp_p2_k2": pool_seed("lp", (2, 6, 6), norm=2, data="ties"),
    "lp_p1_5_k3_s1x2": pool_seed("lp", (1, 7, 8), (3, 3), (1, 2), norm=1.5, data="positive"),
    "mixed_alpha_0_3_div4": pool_seed("mixed", (1, 8, 8), (3, 3), (2, 2), (1, 1), alpha=0.3, divisor=4,
                                      data="magnitudes"),
    "stochastic_train": pool_seed("stochastic", (2, 6, 8), flags=["train"], seed=12345, data="positive"),
    "stochastic_eval": pool_seed("stochastic", (1, 5, 5), (3, 3), (1, 1), (1, 1), seed=7, data="special"),
    "softpool_k3_p1": pool_seed("softpool", (1, 6, 6), (3, 3), (1, 1), (1, 1), data="magnitudes"),
    "adaptive_max_4x5": pool_seed("adaptive-max", (3, 9, 11), flags=["output_size"], output_size=(4, 5)),
    "adaptive_avg_3x7": pool_seed("adaptive-avg", (1, 7, 5), flags=["output_size"], output_size=(3, 7),
                                  data="magnitudes"),
    "global_max": pool_seed("global-max", (2, 5, 4)),
    "global_avg": pool_seed("global-avg", (2, 5, 4), data="magnitudes"),
    "fractional_k2_samples": pool_seed("fractional-max", (2, 11, 9), flags=["output_size"], output_size=(4, 3),
                                       samples=[("0.99999994", "0.5555555"), ("1-2^-53", 0.5)]),
    "fractional_k3_ratio": pool_seed("fractional-max", (1, 16, 13), (3, 3), flags=["output_ratio"],
                                     ratio=(0.5, 0.7), seed=99),
    "blurpool_k2_s2_b4": pool_seed("blurpool", (1, 10, 9), (2, 2), (2, 2), blur=4, data="magnitudes"),
    "max_raw_float32": pool_seed("max", (1, 3, 4), (2, 2), (1, 1), raw=[
        0x7FC00000, 0x7F800001, 0xFF800000, 0x80000000, 0x00000001, 0x807FFFFF,
        0x7F7FFFFF, 0x3F800000, 0x3F800000, 0xFFC00001, 0x00800000, 0x4B800001]),
    "refused_avg_padding": pool_seed("avg", (1, 5, 5), (2, 2), padding=(2, 0)),
    "refused_lp_norm_zero": pool_seed("lp", (1, 4, 4), norm=0),
    "refused_fractional_samples": pool_seed("fractional-max", (3, 8, 8), flags=["output_size"],
                                            output_size=(3, 3), samples=[(0.25, 0.5), ("1", 0.5)]),
}


def png(width, height, depth, color, rows):
    """rows: the raw scanlines (without filter bytes)."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    raw = b"".join(b"\0" + r for r in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def png_header_only(width, height):
    """A PNG that claims width x height 8-bit gray and then has no pixels."""
    ihdr = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + ihdr + struct.pack(">I", zlib.crc32(ihdr))


def bmp24(width, height, pixel):
    """Bottom-up 24-bit BMP; pixel(x, y) gives (r, g, b)."""
    stride = (3 * width + 3) // 4 * 4
    body = b"".join(bytes(c for x in range(width) for c in reversed(pixel(x, y))).ljust(stride, b"\0")
                    for y in reversed(range(height)))
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(body), 2835, 2835, 0, 0)
    return b"BM" + struct.pack("<IHHI", 14 + len(info) + len(body), 0, 0, 14 + len(info)) + info + body


def jpeg_gray(levels):
    """A baseline gray JPEG of 8x8 blocks side by side, each one flat gray level: only DC
    coefficients (F(0,0) = 8 * (level - 128) with a quantizer of 1), every AC block ends at once."""
    out = b"\xff\xd8"
    out += b"\xff\xdb" + struct.pack(">H", 67) + b"\0" + b"\1" * 64
    out += b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, 8, 8 * len(levels), 1) + b"\x01\x11\x00"
    # DC table 0: categories 0..11, all 4-bit codes (code = category); AC table 0: EOB = "0".
    out += b"\xff\xc4" + struct.pack(">H", 31) + b"\x00" + bytes([0, 0, 0, 12] + [0] * 12) + bytes(range(12))
    out += b"\xff\xc4" + struct.pack(">H", 20) + b"\x10" + bytes([1] + [0] * 15) + b"\0"
    out += b"\xff\xda" + struct.pack(">HB", 8, 1) + b"\x01\x00" + b"\x00\x3f\x00"
    bits, previous = "", 0
    for level in levels:
        dc = 8 * (level - 128)
        diff, previous = dc - previous, dc
        size = abs(diff).bit_length()
        bits += format(size, "04b")
        if size:
            bits += format(diff if diff >= 0 else diff + (1 << size) - 1, "0%db" % size)
        bits += "0"
    bits += "1" * (-len(bits) % 8)
    scan = bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8)).replace(b"\xff", b"\xff\0")
    return out + scan + b"\xff\xd9"


def exr_attribute(name, kind, value):
    return name.encode() + b"\0" + kind.encode() + b"\0" + struct.pack("<i", len(value)) + value


def exr_header(width, height):
    """The header of a scanline OpenEXR file: one float channel Y, no compression."""
    window = struct.pack("<4i", 0, 0, width - 1, height - 1)
    return (b"\x76\x2f\x31\x01" + struct.pack("<I", 2)
            + exr_attribute("channels", "chlist", b"Y\0" + struct.pack("<iB3xii", 2, 0, 1, 1) + b"\0")
            + exr_attribute("compression", "compression", b"\0")
            + exr_attribute("dataWindow", "box2i", window) + exr_attribute("displayWindow", "box2i", window)
            + exr_attribute("lineOrder", "lineOrder", b"\0")
            + exr_attribute("pixelAspectRatio", "float", struct.pack("<f", 1))
            + exr_attribute("screenWindowCenter", "v2f", struct.pack("<2f", 0, 0))
            + exr_attribute("screenWindowWidth", "float", struct.pack("<f", 1)) + b"\0")


def exr_gray(rows):
    """Uncompressed OpenEXR: the header, one offset per scanline, then each scanline
    as its y, its byte count and its float values."""
    height, width = len(rows), len(rows[0])
    header = exr_header(width, height)
    lines = [struct.pack("<ii", y, 4 * width) + struct.pack("<%df" % width, *row) for y, row in enumerate(rows)]
    offsets, at = [], len(header) + 8 * height
    for line in lines:
        offsets.append(at)
        at += len(line)
    return header + struct.pack("<%dQ" % height, *offsets) + b"".join(lines)


def hdr(width, height, pixels=b""):
    """Radiance HDR; pixels: flat RGBE quadruples (rows narrower than 8 are never run-length coded)."""
    return b"#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y %d +X %d\n" % (height, width) + pixels


def pfm(width, height, rows=(), gray=True):
    """PFM: little-endian floats (scale -1), rows bottom to top."""
    data = b"".join(struct.pack("<%df" % len(r), *r) for r in reversed(rows))
    return b"P%s\n%d %d\n-1\n" % (b"f" if gray else b"F", width, height) + data


def sun_raster(width, height, rows=()):
    """8-bit gray Sun raster without a colour map; rows padded to an even length."""
    data = b"".join(r + b"\0" * (len(r) % 2) for r in rows)
    return struct.pack(">8I", 0x59A66A95, width, height, 8, len(data), 1, 0, 0) + data


def pam(width, height, depth, tupltype, data=b""):
    return (b"P7\nWIDTH %d\nHEIGHT %d\nDEPTH %d\nMAXVAL 255\nTUPLTYPE %s\nENDHDR\n"
            % (width, height, depth, tupltype) + data)


def j2k_header(width, height, tile):
    """A JPEG 2000 codestream's main header (SIZ, COD, QCD) for one 8-bit component, then its end."""
    siz = struct.pack(">HHIIIIIIIIH", 41, 0, width, height, 0, 0, tile, tile, 0, 0, 1) + b"\x07\x01\x01"
    cod = struct.pack(">HBBHBBBBBB", 12, 0, 0, 1, 0, 0, 4, 4, 0, 1)
    return b"\xff\x4f\xff\x51" + siz + b"\xff\x52" + cod + b"\xff\x5c\x00\x04\x40\x40" + b"\xff\xd9"


def jp2_box(kind, content):
    return struct.pack(">I", 8 + len(content)) + kind + content


def jp2_header(width, height, ihdr_width, ihdr_height):
    """A JP2 file whose image header box says ihdr_width x ihdr_height and whose codestream says
    width x height: the decoder allocates what the codestream says."""
    ihdr = struct.pack(">IIHBBBB", ihdr_height, ihdr_width, 1, 7, 7, 0, 0)
    return (b"\0\0\0\x0cjP  \r\n\x87\n" + jp2_box(b"ftyp", b"jp2 \0\0\0\0jp2 ")
            + jp2_box(b"jp2h", jp2_box(b"ihdr", ihdr)) + jp2_box(b"jp2c", j2k_header(width, height, width)))


def npy(descr, shape, values):
    fmt = {"<f4": "<%df", "<f8": "<%dd", "|u1": "<%dB", "<i8": "<%dq"}[descr]
    dims = ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "")
    header = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (descr, dims)
    header += " " * (-(10 + len(header) + 1) % 64) + "\n"
    return (b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode()
            + struct.pack(fmt % len(values), *values))


def ramp(n, scale=1.0):
    return [((i * 7) % 11 - 5) * scale for i in range(n)]


RGB = [bytes([60 * x, 80 * y, 200]) for y in range(2) for x in range(3)]
PNG_RGB = png(3, 2, 8, 2, [b"".join(RGB[y * 3:y * 3 + 3]) for y in range(2)])
IMAGE, GRAY, NPY, NPY_BATCH = b"\0", b"\1", b"\2", b"\3"
LOADERS = {
    "png8_gray": IMAGE + png(4, 3, 8, 0, [bytes([0, 85, 170, 255])] * 3),
    "png8_rgb": IMAGE + PNG_RGB,
    "png8_rgb_to_gray": GRAY + PNG_RGB,
    "png16_gray": IMAGE + png(3, 2, 16, 0, [struct.pack(">3H", 0, 32768, 65535)] * 2),
    "png8_rgba": IMAGE + png(2, 2, 8, 6, [bytes([255, 0, 0, 128, 0, 255, 0, 255])] * 2),
    "png8_gray_alpha": IMAGE + png(2, 2, 8, 4, [bytes([10, 255, 200, 0])] * 2),
    "png_truncated": IMAGE + PNG_RGB[:len(PNG_RGB) // 2 + 8],
    "png_header_100000x100000": IMAGE + png_header_only(100000, 100000),
    "jpeg_gray_16x8": IMAGE + jpeg_gray([40, 200]),
    "bmp24_3x2": IMAGE + bmp24(3, 2, lambda x, y: (80 * x, 100 * y, 30)),
    "pgm_3x2": GRAY + b"P5\n3 2\n255\n" + bytes([0, 128, 255, 1, 2, 3]),
    "exr_f32_gray_3x2": IMAGE + exr_gray([[-1.5, 0.0, 2.25], [1000.0, 0.5, -0.125]]),
    "exr_header_100000x100000": IMAGE + exr_header(100000, 100000),
    "hdr_rgbe_3x2": IMAGE + hdr(3, 2, bytes([128, 64, 32, 129, 0, 0, 0, 0, 255, 255, 255, 136] * 2)),
    "hdr_header_100000x100000": IMAGE + hdr(100000, 100000),
    "pfm_gray_3x2": IMAGE + pfm(3, 2, [(-1.5, 0.0, 2.25), (1000.0, 0.5, -0.125)]),
    "pfm_rgb_header_100000x100000": IMAGE + pfm(100000, 100000, gray=False),
    "sunras8_gray_3x2": IMAGE + sun_raster(3, 2, [bytes([0, 128, 255]), bytes([1, 2, 3])]),
    "sunras_header_100000x100000": IMAGE + sun_raster(100000, 100000),
    "pam_rgb_3x2": IMAGE + pam(3, 2, 3, b"RGB", bytes(range(0, 180, 10))),
    "pam_header_100000x100000": IMAGE + pam(100000, 100000, 3, b"RGB"),
    "j2k_header_100000x100000": IMAGE + j2k_header(100000, 100000, 100000),
    "j2k_tiles_255x255": IMAGE + j2k_header(255, 255, 1),
    "jp2_header_100000x100000": IMAGE + jp2_header(100000, 100000, 4, 4),
    "npy_f4_2d": NPY + npy("<f4", (3, 4), ramp(12, 0.5)),
    "npy_f4_3d": NPY + npy("<f4", (2, 3, 4), ramp(24, 0.25)),
    "npy_f8_4d": NPY + npy("<f8", (1, 2, 2, 3), ramp(12, 1e-3)),
    "npy_u1_2d": NPY + npy("|u1", (2, 5), list(range(0, 250, 25))),
    "npy_i8_3d": NPY + npy("<i8", (1, 2, 2), [-3, 0, 2**40, 7]),
    "npy_f4_batch": NPY_BATCH + npy("<f4", (2, 1, 2, 2), ramp(8)),
    "npy_f4_truncated": NPY + npy("<f4", (4, 4), ramp(16))[:-9],
}


def write(folder, files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)


if __name__ == "__main__":
    write(HERE / "corpus" / "pool", POOL)
    write(HERE / "corpus" / "loaders", LOADERS)
    print("wrote %d pool and %d loader seeds" % (len(POOL), len(LOADERS)))
