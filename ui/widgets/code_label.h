#pragma once
// A line of code shown in a narrow form: it wraps at its own width only between
// arguments (after ", " of a call, never inside a tuple such as (2, 3), nor inside a
// name or a number), continuation lines indented. Its minimum width does not depend
// on the code, so a long line never widens the form; it reserves a number of lines,
// so a code that wraps onto more or fewer lines does not move what is below it.
#include <QHash>
#include <QLabel>

namespace poolscope::ui {

class CodeLabel : public QLabel {
    Q_OBJECT
public:
    explicit CodeLabel(QWidget* parent = nullptr);

    void setCode(const QString& code);
    QString code() const { return code_; } // on one line, as written
    // Keeps the height of the tallest of these codes at the current width, so
    // switching to any of them moves nothing below the label.
    void setReservedCodes(const QStringList& codes);

    // The code broken into lines that fit `width` pixels in `metrics`.
    static QString wrapped(const QString& code, const QFontMetrics& metrics, int width);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void rewrap();
    int linesAt(const QString& code, int width) const;
    void forgetHeights() const;

    QString code_;
    QStringList reserved_;
    // Layouts ask heightForWidth() at a few widths many times a change. The lines
    // the reserved codes need (the costly part: every code wrapped) are kept per
    // width until those codes or the font change; the code's own lines until it
    // changes too.
    mutable QHash<int, int> reservedLines_, codeLines_;
};

// The system's fixed-width face at the size of `base` (the form's font, which
// follows the application's text size).
QFont codeFont(const QFont& base);

} // namespace poolscope::ui
