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

// A header field that did not fit: reported as too large by the pixel limit.
constexpr long long k_saturated = 0xFFFFFFFFLL;

ImageHeader damaged(std::string_view format, std::string_view problem)
{
    ImageHeader h = unsized(format);
    h.problem = problem;
    return h;
}

// OpenEXR: after the magic number and the version, attributes (name, type, size,
// value) up to an empty name. The decoder's size is the data window (a box2i:
// xMin, yMin, xMax, yMax). Only the first part's header is read: it is the part
// OpenCV decodes.
ImageHeader openexr(const Bytes& b)
{
    constexpr std::string_view f = "OpenEXR";
    std::size_t i = 8;
    const auto cstring = [&](std::string_view& out) {
        const auto* start = b.data() + i;
        const auto* end = static_cast<const unsigned char*>(std::memchr(start, 0, b.size() - i));
        if (!end)
            return false;
        out = std::string_view(reinterpret_cast<const char*>(start), std::size_t(end - start));
        i += out.size() + 1;
        return true;
    };
    std::optional<std::int32_t> box[4];
    while (true) {
        std::string_view name, type;
        if (i >= b.size() || !cstring(name))
            return damaged(f, "the OpenEXR header is cut short");
        if (name.empty())
            break;
        if (!cstring(type) || i + 4 > b.size())
            return damaged(f, "the OpenEXR header is cut short");
        const std::int64_t size = std::int32_t(le32(&b[i]));
        i += 4;
        if (size < 0 || std::uint64_t(size) > b.size() - i)
            return damaged(f, "an OpenEXR header attribute runs past the end of the file");
        if (name == "dataWindow" && type == "box2i" && size == 16)
            for (int k = 0; k < 4; ++k)
                box[k] = std::int32_t(le32(&b[i + 4 * std::size_t(k)]));
        i += std::size_t(size);
    }
    if (!box[0])
        return damaged(f, "the OpenEXR header has no data window");
    const long long w = (long long)*box[2] - *box[0] + 1, h = (long long)*box[3] - *box[1] + 1;
    if (w <= 0 || h <= 0)
        return damaged(f, "the OpenEXR data window is empty");
    return sized(f, w, h);
}

// Radiance HDR, read as OpenCV's RGBE reader reads it: lines of at most 127 bytes
// (fgets into 128), the first the signature, then variables up to an empty line,
// then the size as "-Y <height> +X <width>" (sscanf's "-Y %d +X %d").
ImageHeader radiance(const Bytes& b)
{
    constexpr std::string_view f = "Radiance HDR";
    std::size_t i = 0;
    const auto next_line = [&](std::string_view& line) {
        if (i >= b.size())
            return false;
        std::size_t n = 0;
        while (n < 127 && i + n < b.size())
            if (b[i + n++] == '\n')
                break;
        line = std::string_view(reinterpret_cast<const char*>(&b[i]), n);
        i += n;
        return true;
    };
    std::string_view line;
    if (!next_line(line))
        return damaged(f, "the Radiance HDR header is cut short");
    do {
        if (!next_line(line))
            return damaged(f, "the Radiance HDR header is cut short");
    } while (line[0] != '\n');
    if (!next_line(line))
        return damaged(f, "the Radiance HDR header ends before the image size");
    // sscanf: a space in the format skips any white space, %d takes a sign and digits.
    std::size_t k = 0;
    const auto space = [&] {
        while (k < line.size() && std::isspace(static_cast<unsigned char>(line[k])))
            ++k;
    };
    const auto literal = [&](char c) { return k < line.size() && line[k] == c ? (++k, true) : false; };
    const auto number = [&](long long& v) {
        space();
        const bool negative = k < line.size() && line[k] == '-';
        if (k < line.size() && (line[k] == '-' || line[k] == '+'))
            ++k;
        if (k >= line.size() || !std::isdigit(static_cast<unsigned char>(line[k])))
            return false;
        v = 0;
        for (; k < line.size() && std::isdigit(static_cast<unsigned char>(line[k])); ++k)
            v = std::min(v * 10 + (line[k] - '0'), k_saturated);
        if (negative)
            v = -v;
        return true;
    };
    long long h = 0, w = 0;
    if (!(literal('-') && literal('Y') && (space(), number(h)) && (space(), literal('+')) && literal('X') &&
          number(w)))
        return damaged(f, "the Radiance HDR size is not \"-Y <height> +X <width>\"");
    if (w <= 0 || h <= 0)
        return damaged(f, "the Radiance HDR size is not positive");
    return sized(f, w, h);
}

// PFM: "PF" (colour) or "Pf" (gray), a newline, then width, height and scale, each
// read as OpenCV reads them: the bytes up to the next white space, through atoi.
ImageHeader pfm(const Bytes& b)
{
    constexpr std::string_view f = "PFM";
    if (b.size() < 3 || b[2] != '\n')
        return damaged(f, "the PFM header has no newline after \"PF\"");
    std::size_t i = 3;
    long long values[2] = {0, 0};
    for (long long& v : values) {
        std::size_t end = i;
        while (end < b.size() && end - i < 2048 && !std::isspace(b[end]))
            ++end;
        if (end >= b.size())
            return damaged(f, "the PFM header is cut short");
        std::size_t k = i;
        const bool negative = k < end && b[k] == '-';
        if (k < end && (b[k] == '-' || b[k] == '+'))
            ++k;
        v = 0;
        for (; k < end && std::isdigit(b[k]); ++k)
            v = std::min(v * 10 + (b[k] - '0'), k_saturated);
        if (negative)
            v = -v;
        i = end - i < 2048 ? end + 1 : end; // the white space ending it, if it came
    }
    if (values[0] <= 0 || values[1] <= 0)
        return damaged(f, "the PFM size is not two positive numbers");
    return sized(f, values[0], values[1]);
}

// Sun raster: magic, then width, height, depth, length, type, colour map type and
// length as big-endian 32-bit integers.
ImageHeader sun_raster(const Bytes& b)
{
    constexpr std::string_view f = "Sun raster";
    if (b.size() < 32)
        return damaged(f, "the Sun raster header is cut short");
    const auto w = std::int32_t(be32(&b[4])), h = std::int32_t(be32(&b[8]));
    if (w <= 0 || h <= 0)
        return damaged(f, "the Sun raster size is not positive");
    ImageHeader out = sized(f, w, h);
    const std::uint32_t depth = be32(&b[12]), map_type = be32(&b[24]);
    if (depth <= 8 && map_type == 0)
        out.decode = ImageHeader::Decode::Colour;
    return out;
}

// A JPEG 2000 codestream's SIZ segment: the image is Xsiz - XOsiz by Ysiz - YOsiz,
// in tiles of XTsiz by YTsiz from XTOsiz, YTOsiz; Csiz components.
ImageHeader j2k_codestream(const Bytes& b, std::size_t at)
{
    constexpr std::string_view f = "JPEG 2000";
    if (at + 42 > b.size())
        return damaged(f, "the JPEG 2000 header is cut short");
    if (!(b[at] == 0xFF && b[at + 1] == 0x4F && b[at + 2] == 0xFF && b[at + 3] == 0x51))
        return damaged(f, "the JPEG 2000 codestream does not start with its size segment");
    const auto u32 = [&](std::size_t k) { return (long long)be32(&b[at + k]); };
    const long long xsiz = u32(8), ysiz = u32(12), x0 = u32(16), y0 = u32(20), xt = u32(24), yt = u32(28),
                    xt0 = u32(32), yt0 = u32(36);
    if (xsiz <= x0 || ysiz <= y0 || xt == 0 || yt == 0 || xt0 > x0 || yt0 > y0)
        return damaged(f, "the JPEG 2000 size segment is inconsistent");
    ImageHeader out = sized(f, xsiz - x0, ysiz - y0);
    out.channels = int(be16(&b[at + 40]));
    // Each side's count taken up to 2^31, so that their product fits (and is still huge).
    const auto across = [](long long length, long long tile) {
        return std::min((length + tile - 1) / tile, 1LL << 31);
    };
    out.tiles = across(xsiz - xt0, xt) * across(ysiz - yt0, yt);
    return out;
}

// JP2: boxes (length, type[, 64-bit length]) up to the contiguous codestream box
// "jp2c", whose SIZ segment gives the size the decoder allocates.
ImageHeader jp2(const Bytes& b)
{
    constexpr std::string_view f = "JPEG 2000";
    std::size_t i = 0;
    while (i + 8 <= b.size()) {
        std::uint64_t length = be32(&b[i]);
        std::size_t header = 8;
        if (length == 1) {
            if (i + 16 > b.size())
                break;
            length = std::uint64_t(be32(&b[i + 8])) << 32 | be32(&b[i + 12]);
            header = 16;
        } else if (length == 0) {
            length = b.size() - i; // to the end of the file
        }
        if (std::memcmp(&b[i + 4], "jp2c", 4) == 0)
            return j2k_codestream(b, i + header);
        if (length < header || length > b.size() - i)
            break;
        i += std::size_t(length);
    }
    return damaged(f, "the JPEG 2000 file is cut short before its codestream");
}

// PAM: "P7", then lines "WIDTH n", "HEIGHT n", "DEPTH n", "MAXVAL n", "TUPLTYPE t",
// comments, up to "ENDHDR". Colour samples are R, G, B (and A), as the format says.
ImageHeader pam(const Bytes& b)
{
    constexpr std::string_view f = "PAM";
    std::size_t i = 3;
    std::optional<long long> width, height, depth;
    while (true) {
        while (i < b.size() && std::isspace(b[i]))
            ++i;
        if (i >= b.size())
            return damaged(f, "the PAM header is cut short before ENDHDR");
        std::size_t end = i;
        while (end < b.size() && b[end] != '\n' && b[end] != '\r')
            ++end;
        const std::string_view line(reinterpret_cast<const char*>(&b[i]), end - i);
        i = end;
        if (line[0] == '#')
            continue;
        const std::size_t gap = std::min(line.find_first_of(" \t\v\f"), line.size());
        const std::string_view key = line.substr(0, gap);
        if (key == "ENDHDR")
            break;
        std::optional<long long>* field = key == "WIDTH"    ? &width
                                          : key == "HEIGHT" ? &height
                                          : key == "DEPTH"  ? &depth
                                                            : nullptr;
        if (!field)
            continue;
        std::size_t k = gap;
        while (k < line.size() && std::isspace(static_cast<unsigned char>(line[k])))
            ++k;
        if (k >= line.size() || !std::isdigit(static_cast<unsigned char>(line[k])))
            return damaged(f, "a PAM header field is not a number");
        long long v = 0;
        for (; k < line.size() && std::isdigit(static_cast<unsigned char>(line[k])); ++k)
            v = std::min(v * 10 + (line[k] - '0'), k_saturated);
        *field = v;
    }
    if (!width || !height || !depth)
        return damaged(f, "the PAM header lacks WIDTH, HEIGHT or DEPTH");
    if (*width <= 0 || *height <= 0)
        return damaged(f, "the PAM size is not positive");
    ImageHeader out = sized(f, *width, *height);
    out.channels = int(std::min(*depth, 0x7FFFFFFFLL));
    out.decode = ImageHeader::Decode::AsStored;
    return out;
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
    if (starts_with(b, "\x76\x2f\x31\x01"))
        return openexr(b);
    if (starts_with(b, "#?RADIANCE") || starts_with(b, "#?RGBE"))
        return radiance(b);
    if (b.size() >= 3 && b[0] == 'P' && (b[1] == 'F' || b[1] == 'f') && std::isspace(b[2]))
        return pfm(b);
    if (starts_with(b, "\x59\xA6\x6A\x95"))
        return sun_raster(b);
    if (starts_with(b, std::string_view("\0\0\0\x0CjP  \r\n\x87\n", 12)))
        return jp2(b);
    if (starts_with(b, "\xFF\x4F\xFF\x51"))
        return j2k_codestream(b, 0);
    if (b.size() >= 3 && b[0] == 'P' && b[1] == '7' && (b[2] == '\n' || b[2] == '\r'))
        return pam(b);
    return std::nullopt;
}

} // namespace poolscope
