// The exercise sheet: File > Export > Exercise Sheet asks for the number of
// problems and the seed, then for a file, and writes a PDF of the problems and a
// last page of answers; the outcome reaches the message bar.
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QFileDialog>
#include <QImage>
#include <QLineEdit>
#include <QPainter>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/ui/window_fixture.h"
#include "ui/export/exercise_sheet.h"
#include "ui/export/exercise_sheet_dialog.h"
#include "ui/export/export_controller.h"
#include "ui/widgets/message_bar.h"

using namespace poolscope;
using namespace poolscope::ui;

namespace {

// The page objects QPdfWriter writes: "/Type /Page" each, besides the one "/Type /Pages".
int pdfPages(const QByteArray& pdf)
{
    static const QRegularExpression page(QStringLiteral("/Type\\s*/Page(?![a-zA-Z])"));
    return int(QString::fromLatin1(pdf).count(page));
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Replaces a field's text as a user does: select all, type.
void retype(QWidget* field, const QString& text)
{
    field->setFocus();
    QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(field, text);
}

// Answers the modal dialog the next turn of the event loop brings up.
template <typename Dialog> void whenModal(std::function<void(Dialog*)> answer)
{
    QTimer::singleShot(0, qApp, [answer] {
        auto* dialog = qobject_cast<Dialog*>(QApplication::activeModalWidget());
        if (dialog == nullptr) {
            whenModal<Dialog>(answer); // not shown yet
            return;
        }
        answer(dialog);
        // A failed check inside `answer` leaves the dialog open: closed, so the test ends.
        if (QTest::currentTestFailed() && dialog->isVisible())
            dialog->reject();
    });
}

} // namespace

class TestExerciseSheet : public QObject {
    Q_OBJECT
private slots:
    void exportedThroughTheMenu();
    void cancelWritesNothing();
    void answersOnAPageOfTheirOwn();
    void failureReachesTheMessageBar();
};

// File > Export > Exercise Sheet by the keyboard, its two dialogs answered.
void TestExerciseSheet::exportedThroughTheMenu()
{
    WindowFixture f(QSize(1280, 720));
    QTemporaryDir dir;
    const QString path = dir.filePath("sheet.pdf");

    bool sawForm = false, sawFileDialog = false;
    whenModal<ExerciseSheetDialog>([&](ExerciseSheetDialog* form) {
        sawForm = true;
        QCOMPARE(form->countBox()->value(), kDefaultSheetProblems);
        QVERIFY(!form->seedEdit()->text().isEmpty()); // a random seed, shown
        retype(form->countBox(), "2");
        retype(form->seedEdit(), "4242");
        whenModal<QFileDialog>([&](QFileDialog* files) {
            sawFileDialog = true;
            auto* name = files->findChild<QLineEdit*>("fileNameEdit");
            QVERIFY(name);
            // The default name carries the seed.
            QVERIFY2(name->text().contains("4242"), qPrintable(name->text()));
            // Pasted whole: typed a letter at a time, the folders on the way would
            // pop up as completions and take the Return.
            QGuiApplication::clipboard()->setText(path);
            name->setFocus();
            QTest::keyClick(name, Qt::Key_A, Qt::ControlModifier);
            QTest::keyClick(name, Qt::Key_V, Qt::ControlModifier);
            QTest::keyClick(name, Qt::Key_Return);
        });
        QTest::keyClick(form->seedEdit(), Qt::Key_Return);
    });
    QTest::keyClick(&f.window, Qt::Key_F, Qt::AltModifier);
    QTRY_VERIFY(QApplication::activePopupWidget());
    QTest::keyClick(QApplication::activePopupWidget(), Qt::Key_E); // &Export
    QTRY_VERIFY(QApplication::activePopupWidget());
    QTest::keyClick(QApplication::activePopupWidget(), Qt::Key_X); // E&xercise Sheet...

    QVERIFY(sawForm);
    QVERIFY(sawFileDialog);
    const QByteArray pdf = readAll(path);
    QVERIFY(pdf.startsWith("%PDF"));
    // Two problems fit one page; the answers follow on their own.
    QCOMPARE(pdfPages(pdf), 2);
    QVERIFY2(f.window.messageBar()->text().contains("4242"), qPrintable(f.window.messageBar()->text()));
    QVERIFY(f.window.messageBar()->text().contains("sheet.pdf"));
}

void TestExerciseSheet::cancelWritesNothing()
{
    WindowFixture f(QSize(1280, 720));
    QTemporaryDir dir;
    whenModal<ExerciseSheetDialog>([](ExerciseSheetDialog* form) { QTest::keyClick(form, Qt::Key_Escape); });
    const QString before = f.window.messageBar()->text();
    f.window.exportController()->exportExerciseSheet();
    QCOMPARE(f.window.messageBar()->text(), before);
    QVERIFY(QDir(dir.path()).isEmpty());
}

// One problem: its page and the answers' page. Forty: as many pages as the
// painting turned, the same in the PDF and in pictures.
void TestExerciseSheet::answersOnAPageOfTheirOwn()
{
    QTemporaryDir dir;
    QString error;
    QVERIFY(writeExerciseSheet(dir.filePath("one.pdf"), 1, 1, &error, Overwrite::Refuse));
    QCOMPARE(pdfPages(readAll(dir.filePath("one.pdf"))), 2);

    QVERIFY(writeExerciseSheet(dir.filePath("forty.pdf"), 9, 40, &error, Overwrite::Refuse));
    QImage page(595, 842, QImage::Format_RGB32);
    QPainter painter(&page);
    const int painted =
        paintExerciseSheet(SheetCanvas{&painter, page.size(), 1.0, [] {}}, 9, make_sheet(9, 40));
    QCOMPARE(pdfPages(readAll(dir.filePath("forty.pdf"))), painted);
    // Several problems to a page, and at least one page of answers.
    QVERIFY(painted >= 1 + 40 / 4 && painted <= 40);
}

void TestExerciseSheet::failureReachesTheMessageBar()
{
    WindowFixture f(QSize(1280, 720));
    QTemporaryDir dir;
    const QString path = dir.filePath("missing/sheet.pdf");
    QSignalSpy notices(f.window.exportController(), &ExportController::notice);
    QVERIFY(!f.window.exportController()->saveExerciseSheet(path, 5, 3, Overwrite::Allow));
    QVERIFY(!QFile::exists(path));
    QCOMPARE(notices.size(), 1);
    QVERIFY(notices.at(0).at(1).toBool()); // an error
    QVERIFY2(f.window.messageBar()->text().contains("sheet.pdf"), qPrintable(f.window.messageBar()->text()));
}

QTEST_MAIN(TestExerciseSheet)
#include "test_exercise_sheet.moc"
