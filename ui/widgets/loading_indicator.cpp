#include "ui/widgets/loading_indicator.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>

#include "ui/model/session.h"

namespace poolscope::ui {

LoadingIndicator::LoadingIndicator(Session* session, QWidget* parent)
    : QWidget(parent), session_(session), label_(new QLabel(this)), bar_(new QProgressBar(this))
{
    setObjectName("loadingIndicator");
    label_->setObjectName("loadingLabel");
    bar_->setObjectName("loadingBar");
    bar_->setRange(0, 0); // no end known: the style animates it while it is shown
    bar_->setTextVisible(false);
    bar_->setMaximumWidth(fontMetrics().averageCharWidth() * 12);
    bar_->setMaximumHeight(fontMetrics().height());
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label_);
    layout->addWidget(bar_);
    connect(session_, &Session::loadingChanged, this, &LoadingIndicator::follow);
    follow(session_->loading());
}

QString LoadingIndicator::text() const
{
    return isHidden() ? QString() : label_->text();
}

void LoadingIndicator::follow(bool loading)
{
    if (loading)
        label_->setText(tr("Opening %1…").arg(QFileInfo(session_->loadingPath()).fileName()));
    else
        label_->clear();
    setVisible(loading);
}

} // namespace poolscope::ui
