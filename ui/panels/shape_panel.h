#pragma once
// Shapes at every stage, parameter counts, compression, and what a following
// dense layer to 10 classes would need before and after pooling: the article's
// "fewer parameters downstream" made visible.
#include <QWidget>

class QLabel;

namespace poolscope::ui {

class Session;
class DenseBars;
class RefreshLater;

class ShapePanel : public QWidget {
    Q_OBJECT
public:
    explicit ShapePanel(Session* session, QWidget* parent = nullptr);

    // The text shown, line by line (for tests and the accessible description).
    QString summaryText(); // as shown once a pending refresh has run

private:
    void refresh();

    Session* session_;
    RefreshLater* afterResult_;
    QLabel* inputShape_;
    QLabel* convShape_;
    QLabel* poolShape_;
    QLabel* params_;
    QLabel* compression_;
    QLabel* dense_;
    QLabel* coverage_; // the coverage view's histogram, while it is shown
    DenseBars* bars_;
};

} // namespace poolscope::ui
