#pragma once
// Asks how many problems the exercise sheet holds and from which seed; the seed
// is a random one to begin with, shown so that the sheet can be made again.
#include <cstdint>

#include <QDialog>

class QLineEdit;
class QSpinBox;

namespace poolscope::ui {

class ExerciseSheetDialog : public QDialog {
    Q_OBJECT
public:
    explicit ExerciseSheetDialog(QWidget* parent = nullptr);

    int problemCount() const;
    std::uint64_t seed() const;

    QSpinBox* countBox() const { return count_; }
    QLineEdit* seedEdit() const { return seed_; }

private:
    QSpinBox* count_;
    QLineEdit* seed_;
};

} // namespace poolscope::ui
