#include "core/io/image_header.h"

#include <cctype>
#include <cstdint>
#include <cstring>

namespace poolscope {

namespace {

using Bytes = std::vector<unsigned char>;

bool starts_with(const Bytes& b, std::string_view s)
{
    return b.size() >= s.size() && std::memcmp(b.data(), s.data(), s.size()) == 0;
}

std::uint32_t be16(const unsigned char* p)
{
    return std::uint32_t(p[0]) << 8 | p[1];
}
std::uint32_t be32(const unsigned char* p)
{
    return be16(p) << 16 | be16(p + 2);
}
std::uint32_t le16(const unsigned char* p)
{
    return std::uint32_t(p[1]) << 8 | p[0];
}
std::uint32_t le32(const unsigned char* p)
{
    return le16(p + 2) << 16 | le16(p);
}

ImageHeader unsized(std::string_view format)
{
    ImageHeader h;
    h.format = format;
    return h;
}

ImageHeader sized(std::string_view format, long long w, long long h)
{
    ImageHeader out = unsized(format);
    out.width = w;
    out.height = h;
    return out;
}

// IHDR right after the signature: width and height big-endian, bit depth, colour type.
ImageHeader png(const Bytes& b)
{
    if (b.size() < 24 || std::memcmp(&b[12], "IHDR", 4) != 0)
        return unsized("PNG");
    ImageHeader out = sized("PNG", be32(&b[16]), be32(&b[20]));
    out.gray_alpha = b.size() > 25 && b[25] == 4;
    return out;
}

// The marker segments after SOI up to the first frame header SOFn (C0..CF except
// DHT C4, JPG C8, DAC CC: length, precision, height, width), and the first scan.
ImageHeader jpeg(const Bytes& b)
{
    ImageHeader out = unsized("JPEG");
    std::size_t i = 2;
    while (i + 4 <= b.size()) {
        if (b[i] != 0xFF)
            return out;
        while (i < b.size() && b[i] == 0xFF) // fill bytes
            ++i;
        if (i + 3 > b.size())
            return out;
        const unsigned m = b[i];
        if (m == 0x01 || (m >= 0xD0 && m <= 0xD8)) { // markers without a length
            ++i;
            continue;
        }
        if (m == 0xD9)
            return out;
        if (m == 0xDA) {
            out.jpeg_scan = i - 1;
            return out;
        }
        const std::size_t len = be16(&b[i + 1]);
        const bool sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
        if (sof && len >= 7 && i + 8 <= b.size() && !out.width) {
            out.height = be16(&b[i + 4]);
            out.width = be16(&b[i + 6]);
        }
        i += 1 + len;
    }
    return out;
}

// BITMAPCOREHEADER (12 bytes, 16-bit sizes) or a later info header (signed 32-bit;
// a negative height means top-down rows).
ImageHeader bmp(const Bytes& b)
{
    if (b.size() < 18)
        return unsized("BMP");
    const std::uint32_t dib = le32(&b[14]);
    if (dib == 12 && b.size() >= 22)
        return sized("BMP", le16(&b[18]), le16(&b[20]));
    if (dib >= 40 && b.size() >= 26) {
        const auto w = std::int32_t(le32(&b[18])), h = std::int32_t(le32(&b[22]));
        return sized("BMP", w < 0 ? -(long long)w : w, h < 0 ? -(long long)h : h);
    }
    return unsized("BMP");
}

// P1..P6: width and height as decimal tokens, with '#' comments between tokens.
ImageHeader pnm(const Bytes& b)
{
    const std::string_view format = b[1] == '1' || b[1] == '4'   ? "PBM"
                                    : b[1] == '2' || b[1] == '5' ? "PGM"
                                                                 : "PPM";
    std::size_t i = 2;
    long long values[2] = {-1, -1};
    for (long long& v : values) {
        while (i < b.size() && (std::isspace(b[i]) || b[i] == '#')) {
            if (b[i] == '#')
                while (i < b.size() && b[i] != '\n' && b[i] != '\r')
                    ++i;
            else
                ++i;
        }
        if (i >= b.size() || !std::isdigit(b[i]))
            return unsized(format);
        v = 0;
        for (; i < b.size() && std::isdigit(b[i]); ++i)
            v = std::min(v * 10 + (b[i] - '0'), 0xFFFFFFFFLL); // saturates: refused as too large
    }
    return sized(format, values[0], values[1]);
}

// Image width (tag 256) and length (257) in the first image file directory.
ImageHeader tiff(const Bytes& b)
{
    const bool le = b[0] == 'I';
    const auto u16 = [&](std::size_t at) { return le ? le16(&b[at]) : be16(&b[at]); };
    const auto u32 = [&](std::size_t at) { return le ? le32(&b[at]) : be32(&b[at]); };
    ImageHeader out = unsized("TIFF");
    if (b.size() < 8)
        return out;
    const std::size_t ifd = u32(4);
    if (ifd + 2 > b.size())
        return out;
    const std::size_t entries = u16(ifd);
    for (std::size_t e = 0; e < entries && ifd + 2 + 12 * (e + 1) <= b.size(); ++e) {
        const std::size_t at = ifd + 2 + 12 * e;
        const std::uint32_t tag = u16(at), type = u16(at + 2);
        if (tag != 256 && tag != 257)
            continue;
        const long long v = type == 3 ? u16(at + 8) : type == 4 ? u32(at + 8) : -1;
        if (v < 0)
            return out;
        (tag == 256 ? out.width : out.height) = v;
    }
    if (!out.width || !out.height)
        out.width = out.height = std::nullopt;
    return out;
}

// RIFF....WEBP, then the first chunk: VP8 (lossy), VP8L (lossless) or VP8X (extended).
ImageHeader webp(const Bytes& b)
{
    if (b.size() >= 30 && std::memcmp(&b[12], "VP8 ", 4) == 0)
        return sized("WebP", le16(&b[26]) & 0x3FFF, le16(&b[28]) & 0x3FFF);
    if (b.size() >= 25 && std::memcmp(&b[12], "VP8L", 4) == 0) {
        const std::uint32_t bits = le32(&b[21]);
        return sized("WebP", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
    }
    if (b.size() >= 30 && std::memcmp(&b[12], "VP8X", 4) == 0) {
        const auto u24 = [&](std::size_t at) { return le16(&b[at]) | std::uint32_t(b[at + 2]) << 16; };
        return sized("WebP", u24(24) + 1LL, u24(27) + 1LL);
    }
    return unsized("WebP");
}

} // namespace

std::optional<ImageHeader> read_image_header(const Bytes& b)
{
    if (starts_with(b, "\x89PNG\r\n\x1a\n"))
        return png(b);
    if (b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8)
        return jpeg(b);
    if (starts_with(b, "BM"))
        return bmp(b);
    if (b.size() >= 3 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6' && std::isspace(b[2]))
        return pnm(b);
    if (starts_with(b, std::string_view("II*\0", 4)) || starts_with(b, std::string_view("MM\0*", 4)))
        return tiff(b);
    if (b.size() >= 16 && starts_with(b, "RIFF") && std::memcmp(&b[8], "WEBP", 4) == 0)
        return webp(b);
    return std::nullopt;
}

} // namespace poolscope
