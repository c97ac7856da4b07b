#include "ui/shell/key_overlay.h"

#include <algorithm>

#include <QEvent>
#include <QLabel>
#include <QPainter>
#include <QTextDocument>
#include <QVBoxLayout>

namespace poolscope::ui {

KeyOverlay::KeyOverlay(QWidget* parent) : QWidget(parent), label_(new QLabel(this))
{
    setObjectName("keyOverlay");
    setAccessibleName(tr("Keys"));
    setFocusPolicy(Qt::NoFocus);
    label_->setObjectName("keyOverlayText");
    label_->setTextFormat(Qt::RichText);
    label_->setAlignment(Qt::AlignCenter);
    QPalette pal = label_->palette(); // white on the dark glass, in either theme
    pal.setColor(QPalette::WindowText, Qt::white);
    label_->setPalette(pal);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(label_, 1, Qt::AlignCenter);
    parent->installEventFilter(this);
    hide();
}

void KeyOverlay::setEntries(const QList<KeyEntry>& entries)
{
    rows_ = int(entries.size()) + 2;
    label_->setText(QStringLiteral("<p align='center'><b>%1</b></p>%2<p align='center'>%3</p>")
                        .arg(tr("Keys"), keyTableHtml(entries), tr("? or Esc closes this list")));
    fitToParent();
}

QString KeyOverlay::text() const
{
    QTextDocument doc;
    doc.setHtml(label_->text());
    return doc.toPlainText();
}

bool KeyOverlay::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == parentWidget() && event->type() == QEvent::Resize)
        fitToParent();
    return QWidget::eventFilter(watched, event);
}

void KeyOverlay::showEvent(QShowEvent* event)
{
    fitToParent();
    raise();
    QWidget::showEvent(event);
}

void KeyOverlay::mousePressEvent(QMouseEvent*)
{
    hide(); // a click anywhere closes it, as a person expects of a panel over everything
}

void KeyOverlay::fitToParent()
{
    setGeometry(parentWidget()->rect());
    // As large as the rows allow: about 1.7 line heights per row fill 85% of the height.
    QFont f = font();
    const int px = std::clamp(int(height() * 0.85 / (std::max(rows_, 1) * 1.7)), 12, 40);
    f.setPixelSize(px);
    label_->setFont(f);
}

void KeyOverlay::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    // Dark glass over the stage: the maps stay faintly visible behind the keys.
    p.fillRect(rect(), QColor(0, 0, 0, 215));
}

} // namespace poolscope::ui
