#pragma once
// Thumbnails of every channel of the pool input, each with its pooled output
// beside it at the same cell size; click (or arrow keys) to focus a channel.
#include <map>
#include <optional>
#include <utility>

#include <QImage>
#include <QRect>
#include <QWidget>

#include "ui/model/map_images.h"

namespace poolscope::ui {

class Session;

class ChannelStrip : public QWidget {
    Q_OBJECT
public:
    explicit ChannelStrip(Session* session, QWidget* parent = nullptr);

    int count() const;
    // Where channel c's item (thumbnails and label) is drawn; empty when out of range.
    QRect itemRect(int channel) const;
    // Where channel c's pool-input thumbnail is drawn.
    QRect thumbnailRect(int channel) const;

    // Channel c's label: its full text, and how it is written in its place
    // (never elided: a smaller font down to a readable minimum, then two lines;
    // the whole name is the item's tooltip as well).
    QString labelText(int channel) const;
    QRect labelRect(int channel) const { return geometryOf(channel).label; }
    QFont labelFont(int channel) const;
    int labelFlags(int channel) const; // the text flags it is drawn with

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;
    void changeEvent(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    struct ItemGeometry {
        QRect item, input, output, label;
    };
    ItemGeometry geometryOf(int channel) const;
    QFont smallestLabelFont() const;
    // The narrowest an item may be: its label wraps between words, never inside one.
    // Measured once per result and font (every item's geometry asks for it).
    int minimumItemWidth() const;
    int channelAt(QPoint pos) const;

    // Channel c's thumbnails (made by the worker) scaled to the items' sizes, again
    // only when they or the strip's size change. A channel still being computed
    // keeps the pictures it had.
    const std::pair<QImage, QImage>& thumbnails(int channel, const ItemGeometry& g);

    Session* session_;
    struct Thumbs {
        qint64 inputKey = 0, outputKey = 0; // of the worker's pictures
        QSize input, output;
        std::pair<QImage, QImage> images;
    };
    std::map<int, Thumbs> thumbs_;
    mutable std::optional<int> minItemWidth_;
};

} // namespace poolscope::ui
