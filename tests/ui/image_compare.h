#pragma once
// Screenshot comparison with a tolerance: fonts and anti-aliasing may move a
// channel value a little, but a changed layout or colour changes many pixels.
#include <cstdlib>

#include <QImage>
#include <QString>

namespace poolscope::test {

struct ImageDiff {
    bool sameSize = false;
    double differingFraction = 1.0; // pixels with a channel off by more than the tolerance
    int maxChannelDelta = 255;
};

inline ImageDiff compareImages(const QImage& actual, const QImage& reference, int channelTolerance)
{
    ImageDiff d;
    if (actual.size() != reference.size())
        return d;
    d.sameSize = true;
    const QImage a = actual.convertToFormat(QImage::Format_RGB32);
    const QImage b = reference.convertToFormat(QImage::Format_RGB32);
    long long differing = 0;
    d.maxChannelDelta = 0;
    for (int y = 0; y < a.height(); ++y) {
        const QRgb* ra = reinterpret_cast<const QRgb*>(a.constScanLine(y));
        const QRgb* rb = reinterpret_cast<const QRgb*>(b.constScanLine(y));
        for (int x = 0; x < a.width(); ++x) {
            const int delta =
                std::max({std::abs(qRed(ra[x]) - qRed(rb[x])), std::abs(qGreen(ra[x]) - qGreen(rb[x])),
                          std::abs(qBlue(ra[x]) - qBlue(rb[x]))});
            d.maxChannelDelta = std::max(d.maxChannelDelta, delta);
            differing += delta > channelTolerance ? 1 : 0;
        }
    }
    d.differingFraction = a.isNull() ? 0.0 : double(differing) / (double(a.width()) * a.height());
    return d;
}

// Set POOLSCOPE_UPDATE_REFERENCE=1 to rewrite the reference pictures from this build.
inline bool updatingReferences()
{
    return qEnvironmentVariableIntValue("POOLSCOPE_UPDATE_REFERENCE") == 1;
}

} // namespace poolscope::test
