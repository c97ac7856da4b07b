#include "core/image_io.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/errors.h"
#include "core/npy_io.h"

namespace poolscope {
namespace {

namespace fs = std::filesystem;

struct Dimensions {
    long long width = 0, height = 0;
};

std::uint32_t be16(const unsigned char* p)
{
    return std::uint32_t(p[0]) << 8 | p[1];
}
std::uint32_t be32(const unsigned char* p)
{
    return be16(p) << 16 | be16(p + 2);
}

// PNG: 8-byte signature, then the IHDR chunk (length, "IHDR", width, height big-endian).
std::optional<Dimensions> png_dimensions(const std::vector<unsigned char>& b)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (b.size() < 24 || std::memcmp(b.data(), sig, 8) != 0 || std::memcmp(&b[12], "IHDR", 4) != 0)
        return std::nullopt;
    return Dimensions{be32(&b[16]), be32(&b[20])};
}

bool is_jpeg(const std::vector<unsigned char>& b)
{
    return b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8;
}

// JPEG: walk the marker segments after SOI to the first frame header SOFn
// (C0..CF except DHT C4, JPG C8, DAC CC): length, precision, height, width.
// Also reports where the first scan (SOS) starts.
struct JpegLayout {
    std::optional<Dimensions> size;
    std::size_t scan = 0; // offset of the first SOS marker, 0 if none was reached
};

JpegLayout jpeg_layout(const std::vector<unsigned char>& b)
{
    JpegLayout out;
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
            out.scan = i - 1;
            return out;
        }
        const std::size_t len = be16(&b[i + 1]);
        const bool sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
        if (sof && len >= 7 && i + 8 <= b.size() && !out.size)
            out.size = Dimensions{be16(&b[i + 6]), be16(&b[i + 4])};
        i += 1 + len;
    }
    return out;
}

std::string size_text(long long w, long long h)
{
    return std::to_string(w) + " x " + std::to_string(h);
}

// w and h come from headers (up to 2^32 - 1 each): their product fits 64 unsigned bits.
void check_pixels(long long w, long long h, long long max_pixels)
{
    const unsigned long long pixels = static_cast<unsigned long long>(w) * static_cast<unsigned long long>(h);
    if (max_pixels > 0 && pixels > static_cast<unsigned long long>(max_pixels))
        throw InputError("the image is " + size_text(w, h) + " = " + std::to_string(pixels) +
                         " pixels, more than the limit of " + std::to_string(max_pixels));
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

std::string lower_extension(const std::string& path)
{
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

[[noreturn]] void rethrow_naming(const std::string& path, const InputError& e)
{
    throw InputError("'" + path + "': " + e.what());
}

} // namespace

std::vector<unsigned char> read_file_bytes(const std::string& path)
{
    std::error_code ec;
    const fs::file_status st = fs::status(fs::path(path), ec);
    if (ec || !fs::exists(st))
        throw InputError("'" + path + "': " + (ec ? ec.message() : std::string("no such file")));
    if (fs::is_directory(st))
        throw InputError("'" + path + "' is a folder, not a file");
    std::ifstream in(fs::path(path), std::ios::binary);
    if (!in)
        throw InputError("'" + path + "': cannot open (" + std::strerror(errno) + ")");
    std::vector<unsigned char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad())
        throw InputError("'" + path + "': read error (" + std::strerror(errno) + ")");
    if (bytes.empty())
        throw InputError("'" + path + "' is empty (0 bytes)");
    return bytes;
}

Tensor decode_image(const std::vector<unsigned char>& bytes, const ImageLoadOptions& opt)
{
    if (bytes.empty())
        throw InputError("the image is empty (0 bytes)");
    // Refuse a huge PNG or JPEG from its header, before the decoder allocates it.
    if (const auto d = png_dimensions(bytes))
        check_pixels(d->width, d->height, opt.max_pixels);
    if (is_jpeg(bytes)) {
        const JpegLayout j = jpeg_layout(bytes);
        if (j.size)
            check_pixels(j.size->width, j.size->height, opt.max_pixels);
        // libjpeg pads a cut-off file with gray and reports success; the
        // end-of-image marker can only occur after the scan as the real end.
        static const unsigned char eoi[2] = {0xFF, 0xD9};
        if (j.scan &&
            std::search(bytes.begin() + std::ptrdiff_t(j.scan), bytes.end(), eoi, eoi + 2) == bytes.end())
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
    check_pixels(decoded.cols, decoded.rows, opt.max_pixels);

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

Tensor load_tensor(const std::string& path, const ImageLoadOptions& opt)
{
    if (lower_extension(path) != ".npy")
        return load_image(path, opt);
    Tensor t = read_npy(path).tensor;
    try {
        check_pixels(t.width(), t.height(), opt.max_pixels);
    } catch (const InputError& e) {
        rethrow_naming(path, e);
    }
    return t;
}

void write_file_atomic(const std::string& path, const std::vector<unsigned char>& bytes)
{
    std::string tmp = path + ".tmp-XXXXXX";
    const auto fail = [&](int err, bool remove) {
        if (remove)
            ::unlink(tmp.c_str());
        throw InputError("cannot write '" + path + "': " + std::strerror(err));
    };
    const int fd = ::mkstemp(tmp.data());
    if (fd < 0)
        fail(errno, false);
    const unsigned char* p = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const int err = n < 0 ? errno : EIO;
            ::close(fd);
            fail(err, true);
        }
        p += n;
        left -= std::size_t(n);
    }
    // mkstemp creates 0600; give the file the permissions of an ordinary one
    // (or keep those of the file it replaces).
    struct stat old {};
    const mode_t mode = ::stat(path.c_str(), &old) == 0 ? (old.st_mode & 07777) : 0644;
    if (::fchmod(fd, mode) != 0 || ::fsync(fd) != 0) {
        const int err = errno;
        ::close(fd);
        fail(err, true);
    }
    if (::close(fd) != 0)
        fail(errno, true);
    if (::rename(tmp.c_str(), path.c_str()) != 0)
        fail(errno, true);
    // Make the rename itself durable; a failure here loses nothing already written.
    const fs::path dir = fs::path(path).parent_path();
    const int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

} // namespace poolscope
