#include "tests/fuzz/pool_input.h"

#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <optional>

namespace poolscope::fuzz {

// The layout, one byte per field unless noted (make_seeds.py mirrors it):
//   0      op            kAllPoolOps[b % 13]
//   1..3   shape         C = 1 + b % 3, H = 1 + b % 24, W = 1 + b % 24
//   4..5   kernel        1 + b % 8 (h, w)
//   6..7   stride        none if byte 6 % 9 == 0, else h = b6 % 9, w = 1 + b7 % 8
//   8..9   padding       b % 5 (h, w)
//   10..11 dilation      1 + b % 4 (h, w)
//   12     flags         1 ceil_mode, 2 count_include_pad, 4 train, 8 output_size,
//                        16 output_ratio, 32 fractional_samples, 64 raw float32 data
//   13     divisor       b % 25: 0 none, 1 zero, 2..4 -1..-3, 5..24 1..20
//   14     norm_type     kNormTypes[b % 16]
//   15     alpha         b / 240 up to 240, else kOddAlphas[b % 8]
//   16..19 seed          uint32, little-endian
//   20..21 output_size   b % 28 (h, w)
//   22..23 output_ratio  b / 255 (h, w)
//   24     blur_size     b % 8
//   25..27 traced cell   channel, row, column
//   28     samples       1 + b % 4 pairs (used with flag 32)
//   29..36 4 pairs       {u_w, u_h}: b / 240 up to 239, else kOddSamples[b - 240]
//   37..   data          C*H*W values, row-major: one byte each through palette(),
//                        or with flag 64 four bytes each, the float32 bits as they are
// Past the end every byte reads 0.

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// The usual LP exponents, odd and fractional ones, and refused ones.
constexpr std::array<double, 16> kNormTypes = {1,   2,         3,     1.5, 0.5, 4,  2.5,  0.25,
                                               7.0, 1.0000001, 0.999, 16,  0,   -2, kInf, kNaN};
// Alphas past 240: refused ones and edges of [0, 1].
constexpr std::array<double, 8> kOddAlphas = {-0.25, 1.25, kNaN, kInf, -0.0, 1e-300, 0.9999999999999999,
                                              -kInf};
// Samples where float32 and float64 interval arithmetic pick different windows (as in
// test_parity_adaptive.cpp), a double below 1 that rounds to 1.0f, and refused ones.
constexpr std::array<double, 16> kOddSamples = {0.99999994039535522,
                                                0.55555552244186401,
                                                0.28571429848670959,
                                                0.66666662693023682,
                                                0.14285714924335480,
                                                0.33333316445350647,
                                                0.49999994039535522,
                                                0.9999999999999999,
                                                -0.0,
                                                1.0,
                                                -0.1,
                                                1.5,
                                                kNaN,
                                                kInf,
                                                0x1p-60,
                                                0.5};

// A data byte: 0 is zero, so a short input pads with zeros; 1..15 the IEEE specials;
// 16..127 the integers -4..4, so windows hold ties; 128..255 both signs of
// magnitudes from 2^-20 to about 2^15.
float palette(std::uint8_t b)
{
    using L = std::numeric_limits<float>;
    constexpr std::array<float, 16> kSpecials = {
        0.f,      L::quiet_NaN(),  L::infinity(),    -L::infinity(),
        -0.f,     L::denorm_min(), -L::denorm_min(), 0x1.fffffcp-127f,
        L::min(), -L::min(),       L::max(),         -L::max(),
        1e30f,    -1e30f,          1e-30f,           -1e-30f};
    if (b < 16)
        return kSpecials[b];
    if (b < 128)
        return float((b - 16) % 9 - 4);
    const float magnitude = std::ldexp(1.f + float((b >> 1) & 7) / 8.f, (b - 128) / 16 * 5 - 20);
    return (b & 1) ? -magnitude : magnitude;
}

Size2 pair(ByteReader& r, int modulo, int offset)
{
    const int h = offset + r.pick(modulo);
    return {h, offset + r.pick(modulo)};
}

std::optional<int> divisor(std::uint8_t b)
{
    const int v = b % 25;
    if (v == 0)
        return std::nullopt;
    if (v == 1)
        return 0;
    if (v <= 4)
        return 1 - v;
    return v - 4;
}

double sample(std::uint8_t b)
{
    return b < 240 ? b / 240.0 : kOddSamples[std::size_t(b - 240)];
}

} // namespace

PoolCase read_pool_case(ByteReader& r)
{
    PoolCase c;
    PoolSpec& s = c.spec;
    s.op = kAllPoolOps[std::size_t(r.pick(int(kAllPoolOps.size())))];
    const int channels = 1 + r.pick(3), height = 1 + r.pick(24), width = 1 + r.pick(24);
    s.kernel = pair(r, 8, 1);
    const std::uint8_t sh = r.byte(), sw = r.byte();
    if (sh % 9 != 0)
        s.stride = Size2{sh % 9, 1 + sw % 8};
    s.padding = pair(r, 5, 0);
    s.dilation = pair(r, 4, 1);
    const std::uint8_t flags = r.byte();
    s.ceil_mode = flags & 1;
    s.count_include_pad = flags & 2;
    s.train = flags & 4;
    s.divisor_override = divisor(r.byte());
    s.norm_type = kNormTypes[std::size_t(r.pick(16))];
    const std::uint8_t alpha = r.byte();
    s.alpha = alpha <= 240 ? alpha / 240.0 : kOddAlphas[alpha % 8];
    s.seed = r.u32();
    const Size2 out = pair(r, 28, 0);
    if (flags & 8)
        s.output_size = out;
    const double rh = r.byte() / 255.0, rw = r.byte() / 255.0;
    if (flags & 16)
        s.output_ratio = std::array{rh, rw};
    s.blur_size = r.pick(8);
    c.cell_c = r.byte();
    c.cell_y = r.byte();
    c.cell_x = r.byte();
    const int pairs = 1 + r.pick(4);
    for (int i = 0; i < 4; ++i) {
        const double uw = sample(r.byte()), uh = sample(r.byte());
        if ((flags & 32) && i < pairs)
            s.fractional_samples.push_back({uw, uh});
    }

    c.input = Tensor(channels, height, width);
    float* v = c.input.data();
    for (std::size_t i = 0; i < c.input.size(); ++i)
        v[i] = (flags & 64) ? std::bit_cast<float>(r.u32()) : palette(r.byte());
    return c;
}

} // namespace poolscope::fuzz
