// The GUI's entry point: the application object, the theme and the main window.
#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSettings>
#include <QTimer>

#include <cstdio>

#include "display_check.h"
#include "first_frame_report.h"
#include "ui/model/freed_memory.h"
#include "ui/model/session.h"
#include "ui/shell/app_settings.h"
#include "ui/shell/main_window.h"
#include "ui/shell/theme.h"

namespace {

struct Options {
    QCommandLineOption sample{"sample", "Start on a built-in sample: digit, scene or checkerboard.", "name"};
    QCommandLineOption quitAfter{"quit-after-ms", "Quit after this many milliseconds (smoke tests).", "ms"};
    QCommandLineOption noSettings{"no-settings", "Neither read nor write the saved window and parameters."};
    QCommandLineOption firstFrame{"report-first-frame",
                                  "Print the milliseconds from process start to the first painted result, "
                                  "then quit."};
};

void describeApplication()
{
    QCoreApplication::setApplicationName("PoolScope");
    QCoreApplication::setOrganizationName("PoolScope");
    QCoreApplication::setApplicationVersion(POOLSCOPE_VERSION);
    // Wayland desktops find the window's icon and name through its desktop entry.
    QGuiApplication::setDesktopFileName("io.github.poolscope.PoolScope");
}

Options addOptions(QCommandLineParser& parser)
{
    parser.setApplicationDescription("Interactive visualizer of pooling in convolutional networks.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("file", "An image or .npy array to open.", "[file]");
    Options options;
    // Benchmarks time the launch with it; people have no use for it.
    options.firstFrame.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({options.sample, options.quitAfter, options.noSettings, options.firstFrame});
    return options;
}

} // namespace

int main(int argc, char** argv)
{
    // Before anything can start a thread (see freed_memory.h).
    poolscope::ui::configureMallocForInteractiveUse();
    if (const auto why = poolscope::app::missingDisplay(argc, argv)) {
        // --help and --version need no window: they answer on a terminal without a
        // display too (and in a package's checks), where the window cannot open.
        QCoreApplication text(argc, argv);
        describeApplication();
        QCommandLineParser parser;
        addOptions(parser);
        if (parser.parse(QCoreApplication::arguments())) {
            if (parser.isSet("version"))
                parser.showVersion();
            if (parser.isSet("help"))
                parser.showHelp();
        }
        std::fprintf(stderr, "poolscope: %s\n", why->c_str());
        return 2;
    }
    QApplication app(argc, argv);
    describeApplication();

    QCommandLineParser parser;
    const Options options = addOptions(parser);
    parser.process(app);

    using namespace poolscope::ui;
    QSettings store;
    AppSettings settings(&store);
    const bool persist = !parser.isSet(options.noSettings);
    Theme::apply(persist ? settings.theme() : ThemeKind::Light);
    QApplication::setFont(Theme::classroomFont());

    MainWindow window(persist ? &settings : nullptr);
    if (parser.isSet(options.sample) && !window.session()->loadSample(parser.value(options.sample))) {
        qWarning("poolscope: unknown sample '%s' (digit, scene, checkerboard)",
                 qPrintable(parser.value(options.sample)));
        return 2;
    }
    if (!parser.positionalArguments().isEmpty())
        window.openFile(parser.positionalArguments().constFirst());
    if (parser.isSet(options.firstFrame))
        poolscope::app::reportFirstFrame(window);
    window.show();

    if (parser.isSet(options.quitAfter)) {
        bool ok = false;
        const int ms = parser.value(options.quitAfter).toInt(&ok);
        if (!ok || ms < 0) {
            qWarning("poolscope: --quit-after-ms needs a non-negative number of milliseconds");
            return 2;
        }
        QTimer::singleShot(ms, &window, &QWidget::close);
    }
    return app.exec();
}
