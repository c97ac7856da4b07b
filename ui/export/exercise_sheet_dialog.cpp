#include "ui/export/exercise_sheet_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/export/exercise_sheet.h"

namespace poolscope::ui {
namespace {

// Short enough to read out to a class and type again.
constexpr int kMaxDefaultSeed = 999999;

bool parseSeed(const QString& text, std::uint64_t* seed)
{
    bool ok = false;
    *seed = text.toULongLong(&ok);
    return ok;
}

} // namespace

ExerciseSheetDialog::ExerciseSheetDialog(QWidget* parent)
    : QDialog(parent), count_(new QSpinBox(this)), seed_(new QLineEdit(this))
{
    setWindowTitle(tr("Export Exercise Sheet"));
    count_->setRange(kMinSheetProblems, kMaxSheetProblems);
    count_->setValue(kDefaultSheetProblems);
    seed_->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,20}")), seed_));
    seed_->setText(QString::number(QRandomGenerator::global()->bounded(1, kMaxDefaultSeed + 1)));
    seed_->setToolTip(tr("The same seed makes the same problems again."));

    auto* form = new QFormLayout;
    form->addRow(tr("&Problems:"), count_);
    form->addRow(tr("&Seed:"), seed_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Export..."));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // 20 digits may still exceed 2^64 - 1: no export from a seed that is not one.
    connect(seed_, &QLineEdit::textChanged, this, [this, buttons] {
        std::uint64_t s = 0;
        buttons->button(QDialogButtonBox::Ok)->setEnabled(parseSeed(seed_->text(), &s));
    });
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

int ExerciseSheetDialog::problemCount() const
{
    return count_->value();
}

std::uint64_t ExerciseSheetDialog::seed() const
{
    std::uint64_t s = 0;
    parseSeed(seed_->text(), &s);
    return s;
}

} // namespace poolscope::ui
