#pragma once
// Light and dark looks on the Fusion style (the same on every platform, so what a
// teacher prepares at home is what the class sees), and the classroom font size.
#include <QFont>
#include <QPalette>

namespace poolscope::ui {

enum class ThemeKind { Light, Dark };

class Theme {
public:
    // Sets the Fusion style and the palette on the running QApplication.
    static void apply(ThemeKind kind);
    static ThemeKind current();
    static QPalette palette(ThemeKind kind);

    // Base size readable from the back of a classroom.
    static constexpr double kClassroomPointSize = 12.0;
    // The application font at the classroom size (family: the platform's, or `family`).
    static QFont classroomFont(const QString& family = {});

private:
    static ThemeKind current_;
};

} // namespace poolscope::ui
