#pragma once
// The convolution form: on/off, filter bank, and conv2d's hyperparameters,
// applied to the session at once, with the core's message inline when the
// combination is invalid and the equivalent PyTorch line underneath.
#include <vector>

#include <QWidget>

#include "core/spec/conv_spec.h"

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

// A named set of filters; output channels past it get oriented filters of their own.
struct FilterBank {
    QString name;
    std::vector<KernelPreset> presets;
};
const std::vector<FilterBank>& filterBanks();

class ConvPanel : public QWidget {
    Q_OBJECT
public:
    explicit ConvPanel(Session* session, QWidget* parent = nullptr);

    ConvSpec specFromControls() const;
    QString pytorchCode() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void build();
    void loadFromSession();
    void apply();
    void applyBank(int index);
    void updateEnabled();
    void updateCode();
    void setRowEnabled(QWidget* field, bool on);

    Session* session_;
    bool loading_ = false;
    QFormLayout* form_ = nullptr;
    QCheckBox* enabled_ = nullptr;
    ErrorLabel* error_ = nullptr;
    QComboBox* bank_ = nullptr;
    QSpinBox* outChannels_ = nullptr;
    PairEditor* kernel_ = nullptr;
    PairEditor* stride_ = nullptr;
    PairEditor* padding_ = nullptr;
    QCheckBox* same_ = nullptr;
    QWidget* paddingRow_ = nullptr;
    QComboBox* paddingMode_ = nullptr;
    PairEditor* dilation_ = nullptr;
    QComboBox* activation_ = nullptr;
    QDoubleSpinBox* slope_ = nullptr;
    QDoubleSpinBox* bias_ = nullptr;
    QSpinBox* seed_ = nullptr;
    CodeLabel* code_ = nullptr;
};

} // namespace poolscope::ui
