#include "wait_for_frame.h"

#include <QEventLoop>
#include <QTimer>

#include "frame_probe.h"
#include "ui/model/session.h"

namespace poolscope::bench {

bool waitUntil(FrameProbe& probe, ui::Session* session, const std::function<bool()>& done, int timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    const auto check = [&] {
        if (done())
            loop.quit();
    };
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    // A slow wake-up as well, in case what done() reads changes without a signal.
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, check);
    QObject::connect(&probe, &FrameProbe::frameFinished, &loop, check);
    QObject::connect(&probe, &FrameProbe::resultDelivered, &loop, check);
    QObject::connect(session, &ui::Session::busyChanged, &loop, check);
    timeout.start(timeoutMs);
    poll.start(50);
    loop.exec();
    return done();
}

void runEventLoopFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, Qt::PreciseTimer, &loop, &QEventLoop::quit);
    loop.exec();
}

bool waitForLatestFrame(FrameProbe& probe, ui::Session* session, int timeoutMs)
{
    return waitUntil(
        probe, session,
        [&] {
            const auto r = session->result();
            return !session->busy() && r && probe.shownGeneration() == r->generation;
        },
        timeoutMs);
}

} // namespace poolscope::bench
