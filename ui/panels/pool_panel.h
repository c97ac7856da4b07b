#pragma once
// The pooling form: every PoolSpec field as a control, applied to the session at
// once. Controls the chosen op does not read are disabled (core pool_op_traits),
// an invalid combination shows the core's message inline, and the equivalent
// PyTorch line is shown underneath.
#include <QWidget>

#include "core/spec/pool_spec.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QSpinBox;

namespace poolscope::ui {

class CodeLabel;
class ErrorLabel;
class PairEditor;
class Session;

class PoolPanel : public QWidget {
    Q_OBJECT
public:
    explicit PoolPanel(Session* session, QWidget* parent = nullptr);

    // The spec the controls describe (what is sent to the session).
    PoolSpec specFromControls() const;
    QString pytorchCode() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void build();
    void loadFromSession();
    void apply();
    void updateEnabled();
    void updateCode();
    void setRowEnabled(QWidget* field, bool on);

    Session* session_;
    bool loading_ = false;
    QFormLayout* form_ = nullptr;
    QComboBox* op_ = nullptr;
    ErrorLabel* error_ = nullptr;
    PairEditor* kernel_ = nullptr;
    PairEditor* stride_ = nullptr;
    QCheckBox* strideIsKernel_ = nullptr;
    QWidget* strideRow_ = nullptr;
    PairEditor* padding_ = nullptr;
    PairEditor* dilation_ = nullptr;
    QCheckBox* ceil_ = nullptr;
    QCheckBox* countIncludePad_ = nullptr;
    QCheckBox* divisorOn_ = nullptr;
    QSpinBox* divisor_ = nullptr;
    QWidget* divisorRow_ = nullptr;
    QDoubleSpinBox* p_ = nullptr;
    QDoubleSpinBox* alpha_ = nullptr;
    QCheckBox* train_ = nullptr;
    QSpinBox* seed_ = nullptr;
    PairEditor* outputSize_ = nullptr;
    QCheckBox* ratioOn_ = nullptr;
    QDoubleSpinBox* ratio_ = nullptr;
    QWidget* ratioRow_ = nullptr;
    QSpinBox* blur_ = nullptr;
    CodeLabel* code_ = nullptr;
};

} // namespace poolscope::ui
