#include "core/io/image_io.h"

#include <algorithm>
#include <climits>
#include <optional>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/io/file_bytes.h"
#include "core/io/image_header.h"
#include "core/tensor/errors.h"

namespace poolscope {
namespace {

std::string size_text(long long w, long long h)
{
    return std::to_string(w) + " x " + std::to_string(h);
}

// Decoded samples to [0,1] floats (or as stored for float images).
cv::Mat to_float(const cv::Mat& m)
{
    cv::Mat f;
    switch (m.depth()) {
    case CV_8U:
        m.convertTo(f, CV_32F, 1.0 / 255.0);
        break;
    case CV_16U:
        m.convertTo(f, CV_32F, 1.0 / 65535.0);
        break;
    case CV_32F:
        f = m;
        break;
    case CV_64F:
        m.convertTo(f, CV_32F);
        break;
    default:
        throw InputError("unsupported sample format (signed integer image)");
    }
    return f;
}

[[noreturn]] void rethrow_naming(const std::string& path, const InputError& e)
{
    throw InputError("'" + path + "': " + e.what());
}

// OpenCV's OpenEXR codec is built in, and not turned off: OpenCV reads the
// variable OPENCV_IO_ENABLE_OPENEXR once, and where it says no (or the build's
// default is no) every OpenEXR read or write throws. Asked once, by a 1 x 1 write.
bool openexr_enabled()
{
    static const bool enabled = [] {
        try { // where it is turned off, even asking for the writer throws
            std::vector<unsigned char> b;
            return cv::haveImageWriter(".exr") &&
                   cv::imencode(".exr", cv::Mat(1, 1, CV_32F, cv::Scalar(0)), b);
        } catch (const cv::Exception&) {
            return false;
        }
    }();
    return enabled;
}

// The formats image_header.h reads, in the order they are listed to users, with a
// file extension OpenCV's codec for each answers to. A codec has its reader where it
// has its writer (one build option each).
struct Format {
    std::string_view name;
    const char* extension;
};
constexpr Format k_formats[] = {
    {"PNG", ".png"},   {"JPEG", ".jpg"},      {"JPEG 2000", ".jp2"}, {"BMP", ".bmp"},
    {"TIFF", ".tiff"}, {"WebP", ".webp"},     {"OpenEXR", ".exr"},   {"Radiance HDR", ".hdr"},
    {"PFM", ".pfm"},   {"PBM", ".pbm"},       {"PGM", ".pgm"},       {"PPM", ".ppm"},
    {"PAM", ".pam"},   {"Sun raster", ".sr"},
};

bool readable(const Format& f)
{
    return f.name == "OpenEXR" ? openexr_enabled() : cv::haveImageWriter(f.extension);
}

// At most this many JPEG 2000 tiles: OpenJPEG keeps several kilobytes of state for
// every tile of the grid as it reads the header (its own limit is 65535 tiles): a
// 70-byte codestream of 255 x 255 one-pixel tiles took 386 MB and 1.3 s to be refused.
constexpr long long k_max_jpeg2000_tiles = 4096;

// Refuses what the header says the decoder could not take, or should not be given,
// before it sees the bytes.
void check_header(const ImageHeader& header, const ImageLoadOptions& opt)
{
    const std::string format(header.format);
    for (const Format& f : k_formats)
        if (f.name == header.format && !readable(f))
            throw InputError(
                f.name == "OpenEXR"
                    ? "cannot decode the image: it is OpenEXR, and this OpenCV's OpenEXR codec is "
                      "turned off (OPENCV_IO_ENABLE_OPENEXR)"
                    : "cannot decode the image: it is " + format + ", and this OpenCV reads no " + format);
    if (!header.width || !header.height)
        throw InputError("cannot decode the image: " +
                         (header.problem.empty() ? "the " + format + " header is damaged or cut short"
                                                 : std::string(header.problem)));
    const long long w = *header.width, h = *header.height;
    check_pixel_limit(w, h, opt.max_pixels);
    if (header.channels && (*header.channels < 1 || *header.channels > 4))
        throw InputError("cannot decode the image: the " + format + " image has " +
                         std::to_string(*header.channels) + " channels; 1 to 4 are supported");
    if (header.tiles > k_max_jpeg2000_tiles)
        throw InputError("cannot decode the image: the JPEG 2000 image is cut into " +
                         std::to_string(header.tiles) + " tiles, more than " +
                         std::to_string(k_max_jpeg2000_tiles));
}

} // namespace

std::string readable_image_formats()
{
    std::string list;
    for (const Format& f : k_formats)
        if (readable(f))
            list += (list.empty() ? "" : ", ") + std::string(f.name);
    return list;
}

// w and h come from headers; taken up to 2^32 - 1 each, their product fits 64
// unsigned bits (OpenEXR's data window can be 2^32 wide: still over any limit).
void check_pixel_limit(long long w, long long h, long long max_pixels)
{
    const auto side = [](long long v) {
        return static_cast<unsigned long long>(std::clamp(v, 0LL, 0xFFFFFFFFLL));
    };
    const unsigned long long pixels = side(w) * side(h);
    if (max_pixels > 0 && pixels > static_cast<unsigned long long>(max_pixels))
        throw InputError("the image is " + size_text(w, h) + " = " + std::to_string(pixels) +
                         " pixels, more than the limit of " + std::to_string(max_pixels));
}

Tensor decode_image(const std::vector<unsigned char>& bytes, const ImageLoadOptions& opt)
{
    if (bytes.empty())
        throw InputError("the image is empty (0 bytes)");
    // The size is checked from the header, before the decoder allocates the image;
    // a format whose header cannot be read that way is not opened at all.
    const std::optional<ImageHeader> header = read_image_header(bytes);
    if (!header)
        throw InputError("cannot decode the image: not an image PoolScope reads (" +
                         readable_image_formats() + ") or a .npy array");
    check_header(*header, opt);
    if (header->format == "JPEG") {
        // libjpeg pads a cut-off file with gray and reports success; the
        // end-of-image marker can only occur after the scan as the real end.
        static const unsigned char eoi[2] = {0xFF, 0xD9};
        if (header->jpeg_scan && std::search(bytes.begin() + std::ptrdiff_t(header->jpeg_scan), bytes.end(),
                                             eoi, eoi + 2) == bytes.end())
            throw InputError("truncated JPEG: the data ends before the end-of-image marker");
    }

    cv::Mat decoded;
    try {
        // ANYCOLOR|ANYDEPTH keeps gray as gray and 16-bit as 16-bit, drops alpha,
        // and (unlike IMREAD_UNCHANGED) applies the EXIF orientation.
        const cv::Mat buf(1, int(std::min<std::size_t>(bytes.size(), INT_MAX)), CV_8U,
                          const_cast<unsigned char*>(bytes.data()));
        const int flags = header->decode == ImageHeader::Decode::Colour ? cv::IMREAD_COLOR
                          : header->decode == ImageHeader::Decode::AsStored
                              ? cv::IMREAD_UNCHANGED
                              : cv::IMREAD_ANYCOLOR | cv::IMREAD_ANYDEPTH;
        decoded = cv::imdecode(buf, flags);
    } catch (const cv::Exception& e) {
        throw InputError("cannot decode the image: " + e.err);
    }
    if (decoded.empty())
        throw InputError("cannot decode the image: not a format OpenCV reads, or a damaged file");
    check_pixel_limit(decoded.cols, decoded.rows, opt.max_pixels);

    cv::Mat f = to_float(decoded);
    const bool as_stored = header->decode == ImageHeader::Decode::AsStored; // R, G, B order
    cv::Mat rgb;
    switch (f.channels()) {
    case 1:
        rgb = f;
        break;
    case 2:
        cv::extractChannel(f, rgb, 0);
        break; // gray + alpha
    case 3:
        if (as_stored)
            rgb = f;
        else
            cv::cvtColor(f, rgb, cv::COLOR_BGR2RGB);
        break;
    case 4:
        cv::cvtColor(f, rgb, as_stored ? cv::COLOR_RGBA2RGB : cv::COLOR_BGRA2RGB);
        break;
    default:
        throw InputError("the image has " + std::to_string(f.channels()) + " channels; 1 to 4 are supported");
    }
    // OpenCV expands gray with alpha to three equal channels: it is gray.
    if ((header->gray_alpha || header->decode == ImageHeader::Decode::Colour) && rgb.channels() == 3)
        cv::extractChannel(rgb, rgb, 0);
    if (opt.gray && rgb.channels() == 3)
        cv::cvtColor(rgb, rgb, cv::COLOR_RGB2GRAY);
    std::vector<cv::Mat> planes;
    cv::split(rgb, planes);
    return Tensor::fromPlanes(planes);
}

Tensor load_image(const std::string& path, const ImageLoadOptions& opt)
{
    const std::vector<unsigned char> bytes = read_file_bytes(path);
    try {
        return decode_image(bytes, opt);
    } catch (const InputError& e) {
        rethrow_naming(path, e);
    }
}

} // namespace poolscope
