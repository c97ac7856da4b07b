#include "ui/shell/help_window.h"

#include <algorithm>

#include <QDialogButtonBox>
#include <QEvent>
#include <QPushButton>
#include <QScreen>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QVBoxLayout>

#include "ui/shell/key_list.h"

namespace poolscope::ui {

namespace {

// A browser filling a non-modal window with a Close button, sized for reading.
QTextBrowser* buildBrowserWindow(QDialog* window, const QString& title, QSize size)
{
    window->setWindowTitle(title);
    window->setModal(false);
    auto* browser = new QTextBrowser(window);
    browser->setOpenExternalLinks(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, window);
    QObject::connect(buttons, &QDialogButtonBox::rejected, window, &QDialog::close);
    auto* layout = new QVBoxLayout(window);
    layout->addWidget(browser, 1);
    layout->addWidget(buttons);
    if (const QScreen* screen = window->screen())
        size = size.boundedTo(screen->availableGeometry().size() * 0.9);
    window->resize(size);
    return browser;
}

} // namespace

const char* const HelpWindow::kGuideUrl = "qrc:/guide/USER_GUIDE.md";

HelpWindow::HelpWindow(QWidget* parent)
    : QDialog(parent), browser_(buildBrowserWindow(this, tr("PoolScope User Guide"), QSize(900, 1000)))
{
    setObjectName("helpWindow");
    // Relative picture paths resolve against the guide's own place in the resources.
    browser_->setSource(QUrl(QString::fromLatin1(kGuideUrl)), QTextDocument::MarkdownResource);
    browser_->viewport()->installEventFilter(this);
}

bool HelpWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == browser_->viewport() && event->type() == QEvent::Resize)
        fitImages(); // the width the text has now
    return QDialog::eventFilter(watched, event);
}

void HelpWindow::fitImages()
{
    QTextDocument* doc = browser_->document();
    const qreal room = browser_->viewport()->width() - 2 * doc->documentMargin() - 8;
    for (QTextBlock b = doc->begin(); b != doc->end(); b = b.next()) {
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            QTextImageFormat f = fragment.charFormat().toImageFormat();
            if (!f.isValid())
                continue;
            const QImage image = doc->resource(QTextDocument::ImageResource, QUrl(f.name())).value<QImage>();
            if (image.isNull())
                continue;
            const qreal width = std::min<qreal>(image.width(), std::max<qreal>(room, 100));
            if (qFuzzyCompare(f.width(), width))
                continue;
            f.setWidth(width);
            f.setHeight(width * image.height() / image.width());
            QTextCursor c(doc);
            c.setPosition(fragment.position());
            c.setPosition(fragment.position() + fragment.length(), QTextCursor::KeepAnchor);
            c.setCharFormat(f);
        }
    }
}

ShortcutsWindow::ShortcutsWindow(const QList<QAction*>& actions, QWidget* parent)
    : QDialog(parent), browser_(buildBrowserWindow(this, tr("Keyboard Shortcuts"), QSize(640, 900)))
{
    setObjectName("shortcutsWindow");
    browser_->setHtml(
        QStringLiteral("<h2>%1</h2>%2").arg(tr("Keyboard Shortcuts"), keyTableHtml(keyEntries(actions))));
}

} // namespace poolscope::ui
