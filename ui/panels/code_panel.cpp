#include "ui/panels/code_panel.h"

#include <QClipboard>
#include <QEvent>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabBar>
#include <QTimer>
#include <QVBoxLayout>

#include "ui/model/session.h"
#include "ui/panels/refresh_later.h"

namespace poolscope::ui {

namespace {

// How long the Copy button says "Copied".
constexpr int kCopiedMs = 1500;

} // namespace

CodePanel::CodePanel(Session* session, QWidget* parent)
    : QWidget(parent), session_(session), tabs_(new QTabBar(this)), notes_(new QLabel(this)),
      text_(new QPlainTextEdit(this)), copy_(new QPushButton(tr("Copy"), this))
{
    tabs_->setObjectName("codeFrameworks");
    tabs_->addTab(tr("PyTorch"));
    tabs_->addTab(tr("Keras"));
    tabs_->addTab(tr("NumPy"));
    tabs_->setToolTip(tr("The framework the code is written for."));
    tabs_->setExpanding(false);

    notes_->setObjectName("codeNotes");
    notes_->setWordWrap(true);
    notes_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    notes_->hide();

    text_->setObjectName("codeText");
    text_->setReadOnly(true);
    text_->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    // Python's indentation must survive: lines scroll sideways instead of wrapping.
    text_->setLineWrapMode(QPlainTextEdit::NoWrap);
    text_->setMinimumHeight(fontMetrics().height() * 8);

    copy_->setObjectName("copyCode");
    copy_->setToolTip(tr("Copy the code to the clipboard."));

    // The tabs and the button on rows of their own: the right column is narrow.
    tabs_->setUsesScrollButtons(true);
    auto* bottom = new QHBoxLayout;
    bottom->addStretch(1);
    bottom->addWidget(copy_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(tabs_);
    layout->addWidget(notes_);
    layout->addWidget(text_, 1);
    layout->addLayout(bottom);
    fitFont();

    later_ = new RefreshLater([this] { refresh(); }, this);
    for (auto signal : {&Session::parametersChanged, &Session::inputChanged, &Session::resultChanged})
        connect(session_, signal, later_, &RefreshLater::request);
    connect(tabs_, &QTabBar::currentChanged, this, [this] { refresh(); });
    connect(copy_, &QPushButton::clicked, this, &CodePanel::copy);
    refresh();
}

Framework CodePanel::framework() const
{
    return Framework(tabs_->currentIndex());
}

void CodePanel::setFramework(Framework framework)
{
    tabs_->setCurrentIndex(int(framework));
}

QString CodePanel::code()
{
    later_->flush();
    return text_->toPlainText();
}

QString CodePanel::notes()
{
    later_->flush();
    return notes_->isHidden() ? QString() : notes_->text();
}

void CodePanel::refresh()
{
    const ReadOnlyTensor& in = session_->input();
    CodeSetup setup;
    setup.channels = in.channels();
    setup.height = in.height();
    setup.width = in.width();
    setup.convEnabled = session_->convEnabled();
    setup.conv = session_->conv();
    setup.pool = session_->pool();
    const FrameworkCode code = frameworkCode(framework(), setup);
    notes_->setText(code.notes.join("\n\n"));
    notes_->setVisible(!code.notes.isEmpty());
    if (text_->toPlainText() != code.code)
        text_->setPlainText(code.code); // keeps the scroll position when nothing changed
    copy_->setEnabled(!code.code.isEmpty());
}

void CodePanel::copy()
{
    QGuiApplication::clipboard()->setText(code());
    copy_->setText(tr("Copied"));
    QTimer::singleShot(kCopiedMs, copy_, [this] { copy_->setText(tr("Copy")); });
    emit copied(tr("The %1 code is on the clipboard.").arg(tabs_->tabText(tabs_->currentIndex())));
}

void CodePanel::fitFont()
{
    // Monospace at the panels' text size, which follows View > Larger/Smaller Text.
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(font().pointSizeF());
    text_->setFont(mono);
}

void CodePanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange)
        fitFont();
    QWidget::changeEvent(event);
}

} // namespace poolscope::ui
