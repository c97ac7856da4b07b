#pragma once
// A main window as a user meets it: shown, active, its first result computed, its
// animation driven by a clock the test steps. The window tests share it.
#include <QtTest>

#include "ui/animation/animation_clock.h"
#include "ui/model/session.h"
#include "ui/shell/main_window.h"

struct WindowFixture {
    poolscope::ui::ManualAnimationClock clock;
    poolscope::ui::MainWindow window{nullptr, &clock};

    explicit WindowFixture(QSize size)
    {
        window.resize(size);
        window.show();
        window.activateWindow();
        if (!QTest::qWaitForWindowActive(&window))
            qWarning("the window did not become active");
        session()->waitForIdle();
    }
    poolscope::ui::Session* session() const { return window.session(); }
};
