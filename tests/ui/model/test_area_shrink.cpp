// Area averaging without OpenCV's thread pool: the same pictures as cv::resize's
// INTER_AREA, for even and odd sizes, planes and RGB32 pictures.
#include <QtTest>

#include <opencv2/imgproc.hpp>

#include "ui/model/area_shrink.h"

using namespace poolscope::ui;

namespace {

cv::Mat randomPlane(int rows, int cols, int type, int seed)
{
    cv::Mat m(rows, cols, type);
    cv::RNG rng(seed);
    if (type == CV_32FC1)
        rng.fill(m, cv::RNG::UNIFORM, -3.0, 5.0);
    else
        rng.fill(m, cv::RNG::UNIFORM, 0, 256);
    return m;
}

// The definition: each output value the mean of its 2 x 2 block, an odd edge
// averaged with itself.
double blockMean(const cv::Mat& m, int y, int x, int c)
{
    const auto at = [&](int yy, int xx) {
        yy = std::min(yy, m.rows - 1);
        xx = std::min(xx, m.cols - 1);
        return m.type() == CV_32FC1 ? double(m.at<float>(yy, xx)) : double(m.at<cv::Vec4b>(yy, xx)[c]);
    };
    return (at(2 * y, 2 * x) + at(2 * y, 2 * x + 1) + at(2 * y + 1, 2 * x) + at(2 * y + 1, 2 * x + 1)) / 4;
}

} // namespace

class TestAreaShrink : public QObject {
    Q_OBJECT
private slots:
    void halvesAsTheDefinition_data();
    void halvesAsTheDefinition();
    void evenHalvingIsOpenCvsArea_data();
    void evenHalvingIsOpenCvsArea();
    void halvesIntoAPictureInPlace();
    void shrinksAsOpenCvsArea_data();
    void shrinksAsOpenCvsArea();
};

void TestAreaShrink::halvesAsTheDefinition_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::addColumn<int>("type");
    for (int type : {CV_32FC1, CV_8UC4})
        for (auto [r, c] : {std::pair{1, 1}, {2, 2}, {3, 5}, {7, 4}, {64, 33}, {1, 9}, {5, 131}, {4, 64}})
            QTest::addRow("%s %dx%d", type == CV_32FC1 ? "float" : "rgb32", r, c) << r << c << type;
}

void TestAreaShrink::halvesAsTheDefinition()
{
    QFETCH(int, rows);
    QFETCH(int, cols);
    QFETCH(int, type);
    const cv::Mat src = randomPlane(rows, cols, type, rows * 100 + cols);
    const cv::Mat half = halve(src);
    QCOMPARE(half.rows, (rows + 1) / 2);
    QCOMPARE(half.cols, (cols + 1) / 2);
    QCOMPARE(half.type(), type);
    for (int y = 0; y < half.rows; ++y)
        for (int x = 0; x < half.cols; ++x)
            for (int c = 0; c < (type == CV_32FC1 ? 1 : 4); ++c) {
                const double want = blockMean(src, y, x, c);
                if (type == CV_32FC1)
                    QVERIFY(std::abs(half.at<float>(y, x) - want) <= 1e-6 * (1 + std::abs(want)));
                else // rounded to nearest, halves up
                    QCOMPARE(int(half.at<cv::Vec4b>(y, x)[c]), int(std::floor(want + 0.5)));
            }
}

void TestAreaShrink::evenHalvingIsOpenCvsArea_data()
{
    QTest::addColumn<int>("type");
    QTest::newRow("float") << int(CV_32FC1);
    QTest::newRow("rgb32") << int(CV_8UC4);
}

void TestAreaShrink::evenHalvingIsOpenCvsArea()
{
    QFETCH(int, type);
    const cv::Mat src = randomPlane(120, 86, type, 7);
    cv::Mat theirs;
    cv::resize(src, theirs, cv::Size(43, 60), 0, 0, cv::INTER_AREA);
    const cv::Mat ours = halve(src);
    QVERIFY(cv::norm(ours, theirs, cv::NORM_INF) <= (type == CV_32FC1 ? 1e-5 : 0.0));
}

void TestAreaShrink::halvesIntoAPictureInPlace()
{
    const cv::Mat src = randomPlane(9, 12, CV_8UC4, 3);
    std::vector<uchar> bytes(5 * 6 * 4, 0);
    cv::Mat dst(5, 6, CV_8UC4, bytes.data());
    halve(src, dst);
    QCOMPARE(static_cast<void*>(dst.data), static_cast<void*>(bytes.data())); // written where it was
    QCOMPARE(cv::norm(dst, halve(src), cv::NORM_INF), 0.0);
}

void TestAreaShrink::shrinksAsOpenCvsArea_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::addColumn<int>("toRows");
    QTest::addColumn<int>("toCols");
    QTest::newRow("third") << 30 << 60 << 10 << 20;
    QTest::newRow("uneven") << 37 << 53 << 11 << 29;
    QTest::newRow("to one") << 9 << 7 << 1 << 1;
    QTest::newRow("same") << 8 << 5 << 8 << 5;
    QTest::newRow("thumbnail") << 300 << 411 << 187 << 256;
}

void TestAreaShrink::shrinksAsOpenCvsArea()
{
    QFETCH(int, rows);
    QFETCH(int, cols);
    QFETCH(int, toRows);
    QFETCH(int, toCols);
    const cv::Mat src = randomPlane(rows, cols, CV_32FC1, rows + cols);
    cv::Mat theirs;
    cv::resize(src, theirs, cv::Size(toCols, toRows), 0, 0, cv::INTER_AREA);
    const cv::Mat ours = areaShrink(src, cv::Size(toCols, toRows));
    QCOMPARE(ours.size(), theirs.size());
    QVERIFY2(cv::norm(ours, theirs, cv::NORM_INF) <= 1e-4,
             qPrintable(QString::number(cv::norm(ours, theirs, cv::NORM_INF))));
}

QTEST_APPLESS_MAIN(TestAreaShrink)
#include "test_area_shrink.moc"
