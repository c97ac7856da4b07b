// The compute worker's hand-over with the GUI thread: the rest of a large job
// takes every thread only once the first delivery's frame is painted.
#include <thread>

#include <QtTest>

#include "ui/model/compute_worker.h"

using namespace poolscope::ui;
using namespace std::chrono_literals;

class TestComputeWorker : public QObject {
    Q_OBJECT
private slots:
    void hearsTheFrameOfItsGeneration();
    void aLaterFrameCountsForAnEarlierGeneration();
    void waitsNoLongerThanItsTimeout();
};

void TestComputeWorker::hearsTheFrameOfItsGeneration()
{
    ComputeWorker w([](ComputeOutcome) {}, [](MapsOutcome) {});
    QVERIFY(!w.waitShown(3, 0ms));
    w.noteShown(3);
    QVERIFY(w.waitShown(3, 0ms));
    QVERIFY(!w.waitShown(4, 0ms)); // the next result's frame is not painted yet
}

void TestComputeWorker::aLaterFrameCountsForAnEarlierGeneration()
{
    ComputeWorker w([](ComputeOutcome) {}, [](MapsOutcome) {});
    w.noteShown(7);
    w.noteShown(5); // arrives late: never takes the later one back
    QVERIFY(w.waitShown(6, 0ms));
    QVERIFY(w.waitShown(7, 0ms));
}

void TestComputeWorker::waitsNoLongerThanItsTimeout()
{
    ComputeWorker w([](ComputeOutcome) {}, [](MapsOutcome) {});
    // Another thread says so while the worker waits: the wait ends true.
    std::thread gui([&] {
        std::this_thread::sleep_for(20ms);
        w.noteShown(2);
    });
    QVERIFY(w.waitShown(2, 10s));
    gui.join();
    QVERIFY(!w.waitShown(9, 30ms)); // never said: false once the timeout passes
}

QTEST_GUILESS_MAIN(TestComputeWorker)
#include "test_compute_worker.moc"
