#pragma once
// Waiting the way the application itself waits: in its event loop, woken by the
// frames, result deliveries and busy changes the benchmark watches for.
#include <functional>

namespace poolscope::ui {
class Session;
}

namespace poolscope::bench {

class FrameProbe;

// Runs the event loop until done() holds or timeoutMs passed; returns done().
bool waitUntil(FrameProbe& probe, ui::Session* session, const std::function<bool()>& done, int timeoutMs);

// Runs the event loop for ms milliseconds, as the application's own loop runs: blocked
// until the next event or timer. (QTest::qWait sleeps 10 ms between batches of events,
// so timers fire up to 10 ms late and an animation seems to drop frames it never drops.)
void runEventLoopFor(int ms);

// Until no computation is pending and both maps show the latest result.
bool waitForLatestFrame(FrameProbe& probe, ui::Session* session, int timeoutMs);

} // namespace poolscope::bench
