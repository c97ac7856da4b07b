// .npy: round trips, files as numpy writes them, and every malformed kind.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "core/io/file_bytes.h"
#include "core/io/npy_io.h"
#include "core/tensor/errors.h"

namespace poolscope {
namespace {

namespace fs = std::filesystem;

using Bytes = std::vector<unsigned char>;

struct Shape3 {
    int c, h, w;
};

// A .npy file from its parts, as numpy.lib.format lays it out (header padded
// with spaces and ended by '\n' so the data is 64-byte aligned).
Bytes npy_file(std::string header, const Bytes& data, int major = 1, int minor = 0)
{
    const std::size_t prefix = major == 1 ? 10 : 12;
    header.append((64 - (prefix + header.size() + 1) % 64) % 64, ' ');
    header.push_back('\n');
    Bytes b{
        0x93, 'N', 'U', 'M', 'P', 'Y', static_cast<unsigned char>(major), static_cast<unsigned char>(minor)};
    const std::uint32_t len = std::uint32_t(header.size());
    for (std::size_t i = 0; i < prefix - 8; ++i)
        b.push_back(static_cast<unsigned char>(len >> (8 * i)));
    b.insert(b.end(), header.begin(), header.end());
    b.insert(b.end(), data.begin(), data.end());
    return b;
}

template <typename T> Bytes raw(std::initializer_list<T> values)
{
    Bytes b(values.size() * sizeof(T));
    std::memcpy(b.data(), std::data(values), b.size());
    return b;
}

std::string dict(const std::string& descr, const std::string& shape, const std::string& fortran = "False")
{
    return "{'descr': '" + descr + "', 'fortran_order': " + fortran + ", 'shape': " + shape + ", }";
}

class TempDir : public testing::Test {
protected:
    void SetUp() override
    {
        dir_ = fs::temp_directory_path() /
               ("poolscope-npy-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::string path(const std::string& name) const { return (dir_ / name).string(); }
    fs::path dir_;
};

// ---------------------------------------------------------------- reading what numpy writes

struct Wellformed {
    std::string name;
    Bytes file;
    std::vector<long long> shape;
    int c, h, w;
    std::vector<float> values;
};

class ReadsNumpyFiles : public testing::TestWithParam<Wellformed> {};

TEST_P(ReadsNumpyFiles, ShapeAndValues)
{
    const Wellformed& c = GetParam();
    const NpyArray a = parse_npy(c.file);
    EXPECT_EQ(a.shape, c.shape);
    ASSERT_EQ(a.tensor.channels(), c.c);
    ASSERT_EQ(a.tensor.height(), c.h);
    ASSERT_EQ(a.tensor.width(), c.w);
    ASSERT_EQ(a.tensor.size(), c.values.size());
    for (std::size_t i = 0; i < c.values.size(); ++i)
        EXPECT_EQ(a.tensor.data()[i], c.values[i]) << i;
}

INSTANTIATE_TEST_SUITE_P(
    Npy, ReadsNumpyFiles,
    testing::Values(
        Wellformed{"F4Rank2",
                   npy_file(dict("<f4", "(2, 3)"), raw<float>({1, 2, 3, 4, 5, -6.5f})),
                   {2, 3},
                   1,
                   2,
                   3,
                   {1, 2, 3, 4, 5, -6.5f}},
        Wellformed{"F8Rank3",
                   npy_file(dict("<f8", "(2, 1, 2)"), raw<double>({0.5, 1e-3, -2, 1e30})),
                   {2, 1, 2},
                   2,
                   1,
                   2,
                   {0.5f, 1e-3f, -2.f, 1e30f}},
        Wellformed{"U1Rank4",
                   npy_file(dict("|u1", "(1, 1, 2, 2)"), Bytes{0, 128, 255, 7}),
                   {1, 1, 2, 2},
                   1,
                   2,
                   2,
                   {0, 128, 255, 7}},
        Wellformed{"I8",
                   npy_file(dict("<i8", "(1, 3)"), raw<std::int64_t>({-1, 0, 1 << 20})),
                   {1, 3},
                   1,
                   1,
                   3,
                   {-1, 0, 1 << 20}},
        Wellformed{"Version2", npy_file(dict("<f4", "(1, 1)"), raw<float>({9}), 2), {1, 1}, 1, 1, 1, {9}},
        Wellformed{
            "Version3", npy_file(dict("<f4", "(1, 2)"), raw<float>({9, 8}), 3), {1, 2}, 1, 1, 2, {9, 8}},
        Wellformed{
            "DoubleQuotesNoTrailingComma",
            npy_file("{\"descr\":\"<f4\",\"shape\":(1,2),\"fortran_order\":False}", raw<float>({3, 4})),
            {1, 2},
            1,
            1,
            2,
            {3, 4}},
        Wellformed{
            "Python2Longs", npy_file(dict("<f4", "(1L, 2L)"), raw<float>({3, 4})), {1, 2}, 1, 1, 2, {3, 4}},
        Wellformed{"TrailingBytesIgnored",
                   npy_file(dict("<f4", "(1, 1)"), raw<float>({5, 6})),
                   {1, 1},
                   1,
                   1,
                   1,
                   {5}}),
    [](const testing::TestParamInfo<Wellformed>& i) { return i.param.name; });

TEST(ReadsNumpyFiles, BatchAsChannelsStacksTheLeadingAxes)
{
    const Bytes file =
        npy_file(dict("<f4", "(2, 3, 1, 2)"), raw<float>({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
    EXPECT_THROW(parse_npy(file), InputError);
    const NpyArray a = parse_npy(file, {.batch_as_channels = true});
    EXPECT_EQ(a.shape, (std::vector<long long>{2, 3, 1, 2}));
    ASSERT_EQ(a.tensor.channels(), 6);
    ASSERT_EQ(a.tensor.height(), 1);
    ASSERT_EQ(a.tensor.width(), 2);
    EXPECT_EQ(a.tensor.at(4, 0, 1), 9.f); // [n=1][c=1][0][1]
    // Ranks 2 and 3 are not affected.
    EXPECT_EQ(
        parse_npy(npy_file(dict("<f4", "(3, 1, 1)"), raw<float>({1, 2, 3})), {.batch_as_channels = true})
            .tensor.channels(),
        3);
}

// ---------------------------------------------------------------- an image's (H, W, C)

// An H x W x C array, value 100 c + W y + x at (y, x, c) (as NumPy and OpenCV keep a
// picture: pixel by pixel, its channels side by side).
Bytes hwc_file(int h, int w, int c, const std::string& descr = "<f4")
{
    std::vector<float> v;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int k = 0; k < c; ++k)
                v.push_back(float(100 * k + w * y + x));
    const std::string shape =
        "(" + std::to_string(h) + ", " + std::to_string(w) + ", " + std::to_string(c) + ")";
    if (descr == "|u1") {
        Bytes b(v.begin(), v.end());
        return npy_file(dict(descr, shape), b);
    }
    Bytes b(v.size() * 4);
    std::memcpy(b.data(), v.data(), b.size());
    return npy_file(dict(descr, shape), b);
}

constexpr NpyReadOptions kImages{.channels_last_images = true};

TEST(ChannelsLast, HeightWidthThreeIsThreeChannels)
{
    for (const std::string descr : {"<f4", "|u1"}) {
        const NpyArray a = parse_npy(hwc_file(6, 5, 3, descr), kImages);
        EXPECT_EQ(a.layout, NpyLayout::ChannelsLast);
        EXPECT_EQ(a.shape, (std::vector<long long>{6, 5, 3})); // as stored
        ASSERT_EQ(a.tensor.channels(), 3);
        ASSERT_EQ(a.tensor.height(), 6);
        ASSERT_EQ(a.tensor.width(), 5);
        for (int c = 0; c < 3; ++c)
            for (int y = 0; y < 6; ++y)
                for (int x = 0; x < 5; ++x)
                    ASSERT_EQ(a.tensor.at(c, y, x), float(100 * c + 5 * y + x)) << descr << c << y << x;
        EXPECT_EQ(a.notice, "the .npy shape (6, 5, 3) is read as height, width, channels: 3 channels of "
                            "height 6, width 5");
    }
}

TEST(ChannelsLast, HeightWidthFourIsFourChannels)
{
    const NpyArray a = parse_npy(hwc_file(40, 40, 4), kImages);
    EXPECT_EQ(a.layout, NpyLayout::ChannelsLast);
    ASSERT_EQ(a.tensor.channels(), 4);
    ASSERT_EQ(a.tensor.height(), 40);
    EXPECT_EQ(a.tensor.at(3, 39, 1), float(300 + 40 * 39 + 1));
    EXPECT_NE(a.notice.find("4 channels of height 40, width 40"), std::string::npos) << a.notice;
}

// (3, H, W) is channels first already: unchanged, and nothing to say.
TEST(ChannelsLast, ChannelsFirstIsUnchanged)
{
    for (const auto& [shape, values] : {std::pair{"(3, 40, 40)", 4800}, std::pair{"(4, 6, 7)", 168},
                                        std::pair{"(3, 40, 3)", 360}, std::pair{"(40, 40)", 1600}}) {
        const NpyArray a =
            parse_npy(npy_file(dict("<f4", shape), Bytes(std::size_t(values) * 4, 0)), kImages);
        EXPECT_EQ(a.layout, NpyLayout::AsStored) << shape;
        EXPECT_EQ(a.notice, "") << shape;
        EXPECT_EQ(a.tensor.channels(), a.shape.size() == 3 ? int(a.shape[0]) : 1) << shape;
    }
}

// With H or W at most 4 the shape is ambiguous, and it stays as stored: H planes of
// W x 3 (a (4, 40, 3) is four maps of 40 x 3 as often as a 4 x 40 picture).
TEST(ChannelsLast, ASmallHeightOrWidthStaysAsStored)
{
    for (const auto& [h, w] : {std::pair{4, 40}, std::pair{40, 4}, std::pair{3, 3}, std::pair{4, 4}}) {
        const NpyArray a = parse_npy(hwc_file(h, w, 3), kImages);
        EXPECT_EQ(a.layout, NpyLayout::AsStored) << h << "x" << w;
        EXPECT_EQ(a.tensor.channels(), h);
        EXPECT_EQ(a.tensor.height(), w);
        EXPECT_EQ(a.tensor.width(), 3);
        EXPECT_EQ(a.notice, "");
    }
    EXPECT_TRUE(is_channels_last_image({5, 5, 3}));
    EXPECT_TRUE(is_channels_last_image({5, 5, 4}));
    EXPECT_FALSE(is_channels_last_image({5, 5, 5}));
    EXPECT_FALSE(is_channels_last_image({5, 4, 3}));
    EXPECT_FALSE(is_channels_last_image({1, 5, 5, 3})); // rank 4 is (N, C, H, W): PoolScope's own files
}

// Only when asked: weights and files read back keep the stored order.
TEST(ChannelsLast, OnlyWhenAsked)
{
    const NpyArray a = parse_npy(hwc_file(40, 40, 3));
    EXPECT_EQ(a.layout, NpyLayout::AsStored);
    EXPECT_EQ(a.tensor.channels(), 40);
    EXPECT_EQ(a.notice, "");
}

// ---------------------------------------------------------------- malformed files

struct Malformed {
    std::string name;
    Bytes file;
    std::string says; // part of the one-line message
};

Bytes cut(Bytes b, std::size_t n)
{
    b.resize(n);
    return b;
}

const Bytes k_good = npy_file(dict("<f4", "(2, 2)"), raw<float>({1, 2, 3, 4}));

class RefusesMalformed : public testing::TestWithParam<Malformed> {};

TEST_P(RefusesMalformed, WithOneClearLine)
{
    const Malformed& c = GetParam();
    try {
        parse_npy(c.file);
        ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(c.says), std::string::npos) << what;
        EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Npy, RefusesMalformed,
    testing::Values(
        Malformed{"WrongMagic",
                  [] {
                      Bytes b = k_good;
                      b[1] = 'X';
                      return b;
                  }(),
                  "not a .npy file"},
        Malformed{"PngBytes", Bytes{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13},
                  "not a .npy file"},
        Malformed{"Empty", Bytes{}, "not a .npy file"},
        Malformed{"OnlyMagic", cut(k_good, 8), "truncated .npy file"},
        Malformed{"TruncatedHeader", cut(k_good, 40), "truncated .npy header"},
        Malformed{"TruncatedData", cut(k_good, k_good.size() - 1), "truncated .npy data"},
        Malformed{"NoData", cut(k_good, k_good.size() - 16), "needs 16 bytes, the file has 0"},
        Malformed{"Version4", npy_file(dict("<f4", "(1, 1)"), raw<float>({1}), 4), "version 4.0"},
        Malformed{"HalfFloat", npy_file(dict("<f2", "(1, 1)"), Bytes{0, 0}), "unsupported .npy dtype '<f2'"},
        Malformed{"Int32", npy_file(dict("<i4", "(1, 1)"), raw<std::int32_t>({1})),
                  "unsupported .npy dtype '<i4'"},
        Malformed{
            "Structured",
            npy_file("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1, 1), }", raw<float>({1})),
            "structured"},
        Malformed{"BigEndian", npy_file(dict(">f4", "(1, 1)"), raw<float>({1})), "big-endian"},
        Malformed{"FortranOrder", npy_file(dict("<f4", "(2, 2)", "True"), raw<float>({1, 2, 3, 4})),
                  "Fortran"},
        Malformed{"Rank0", npy_file(dict("<f4", "()"), raw<float>({1})), "rank 0"},
        Malformed{"Rank1", npy_file(dict("<f4", "(4,)"), raw<float>({1, 2, 3, 4})), "rank 1 (4,)"},
        Malformed{"Rank5", npy_file(dict("<f4", "(1, 1, 1, 1, 1)"), raw<float>({1})), "rank 5"},
        Malformed{"Batch", npy_file(dict("<f4", "(2, 1, 1, 1)"), raw<float>({1, 2})), "only N = 1"},
        Malformed{"ZeroDimension", npy_file(dict("<f4", "(1, 0, 3)"), Bytes{}), "empty"},
        Malformed{"TooManyElements", npy_file(dict("<f4", "(100000, 100000, 1000)"), raw<float>({1})),
                  "too large"},
        Malformed{"MoreThanTheFileHolds", npy_file(dict("<f4", "(1000, 1000)"), raw<float>({1})),
                  "needs 4000000 bytes, the file has 4"},
        Malformed{"HugeDimension", npy_file(dict("<f4", "(99999999999999999999999, 1)"), raw<float>({1})),
                  "too large"},
        Malformed{"MissingShape", npy_file("{'descr': '<f4', 'fortran_order': False, }", raw<float>({1})),
                  "missing 'shape'"},
        Malformed{"NotADict", npy_file("[1, 2]", raw<float>({1})), "malformed .npy header"},
        Malformed{
            "UnknownKey",
            npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), 'x': 1}", raw<float>({1})),
            "unexpected key 'x'"}),
    [](const testing::TestParamInfo<Malformed>& i) { return i.param.name; });

// ---------------------------------------------------------------- writing

struct RoundTrip {
    Shape3 size;
    std::vector<long long> stored; // empty: (C, H, W)
};

class WritesAndReadsBack : public TempDir, public testing::WithParamInterface<RoundTrip> {};

TEST_P(WritesAndReadsBack, Float32)
{
    const auto& [size, stored] = GetParam();
    Tensor t(size.c, size.h, size.w);
    for (std::size_t i = 0; i < t.size(); ++i)
        t.data()[i] = float(i) * 0.37f - 5.f;
    t.data()[0] = std::numeric_limits<float>::quiet_NaN();
    write_npy(path("t.npy"), t, stored);
    const NpyArray a = read_npy(path("t.npy"));
    const std::vector<long long> chw{size.c, size.h, size.w};
    EXPECT_EQ(a.shape, stored.empty() ? chw : stored);
    ASSERT_EQ(a.tensor.size(), t.size());
    EXPECT_TRUE(std::isnan(a.tensor.data()[0]));
    for (std::size_t i = 1; i < t.size(); ++i)
        ASSERT_EQ(a.tensor.data()[i], t.data()[i]) << i;
    // numpy's layout: the data starts on a 64-byte boundary after a '\n'-ended header.
    const Bytes b = read_file_bytes(path("t.npy"));
    const std::size_t header_end = b.size() - t.size() * 4;
    EXPECT_EQ(header_end % 64, 0u);
    EXPECT_EQ(b[header_end - 1], '\n');
    EXPECT_EQ(std::string(b.begin() + 10, b.begin() + 24), "{'descr': '<f4");
}

TEST_P(WritesAndReadsBack, Int64Indices)
{
    const auto& [size, stored] = GetParam();
    IndexTensor idx{size.c, size.h, size.w, {}};
    for (std::size_t i = 0; i < std::size_t(size.c) * size.h * size.w; ++i)
        idx.data.push_back(std::int64_t(i * 3) - 2);
    write_npy_indices(path("i.npy"), idx, stored);
    const Bytes b = read_file_bytes(path("i.npy"));
    EXPECT_EQ(std::string(b.begin() + 10, b.begin() + 24), "{'descr': '<i8");
    std::vector<std::int64_t> back(idx.data.size());
    std::memcpy(back.data(), b.data() + b.size() - back.size() * 8, back.size() * 8);
    EXPECT_EQ(back, idx.data);
    const NpyArray a = read_npy(path("i.npy")); // int64 reads back as float
    EXPECT_EQ(a.tensor.data()[a.tensor.size() - 1], float(idx.data.back()));
}

TEST_P(WritesAndReadsBack, EncodedBytesAreTheFilesBytes)
{
    const auto& [size, stored] = GetParam();
    Tensor t(size.c, size.h, size.w);
    IndexTensor idx{size.c, size.h, size.w, {}};
    for (std::size_t i = 0; i < t.size(); ++i) {
        t.data()[i] = float(i) * -0.25f;
        idx.data.push_back(std::int64_t(i) * 5 - 1);
    }
    write_npy(path("t.npy"), t, stored);
    write_npy_indices(path("i.npy"), idx, stored);
    EXPECT_EQ(encode_npy(t, stored), read_file_bytes(path("t.npy")));
    EXPECT_EQ(encode_npy_indices(idx, stored), read_file_bytes(path("i.npy")));
}

// read_npy_indices keeps int64 exact (float32 is not, past 2^24), and takes int64 only.
TEST_P(WritesAndReadsBack, Int64IndicesReadBackExactly)
{
    const auto& [size, stored] = GetParam();
    IndexTensor idx{size.c, size.h, size.w, {}};
    for (std::size_t i = 0; i < std::size_t(size.c) * size.h * size.w; ++i)
        idx.data.push_back((std::int64_t(1) << 24) + 1 + std::int64_t(i) * 3 - 7);
    write_npy_indices(path("i.npy"), idx, stored);
    const NpyIndices back = read_npy_indices(path("i.npy"));
    const std::vector<long long> chw{size.c, size.h, size.w};
    EXPECT_EQ(back.shape, stored.empty() ? chw : stored);
    EXPECT_EQ(back.indices.channels, size.c);
    EXPECT_EQ(back.indices.height, size.h);
    EXPECT_EQ(back.indices.width, size.w);
    EXPECT_EQ(back.indices.data, idx.data);

    write_npy(path("f.npy"), Tensor(size.c, size.h, size.w), stored);
    try {
        read_npy_indices(path("f.npy"));
        ADD_FAILURE() << "float32 indices accepted";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("must be int64"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("f.npy"), std::string::npos) << e.what();
    }
}

INSTANTIATE_TEST_SUITE_P(Npy, WritesAndReadsBack,
                         testing::Values(RoundTrip{{1, 1, 1}, {}}, RoundTrip{{3, 4, 5}, {}},
                                         RoundTrip{{3, 4, 5}, {1, 3, 4, 5}}, RoundTrip{{1, 7, 2}, {7, 2}},
                                         RoundTrip{{2, 300, 301}, {}}));

TEST_F(TempDir, WriteRefusesAShapeOfAnotherSize)
{
    EXPECT_THROW(write_npy(path("x.npy"), Tensor(2, 3, 4), {2, 3, 5}), ParamError);
    EXPECT_THROW(write_npy_indices(path("x.npy"), IndexTensor{1, 2, 2, {1, 2, 3}}), ParamError);
    EXPECT_FALSE(fs::exists(path("x.npy")));
    EXPECT_THROW(encode_npy(Tensor(2, 3, 4), {2, 3, 5}), ParamError);
    EXPECT_THROW(encode_npy_indices(IndexTensor{1, 2, 2, {1, 2, 3}}), ParamError);
}

TEST_F(TempDir, ReadNamesTheFileAndWriteFailsIntoAMissingFolder)
{
    try {
        read_npy(path("missing.npy"));
        ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("missing.npy"), std::string::npos) << e.what();
    }
    std::ofstream(path("bad.npy")) << "hello";
    try {
        read_npy(path("bad.npy"));
        ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("bad.npy"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("not a .npy file"), std::string::npos) << e.what();
    }
    EXPECT_THROW(write_npy(path("no/such/folder/x.npy"), Tensor(1, 1, 1)), InputError);
}

} // namespace
} // namespace poolscope
