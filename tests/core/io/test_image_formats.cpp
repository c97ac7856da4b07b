// The formats read from their headers beside PNG, JPEG, BMP, TIFF, WebP and PNM:
// OpenEXR, Radiance HDR, PFM, Sun raster, JPEG 2000 and PAM. Each loads with its
// values (float formats as stored), each refuses a header over the pixel limit
// before decoding, and each says what is wrong with a damaged header.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include "core/io/image_io.h"
#include "core/tensor/errors.h"

namespace poolscope {
namespace {

using Bytes = std::vector<unsigned char>;

Bytes text(const std::string& s)
{
    return Bytes(s.begin(), s.end());
}

Bytes concat(Bytes a, const Bytes& b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

void put_le32(Bytes& b, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        b.push_back(static_cast<unsigned char>(v >> (8 * i)));
}

void put_be16(Bytes& b, std::uint32_t v)
{
    b.push_back(static_cast<unsigned char>(v >> 8));
    b.push_back(static_cast<unsigned char>(v));
}

void put_be32(Bytes& b, std::uint32_t v)
{
    put_be16(b, v >> 16);
    put_be16(b, v & 0xFFFF);
}

// The header of a scanline OpenEXR file of w x h pixels (its data window), with no
// pixels after it: an OpenEXR attribute is a name, a type, a size and the value.
Bytes exr_header(std::uint32_t w, std::uint32_t h, bool with_window = true)
{
    Bytes b{0x76, 0x2f, 0x31, 0x01, 2, 0, 0, 0};
    const auto attribute = [&](const std::string& name, const std::string& type, const Bytes& value) {
        b.insert(b.end(), name.begin(), name.end());
        b.push_back(0);
        b.insert(b.end(), type.begin(), type.end());
        b.push_back(0);
        put_le32(b, std::uint32_t(value.size()));
        b.insert(b.end(), value.begin(), value.end());
    };
    Bytes channels = text("Y");
    channels.push_back(0);
    for (std::uint32_t v : {1u /* HALF */, 0u /* pLinear, reserved */, 1u, 1u /* sampling */})
        put_le32(channels, v);
    channels.push_back(0);
    attribute("channels", "chlist", channels);
    attribute("compression", "compression", {0});
    if (with_window) {
        Bytes box;
        for (std::uint32_t v : {0u, 0u, w - 1, h - 1})
            put_le32(box, v);
        attribute("dataWindow", "box2i", box);
        attribute("displayWindow", "box2i", box);
    }
    attribute("lineOrder", "lineOrder", {0});
    b.push_back(0); // the end of the header
    return b;
}

// A JPEG 2000 codestream's start: SOC, then SIZ for w x h in tiles of tile x tile,
// with the given number of 8-bit components.
Bytes j2k_header(std::uint32_t w, std::uint32_t h, std::uint32_t tile, int components = 3)
{
    Bytes b{0xFF, 0x4F, 0xFF, 0x51};
    put_be16(b, 38 + 3 * std::uint32_t(components));
    put_be16(b, 0);
    for (std::uint32_t v : {w, h, 0u, 0u, tile, tile, 0u, 0u})
        put_be32(b, v);
    put_be16(b, std::uint32_t(components));
    for (int c = 0; c < components; ++c)
        b.insert(b.end(), {7, 1, 1});
    return b;
}

Bytes box(const char* type, const Bytes& content)
{
    Bytes b;
    put_be32(b, std::uint32_t(8 + content.size()));
    b.insert(b.end(), type, type + 4);
    return concat(b, content);
}

// A JP2 file whose image header box says ihdr_w x ihdr_h while its codestream says
// w x h: the codestream is what OpenJPEG allocates for.
Bytes jp2_file(std::uint32_t ihdr_w, std::uint32_t ihdr_h, const Bytes& codestream)
{
    Bytes ihdr;
    put_be32(ihdr, ihdr_h);
    put_be32(ihdr, ihdr_w);
    put_be16(ihdr, 3);
    ihdr.insert(ihdr.end(), {7, 7, 0, 0});
    Bytes b{0, 0, 0, 0x0C, 'j', 'P', ' ', ' ', '\r', '\n', 0x87, '\n'};
    b = concat(b, box("ftyp", concat(text("jp2 "), {0, 0, 0, 0, 'j', 'p', '2', ' '})));
    b = concat(b, box("jp2h", box("ihdr", ihdr)));
    return concat(b, box("jp2c", codestream));
}

Bytes sun_raster_header(std::uint32_t w, std::uint32_t h)
{
    Bytes b{0x59, 0xA6, 0x6A, 0x95};
    for (std::uint32_t v : {w, h, 24u, 0u, 1u, 0u, 0u})
        put_be32(b, v);
    return b;
}

Bytes encode(const std::string& ext, const cv::Mat& m)
{
    Bytes b;
    if (!cv::imencode(ext, m, b))
        throw std::runtime_error("test setup: cannot encode " + ext);
    return b;
}

bool can_write(const std::string& ext)
{
    if (!cv::haveImageWriter(ext))
        return false;
    try {
        Bytes b;
        return cv::imencode(ext, cv::Mat(64, 64, ext == ".exr" ? CV_32F : CV_8U, cv::Scalar(0)), b);
    } catch (const cv::Exception&) {
        return false; // OpenEXR turned off
    }
}

std::string refusal(const Bytes& b, const ImageLoadOptions& opt = {})
{
    try {
        decode_image(b, opt);
    } catch (const InputError& e) {
        return e.what();
    }
    ADD_FAILURE() << "accepted";
    return {};
}

// ---------------------------------------------------------------- ordinary files

struct Ordinary {
    std::string ext;
    int type;
};

void PrintTo(const Ordinary& o, std::ostream* os)
{
    *os << o.ext << " " << cv::typeToString(o.type);
}

class OrdinaryFiles : public testing::TestWithParam<Ordinary> {};

// A flat picture in every format and channel count OpenCV writes: the header's size
// is the decoded size, and the values are the picture's.
TEST_P(OrdinaryFiles, LoadWithTheirSizeAndValues)
{
    const auto [ext, type] = GetParam();
    if (!can_write(ext))
        GTEST_SKIP() << "this OpenCV does not write " << ext;
    const bool is_float = CV_MAT_DEPTH(type) == CV_32F;
    const cv::Scalar bgr = is_float ? cv::Scalar(0.25, 0.5, 0.75) : cv::Scalar(40, 120, 200);
    const Tensor t = decode_image(encode(ext, cv::Mat(70, 65, type, bgr)));
    ASSERT_EQ(t.height(), 70);
    ASSERT_EQ(t.width(), 65);
    const int channels = CV_MAT_CN(type) == 1 && ext != ".hdr" ? 1 : 3; // HDR is always colour
    ASSERT_EQ(t.channels(), channels);
    const double scale = is_float ? 1.0 : 255.0, tolerance = ext == ".jp2" ? 2.0 / 255 : 1e-6;
    for (int c = 0; c < channels; ++c) {
        const double want = (CV_MAT_CN(type) == 1 ? bgr[0] : bgr[2 - c]) / scale; // RGB order
        EXPECT_NEAR(t.at(c, 35, 30), want, tolerance) << "channel " << c;
    }
}

INSTANTIATE_TEST_SUITE_P(Formats, OrdinaryFiles,
                         testing::Values(Ordinary{".exr", CV_32FC3}, Ordinary{".exr", CV_32FC1},
                                         Ordinary{".hdr", CV_32FC3}, Ordinary{".pfm", CV_32FC3},
                                         Ordinary{".pfm", CV_32FC1}, Ordinary{".sr", CV_8UC3},
                                         Ordinary{".ras", CV_8UC1}, Ordinary{".jp2", CV_8UC3},
                                         Ordinary{".jp2", CV_8UC1}),
                         [](const testing::TestParamInfo<Ordinary>& i) {
                             return i.param.ext.substr(1) + "_" + std::to_string(CV_MAT_CN(i.param.type));
                         });

// PAM as the format defines it (and netpbm writes it): R, G, B samples, RGB with
// alpha, 16-bit big-endian, gray, gray with alpha. OpenCV 4.6 writes its three-sample PAMs in B, G, R
// order, so these are written here.
TEST(PamFiles, AreReadInTheFormatsOrder)
{
    const auto pam = [](const std::string& fields, const Bytes& samples) {
        return concat(text("P7\nWIDTH 2\nHEIGHT 1\n" + fields + "ENDHDR\n"), samples);
    };
    const Tensor rgb = decode_image(pam("DEPTH 3\nMAXVAL 255\nTUPLTYPE RGB\n", {200, 120, 40, 0, 10, 255}));
    ASSERT_EQ(rgb.channels(), 3);
    EXPECT_FLOAT_EQ(rgb.at(0, 0, 0), 200.f / 255.f);
    EXPECT_FLOAT_EQ(rgb.at(1, 0, 0), 120.f / 255.f);
    EXPECT_FLOAT_EQ(rgb.at(2, 0, 0), 40.f / 255.f);
    EXPECT_FLOAT_EQ(rgb.at(2, 0, 1), 1.f);
    const Tensor rgba =
        decode_image(pam("DEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\n", {200, 120, 40, 255, 0, 10, 255, 0}));
    ASSERT_EQ(rgba.channels(), 3);
    EXPECT_FLOAT_EQ(rgba.at(0, 0, 0), 200.f / 255.f);
    EXPECT_FLOAT_EQ(rgba.at(2, 0, 1), 1.f);
    const Tensor wide = decode_image(
        pam("DEPTH 3\nMAXVAL 65535\nTUPLTYPE RGB\n", {0xC8, 0, 0, 0x78, 0, 0x28, 0, 0, 0, 0, 0, 0}));
    EXPECT_FLOAT_EQ(wide.at(0, 0, 0), 51200.f / 65535.f);
    EXPECT_FLOAT_EQ(wide.at(1, 0, 0), 0x78 / 65535.f);
    const Tensor gray = decode_image(pam("DEPTH 1\nMAXVAL 255\nTUPLTYPE GRAYSCALE\n", {51, 204}));
    ASSERT_EQ(gray.channels(), 1);
    EXPECT_FLOAT_EQ(gray.at(0, 0, 1), 0.8f);
    const Tensor gray_alpha =
        decode_image(pam("DEPTH 2\nMAXVAL 255\nTUPLTYPE GRAYSCALE_ALPHA\n", {51, 255, 204, 0}));
    ASSERT_EQ(gray_alpha.channels(), 1);
    EXPECT_FLOAT_EQ(gray_alpha.at(0, 0, 0), 0.2f);
    EXPECT_FLOAT_EQ(gray_alpha.at(0, 0, 1), 0.8f);
}

// Float images keep the values they hold, outside [0, 1] too: a float file holds
// numbers (radiance, depth, a network's activations), not an 8-bit picture's shades.
TEST(FloatImages, KeepTheirValues)
{
    for (const std::string ext : {".exr", ".pfm"}) {
        if (!can_write(ext))
            continue;
        cv::Mat m(2, 3, CV_32F);
        const float values[6] = {-1.5f, 0.f, 2.25f, 1000.f, -0.125f, 65504.f};
        std::memcpy(m.data, values, sizeof values);
        const Tensor t = decode_image(encode(ext, m));
        ASSERT_EQ(t.channels(), 1) << ext;
        for (int i = 0; i < 6; ++i)
            EXPECT_EQ(t.at(0, i / 3, i % 3), values[i]) << ext << " value " << i;
    }
    if (can_write(".hdr")) {
        // RGBE holds no negative values, and a mantissa of 8 bits: these are exact.
        const Tensor t = decode_image(encode(".hdr", cv::Mat(1, 2, CV_32FC3, cv::Scalar(100, 100, 100))));
        EXPECT_EQ(t.at(0, 0, 1), 100.f);
        EXPECT_EQ(t.at(2, 0, 0), 100.f);
    }
}

// ---------------------------------------------------------------- headers first

struct Bomb {
    std::string name;
    Bytes bytes;
};

void PrintTo(const Bomb& b, std::ostream* os)
{
    *os << b.name;
}

class FormatBombs : public testing::TestWithParam<Bomb> {};

// A few dozen bytes claiming 100000 x 100000 pixels: refused from the header, with
// the size, before a decoder could allocate 10^10 pixels.
TEST_P(FormatBombs, AreRefusedBeforeDecoding)
{
    const std::string what = refusal(GetParam().bytes);
    EXPECT_NE(what.find("100000 x 100000 = 10000000000 pixels, more than the limit of 100000000"),
              std::string::npos)
        << what;
}

INSTANTIATE_TEST_SUITE_P(
    Formats, FormatBombs,
    testing::Values(
        Bomb{"OpenExr", exr_header(100000, 100000)},
        Bomb{"RadianceHdr", text("#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 100000 +X 100000\n")},
        Bomb{"RgbeSignature", text("#?RGBE\n# a comment\nFORMAT=32-bit_rle_rgbe\n\n-Y  100000  +X 100000\n")},
        Bomb{"Pfm", text("PF\n100000 100000\n-1\n")}, Bomb{"PfmGray", text("Pf\n100000 100000\n-1.0\n")},
        Bomb{"SunRaster", sun_raster_header(100000, 100000)},
        Bomb{"J2kCodestream", j2k_header(100000, 100000, 100000)},
        // The JP2 image header box says 4 x 4; OpenJPEG allocates what the codestream says.
        Bomb{"Jp2", jp2_file(4, 4, j2k_header(100000, 100000, 100000))},
        Bomb{"Pam", text("P7\nWIDTH 100000\nHEIGHT 100000\nDEPTH 3\nMAXVAL 255\nTUPLTYPE RGB\nENDHDR\n")}),
    [](const testing::TestParamInfo<Bomb>& i) { return i.param.name; });

// The largest JPEG 2000 grid, 2^32 - 1 one-pixel tiles a side: counted without
// overflow (the sanitizer builds would say), refused by its size.
TEST(FormatBombs, TheLargestJpeg2000GridIsCountedAndRefused)
{
    const std::string what = refusal(j2k_header(0xFFFFFFFFu, 0xFFFFFFFFu, 1));
    EXPECT_NE(what.find("4294967295 x 4294967295"), std::string::npos) << what;
}

// Under the limit, the same headers get as far as the decoder, which finds no pixels.
TEST(FormatBombs, UnderTheLimitReachTheDecoder)
{
    for (const Bytes& b : {exr_header(100, 100), text("PF\n100 100\n-1\n"), sun_raster_header(100, 100)}) {
        const std::string what = refusal(b);
        EXPECT_EQ(what.find("more than the limit"), std::string::npos) << what;
    }
}

struct Damaged {
    std::string name;
    Bytes bytes;
    std::string says;
};

void PrintTo(const Damaged& d, std::ostream* os)
{
    *os << d.name;
}

Bytes cut(Bytes b, std::size_t n)
{
    b.resize(std::min(n, b.size()));
    return b;
}

class DamagedHeaders : public testing::TestWithParam<Damaged> {};

TEST_P(DamagedHeaders, SayWhatIsWrong)
{
    const std::string what = refusal(GetParam().bytes);
    EXPECT_NE(what.find(GetParam().says), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
}

INSTANTIATE_TEST_SUITE_P(
    Formats, DamagedHeaders,
    testing::Values(
        Damaged{"OpenExrCutShort", cut(exr_header(8, 8), 12), "the OpenEXR header is cut short"},
        Damaged{"OpenExrAttributeCutShort", cut(exr_header(8, 8), 30),
                "an OpenEXR header attribute runs past the end of the file"},
        Damaged{"OpenExrMagicOnly", cut(exr_header(8, 8), 4), "the OpenEXR header is cut short"},
        Damaged{"OpenExrWithoutDataWindow", exr_header(8, 8, false), "the OpenEXR header has no data window"},
        Damaged{"OpenExrEmptyWindow", exr_header(0, 8), "the OpenEXR data window is empty"},
        Damaged{"HdrWithoutSize", text("#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n"),
                "the Radiance HDR header ends before the image size"},
        Damaged{"HdrOtherOrientation", text("#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n+Y 5 +X 6\n"),
                "the Radiance HDR size is not \"-Y <height> +X <width>\""},
        Damaged{"HdrNegativeSize", text("#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y -5 +X 6\n"),
                "the Radiance HDR size is not positive"},
        Damaged{"HdrNoBlankLine", text("#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n-Y 5 +X 6\n"),
                "the Radiance HDR header is cut short"},
        Damaged{"PfmCutShort", text("PF\n12"), "the PFM header is cut short"},
        Damaged{"PfmNoNewline", text("PF 3 2\n-1\n"), "the PFM header has no newline"},
        Damaged{"PfmZeroWidth", text("PF\n0 2\n-1\n"), "the PFM size is not two positive numbers"},
        Damaged{"SunRasterCutShort", cut(sun_raster_header(4, 4), 20), "the Sun raster header is cut short"},
        Damaged{"SunRasterNegative", sun_raster_header(0x80000000u, 4),
                "the Sun raster size is not positive"},
        Damaged{"Jp2SignatureOnly", cut(jp2_file(4, 4, j2k_header(4, 4, 4)), 12),
                "the JPEG 2000 file is cut short before its codestream"},
        Damaged{"J2kCutShort", cut(j2k_header(4, 4, 4), 30), "the JPEG 2000 header is cut short"},
        Damaged{"J2kOriginPastTheEnd",
                [] {
                    Bytes b = j2k_header(4, 4, 4);
                    b[19] = 9; // XOsiz 9 > Xsiz 4
                    return b;
                }(),
                "the JPEG 2000 size segment is inconsistent"},
        Damaged{"J2kFiveComponents", j2k_header(8, 8, 8, 5), "the JPEG 2000 image has 5 channels; 1 to 4"},
        Damaged{"J2kTinyTiles", j2k_header(255, 255, 1), "cut into 65025 tiles, more than 4096"},
        Damaged{"PamWithoutEnd", text("P7\nWIDTH 4\nHEIGHT 4\nDEPTH 3\n"), "cut short before ENDHDR"},
        Damaged{"PamWithoutDepth", text("P7\nWIDTH 4\nHEIGHT 4\nMAXVAL 255\nENDHDR\n"),
                "the PAM header lacks WIDTH, HEIGHT or DEPTH"},
        Damaged{"PamSevenChannels", text("P7\nWIDTH 4\nHEIGHT 4\nDEPTH 7\nMAXVAL 255\nENDHDR\n"),
                "the PAM image has 7 channels; 1 to 4"},
        Damaged{"PamWordForANumber", text("P7\nWIDTH four\nHEIGHT 4\nDEPTH 3\nENDHDR\n"),
                "a PAM header field is not a number"}),
    [](const testing::TestParamInfo<Damaged>& i) { return i.param.name; });

// ---------------------------------------------------------------- what is read

constexpr const char* kEveryFormat =
    "PNG, JPEG, JPEG 2000, BMP, TIFF, WebP, OpenEXR, Radiance HDR, PFM, PBM, PGM, PPM, PAM, Sun raster";

// Debian's OpenCV 4.6 reads every format of the list; OpenEXR only while the
// environment does not turn it off.
TEST(ReadableFormats, AreEveryFormatOfThisBuild)
{
    const char* exr = std::getenv("OPENCV_IO_ENABLE_OPENEXR");
    if (exr && (std::string(exr) == "0" || std::string(exr) == "false" || std::string(exr) == "OFF"))
        GTEST_SKIP() << "OpenEXR is turned off in this environment";
    if (!cv::haveImageWriter(".jp2"))
        GTEST_SKIP() << "this OpenCV is built without JPEG 2000";
    EXPECT_EQ(readable_image_formats(), kEveryFormat);
}

TEST(ReadableFormats, AreListedWhenAFileIsNoImage)
{
    for (const Bytes& b : {text("This is not an image, only a text file.\n"), text("GIF89a\x01\0\x01\0"),
                           Bytes{0x93, 'N', 'U', 'M', 'P', 'Z'}}) {
        const std::string what = refusal(b);
        EXPECT_NE(
            what.find("not an image PoolScope reads (" + readable_image_formats() + ") or a .npy array"),
            std::string::npos)
            << what;
    }
}

// Run by CTest a second time with OPENCV_IO_ENABLE_OPENEXR=0 (OpenCV reads it once,
// at the first OpenEXR file): an OpenEXR file is then refused saying why.
TEST(OpenExrTurnedOff, IsSaidSo)
{
    const char* exr = std::getenv("OPENCV_IO_ENABLE_OPENEXR");
    if (!exr || std::string(exr) != "0")
        GTEST_SKIP() << "runs with OPENCV_IO_ENABLE_OPENEXR=0";
    const std::string what = refusal(exr_header(8, 8));
    EXPECT_NE(
        what.find("it is OpenEXR, and this OpenCV's OpenEXR codec is turned off (OPENCV_IO_ENABLE_OPENEXR)"),
        std::string::npos)
        << what;
    EXPECT_EQ(readable_image_formats().find("OpenEXR"), std::string::npos);
}

} // namespace
} // namespace poolscope
