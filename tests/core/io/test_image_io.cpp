// Image loading: formats and depths, EXIF orientation, broken files, the pixel
// limit, paths with Chinese characters and spaces, the samples.
#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <unistd.h>

#include "core/io/image_io.h"
#include "core/io/load_tensor.h"
#include "core/io/npy_io.h"
#include "core/io/samples.h"
#include "core/tensor/errors.h"

namespace poolscope {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<unsigned char>;

Bytes encode(const std::string& ext, const cv::Mat& m, const std::vector<int>& params = {})
{
    Bytes b;
    if (!cv::imencode(ext, m, b, params))
        throw std::runtime_error("test setup: cannot encode " + ext);
    return b;
}

void put_be32(Bytes& b, std::uint32_t v)
{
    for (int s = 24; s >= 0; s -= 8)
        b.push_back(static_cast<unsigned char>(v >> s));
}

// A PNG chunk: length, type, data, CRC-32 of type + data.
void png_chunk(Bytes& out, const char* type, const Bytes& data)
{
    put_be32(out, std::uint32_t(data.size()));
    Bytes body(type, type + 4);
    body.insert(body.end(), data.begin(), data.end());
    std::uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char byte : body) {
        crc ^= byte;
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    out.insert(out.end(), body.begin(), body.end());
    put_be32(out, crc ^ 0xFFFFFFFFu);
}

Bytes png_signature()
{
    return {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
}

Bytes ihdr(std::uint32_t w, std::uint32_t h, unsigned char depth, unsigned char colour_type)
{
    Bytes d;
    put_be32(d, w);
    put_be32(d, h);
    d.insert(d.end(), {depth, colour_type, 0, 0, 0});
    return d;
}

// zlib stream holding one stored (uncompressed) deflate block.
Bytes zlib_stored(const Bytes& raw)
{
    Bytes z{0x78, 0x01, 0x01};
    const auto n = std::uint16_t(raw.size());
    z.insert(z.end(), {static_cast<unsigned char>(n), static_cast<unsigned char>(n >> 8),
                       static_cast<unsigned char>(~n), static_cast<unsigned char>(~n >> 8)});
    z.insert(z.end(), raw.begin(), raw.end());
    std::uint32_t a = 1, b = 0;
    for (unsigned char c : raw) {
        a = (a + c) % 65521;
        b = (b + a) % 65521;
    }
    put_be32(z, (b << 16) | a);
    return z;
}

// 2 x 2 palette PNG (colour type 3): red, green / blue, white.
Bytes palette_png()
{
    Bytes out = png_signature();
    png_chunk(out, "IHDR", ihdr(2, 2, 8, 3));
    png_chunk(out, "PLTE", {255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255});
    png_chunk(out, "IDAT", zlib_stored({0, 0, 1, 0, 2, 3})); // filter byte 0 before each row
    png_chunk(out, "IEND", {});
    return out;
}

// 2x1 gray with alpha: gray 51 opaque, gray 204 fully transparent.
Bytes gray_alpha_png()
{
    Bytes out = png_signature();
    png_chunk(out, "IHDR", ihdr(2, 1, 8, 4));
    png_chunk(out, "IDAT", zlib_stored({0, 51, 255, 204, 0}));
    png_chunk(out, "IEND", {});
    return out;
}

// A PNG whose header claims w x h; the data would never fit in memory.
Bytes huge_png(std::uint32_t w, std::uint32_t h)
{
    Bytes out = png_signature();
    png_chunk(out, "IHDR", ihdr(w, h, 8, 0));
    png_chunk(out, "IDAT", zlib_stored({0, 0, 0}));
    png_chunk(out, "IEND", {});
    return out;
}

// The JPEG with an APP1 Exif segment carrying only the Orientation tag.
Bytes with_exif_orientation(const Bytes& jpeg, std::uint16_t orientation)
{
    Bytes tiff{'I',
               'I',
               0x2A,
               0,
               8,
               0,
               0,
               0, // little-endian TIFF, IFD at 8
               1,
               0, // one entry
               0x12,
               0x01,
               3,
               0,
               1,
               0,
               0,
               0, // tag 0x0112, SHORT, count 1
               static_cast<unsigned char>(orientation),
               0,
               0,
               0, // value
               0,
               0,
               0,
               0}; // no next IFD
    Bytes app1{0xFF, 0xE1, 0, 0, 'E', 'x', 'i', 'f', 0, 0};
    app1.insert(app1.end(), tiff.begin(), tiff.end());
    const std::size_t len = app1.size() - 2;
    app1[2] = static_cast<unsigned char>(len >> 8);
    app1[3] = static_cast<unsigned char>(len);
    Bytes out(jpeg.begin(), jpeg.begin() + 2); // SOI
    out.insert(out.end(), app1.begin(), app1.end());
    out.insert(out.end(), jpeg.begin() + 2, jpeg.end());
    return out;
}

cv::Mat noise(int h, int w, int type)
{
    cv::Mat m(h, w, type);
    cv::RNG rng(7);
    rng.fill(m, cv::RNG::UNIFORM, 0, 256);
    return m;
}

Bytes random_bytes(int n)
{
    const cv::Mat m = noise(1, n, CV_8U);
    return Bytes(m.datastart, m.dataend);
}

class ImageFiles : public testing::Test {
protected:
    void SetUp() override
    {
        dir_ =
            fs::temp_directory_path() /
            (std::string("poolscope-img-") + testing::UnitTest::GetInstance()->current_test_info()->name() +
             "-" + std::to_string(::getpid())) /
            "图像 文件 with spaces";
        fs::remove_all(dir_.parent_path());
        fs::create_directories(dir_);
    }
    void TearDown() override
    {
        fs::permissions(dir_, fs::perms::owner_all);
        fs::remove_all(dir_.parent_path());
    }
    std::string path(const std::string& name) const { return (dir_ / name).string(); }
    std::string write(const std::string& name, const Bytes& bytes) const
    {
        std::ofstream(path(name), std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
        return path(name);
    }
    // Loads a file that must be refused, returning the message.
    std::string refusal(const std::string& p, const ImageLoadOptions& opt = {}) const
    {
        try {
            load_image(p, opt);
        } catch (const InputError& e) {
            return e.what();
        }
        ADD_FAILURE() << p << " was accepted";
        return {};
    }
    fs::path dir_;
};

// ---------------------------------------------------------------- values and channels

TEST_F(ImageFiles, GrayEightBitIsOneChannelOverTwoFiftyFive)
{
    cv::Mat m(3, 5, CV_8U);
    for (int i = 0; i < 15; ++i)
        m.at<unsigned char>(i) = static_cast<unsigned char>(i * 17);
    const Tensor t = load_image(write("gray 图.png", encode(".png", m)));
    ASSERT_EQ(t.channels(), 1);
    ASSERT_EQ(t.height(), 3);
    ASSERT_EQ(t.width(), 5);
    for (int i = 0; i < 15; ++i)
        EXPECT_FLOAT_EQ(t.data()[i], float(i * 17) / 255.f);
}

TEST_F(ImageFiles, ColourIsRgbOrder)
{
    cv::Mat bgr(2, 2, CV_8UC3, cv::Scalar(10, 20, 250)); // OpenCV order: B, G, R
    const Tensor t = load_image(write("c.png", encode(".png", bgr)));
    ASSERT_EQ(t.channels(), 3);
    EXPECT_FLOAT_EQ(t.at(0, 1, 1), 250.f / 255.f);
    EXPECT_FLOAT_EQ(t.at(1, 1, 1), 20.f / 255.f);
    EXPECT_FLOAT_EQ(t.at(2, 1, 1), 10.f / 255.f);
}

TEST_F(ImageFiles, SixteenBitIsOverSixtyFiveThousand)
{
    cv::Mat gray(1, 3, CV_16U);
    gray.at<std::uint16_t>(0) = 0;
    gray.at<std::uint16_t>(1) = 1000;
    gray.at<std::uint16_t>(2) = 65535;
    const Tensor g = load_image(write("g16.png", encode(".png", gray)));
    ASSERT_EQ(g.channels(), 1);
    EXPECT_FLOAT_EQ(g.at(0, 0, 1), 1000.f / 65535.f);
    EXPECT_FLOAT_EQ(g.at(0, 0, 2), 1.f);
    const cv::Mat colour(1, 1, CV_16UC3, cv::Scalar(300, 40000, 65535));
    const Tensor c = load_image(write("c16.png", encode(".png", colour)));
    ASSERT_EQ(c.channels(), 3);
    EXPECT_FLOAT_EQ(c.at(0, 0, 0), 1.f);
    EXPECT_FLOAT_EQ(c.at(1, 0, 0), 40000.f / 65535.f);
    EXPECT_FLOAT_EQ(c.at(2, 0, 0), 300.f / 65535.f);
}

TEST_F(ImageFiles, AlphaIsDroppedAndTheColourKept)
{
    cv::Mat bgra(1, 2, CV_8UC4, cv::Scalar(0, 0, 255, 255));
    bgra.at<cv::Vec4b>(1) = {255, 0, 0, 0}; // fully transparent blue
    const Tensor t = load_image(write("a.png", encode(".png", bgra)));
    ASSERT_EQ(t.channels(), 3);
    EXPECT_FLOAT_EQ(t.at(0, 0, 0), 1.f);
    EXPECT_FLOAT_EQ(t.at(2, 0, 1), 1.f);
    EXPECT_FLOAT_EQ(t.at(0, 0, 1), 0.f);
}

TEST_F(ImageFiles, GrayWithAlphaStaysGray)
{
    const Tensor t = load_image(write("ga.png", gray_alpha_png()));
    ASSERT_EQ(t.channels(), 1);
    ASSERT_EQ(t.width(), 2);
    EXPECT_FLOAT_EQ(t.at(0, 0, 0), 51.f / 255.f);
    EXPECT_FLOAT_EQ(t.at(0, 0, 1), 204.f / 255.f);
}

TEST_F(ImageFiles, PaletteBecomesRgb)
{
    const Tensor t = load_image(write("p.png", palette_png()));
    ASSERT_EQ(t.channels(), 3);
    ASSERT_EQ(t.height(), 2);
    ASSERT_EQ(t.width(), 2);
    const float want[3][4] = {{1, 0, 0, 1}, {0, 1, 0, 1}, {0, 0, 1, 1}}; // R, G, B of the four pixels
    for (int c = 0; c < 3; ++c)
        for (int i = 0; i < 4; ++i)
            EXPECT_EQ(t.at(c, i / 2, i % 2), want[c][i]) << c << " " << i;
}

TEST_F(ImageFiles, GrayOptionGivesLuminance)
{
    const cv::Mat bgr(1, 1, CV_8UC3, cv::Scalar(30, 200, 100));
    const Tensor t = load_image(write("l.png", encode(".png", bgr)), {.gray = true});
    ASSERT_EQ(t.channels(), 1);
    EXPECT_NEAR(t.at(0, 0, 0), (0.299 * 100 + 0.587 * 200 + 0.114 * 30) / 255.0, 1e-6);
    const Tensor g =
        load_image(write("g.png", encode(".png", cv::Mat(1, 1, CV_8U, cv::Scalar(51)))), {.gray = true});
    ASSERT_EQ(g.channels(), 1);
    EXPECT_FLOAT_EQ(g.at(0, 0, 0), 0.2f);
}

// Print shops and some phone apps save CMYK JPEGs; they must load as RGB.
TEST(ImageFixtures, CmykJpegIsRgb)
{
    const Tensor t = load_image(POOLSCOPE_FIXTURE_DIR "/cmyk-red-to-blue.jpg");
    ASSERT_EQ(t.channels(), 3);
    ASSERT_EQ(t.height(), 8);
    ASSERT_EQ(t.width(), 16);
    const auto rgb = [&](int y, int x) {
        return std::array<float, 3>{t.at(0, y, x), t.at(1, y, x), t.at(2, y, x)};
    };
    const auto top = rgb(0, 8), bottom = rgb(7, 8);
    EXPECT_GT(top[0], 0.8f);
    EXPECT_LT(top[2], 0.2f);
    EXPECT_LT(bottom[0], 0.2f);
    EXPECT_GT(bottom[2], 0.8f);
    EXPECT_LT(std::max(top[1], bottom[1]), 0.15f);
}

TEST_F(ImageFiles, OnePixel)
{
    const Tensor t =
        load_image(write("1.bmp", encode(".bmp", cv::Mat(1, 1, CV_8UC3, cv::Scalar(0, 255, 0)))));
    ASSERT_EQ(t.channels(), 3);
    ASSERT_EQ(t.height(), 1);
    ASSERT_EQ(t.width(), 1);
    EXPECT_EQ(t.at(1, 0, 0), 1.f);
}

TEST_F(ImageFiles, FloatTiffKeepsItsValues)
{
    cv::Mat f(1, 3, CV_32F);
    f.at<float>(0) = -0.5f;
    f.at<float>(1) = 0.25f;
    f.at<float>(2) = 7.f;
    Bytes b;
    if (!cv::haveImageWriter(".tiff") || !cv::imencode(".tiff", f, b))
        GTEST_SKIP() << "this OpenCV writes no float TIFF";
    const Tensor t = load_image(write("f.tiff", b));
    ASSERT_EQ(t.channels(), 1);
    EXPECT_EQ(t.at(0, 0, 0), -0.5f);
    EXPECT_EQ(t.at(0, 0, 2), 7.f);
}

// ---------------------------------------------------------------- EXIF orientation

struct Orientation {
    std::uint16_t tag;
    int h, w;        // displayed size
    cv::Rect bright; // where the bright quadrant ends up
};

class ExifOrientation : public ImageFiles, public testing::WithParamInterface<Orientation> {};

TEST_P(ExifOrientation, IsApplied)
{
    // 16 x 32 (h x w), bright only in the top-left 8 x 16 quadrant.
    cv::Mat m(16, 32, CV_8U, cv::Scalar(0));
    m(cv::Rect(0, 0, 16, 8)).setTo(255);
    const auto [tag, h, w, bright] = GetParam();
    const Tensor t = load_image(
        write("exif.jpg", with_exif_orientation(encode(".jpg", m, {cv::IMWRITE_JPEG_QUALITY, 98}), tag)));
    ASSERT_EQ(t.channels(), 1);
    ASSERT_EQ(t.height(), h);
    ASSERT_EQ(t.width(), w);
    const cv::Mat plane = t.plane(0);
    const double inside = cv::mean(plane(bright))[0];
    const double all = cv::sum(plane)[0];
    EXPECT_GT(inside, 0.9);
    EXPECT_LT((all - inside * bright.area()) / double(h * w - bright.area()), 0.1);
}

INSTANTIATE_TEST_SUITE_P(
    Jpeg, ExifOrientation,
    testing::Values(Orientation{1, 16, 32, {0, 0, 16, 8}},   // as stored
                    Orientation{3, 16, 32, {16, 8, 16, 8}},  // 180 degrees
                    Orientation{6, 32, 16, {8, 0, 8, 16}},   // 90 degrees clockwise
                    Orientation{8, 32, 16, {0, 16, 8, 16}}), // 90 degrees counter-clockwise
    [](const testing::TestParamInfo<Orientation>& i) { return "tag" + std::to_string(i.param.tag); });

// ---------------------------------------------------------------- broken files

struct Broken {
    std::string name;
    Bytes bytes;
    std::string says;
};

Bytes cut(Bytes b, double fraction)
{
    b.resize(std::size_t(double(b.size()) * fraction));
    return b;
}

Bytes text(const std::string& s)
{
    return Bytes(s.begin(), s.end());
}

class BrokenFiles : public ImageFiles, public testing::WithParamInterface<Broken> {};

TEST_P(BrokenFiles, AreRefusedWithOneLineNamingTheFile)
{
    const Broken& c = GetParam();
    const std::string p = write("broken file.png", c.bytes);
    const std::string what = refusal(p);
    EXPECT_NE(what.find(c.says), std::string::npos) << what;
    EXPECT_NE(what.find(p), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
}

INSTANTIATE_TEST_SUITE_P(
    Images, BrokenFiles,
    testing::Values(
        Broken{"ZeroBytes", {}, "empty"},
        Broken{"TruncatedPng", cut(encode(".png", noise(64, 64, CV_8UC3)), 0.5), "cannot decode"},
        Broken{"TruncatedJpeg", cut(encode(".jpg", noise(64, 64, CV_8UC3)), 0.6), "truncated JPEG"},
        Broken{"RandomBytes", random_bytes(300), "cannot decode"},
        Broken{"TextRenamedPng", text("This is not an image, only a text file.\n"), "cannot decode"},
        Broken{"LargestPngHeader", huge_png(0xFFFFFFFFu, 0xFFFFFFFFu), "4294967295 x 4294967295"},
        Broken{"HugePngHeader", huge_png(100000, 100000),
               "100000 x 100000 = 10000000000 pixels, more than the limit of 100000000"}),
    [](const testing::TestParamInfo<Broken>& i) { return i.param.name; });

// ---------------------------------------------------------------- headers first

Bytes le_bytes(std::initializer_list<std::pair<std::uint32_t, int>> fields)
{
    Bytes b;
    for (auto [v, n] : fields)
        for (int i = 0; i < n; ++i)
            b.push_back(static_cast<unsigned char>(v >> (8 * i)));
    return b;
}

Bytes concat(Bytes a, const Bytes& b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// A few dozen bytes that claim a huge image, in every format PoolScope opens:
// each is refused from its header, before a decoder could allocate gigabytes.
struct Bomb {
    std::string name;
    Bytes bytes;
    std::string size;
};

class HeaderBombs : public testing::TestWithParam<Bomb> {};

TEST_P(HeaderBombs, AreRefusedBeforeDecoding)
{
    try {
        decode_image(GetParam().bytes);
        FAIL() << "decoded";
    } catch (const InputError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(GetParam().size + " = "), std::string::npos) << what;
        EXPECT_NE(what.find("more than the limit of 100000000"), std::string::npos) << what;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Images, HeaderBombs,
    testing::Values(
        Bomb{"Png", huge_png(100000, 100000), "100000 x 100000"},
        Bomb{"Bmp",
             concat(text("BM"), le_bytes({{0, 4},
                                          {0, 4},
                                          {54, 4},
                                          {40, 4},
                                          {30000, 4},
                                          {30000, 4},
                                          {1, 2},
                                          {24, 2},
                                          {0, 4},
                                          {0, 4},
                                          {2835, 4},
                                          {2835, 4},
                                          {0, 4},
                                          {0, 4}})),
             "30000 x 30000"},
        Bomb{"BmpTopDown",
             concat(text("BM"), le_bytes({{0, 4},
                                          {0, 4},
                                          {54, 4},
                                          {40, 4},
                                          {20000, 4},
                                          {std::uint32_t(-20000), 4},
                                          {1, 2},
                                          {24, 2}})),
             "20000 x 20000"},
        Bomb{"BmpCore",
             concat(text("BM"), le_bytes({{0, 4}, {0, 4}, {26, 4}, {12, 4}, {65535, 2}, {65535, 2}})),
             "65535 x 65535"},
        Bomb{"Pgm", text("P5\n# a comment\n100000 100000\n255\n"), "100000 x 100000"},
        Bomb{"PpmAscii", text("P3 99999999999999999999 2 255 "), "4294967295 x 2"},
        Bomb{"TiffLittleEndian",
             concat(text("II"), le_bytes({{42, 2},
                                          {8, 4},
                                          {2, 2},
                                          {256, 2},
                                          {4, 2},
                                          {1, 4},
                                          {60000, 4},
                                          {257, 2},
                                          {3, 2},
                                          {1, 4},
                                          {60000, 4},
                                          {0, 4}})),
             "60000 x 60000"},
        Bomb{"TiffBigEndian", Bytes{'M', 'M', 0, 42, 0, 0, 0, 8, 0, 2, 1, 0, 0, 4, 0, 0, 0, 1, 0,
                                    1,   0,   0, 1,  1, 0, 4, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0},
             "65536 x 65536"},
        Bomb{"WebpLossless",
             concat(text("RIFF"),
                    concat(le_bytes({{0, 4}}),
                           concat(text("WEBPVP8L"), le_bytes({{0, 4}, {0x2F, 1}, {0x0FFFFFFF, 4}})))),
             "16384 x 16384"},
        Bomb{"WebpExtended",
             concat(text("RIFF"), concat(le_bytes({{0, 4}}),
                                         concat(text("WEBPVP8X"),
                                                le_bytes({{10, 4}, {0, 4}, {0xFFFFFF, 3}, {0xFFFFFF, 3}})))),
             "16777216 x 16777216"}),
    [](const testing::TestParamInfo<Bomb>& i) { return i.param.name; });

// Every format the header reader knows still opens when it is an ordinary file.
class OpenableFormats : public ImageFiles, public testing::WithParamInterface<std::string> {};

TEST_P(OpenableFormats, LoadWithTheirSize)
{
    const std::string ext = GetParam();
    const int type = ext == ".pgm" || ext == ".pbm" ? CV_8U : CV_8UC3;
    cv::Mat m(7, 11, type, cv::Scalar(0, 255, 0));
    const Tensor t = load_image(write("ordinary" + ext, encode(ext, m)));
    EXPECT_EQ(t.height(), 7);
    EXPECT_EQ(t.width(), 11);
}

INSTANTIATE_TEST_SUITE_P(Images, OpenableFormats,
                         testing::Values(".png", ".jpg", ".bmp", ".tiff", ".webp", ".pbm", ".pgm", ".ppm"),
                         [](const testing::TestParamInfo<std::string>& i) { return i.param.substr(1); });

TEST_F(ImageFiles, AFormatWithoutAReadableSizeIsNotOpened)
{
    // GIF: neither OpenCV 4.6 nor PoolScope reads it; the message lists what is read.
    const std::string what = refusal(write("anim.gif", text("GIF89a\x02\0\x02\0\x80\0\0")));
    EXPECT_NE(what.find("not an image PoolScope reads (" + readable_image_formats() + ") or a .npy array"),
              std::string::npos)
        << what;
}

TEST_F(ImageFiles, AJpegWithBytesAfterTheEndStillLoads)
{
    Bytes b = encode(".jpg", cv::Mat(8, 8, CV_8UC3, cv::Scalar(1, 2, 3)));
    b.insert(b.end(), {0, 1, 2, 3});
    EXPECT_EQ(load_image(write("tail.jpg", b)).channels(), 3);
}

TEST_F(ImageFiles, MissingPathAndFolderAreRefused)
{
    EXPECT_NE(refusal(path("nope.png")).find("nope.png"), std::string::npos);
    fs::create_directories(path("a folder.png"));
    EXPECT_NE(refusal(path("a folder.png")).find("is a folder"), std::string::npos);
}

TEST_F(ImageFiles, ThePixelLimitAppliesBeforeAndAfterDecoding)
{
    const cv::Mat m(10, 10, CV_8U, cv::Scalar(3));
    const ImageLoadOptions under{.max_pixels = 99}, at{.max_pixels = 100};
    for (const char* ext : {".png", ".jpg", ".bmp"}) { // header check for PNG/JPEG, after decoding for BMP
        const std::string p = write(std::string("ten") + ext, encode(ext, m));
        EXPECT_NE(refusal(p, under).find("10 x 10 = 100 pixels, more than the limit of 99"),
                  std::string::npos)
            << ext;
        EXPECT_EQ(load_image(p, at).size(), 100u) << ext;
    }
}

TEST(DecodeImage, RefusesAJpegFrameTooLargeFromItsHeader)
{
    Bytes b = encode(".jpg", cv::Mat(8, 8, CV_8U, cv::Scalar(9)));
    // Patch the frame header (SOF0: FF C0, length, precision, height, width).
    for (std::size_t i = 2; i + 9 < b.size(); ++i)
        if (b[i] == 0xFF && b[i + 1] == 0xC0) {
            b[i + 5] = b[i + 7] = 0xEA; // 60000 = 0xEA60
            b[i + 6] = b[i + 8] = 0x60;
            break;
        }
    try {
        decode_image(b);
        ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("60000 x 60000"), std::string::npos) << e.what();
    }
}

// ---------------------------------------------------------------- load_tensor

TEST_F(ImageFiles, LoadTensorPicksNpyByExtension)
{
    Tensor t(2, 3, 4);
    t.at(1, 2, 3) = 42.f;
    for (const char* name : {"t 张量.npy", "T.NPY"}) {
        write_npy(path(name), t);
        const Tensor back = load_tensor(path(name));
        ASSERT_EQ(back.channels(), 2) << name;
        EXPECT_EQ(back.at(1, 2, 3), 42.f) << name;
        EXPECT_THROW(load_tensor(path(name), {.max_pixels = 11}), InputError) << name;
    }
    const std::string png = write("i.png", encode(".png", cv::Mat(3, 4, CV_8U, cv::Scalar(255))));
    EXPECT_EQ(load_tensor(png).at(0, 2, 3), 1.f);
}

// An image saved by NumPy or OpenCV, (H, W, 3): three channels, and a line saying so.
TEST_F(ImageFiles, LoadTensorReadsAnImagesArrayChannelsLast)
{
    Tensor hwc(1, 8, 30);   // 8 x 10 pixels, 3 values each
    hwc.at(0, 7, 29) = 5.f; // the last pixel's third channel
    write_npy(path("hwc.npy"), hwc, {8, 10, 3});
    std::string notice = "stale";
    const Tensor t = load_tensor(path("hwc.npy"), {}, &notice);
    ASSERT_EQ(t.channels(), 3);
    ASSERT_EQ(t.height(), 8);
    ASSERT_EQ(t.width(), 10);
    EXPECT_EQ(t.at(2, 7, 9), 5.f);
    EXPECT_EQ(notice, "the .npy shape (8, 10, 3) is read as height, width, channels: 3 channels of height 8, "
                      "width 10");
    write_npy(path("chw.npy"), Tensor(3, 8, 10));
    load_tensor(path("chw.npy"), {}, &notice);
    EXPECT_EQ(notice, "");
    notice = "stale";
    load_tensor(write("i.png", encode(".png", cv::Mat(3, 4, CV_8U, cv::Scalar(1)))), {}, &notice);
    EXPECT_EQ(notice, "");
}

// ---------------------------------------------------------------- embedded samples

TEST(Samples, AreEmbeddedAndDecode)
{
    struct Expected {
        std::string_view name;
        int c, h, w;
    };
    const Expected want[] = {{"digit", 1, 28, 28}, {"scene", 3, 128, 192}, {"checkerboard", 1, 64, 64}};
    ASSERT_EQ(samples().size(), std::size(want));
    EXPECT_EQ(default_sample().name, "digit");
    for (std::size_t i = 0; i < std::size(want); ++i) {
        const Sample& s = samples()[i];
        EXPECT_EQ(s.name, want[i].name);
        EXPECT_FALSE(s.title.empty());
        const Tensor t = decode_image(Bytes(s.png.begin(), s.png.end()));
        EXPECT_EQ(t.channels(), want[i].c) << s.name;
        EXPECT_EQ(t.height(), want[i].h) << s.name;
        EXPECT_EQ(t.width(), want[i].w) << s.name;
        double lo = 0, hi = 0;
        cv::minMaxLoc(t.storage(), &lo, &hi);
        EXPECT_LT(lo, 0.1) << s.name; // dark and bright parts: something for filters to see
        EXPECT_GT(hi, 0.9) << s.name;
    }
}

} // namespace
} // namespace poolscope
