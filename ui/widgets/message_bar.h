#pragma once
// The one place on the window where errors and notices appear, above the stage,
// in the spirit of KDE's KMessageWidget: tinted by kind, word-wrapped, with a
// close button. An error, a warning or information stays until it is dismissed
// or replaced, so nothing a person must read times out while they look
// elsewhere; a positive one (a file saved) only confirms and goes by itself.
#include <QFrame>
#include <QTimer>

class QLabel;
class QToolButton;

namespace poolscope::ui {

class MessageBar : public QFrame {
    Q_OBJECT
public:
    enum class Kind { Information, Positive, Warning, Error };

    explicit MessageBar(QWidget* parent = nullptr);

    // How long a Positive message stays; the other kinds stay until dismissed.
    static constexpr int kPositiveMs = 8000;

    // Shows `text` (plain text), replacing whatever was shown.
    void showMessage(const QString& text, Kind kind);
    void setPositiveTimeout(int ms) { positiveMs_ = ms; }
    // Hides the bar; nothing happens when it is already hidden.
    void dismiss();

    QString text() const;
    Kind kind() const { return kind_; }
    // True while a message is up (independent of whether the window is shown).
    bool hasMessage() const { return hasMessage_; }

signals:
    void messageShown(const QString& text, poolscope::ui::MessageBar::Kind kind);
    void dismissed();

protected:
    void changeEvent(QEvent* event) override;

private:
    void updateLook();

    QLabel* icon_;
    QLabel* label_;
    QToolButton* close_;
    Kind kind_ = Kind::Information;
    bool hasMessage_ = false;
    int positiveMs_ = kPositiveMs;
    QTimer positiveTimer_;
};

} // namespace poolscope::ui
