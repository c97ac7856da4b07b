#include "ui/widgets/themed_icon.h"

#include <QFile>
#include <QIconEngine>
#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>

namespace poolscope::ui {

namespace {

class ThemedIconEngine : public QIconEngine {
public:
    ThemedIconEngine(const QString& path, QColor normal, QColor disabled)
        : path_(path), normal_(normal), disabled_(disabled)
    {
    }

    void paint(QPainter* painter, const QRect& rect, QIcon::Mode mode, QIcon::State state) override
    {
        const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
        QPixmap pm = pixmap(rect.size() * dpr, mode, state);
        pm.setDevicePixelRatio(dpr);
        painter->drawPixmap(rect, pm);
    }

    QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State) override
    {
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter p(&image);
        QSvgRenderer(path_).render(&p, QRectF(QPointF(0, 0), size));
        // The shape's alpha, in the text colour.
        p.setCompositionMode(QPainter::CompositionMode_SourceIn);
        p.fillRect(image.rect(), mode == QIcon::Disabled ? disabled_ : normal_);
        p.end();
        return QPixmap::fromImage(image);
    }

    QSize actualSize(const QSize& size, QIcon::Mode, QIcon::State) override { return size; }
    QIconEngine* clone() const override { return new ThemedIconEngine(*this); }

private:
    QString path_;
    QColor normal_, disabled_;
};

} // namespace

QIcon themedIcon(const QString& name, const QPalette& palette)
{
    const QString path = QStringLiteral(":/icons/%1.svg").arg(name);
    if (!QFile::exists(path))
        return {};
    return QIcon(new ThemedIconEngine(path, palette.color(QPalette::Active, QPalette::ButtonText),
                                      palette.color(QPalette::Disabled, QPalette::ButtonText)));
}

} // namespace poolscope::ui
