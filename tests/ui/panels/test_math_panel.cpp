// MathPanel and the explanation texts: every number shown comes from the core's
// trace of the explained cell, and the divisor note counts the window's taps.
#include <cmath>

#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QTextLayout>
#include <QtTest>

#include "core/pool/window_trace.h"
#include "tests/ui/test_support.h"
#include "ui/model/session.h"
#include "ui/panels/math_panel.h"
#include "ui/text/math_text.h"
#include "ui/text/term_breaks.h"
#include "ui/widgets/tap_grid.h"

using namespace poolscope;
using namespace poolscope::ui;
using poolscope::test::poolSpec;

Q_DECLARE_METATYPE(poolscope::PoolSpec)

namespace {

int paddingTaps(const WindowTrace& t)
{
    int n = 0;
    for (const Tap& tap : t.taps)
        n += tap.inside ? 0 : 1;
    return n;
}

// The dock's width at 1920 x 1080 in the default layout, and a wider one.
constexpr int kNarrow = 270;
constexpr int kWide = 420;
constexpr int kNarrower = 200; // the text size setting's larger steps leave about this much

bool isNumberChar(QChar c)
{
    return c.isDigit() || c == '.';
}

// Where a label's text breaks: for each line but a paragraph's last, the last
// character shown on it (spaces aside) and the first of the next line.
QList<QPair<QChar, QChar>> lineBreaks(const QString& text, const QFont& font, qreal width)
{
    QList<QPair<QChar, QChar>> breaks;
    for (const QString& paragraph : text.split('\n')) {
        QTextLayout layout(paragraph, font);
        QTextOption option;
        option.setWrapMode(QTextOption::WordWrap);
        layout.setTextOption(option);
        layout.beginLayout();
        QList<int> ends;
        for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
            line.setLineWidth(width);
            ends << line.textStart() + line.textLength();
        }
        layout.endLayout();
        ends.removeLast();
        for (int end : ends) {
            int last = end - 1;
            while (last > 0 && paragraph[last].isSpace())
                --last;
            breaks << qMakePair(paragraph[last], paragraph[end]);
        }
    }
    return breaks;
}

// A break inside a number, between a word or an operator and its number, after "(",
// or one that starts a line with a space.
QString badBreak(const QString& text, const QFont& font, qreal width)
{
    for (const auto& [before, after] : lineBreaks(text, font, width))
        if ((isNumberChar(before) || before.isLetter() || QStringView(u"+-−=*/").contains(before)) &&
                isNumberChar(after) ||
            before == '(' || after.isSpace())
            return QString("'%1' | '%2'").arg(before).arg(after);
    return {};
}

PoolSpec paddedSpec(PoolOp op, int k)
{
    PoolSpec s = poolSpec(op, {k, k}, Size2{1, 1}, {k / 2, k / 2});
    s.norm_type = 2;
    return s;
}

} // namespace

class TestMathPanel : public QObject {
    Q_OBJECT
private slots:
    void explainsTheCurrentWindow_data();
    void explainsTheCurrentWindow();
    void hoverTakesPrecedence();
    void lpSaysWhyANegativeSumGivesNaN_data();
    void lpSaysWhyANegativeSumGivesNaN();
    void formatValueIsReadable_data();
    void formatValueIsReadable();
    void tapGridNeverWrapsANumber_data();
    void tapGridNeverWrapsANumber();
    void arithmeticBreaksOnlyBetweenTerms_data();
    void arithmeticBreaksOnlyBetweenTerms();
    void sizeFormulaBreaksAtTheTopLevelWhereItFits();
    void numbersStayWithTheirWordsAtAnyWidth();
    void arithmeticReadsLargerThanTheForms();
    void breaksDoNotFollowTheScrollBar();
};

void TestMathPanel::explainsTheCurrentWindow_data()
{
    QTest::addColumn<PoolSpec>("spec");
    QTest::addColumn<int>("step"); // -1: the middle of the sweep; -2: the first window with a positive value
    QTest::newRow("max middle") << poolSpec(PoolOp::Max, {2, 2}, Size2{2, 2}) << -1;
    QTest::newRow("min middle") << poolSpec(PoolOp::Min, {3, 3}, Size2{1, 1}, {1, 1}) << -1;
    QTest::newRow("max padded corner") << poolSpec(PoolOp::Max, {3, 3}, Size2{2, 2}, {1, 1}) << 0;
    PoolSpec incl = poolSpec(PoolOp::Avg, {3, 3}, Size2{2, 2}, {1, 1});
    QTest::newRow("avg counts padding") << incl << 0;
    PoolSpec excl = incl;
    excl.count_include_pad = false;
    QTest::newRow("avg skips padding") << excl << 0;
    QTest::newRow("avg inside") << excl << -1;
    PoolSpec over = incl;
    over.divisor_override = 5;
    QTest::newRow("avg divisor_override") << over << 0;
    PoolSpec lp = poolSpec(PoolOp::Lp, {2, 2});
    lp.norm_type = 3;
    QTest::newRow("lp") << lp << -1;
    QTest::newRow("mixed") << poolSpec(PoolOp::Mixed, {2, 2}) << -1;
    QTest::newRow("softpool") << poolSpec(PoolOp::SoftPool, {2, 2}) << -1;
    PoolSpec st = poolSpec(PoolOp::Stochastic, {2, 2});
    st.train = true;
    st.seed = 11;
    QTest::newRow("stochastic train") << st << -2;
    QTest::newRow("stochastic train, all zero") << st << 0;
    QTest::newRow("stochastic eval") << poolSpec(PoolOp::Stochastic, {2, 2}) << -1;
    PoolSpec ad = poolSpec(PoolOp::AdaptiveAvg, {2, 2});
    ad.output_size = Size2{5, 5};
    QTest::newRow("adaptive avg") << ad << -1;
    PoolSpec fr = poolSpec(PoolOp::FractionalMax, {2, 2});
    fr.output_size = Size2{10, 10};
    fr.seed = 4;
    QTest::newRow("fractional") << fr << -1;
    QTest::newRow("blurpool") << poolSpec(PoolOp::BlurPool, {2, 2}, Size2{2, 2}) << -1;
}

void TestMathPanel::explainsTheCurrentWindow()
{
    QFETCH(PoolSpec, spec);
    QFETCH(int, step);
    Session session;
    session.setPool(spec);
    session.waitForIdle();
    MathPanel panel(&session);
    session.setStep(step == -1 ? session.stepCount() / 2 + 3 : std::max(step, 0));
    for (int s = 0; step == -2 && s < session.stepCount(); ++s) {
        session.setStep(s);
        const auto& taps = session.currentTrace()->taps;
        if (std::any_of(taps.begin(), taps.end(), [](const Tap& tap) { return tap.inside && tap.value > 0; }))
            break;
    }
    const WindowTrace* t = session.currentTrace();
    QVERIFY(t);
    QCOMPARE(panel.shownTrace()->oy, t->oy);
    QCOMPARE(panel.shownTrace()->ox, t->ox);
    const QString op = panel.operationText();
    QVERIFY2(op.contains(formatValue(t->result)), qPrintable(op));
    QVERIFY(panel.headingText().contains(QString("row %1, column %2").arg(t->oy).arg(t->ox)));

    const int width = session.result()->poolInput.width();
    if (t->index >= 0) {
        QVERIFY2(panel.indexText().endsWith(QString("= %1").arg(t->index)), qPrintable(panel.indexText()));
        QVERIFY(panel.indexText().contains(
            QString("%1 × %2 + %3").arg(t->index / width).arg(width).arg(t->index % width)));
    } else {
        QVERIFY(panel.indexText().isEmpty());
    }
    if (t->chosen >= 0) {
        const Tap& c = t->taps[std::size_t(t->chosen)];
        QVERIFY(panel.chosenText().contains(
            QString("row %1, column %2 = %3").arg(c.y).arg(c.x).arg(formatValue(c.value))));
    }

    switch (spec.op) {
    case PoolOp::Max:
    case PoolOp::FractionalMax:
        QVERIFY(op.startsWith("max("));
        break;
    case PoolOp::Min:
        QVERIFY(op.startsWith("min("));
        break;
    case PoolOp::Avg: {
        const QString divisor = QString::number(t->divisor, 'g', 10);
        QVERIFY2(op.contains(QString(") / %1 = ").arg(divisor)), qPrintable(op));
        const QString note = panel.divisorText();
        QVERIFY2(note.contains(divisor), qPrintable(note));
        const int pad = paddingTaps(*t);
        if (spec.divisor_override)
            QVERIFY(note.startsWith(QString("divisor_override=%1").arg(*spec.divisor_override)));
        else if (pad > 0)
            QVERIFY2(note.contains(QString("%1 of %2 taps are padding").arg(pad).arg(t->taps.size())),
                     qPrintable(note));
        break;
    }
    case PoolOp::Lp:
        QVERIFY(op.contains(formatValue(t->lp_sum) + "^(1/3)"));
        break;
    case PoolOp::Mixed:
        QVERIFY(op.contains(formatValue(t->max_part)));
        QVERIFY(op.contains(formatValue(t->avg_part)));
        break;
    case PoolOp::Stochastic:
        QVERIFY(op.startsWith(spec.train ? "train" : "eval"));
        if (spec.train && step == -2) {
            QVERIFY(t->chosen >= 0);
            QVERIFY(op.contains("drawn: " + formatValue(t->taps[std::size_t(t->chosen)].value)));
        }
        break;
    default:
        break;
    }
}

void TestMathPanel::hoverTakesPrecedence()
{
    Session session;
    session.waitForIdle();
    MathPanel panel(&session);
    session.setStep(0);
    session.setHoveredOutput(QPoint(5, 3));
    QCOMPARE(panel.shownTrace()->oy, 3);
    QCOMPARE(panel.shownTrace()->ox, 5);
    QVERIFY(panel.headingText().contains("row 3, column 5"));
    session.setHoveredOutput(std::nullopt);
    QCOMPARE(panel.shownTrace()->oy, 0);
    QVERIFY(panel.headingText().contains("row 0, column 0"));
}

void TestMathPanel::lpSaysWhyANegativeSumGivesNaN_data()
{
    QTest::addColumn<double>("p");
    QTest::addColumn<int>("column"); // output column: 0 = [-1, 2, -3, 0.5], 1 = [1, 2, 3, 0.5]
    QTest::addColumn<QString>("result");
    QTest::addColumn<QString>("note"); // empty: no note
    QTest::newRow("p=3 negative sum") << 3.0 << 0 << "NaN"
                                      << "the sum of x^3 is negative, so its cube root is NaN";
    QTest::newRow("p=1 negative sum") << 1.0 << 0 << "-1.500"
                                      << "the sum of x^1 is negative, and so is the result";
    QTest::newRow("p=1.5 negative x") << 1.5 << 0 << "NaN"
                                      << "x^1.5 of a negative x is NaN";
    QTest::newRow("p=2 even") << 2.0 << 0 << formatValue(std::sqrt(14.25)) << "";
    QTest::newRow("p=3 non-negative") << 3.0 << 1 << formatValue(std::cbrt(36.125)) << "";
}

// PyTorch's lp_pool2d raises x, not |x|, to p: on the window [-1, 2, -3, 0.5] p = 1
// gives -1.5 and p = 3 NaN, and the text says why.
void TestMathPanel::lpSaysWhyANegativeSumGivesNaN()
{
    QFETCH(double, p);
    QFETCH(int, column);
    QFETCH(QString, result);
    QFETCH(QString, note);
    Tensor input(1, 2, 4);
    const float values[2][4] = {{-1.f, 2.f, 1.f, 2.f}, {-3.f, 0.5f, 3.f, 0.5f}};
    for (int y = 0; y < 2; ++y)
        for (int x = 0; x < 4; ++x)
            input.at(0, y, x) = values[y][x];
    Session session;
    session.setConvEnabled(false);
    session.setInput(input, "signed");
    PoolSpec spec = poolSpec(PoolOp::Lp, {2, 2});
    spec.norm_type = p;
    session.setPool(spec);
    session.waitForIdle();
    QVERIFY2(session.poolError().isEmpty(), qPrintable(session.poolError()));
    MathPanel panel(&session);
    session.setHoveredOutput(QPoint(column, 0));
    QCOMPARE(panel.shownTrace()->ox, column);
    const QString op = panel.operationText();
    QVERIFY2(op.contains("= " + result), qPrintable(op));
    const QString why = "PyTorch's lp_pool2d raises x, not |x|, to p";
    if (note.isEmpty()) {
        QVERIFY2(!op.contains(why), qPrintable(op));
    } else {
        QVERIFY2(op.contains(note), qPrintable(op));
        QVERIFY2(op.contains(why), qPrintable(op));
        QVERIFY2(op.contains("follows a ReLU"), qPrintable(op));
    }
}

void TestMathPanel::formatValueIsReadable_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << 0.0 << "0.000";
    QTest::newRow("fraction") << 0.425 << "0.425";
    QTest::newRow("negative") << -1.5 << "-1.500";
    QTest::newRow("tiny") << 0.0000123 << "1.23e-05";
    QTest::newRow("huge") << 123456.0 << "1.23e+05";
    QTest::newRow("nan") << std::nan("") << "NaN";
}

void TestMathPanel::formatValueIsReadable()
{
    QFETCH(double, value);
    QFETCH(QString, text);
    QCOMPARE(formatValue(value), text);
}

void TestMathPanel::tapGridNeverWrapsANumber_data()
{
    QTest::addColumn<int>("kernel");
    QTest::addColumn<int>("width");
    for (int k : {2, 3, 5, 7})
        for (int w : {kNarrow, kWide})
            QTest::addRow("%dx%d at %d px", k, k, w) << k << w;
}

// Every column as wide as its widest number; a grid wider than the panel scrolls
// inside itself and leaves the panel its width.
void TestMathPanel::tapGridNeverWrapsANumber()
{
    QFETCH(int, kernel);
    QFETCH(int, width);
    Session session;
    session.setPool(paddedSpec(PoolOp::Avg, kernel));
    session.waitForIdle();
    MathPanel panel(&session);
    panel.resize(width, 900);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    for (int step : {0, session.stepCount() / 2 + 3}) { // a padded corner, a window inside
        session.setStep(step);
        panel.headingText(); // the refresh after the result has run
        QApplication::processEvents();
        TapGrid* grid = panel.tapGrid();
        QCOMPARE(grid->rowCount(), kernel);
        QCOMPARE(grid->columnCount(), kernel);
        for (int r = 0; r < kernel; ++r)
            for (int c = 0; c < kernel; ++c) {
                const QLabel* cell = grid->cellLabel(r, c);
                QVERIFY(cell);
                QVERIFY2(!cell->text().contains('\n'), qPrintable(cell->text()));
                QVERIFY(!cell->wordWrap());
                QVERIFY2(
                    cell->contentsRect().width() >= cell->fontMetrics().horizontalAdvance(cell->text()),
                    qPrintable(QString("%1: %2 px").arg(cell->text()).arg(cell->contentsRect().width())));
            }
        QVERIFY(grid->isVisible());
        QVERIFY2(grid->width() <= panel.width(), qPrintable(QString::number(grid->width())));
        const bool wider = grid->widget()->width() > grid->viewport()->width();
        QCOMPARE(grid->horizontalScrollBar()->maximum() > 0, wider);
        // The whole grid's height is shown, the scroll bar below it.
        QVERIFY(grid->viewport()->height() >= grid->widget()->height());
    }
}

void TestMathPanel::arithmeticBreaksOnlyBetweenTerms_data()
{
    QTest::addColumn<PoolSpec>("spec");
    QTest::addColumn<int>("width");
    for (int k : {2, 3, 5, 7})
        for (int w : {kNarrower, kNarrow, kWide}) {
            QTest::addRow("max %d at %d px", k, w) << paddedSpec(PoolOp::Max, k) << w;
            QTest::addRow("avg %d at %d px", k, w) << paddedSpec(PoolOp::Avg, k) << w;
            QTest::addRow("lp %d at %d px", k, w) << poolSpec(PoolOp::Lp, {k, k}) << w;
            QTest::addRow("lp %d stride 1 at %d px", k, w) << poolSpec(PoolOp::Lp, {k, k}, Size2{1, 1}) << w;
        }
}

// Laid out at the label's width as the label lays it out: no break inside a
// number, between a word and its number, or right after "(".
void TestMathPanel::arithmeticBreaksOnlyBetweenTerms()
{
    QFETCH(PoolSpec, spec);
    QFETCH(int, width);
    Session session;
    session.setPool(spec);
    session.waitForIdle();
    MathPanel panel(&session);
    panel.resize(width, 900);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    for (int step : {0, session.stepCount() / 2 + 3}) {
        session.setStep(step);
        panel.headingText();
        QApplication::processEvents();
        for (const char* name : {"mathHeading", "mathOperation", "mathChosen", "mathIndex", "mathFormula"}) {
            const auto* label = panel.findChild<QLabel*>(name);
            QVERIFY(label);
            QVERIFY(label->width() <= panel.width());
            const QString bad = badBreak(label->text(), label->font(), label->contentsRect().width());
            QVERIFY2(bad.isEmpty(),
                     qPrintable(QString("%1 breaks at %2 in:\n%3").arg(name, bad, label->text())));
        }
        // A long list's count follows the list, before any note under it.
        const QString op = panel.operationText();
        if (op.contains("values)"))
            QVERIFY2(op.section('\n', 0, 0).endsWith("values)"), qPrintable(op));
    }
}

// PyTorch's formula breaks inside its parentheses only where its top-level terms
// do not fit: "H_out =", "floor(...)", "+ 1 = 14".
void TestMathPanel::sizeFormulaBreaksAtTheTopLevelWhereItFits()
{
    const QString formula = "H_out = floor((28 + 2*0 - 1*(2-1) - 1) / 2) + 1 = 14";
    const QFont font = QApplication::font();
    const QFontMetricsF fm(font);
    const qreal widest = fm.horizontalAdvance("floor((28 + 2*0 - 1*(2-1) - 1) / 2)");
    for (qreal width : {widest + 1, widest + 20, fm.horizontalAdvance(formula) - 5}) {
        const QString shown = keepTermsWhole(formula, fm, width);
        QCOMPARE(plainArithmetic(shown), formula);
        const QList<QPair<QChar, QChar>> breaks = lineBreaks(shown, font, width);
        QVERIFY(!breaks.isEmpty());
        for (const auto& [before, after] : breaks)
            QVERIFY2(after == '=' || after == '+' || (before == '=' && after == 'f'),
                     qPrintable(QString("%1 | %2 at %3").arg(before).arg(after).arg(width)));
    }
    // Narrower than its widest term: inside the floor, still between terms.
    const QString narrow = keepTermsWhole(formula, fm, widest * 0.6);
    QVERIFY(badBreak(narrow, font, widest * 0.6).isEmpty());
}

// Prose notes and formulas alike, at every width from narrow to wide.
void TestMathPanel::numbersStayWithTheirWordsAtAnyWidth()
{
    const QFont font = QApplication::font();
    const QFontMetricsF fm(font);
    for (const QString text :
         {QString("lp: (mean of x^2 over the window * 25)^(1/2), as lp_pool2d"),
          QString("padding 1 adds cells around the input; max ignores them (they act as -inf)"),
          QString("chosen: input row 3, column 20 = 0.953"),
          QString("H_out = floor((28 + 2*3 - 1*(7-1) - 1) / 1) + 1 = 28"),
          QString("(0.000^2 + 0.012^2 + 0.212^2 + 0.659^2)^(1/2) = 0.498^(1/2) = 0.706   (25 values)")})
        for (int width = 60; width < fm.horizontalAdvance(text) + 10; width += 3) {
            const QString shown = keepTermsWhole(text, fm, width);
            QCOMPARE(plainArithmetic(shown), text);
            const QString bad = badBreak(shown, font, width);
            QVERIFY2(bad.isEmpty(), qPrintable(QString("%1 at %2 px: %3").arg(text).arg(width).arg(bad)));
        }
}

void TestMathPanel::arithmeticReadsLargerThanTheForms()
{
    Session session;
    session.waitForIdle();
    MathPanel panel(&session);
    const auto* op = panel.findChild<QLabel*>("mathOperation");
    const QFont app = QApplication::font();
    QVERIFY(op->font().pointSizeF() > app.pointSizeF());
    QCOMPARE(op->font().pointSizeF(), app.pointSizeF() * MathPanel::kTextScale);
    // The text size setting scales the application's font; the arithmetic follows.
    QFont larger = app;
    larger.setPointSizeF(app.pointSizeF() * 1.5);
    QApplication::setFont(larger);
    QCoreApplication::processEvents(); // the widgets hear of it by a posted event
    QCOMPARE(op->font().pointSizeF(), larger.pointSizeF() * MathPanel::kTextScale);
    QCOMPARE(panel.tapGrid()->font().pointSizeF(), larger.pointSizeF() * MathPanel::kTextScale);
    QApplication::setFont(app);
}

// In a dock the panel scrolls. Were its breaks to follow its width, a break
// that makes it taller would bring the scroll bar, the bar would make it
// narrower, the breaks for that width would make it shorter, the bar would go,
// and so on without end: the breaks are the same with the bar and without.
void TestMathPanel::breaksDoNotFollowTheScrollBar()
{
    Session session;
    session.setPool(paddedSpec(PoolOp::Avg, 3));
    session.waitForIdle();
    session.setStep(session.stepCount() / 2 + 3);
    QScrollArea area;
    area.setWidgetResizable(true);
    auto* panel = new MathPanel(&session);
    area.setWidget(panel);
    area.show();
    QVERIFY(QTest::qWaitForWindowExposed(&area));
    const auto texts = [&] {
        panel->headingText(); // runs a pending refresh
        QApplication::processEvents();
        QStringList t;
        for (const char* name : {"mathHeading", "mathOperation", "mathChosen", "mathIndex", "mathFormula"})
            t << panel->findChild<QLabel*>(name)->text();
        return t;
    };
    for (int width = 180; width <= 420; width += 6) {
        area.setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
        area.resize(width, 3000);
        const QStringList withBar = texts();
        area.setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
        const QStringList withoutBar = texts();
        QVERIFY(!area.verticalScrollBar()->isVisible()); // tall enough: nothing to scroll
        QCOMPARE(withoutBar, withBar);
    }
}

QTEST_MAIN(TestMathPanel)
#include "test_math_panel.moc"
