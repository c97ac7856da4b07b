#include "ui/export/exercise_sheet.h"

#include <algorithm>

#include <QCoreApplication>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>

#include "ui/text/math_text.h"
#include "ui/text/pytorch_code.h"

namespace poolscope::ui {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("ExerciseSheet", text);
}

// Sizes in points; the smallest text is 10 pt, readable on paper.
constexpr double kMargin = 42.5; // 15 mm
constexpr double kTitlePt = 18, kHeadPt = 12, kTextPt = 10.5, kCodePt = 10;
constexpr double kCellW = 28, kCellH = 20, kAnswerCellH = 18;
constexpr double kColumnGap = 24, kProblemGap = 18, kLineGap = 4;
// The student's box for the values: room for the largest output, 4 x 4.
constexpr double kValuesBoxW = 4 * 40, kValuesBoxH = 4 * 18;

// Paints top to bottom on pages, turning a page when a block does not fit.
class SheetPainter {
public:
    explicit SheetPainter(const SheetCanvas& c) : c_(c), p_(*c.painter) { startPage(); }

    double u(double points) const { return points * c_.unitsPerPoint; }
    QPainter& painter() { return p_; }
    double width() const { return c_.size.width() - 2 * u(kMargin); }
    double left() const { return u(kMargin); }
    double y() const { return y_; }
    void advance(double dy) { y_ += dy; }

    bool fits(double height) const
    {
        return y_ + height <= c_.size.height() - u(kMargin) || y_ <= u(kMargin);
    }
    // Starts a new page unless `height` fits below y().
    void reserve(double height)
    {
        if (!fits(height))
            turnPage();
    }
    void turnPage()
    {
        c_.newPage();
        ++pages_;
        startPage();
    }
    int pages() const { return pages_; }

    QFont font(double points, bool bold = false, bool code = false) const
    {
        QFont f = code ? QFontDatabase::systemFont(QFontDatabase::FixedFont) : QFont();
        // In device units: the canvas may be a picture at any resolution.
        f.setPixelSize(std::max(1, int(u(points) + 0.5)));
        f.setBold(bold);
        return f;
    }
    double lineHeight(const QFont& f) const { return QFontMetricsF(f).height(); }

    // One line of text at y(), then moves down past it.
    void line(const QString& text, const QFont& f, double x)
    {
        p_.setFont(f);
        const double h = lineHeight(f);
        p_.drawText(QRectF(x, y_, width(), h), Qt::AlignLeft | Qt::AlignVCenter, text);
        y_ += h;
    }

    // Text wrapped at the page's width, then moves down past it.
    void paragraph(const QString& text, const QFont& f)
    {
        p_.setFont(f);
        const QRectF room(left(), y_, width(), c_.size.height());
        const QRectF used = p_.boundingRect(room, Qt::AlignLeft | Qt::TextWordWrap, text);
        p_.drawText(room, Qt::AlignLeft | Qt::TextWordWrap, text);
        y_ += used.height();
    }

private:
    // A new page may come with a fresh painter (pictures): its pen set again.
    void startPage()
    {
        p_.setPen(QPen(Qt::black, u(0.75)));
        p_.setBrush(Qt::NoBrush);
        y_ = u(kMargin);
    }

    const SheetCanvas& c_;
    QPainter& p_;
    double y_ = 0;
    int pages_ = 1;
};

// The layer's code broken between arguments so that each line fits `width`.
QStringList wrapCode(const QString& code, const QFontMetricsF& fm, double width)
{
    const int open = int(code.indexOf('('));
    const QStringList args = code.mid(open + 1).split(QStringLiteral(", "));
    QStringList lines{code.left(open + 1)};
    for (int i = 0; i < args.size(); ++i) {
        const QString piece = args[i] + (i + 1 < args.size() ? QStringLiteral(",") : QString());
        const QString joined =
            lines.back() + (lines.back().endsWith('(') ? QString() : QStringLiteral(" ")) + piece;
        if (fm.horizontalAdvance(joined) <= width || lines.back().trimmed().endsWith('('))
            lines.back() = joined;
        else
            lines << QStringLiteral("    ") + piece;
    }
    return lines;
}

void drawGrid(QPainter& p, QPointF at, int rows, int cols, QSizeF cell,
              const std::function<QString(int, int)>& text)
{
    for (int y = 0; y < rows; ++y) {
        for (int x = 0; x < cols; ++x) {
            const QRectF r(at.x() + x * cell.width(), at.y() + y * cell.height(), cell.width(),
                           cell.height());
            p.drawRect(r);
            p.drawText(r, Qt::AlignCenter, text(y, x));
        }
    }
}

QString tenthsText(int tenths)
{
    return QStringLiteral("%1.%2").arg(tenths / 10).arg(tenths % 10);
}

struct ProblemLayout {
    QStringList code;
    double gridH = 0, rightH = 0;
    double height() const { return std::max(gridH, rightH); }
};

void paintProblem(SheetPainter& s, int number, const Exercise& e)
{
    QPainter& p = s.painter();
    const QFont head = s.font(kHeadPt, true), text = s.font(kTextPt), code = s.font(kCodePt, false, true);
    const double gridW = s.u(kCellW) * kExerciseMaxSide;
    const double rightX = s.left() + gridW + s.u(kColumnGap);
    const double rightW = s.width() - gridW - s.u(kColumnGap);
    const double textH = s.lineHeight(text), codeH = s.lineHeight(code), headH = s.lineHeight(head);

    ProblemLayout l;
    l.code = wrapCode(pytorchPoolCode(e.spec, 1), QFontMetricsF(code), rightW);
    l.gridH = textH + s.u(kLineGap) + e.height * s.u(kCellH);
    l.rightH = textH + l.code.size() * codeH + s.u(kProblemGap) / 2 + s.u(kCellH) + s.u(kLineGap) + textH +
               s.u(kValuesBoxH);
    s.reserve(headH + s.u(kLineGap) + l.height() + s.u(kProblemGap));

    s.line(tr("Problem %1").arg(number), head, s.left());
    s.advance(s.u(kLineGap));
    const double top = s.y();

    p.setFont(text);
    p.drawText(QRectF(s.left(), top, gridW, textH), Qt::AlignLeft | Qt::AlignVCenter,
               tr("Input, %1 x %2:").arg(e.height).arg(e.width));
    drawGrid(p, QPointF(s.left(), top + textH + s.u(kLineGap)), e.height, e.width,
             QSizeF(s.u(kCellW), s.u(kCellH)), [&](int y, int x) { return tenthsText(e.tenthsAt(y, x)); });

    double y = top;
    p.drawText(QRectF(rightX, y, rightW, textH), Qt::AlignLeft | Qt::AlignVCenter, tr("Layer:"));
    y += textH;
    p.setFont(code);
    for (const QString& line : l.code) {
        p.drawText(QRectF(rightX, y, rightW, codeH), Qt::AlignLeft | Qt::AlignVCenter, line);
        y += codeH;
    }
    y += s.u(kProblemGap) / 2;
    p.setFont(text);
    const QString shapeLabel = tr("Output shape:");
    const double labelW = QFontMetricsF(text).horizontalAdvance(shapeLabel) + s.u(8);
    p.drawText(QRectF(rightX, y, labelW, s.u(kCellH)), Qt::AlignLeft | Qt::AlignVCenter, shapeLabel);
    p.drawRect(QRectF(rightX + labelW, y, s.u(70), s.u(kCellH)));
    y += s.u(kCellH) + s.u(kLineGap);
    p.drawText(QRectF(rightX, y, rightW, textH), Qt::AlignLeft | Qt::AlignVCenter, tr("Output values:"));
    y += textH;
    p.drawRect(QRectF(rightX, y, std::min(rightW, s.u(kValuesBoxW)), s.u(kValuesBoxH)));

    s.advance(l.height() + s.u(kProblemGap));
}

void paintTitle(SheetPainter& s, std::uint64_t seed)
{
    s.line(tr("PoolScope exercise sheet"), s.font(kTitlePt, true), s.left());
    s.advance(s.u(kLineGap));
    const QFont text = s.font(kTextPt);
    s.paragraph(tr("Seed %1: the same seed makes the same sheet again.").arg(seed), text);
    s.paragraph(tr("Apply each layer to its input grid (one channel, values as written). "
                   "Write the output's shape and its values."),
                text);
    s.advance(s.u(kLineGap));
    s.line(tr("Name: ______________________________"), text, s.left());
    s.advance(s.u(kProblemGap));
}

// The answers two to a row, each the output's shape and values.
void paintAnswers(SheetPainter& s, std::uint64_t seed, const std::vector<Exercise>& problems)
{
    QPainter& p = s.painter();
    s.turnPage();
    s.line(tr("Answers"), s.font(kTitlePt, true), s.left());
    s.line(tr("Seed %1").arg(seed), s.font(kTextPt), s.left());
    s.advance(s.u(kProblemGap));

    const QFont head = s.font(kHeadPt, true), text = s.font(kTextPt);
    const QFontMetricsF fm(text);
    const double columnW = (s.width() - s.u(kColumnGap)) / 2;
    for (std::size_t i = 0; i < problems.size(); i += 2) {
        const std::size_t end = std::min(problems.size(), i + 2);
        std::vector<Tensor> answers;
        double rowH = 0;
        for (std::size_t j = i; j < end; ++j) {
            answers.push_back(exercise_answer(problems[j]));
            rowH = std::max(rowH,
                            s.lineHeight(head) + s.u(kLineGap) + answers.back().height() * s.u(kAnswerCellH));
        }
        if (!s.fits(rowH + s.u(kProblemGap))) {
            // A loose page still says what it holds.
            s.turnPage();
            s.line(tr("Answers (continued)"), head, s.left());
            s.advance(s.u(kProblemGap));
        }
        for (std::size_t j = i; j < end; ++j) {
            const Tensor& a = answers[j - i];
            const double x = s.left() + double(j - i) * (columnW + s.u(kColumnGap));
            p.setFont(head);
            p.drawText(QRectF(x, s.y(), columnW, s.lineHeight(head)), Qt::AlignLeft | Qt::AlignVCenter,
                       tr("Problem %1: output %2 x %3").arg(j + 1).arg(a.height()).arg(a.width()));
            p.setFont(text);
            double cellW = s.u(36);
            for (int y = 0; y < a.height(); ++y)
                for (int x2 = 0; x2 < a.width(); ++x2)
                    cellW = std::max(cellW, fm.horizontalAdvance(formatValue(a.at(0, y, x2))) + s.u(10));
            drawGrid(p, QPointF(x, s.y() + s.lineHeight(head) + s.u(kLineGap)), a.height(), a.width(),
                     QSizeF(cellW, s.u(kAnswerCellH)),
                     [&](int y, int x2) { return formatValue(a.at(0, y, x2)); });
        }
        s.advance(rowH + s.u(kProblemGap));
    }
}

} // namespace

int paintExerciseSheet(const SheetCanvas& canvas, std::uint64_t seed, const std::vector<Exercise>& problems)
{
    SheetPainter s(canvas);
    paintTitle(s, seed);
    for (std::size_t i = 0; i < problems.size(); ++i)
        paintProblem(s, int(i) + 1, problems[i]);
    paintAnswers(s, seed, problems);
    return s.pages();
}

bool writeExerciseSheet(const QString& path, std::uint64_t seed, int count, QString* error,
                        Overwrite overwrite)
{
    const std::vector<Exercise> problems = make_sheet(seed, count);
    return saveFile(path, overwrite, error, [&](QSaveFile& file, QString* why) {
        QPdfWriter pdf(&file);
        pdf.setPageSize(QPageSize(QPageSize::A4));
        // The sheet draws its own margins, the same on paper and in pictures.
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setResolution(300);
        pdf.setTitle(tr("PoolScope exercise sheet"));
        pdf.setCreator(QStringLiteral("PoolScope"));
        QPainter painter;
        if (!painter.begin(&pdf)) {
            *why = tr("The PDF could not be started");
            return false;
        }
        const SheetCanvas canvas{&painter, QSizeF(pdf.width(), pdf.height()), pdf.resolution() / 72.0,
                                 [&] { pdf.newPage(); }};
        paintExerciseSheet(canvas, seed, problems);
        painter.end();
        return file.error() == QFileDevice::NoError;
    });
}

} // namespace poolscope::ui
