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

} // namespace

// w and h come from headers (up to 2^32 - 1 each): their product fits 64 unsigned bits.
void check_pixel_limit(long long w, long long h, long long max_pixels)
{
    const unsigned long long pixels = static_cast<unsigned long long>(w) * static_cast<unsigned long long>(h);
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
        throw InputError("cannot decode the image: not a format PoolScope opens (" +
                         std::string(kOpenableImageFormats) + ")");
    if (!header->width || !header->height)
        throw InputError("cannot decode the image: the " + std::string(header->format) +
                         " header is damaged or cut short");
    check_pixel_limit(*header->width, *header->height, opt.max_pixels);
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
        decoded = cv::imdecode(buf, cv::IMREAD_ANYCOLOR | cv::IMREAD_ANYDEPTH);
    } catch (const cv::Exception& e) {
        throw InputError("cannot decode the image: " + e.err);
    }
    if (decoded.empty())
        throw InputError("cannot decode the image: not a format OpenCV reads, or a damaged file");
    check_pixel_limit(decoded.cols, decoded.rows, opt.max_pixels);

    cv::Mat f = to_float(decoded);
    cv::Mat rgb;
    switch (f.channels()) {
    case 1:
        rgb = f;
        break;
    case 2:
        cv::extractChannel(f, rgb, 0);
        break; // gray + alpha
    case 3:
        cv::cvtColor(f, rgb, cv::COLOR_BGR2RGB);
        break;
    case 4:
        cv::cvtColor(f, rgb, cv::COLOR_BGRA2RGB);
        break;
    default:
        throw InputError("the image has " + std::to_string(f.channels()) + " channels; 1 to 4 are supported");
    }
    // OpenCV expands gray with alpha to three equal channels: it is gray.
    if (header->gray_alpha && rgb.channels() == 3)
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
