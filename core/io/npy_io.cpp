// The .npy format: "\x93NUMPY", version, header length, a Python dict literal
// {'descr': ..., 'fortran_order': ..., 'shape': (...)}, then the raw data.
// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
#include "core/io/npy_io.h"

#include <algorithm>
#include <bit>
#include <climits>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "core/io/atomic_file.h"
#include "core/io/file_bytes.h"
#include "core/tensor/errors.h"

namespace poolscope {
namespace {

constexpr std::string_view k_magic{"\x93NUMPY", 6};
constexpr long long k_max_elements = INT_MAX; // cv::Mat and Tensor index with int

// The header's three keys, as parsed.
struct Header {
    std::optional<std::string> descr;
    std::optional<bool> fortran_order;
    std::optional<std::vector<long long>> shape;
};

[[noreturn]] void malformed(const std::string& why)
{
    throw InputError("malformed .npy header: " + why);
}

// A recursive-descent reader for the tiny Python literal numpy writes
// (numpy.lib.format uses repr() of a dict of str, bool and a tuple of ints).
class HeaderParser {
public:
    explicit HeaderParser(std::string_view s) : s_(s) {}

    Header parse()
    {
        Header h;
        expect('{');
        while (true) {
            if (accept('}'))
                break;
            const std::string key = string();
            expect(':');
            if (key == "descr") {
                skip_space();
                if (peek() == '[')
                    throw InputError("unsupported .npy dtype: structured arrays cannot be loaded");
                h.descr = string();
            } else if (key == "fortran_order") {
                h.fortran_order = boolean();
            } else if (key == "shape") {
                h.shape = tuple();
            } else {
                malformed("unexpected key '" + key + "'");
            }
            if (accept('}'))
                break;
            expect(',');
        }
        skip_space();
        if (pos_ != s_.size())
            malformed("text after the closing brace");
        return h;
    }

private:
    void skip_space()
    {
        while (pos_ < s_.size() &&
               (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\t' || s_[pos_] == '\r'))
            ++pos_;
    }
    char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
    bool accept(char c)
    {
        skip_space();
        if (peek() != c)
            return false;
        ++pos_;
        return true;
    }
    void expect(char c)
    {
        if (!accept(c))
            malformed(std::string("expected '") + c + "' at character " + std::to_string(pos_));
    }
    std::string string()
    {
        skip_space();
        const char q = peek();
        if (q != '\'' && q != '"')
            malformed("expected a quoted string at character " + std::to_string(pos_));
        const std::size_t end = s_.find(q, pos_ + 1);
        if (end == std::string_view::npos)
            malformed("unterminated string");
        std::string out(s_.substr(pos_ + 1, end - pos_ - 1));
        pos_ = end + 1;
        return out;
    }
    bool boolean()
    {
        skip_space();
        for (auto [word, value] : {std::pair{std::string_view("True"), true}, {"False", false}})
            if (s_.substr(pos_, word.size()) == word) {
                pos_ += word.size();
                return value;
            }
        malformed("expected True or False at character " + std::to_string(pos_));
    }
    long long integer()
    {
        skip_space();
        const std::size_t start = pos_;
        long long v = 0;
        while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
            if (v > (LLONG_MAX - 9) / 10)
                throw InputError(".npy header: a dimension of the shape is too large");
            v = v * 10 + (s_[pos_++] - '0');
        }
        if (pos_ == start)
            malformed("expected a non-negative integer in the shape at character " + std::to_string(pos_));
        if (peek() == 'L') // written by Python 2
            ++pos_;
        return v;
    }
    std::vector<long long> tuple()
    {
        expect('(');
        std::vector<long long> dims;
        while (!accept(')')) {
            dims.push_back(integer());
            if (accept(')'))
                break;
            expect(',');
        }
        return dims;
    }

    std::string_view s_;
    std::size_t pos_ = 0;
};

std::string shape_text(const std::vector<long long>& shape)
{
    std::string s = "(";
    for (std::size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + (shape.size() == 1 ? ",)" : ")");
}

enum class DType { F4, F8, U1, I8 };

struct DTypeInfo {
    DType type;
    std::size_t bytes;
};

DTypeInfo parse_dtype(const std::string& d)
{
    // '|' means "byte order does not apply" (single bytes).
    if (d == "<f4")
        return {DType::F4, 4};
    if (d == "<f8")
        return {DType::F8, 8};
    if (d == "|u1" || d == "<u1" || d == "u1")
        return {DType::U1, 1};
    if (d == "<i8")
        return {DType::I8, 8};
    if (!d.empty() && d[0] == '>')
        throw InputError("big-endian .npy data ('" + d +
                         "') is not supported; save it little-endian, e.g. a.astype('<f4')");
    throw InputError("unsupported .npy dtype '" + d +
                     "' (supported: float32 '<f4', float64 '<f8', uint8 '|u1', int64 '<i8')");
}

// .npy data is little-endian; swap on a big-endian host.
template <typename T> T load_le(const unsigned char* p)
{
    unsigned char b[sizeof(T)];
    std::memcpy(b, p, sizeof b);
    if constexpr (std::endian::native == std::endian::big)
        std::reverse(b, b + sizeof b);
    T v;
    std::memcpy(&v, b, sizeof v);
    return v;
}

template <typename T> void append_le(std::vector<unsigned char>& out, const T* values, std::size_t n)
{
    const std::size_t start = out.size();
    out.resize(start + n * sizeof(T));
    if (n == 0)
        return;
    std::memcpy(out.data() + start, values, n * sizeof(T));
    if constexpr (std::endian::native == std::endian::big)
        for (std::size_t i = 0; i < n; ++i)
            std::reverse(out.data() + start + i * sizeof(T), out.data() + start + (i + 1) * sizeof(T));
}

std::vector<unsigned char> npy_header(const char* descr, const std::vector<long long>& shape)
{
    std::string dict = std::string("{'descr': '") + descr +
                       "', 'fortran_order': False, 'shape': " + shape_text(shape) + ", }";
    // Version 1.0 stores the header length in 2 bytes, 2.0 in 4.
    const bool v1 = 10 + dict.size() + 64 <= 0xFFFF;
    const std::size_t prefix = v1 ? 10 : 12;
    // numpy pads with spaces and a newline so the data starts on a 64-byte boundary.
    dict.append((64 - (prefix + dict.size() + 1) % 64) % 64, ' ');
    dict.push_back('\n');
    std::vector<unsigned char> out(k_magic.begin(), k_magic.end());
    out.push_back(v1 ? 1 : 2);
    out.push_back(0);
    if (v1) {
        const auto len = std::uint16_t(dict.size());
        append_le(out, &len, 1);
    } else {
        const auto len = std::uint32_t(dict.size());
        append_le(out, &len, 1);
    }
    out.insert(out.end(), dict.begin(), dict.end());
    return out;
}

std::vector<long long> checked_shape(const std::vector<long long>& shape, std::size_t count,
                                     std::vector<long long> fallback)
{
    if (shape.empty())
        return fallback;
    long long product = 1;
    for (long long d : shape) {
        if (d < 0)
            throw ParamError("the .npy shape " + shape_text(shape) + " has a negative dimension");
        product *= d;
    }
    if (std::size_t(product) != count)
        throw ParamError("the .npy shape " + shape_text(shape) + " holds " + std::to_string(product) +
                         " values but there are " + std::to_string(count));
    return shape;
}

} // namespace

bool is_channels_last_image(const std::vector<long long>& shape)
{
    return shape.size() == 3 && (shape[2] == 3 || shape[2] == 4) && shape[0] > 4 && shape[1] > 4;
}

namespace {

// A checked .npy: its shape (rank 2 to 4, at most k_max_elements values), dtype and
// where its data starts; the data is known to be all there.
struct NpyData {
    std::vector<long long> shape;
    std::string descr;
    DTypeInfo dtype;
    const unsigned char* data = nullptr;
    std::size_t count = 0;
};

NpyData parse_npy_data(const std::vector<unsigned char>& bytes, const NpyReadOptions& opt)
{
    if (bytes.size() < k_magic.size() || std::memcmp(bytes.data(), k_magic.data(), k_magic.size()) != 0)
        throw InputError(bytes.empty() ? "not a .npy file: it is empty"
                                       : "not a .npy file: it does not start with \\x93NUMPY");
    if (bytes.size() < 8)
        throw InputError("truncated .npy file: the version is cut off");
    const int major = bytes[6], minor = bytes[7];
    if (major < 1 || major > 3)
        throw InputError("unsupported .npy format version " + std::to_string(major) + "." +
                         std::to_string(minor) + " (1.0, 2.0 and 3.0 are supported)");
    const std::size_t prefix = major == 1 ? 10 : 12;
    if (bytes.size() < prefix)
        throw InputError("truncated .npy file: the header length is cut off");
    const std::size_t header_len =
        major == 1 ? load_le<std::uint16_t>(&bytes[8]) : std::size_t(load_le<std::uint32_t>(&bytes[8]));
    if (header_len > bytes.size() - prefix)
        throw InputError("truncated .npy header: it says " + std::to_string(header_len) +
                         " bytes, the file has " + std::to_string(bytes.size() - prefix) +
                         " after the prefix");
    const std::string_view text(reinterpret_cast<const char*>(bytes.data()) + prefix, header_len);
    const Header h = HeaderParser(text).parse();
    if (!h.descr || !h.fortran_order || !h.shape)
        malformed(std::string("missing '") +
                  (!h.descr           ? "descr"
                   : !h.fortran_order ? "fortran_order"
                                      : "shape") +
                  "'");
    const DTypeInfo dt = parse_dtype(*h.descr);
    if (*h.fortran_order)
        throw InputError("Fortran-ordered .npy arrays are not supported; save np.ascontiguousarray(a)");

    const std::vector<long long>& shape = *h.shape;
    const std::string st = shape_text(shape);
    if (shape.size() < 2 || shape.size() > 4)
        throw InputError("a .npy array of rank " + std::to_string(shape.size()) + " " + st +
                         " cannot be loaded: expected (H, W), (C, H, W) or (1, C, H, W)");
    if (shape.size() == 4 && shape[0] != 1 && !opt.batch_as_channels)
        throw InputError("the .npy batch " + st + " holds " + std::to_string(shape[0]) +
                         " images; only N = 1 can be loaded");
    long long count = 1;
    for (long long d : shape) {
        if (d == 0)
            throw InputError("the .npy array " + st + " is empty");
        if (d > k_max_elements || count > k_max_elements / d)
            throw InputError("the .npy array " + st + " is too large (more than " +
                             std::to_string(k_max_elements) + " values)");
        count *= d;
    }
    const std::size_t data_bytes = std::size_t(count) * dt.bytes;
    const std::size_t available = bytes.size() - prefix - header_len;
    if (data_bytes > available) // checked before allocating anything
        throw InputError("truncated .npy data: " + st + " of '" + *h.descr + "' needs " +
                         std::to_string(data_bytes) + " bytes, the file has " + std::to_string(available));
    return {shape, *h.descr, dt, bytes.data() + prefix + header_len, std::size_t(count)};
}

// (C, H, W) of a checked shape: rank 2 is one channel, rank 4 folds N into C.
void planes_of(const std::vector<long long>& shape, long long& channels, int& height, int& width)
{
    const std::size_t rank = shape.size();
    // The count is capped, so N * C fits an int.
    channels = rank == 2 ? 1 : rank == 3 ? shape[0] : shape[0] * shape[1];
    height = int(shape[rank - 2]);
    width = int(shape[rank - 1]);
}

} // namespace

NpyArray parse_npy(const std::vector<unsigned char>& bytes, const NpyReadOptions& opt)
{
    const NpyData d = parse_npy_data(bytes, opt);
    NpyArray a;
    a.shape = d.shape;
    const unsigned char* in = d.data;
    const auto value = [&](std::size_t i) -> float {
        switch (d.dtype.type) {
        case DType::F4:
            return load_le<float>(in + 4 * i);
        case DType::F8:
            return float(load_le<double>(in + 8 * i));
        case DType::U1:
            return float(in[i]); // the stored numbers, not rescaled
        case DType::I8:
            return float(load_le<std::int64_t>(in + 8 * i));
        }
        return 0.f;
    };
    if (opt.channels_last_images && is_channels_last_image(d.shape)) {
        // Pixel by pixel, its channels side by side: each goes to its own plane.
        const int h = int(d.shape[0]), w = int(d.shape[1]), c = int(d.shape[2]);
        a.layout = NpyLayout::ChannelsLast;
        a.notice = "the .npy shape " + shape_text(d.shape) + " is read as height, width, channels: " +
                   std::to_string(c) + " channels of height " + std::to_string(h) + ", width " + std::to_string(w);
        a.tensor = Tensor(c, h, w);
        const std::size_t plane = std::size_t(h) * std::size_t(w);
        float* out = a.tensor.data();
        for (std::size_t p = 0; p < plane; ++p)
            for (int k = 0; k < c; ++k)
                out[std::size_t(k) * plane + p] = value(p * std::size_t(c) + std::size_t(k));
        return a;
    }
    long long channels = 0;
    int height = 0, width = 0;
    planes_of(d.shape, channels, height, width);
    a.tensor = Tensor(int(channels), height, width);
    float* out = a.tensor.data();
    for (std::size_t i = 0; i < d.count; ++i)
        out[i] = value(i);
    return a;
}

NpyIndices parse_npy_indices(const std::vector<unsigned char>& bytes)
{
    const NpyData d = parse_npy_data(bytes, NpyReadOptions{});
    if (d.dtype.type != DType::I8)
        throw InputError(
            "indices must be int64 ('<i8'), as pool --indices and PyTorch's return_indices write "
            "them, but the .npy holds '" +
            d.descr + "'");
    NpyIndices r;
    r.shape = d.shape;
    long long channels = 0;
    planes_of(d.shape, channels, r.indices.height, r.indices.width);
    r.indices.channels = int(channels);
    r.indices.data.resize(d.count);
    for (std::size_t i = 0; i < d.count; ++i)
        r.indices.data[i] = load_le<std::int64_t>(d.data + 8 * i);
    return r;
}

NpyArray read_npy(const std::string& path, const NpyReadOptions& opt)
{
    try {
        return parse_npy(read_file_bytes(path), opt);
    } catch (const InputError& e) {
        const std::string what = e.what();
        if (what.find(path) != std::string::npos) // already names the file
            throw;
        throw InputError("'" + path + "': " + what);
    }
}

NpyIndices read_npy_indices(const std::string& path)
{
    try {
        return parse_npy_indices(read_file_bytes(path));
    } catch (const InputError& e) {
        const std::string what = e.what();
        if (what.find(path) != std::string::npos) // already names the file
            throw;
        throw InputError("'" + path + "': " + what);
    }
}

void write_npy(const std::string& path, const Tensor& t, const std::vector<long long>& shape)
{
    const auto s = checked_shape(shape, t.size(), {t.channels(), t.height(), t.width()});
    std::vector<unsigned char> out = npy_header("<f4", s);
    append_le(out, t.empty() ? nullptr : t.data(), t.size());
    write_file_atomic(path, out);
}

void write_npy_indices(const std::string& path, const IndexTensor& idx, const std::vector<long long>& shape)
{
    const std::size_t expected = std::size_t(idx.channels) * idx.height * idx.width;
    if (idx.data.size() != expected)
        throw ParamError("index tensor " + std::to_string(idx.channels) + " x " + std::to_string(idx.height) +
                         " x " + std::to_string(idx.width) + " holds " + std::to_string(idx.data.size()) +
                         " values");
    const auto s = checked_shape(shape, expected, {idx.channels, idx.height, idx.width});
    std::vector<unsigned char> out = npy_header("<i8", s);
    append_le(out, idx.data.data(), idx.data.size());
    write_file_atomic(path, out);
}

std::vector<unsigned char> encode_npy(const Tensor& t, const std::vector<long long>& shape)
{
    const auto s = checked_shape(shape, t.size(), {t.channels(), t.height(), t.width()});
    std::vector<unsigned char> out = npy_header("<f4", s);
    append_le(out, t.empty() ? nullptr : t.data(), t.size());
    return out;
}

std::vector<unsigned char> encode_npy_indices(const IndexTensor& idx, const std::vector<long long>& shape)
{
    const std::size_t expected = std::size_t(idx.channels) * idx.height * idx.width;
    if (idx.data.size() != expected)
        throw ParamError("index tensor " + std::to_string(idx.channels) + " x " + std::to_string(idx.height) +
                         " x " + std::to_string(idx.width) + " holds " + std::to_string(idx.data.size()) +
                         " values");
    const auto s = checked_shape(shape, expected, {idx.channels, idx.height, idx.width});
    std::vector<unsigned char> out = npy_header("<i8", s);
    append_le(out, idx.data.data(), idx.data.size());
    return out;
}

} // namespace poolscope
