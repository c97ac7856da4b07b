#include "ui/shell/main_window.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontInfo>
#include <QGroupBox>
#include <QKeyEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QStatusBar>
#include <QStyle>
#include <QVBoxLayout>

#include "core/io/samples.h"
#include "ui/animation/animation_clock.h"
#include "ui/animation/animator.h"
#include "ui/animation/transport_bar.h"
#include "ui/export/export_controller.h"
#include "ui/model/input_tensor.h"
#include "ui/model/mat_image.h"
#include "ui/model/session.h"
#include "ui/panels/code_panel.h"
#include "ui/panels/conv_panel.h"
#include "ui/panels/math_panel.h"
#include "ui/panels/pool_panel.h"
#include "ui/panels/shape_panel.h"
#include "ui/shell/app_settings.h"
#include "ui/shell/help_window.h"
#include "ui/shell/key_overlay.h"
#include "ui/shell/paint_when_sized.h"
#include "ui/shell/pool_keys.h"
#include "ui/shell/session_file_io.h"
#include "ui/shell/theme.h"
#include "ui/shell/window_geometry.h"
#include "ui/stage/channel_strip.h"
#include "ui/stage/stage_view.h"
#include "ui/text/display_names.h"
#include "ui/text/math_text.h"
#include "ui/widgets/label_holder.h"
#include "ui/widgets/loading_indicator.h"
#include "ui/widgets/navigation_keys.h"
#include "ui/widgets/themed_icon.h"

namespace poolscope::ui {

namespace {

// Keeps a scroll area as wide as its forms when their text size changes: the
// forms do not scroll sideways, so a narrower area would clip them.
class WidthFollower : public QObject {
public:
    WidthFollower(QScrollArea* area, int minTextWidth)
        : QObject(area), area_(area), minTextWidth_(minTextWidth)
    {
        area->widget()->installEventFilter(this);
        follow();
    }
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::LayoutRequest || event->type() == QEvent::FontChange)
            follow();
        return QObject::eventFilter(watched, event);
    }

private:
    void follow()
    {
        // Text panels wrap: their width grows with the text size from the one given.
        const qreal scale = QFontInfo(area_->font()).pointSizeF() / std::max(1.0, baseFontSize_);
        const int width = std::max(int(minTextWidth_ * scale), area_->widget()->minimumSizeHint().width()) +
                          area_->style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 2;
        if (area_->minimumWidth() != width)
            area_->setMinimumWidth(width);
    }

    QScrollArea* area_;
    int minTextWidth_;
    qreal baseFontSize_ = QFontInfo(QApplication::font()).pointSizeF();
};

// A form or text panel inside a titled box, scrollable when the screen is small.
QWidget* scrolled(QWidget* parent, const QList<QPair<QString, QWidget*>>& sections, int minTextWidth = 0)
{
    auto* content = new QWidget;
    auto* layout = new QVBoxLayout(content);
    for (const auto& [title, widget] : sections) {
        auto* box = new QGroupBox(title, content);
        auto* inner = new QVBoxLayout(box);
        inner->addWidget(widget);
        layout->addWidget(box);
    }
    layout->addStretch(1);
    auto* area = new QScrollArea(parent);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    area->setWidget(content);
    // Never narrower than the forms: no clipped labels, no horizontal scrolling.
    new WidthFollower(area, minTextWidth);
    return area;
}

const QString kFileFilter = QObject::tr(
    "Images, arrays and sessions (*.png *.jpg *.jpeg *.jp2 *.j2k *.j2c *.bmp *.tif *.tiff *.webp "
    "*.exr *.hdr *.pic *.pfm *.pgm *.ppm *.pbm *.pnm *.pam *.sr *.ras *.npy *.poolscope);;All files (*)");
const QString kSessionFilter = QObject::tr("PoolScope sessions (*.poolscope)");

// At most a few problems in the status bar; the rest are counted.
QString problemSummary(const QStringList& problems)
{
    constexpr int kShown = 2;
    QString s = problems.mid(0, kShown).join("; ");
    if (problems.size() > kShown)
        s += QObject::tr("; and %n more", nullptr, int(problems.size() - kShown));
    return s;
}

} // namespace

MainWindow::MainWindow(AppSettings* settings, AnimationClock* clock, QWidget* parent)
    : QMainWindow(parent), settings_(settings), session_(new Session(this)),
      clock_(clock ? clock : new SystemAnimationClock(this)), animator_(new Animator(session_, clock_, this)),
      stage_(new StageView(session_, this)), channelStrip_(new ChannelStrip(session_, this)),
      transport_(new TransportBar(session_, animator_, this)),
      export_(new ExportController(session_, stage_, this)), messageBar_(new MessageBar(this))
{
    setObjectName("mainWindow");
    baseFont_ = QApplication::font();
    setAcceptDrops(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowNestedDocks);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(messageBar_);
    layout->addWidget(stage_, 1);
    // Sixteen channels with their names whole may be wider than the stage: the
    // strip then scrolls sideways, and keeps the focused channel in view.
    stripArea_ = new QScrollArea(central);
    stripArea_->setObjectName(QStringLiteral("channelStripArea"));
    stripArea_->setFrameShape(QFrame::NoFrame);
    stripArea_->setWidgetResizable(true);
    stripArea_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    stripArea_->setWidget(channelStrip_);
    stripArea_->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    fitChannelStrip();
    connect(stripArea_->horizontalScrollBar(), &QScrollBar::rangeChanged, this, &MainWindow::fitChannelStrip);
    connect(session_, &Session::focusedChannelChanged, this, [this](int channel) {
        const QRect item = channelStrip_->itemRect(channel);
        if (!item.isEmpty())
            stripArea_->ensureVisible(item.center().x(), item.center().y(), item.width() / 2 + 8, 0);
    });
    layout->addWidget(stripArea_);
    layout->addWidget(transport_);
    setCentralWidget(central);
    stage_->setFocusPolicy(Qt::StrongFocus);

    buildDocks();
    buildMenus();
    buildStatusBar();
    keyOverlay_ = new KeyOverlay(centralWidget());
    keyOverlay_->setEntries(keyEntries(presentationActions_));
    updateEscape();

    connect(session_, &Session::inputChanged, this, &MainWindow::updateTitle);
    connect(session_, &Session::fileLoaded, this, &MainWindow::onFileLoaded);
    connect(export_, &ExportController::notice, this, [this](const QString& message, bool isError) {
        showNotice(message, isError ? MessageBar::Kind::Error : MessageBar::Kind::Information);
    });
    connect(session_, &Session::hoverChanged, this, &MainWindow::updateHover);
    connect(session_, &Session::regionChanged, this, [this] {
        clearRegionAction_->setEnabled(session_->region().has_value());
        updateEscape();
    });
    connect(stage_, &StageView::notice, this,
            [this](const QString& text) { showNotice(text, MessageBar::Kind::Warning); });
    connect(session_, &Session::focusedMapsChanged, this, &MainWindow::updateHover);
    connect(session_, &Session::resultChanged, this, &MainWindow::updateHover);
    connect(session_, &Session::resultChanged, this, &MainWindow::updateTiming);
    connect(session_, &Session::busyChanged, this, &MainWindow::updateTiming);
    // The class sees the sweep move as soon as there is something to sweep.
    connect(session_, &Session::resultChanged, this, [this] {
        if (!started_) {
            started_ = true;
            animator_->play();
        }
    });

    if (const QScreen* screen = QGuiApplication::primaryScreen())
        fitToScreen(screen->availableGeometry());
    if (settings_)
        restoreSettings();
    // Space belongs to a focused button or combo box, not to Play/Pause.
    qApp->installEventFilter(this);
    updateTitle();
    updateTiming();
    stage_->setFocus();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildDocks()
{
    convPanel_ = new ConvPanel(session_);
    poolPanel_ = new PoolPanel(session_);
    mathPanel_ = new MathPanel(session_);
    // A sweep faster than the eye reads numbers needs no panel update per step.
    const auto pace = [this] {
        mathPanel_->setRapid(animator_->isPlaying() && animator_->speed() > MathPanel::kRapidStepsPerSecond);
    };
    connect(animator_, &Animator::playingChanged, mathPanel_, pace);
    connect(animator_, &Animator::speedChanged, mathPanel_, pace);
    shapePanel_ = new ShapePanel(session_);

    auto* params = new QDockWidget(tr("Parameters"), this);
    params->setObjectName("parametersDock");
    // Pooling first: it is what the class came to see; the convolution only feeds it.
    params->setWidget(
        scrolled(params, {{tr("Pooling"), poolPanel_}, {tr("Convolution (before pooling)"), convPanel_}}));
    params->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, params);

    auto* math = new QDockWidget(tr("This window"), this);
    math->setObjectName("mathDock");
    // Text panels wrap, so they need a width of their own: about 34 characters.
    const int textWidth = fontMetrics().averageCharWidth() * 34;
    math->setWidget(scrolled(math, {{tr("Arithmetic"), mathPanel_}}, textWidth));
    math->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    auto* shapes = new QDockWidget(tr("Shapes"), this);
    shapes->setObjectName("shapesDock");
    shapes->setWidget(scrolled(shapes, {{tr("Shapes and parameters"), shapePanel_}}, textWidth));
    shapes->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    paramsDock_ = params;
    mathDock_ = math;
    shapesDock_ = shapes;
    addDockWidget(Qt::RightDockWidgetArea, math);
    addDockWidget(Qt::RightDockWidgetArea, shapes);
    splitDockWidget(math, shapes, Qt::Vertical);

    // The same layer in code: a tab beside the shapes, where the numbers it states are.
    codePanel_ = new CodePanel(session_);
    connect(codePanel_, &CodePanel::copied, this,
            [this](const QString& message) { showNotice(message, MessageBar::Kind::Positive); });
    codeDock_ = new QDockWidget(tr("Code"), this);
    codeDock_->setObjectName("codeDock");
    codeDock_->setWidget(codePanel_);
    codeDock_->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                           QDockWidget::DockWidgetClosable);
    // Shown on request (View > Code Panel, showCodePanel()): a fourth tab in the
    // one column of a 1280x720 projector widens it past the screen.
    addDockWidget(Qt::RightDockWidgetArea, codeDock_);
    codeDock_->hide();
}

void MainWindow::showCodePanel(bool on)
{
    if (on) // a tab beside the shapes, wherever they are now
        tabifyDockWidget(shapesDock_, codeDock_);
    codeDock_->setVisible(on);
    if (on)
        codeDock_->raise();
}

void MainWindow::fitToScreen(const QRect& available)
{
    const QRect wanted = fitInto(initialWindowGeometry(available), available);
    const bool tabbed = sidePanelsShareAColumn(
        wanted.width(), paramsDock_->minimumSizeHint().width(),
        std::max(mathDock_->minimumSizeHint().width(), shapesDock_->minimumSizeHint().width()));
    setSidePanelsTabbed(tabbed);
    setGeometry(wanted);
}

void MainWindow::setSidePanelsTabbed(bool tabbed)
{
    if (tabbed == sidePanelsTabbed_)
        return;
    sidePanelsTabbed_ = tabbed;
    if (tabbed) {
        // One column, the parameters on top: the arithmetic is a tab away.
        tabifyDockWidget(paramsDock_, mathDock_);
        tabifyDockWidget(paramsDock_, shapesDock_);
        paramsDock_->raise();
    } else {
        addDockWidget(Qt::RightDockWidgetArea, mathDock_);
        addDockWidget(Qt::RightDockWidgetArea, shapesDock_);
        splitDockWidget(mathDock_, shapesDock_, Qt::Vertical);
    }
}

QAction* MainWindow::addAction(QMenu* menu, const QString& text, const QList<QKeySequence>& keys,
                               const QString& tip)
{
    QAction* a = menu->addAction(text);
    a->setShortcuts(keys);
    a->setStatusTip(tip);
    a->setToolTip(tip);
    QMainWindow::addAction(a); // shortcuts stay active in full screen, where the menu bar hides
    return a;
}

void MainWindow::buildMenus()
{
    // Icons in the theme's colours, painted again when the theme changes.
    const auto themed = [this](QAction* a, const char* icon) {
        themedActions_.append({a, QString::fromLatin1(icon)});
        a->setIcon(themedIcon(QString::fromLatin1(icon), QApplication::palette()));
        return a;
    };
    // ---- File
    QMenu* file = menuBar()->addMenu(tr("&File"));
    connect(addAction(file, tr("&Open..."), {QKeySequence::Open},
                      tr("Open an image, a .npy array or a saved session.")),
            &QAction::triggered, this, &MainWindow::openFileDialog);
    QMenu* samplesMenu = file->addMenu(tr("Open &Sample"));
    for (const Sample& s : samples()) {
        const QString name = toQString(s.name);
        QAction* a = samplesMenu->addAction(toQString(s.title));
        a->setStatusTip(tr("Open the built-in sample image '%1'.").arg(name));
        connect(a, &QAction::triggered, this, [this, name] { session_->loadSample(name); });
    }
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    rebuildRecentMenu();
    connect(addAction(file, tr("&Paste Image"), {QKeySequence::Paste},
                      tr("Use the image on the clipboard as input.")),
            &QAction::triggered, this, &MainWindow::paste);
    connect(addAction(file, tr("&Save Session..."), {QKeySequence::Save},
                      tr("Save the input, the parameters and the animation step to a .poolscope file.")),
            &QAction::triggered, this, &MainWindow::saveSessionDialog);
    file->addSeparator();
    QMenu* exportMenu = file->addMenu(tr("&Export"));
    connect(addAction(exportMenu, tr("View as &PNG..."), {QKeySequence(Qt::CTRL | Qt::Key_E)},
                      tr("Save the stage as it is on screen as a PNG picture.")),
            &QAction::triggered, export_, &ExportController::exportViewPng);
    connect(addAction(exportMenu, tr("View as PNG for &Slides (2x)..."), {},
                      tr("Save the stage as a PNG picture of twice the pixels, sharp on a projector.")),
            &QAction::triggered, export_, [this] { export_->exportViewPngForSlides(2); });
    connect(addAction(exportMenu, tr("View as PNG for Print (&4x)..."), {},
                      tr("Save the stage as a PNG picture of four times the pixels, for print.")),
            &QAction::triggered, export_, [this] { export_->exportViewPngForSlides(4); });
    connect(addAction(exportMenu, tr("View as S&VG..."), {},
                      tr("Save the stage as an SVG drawing: its text stays text, sharp at any size.")),
            &QAction::triggered, export_, &ExportController::exportViewSvg);
    burnArithmeticAction_ =
        addAction(exportMenu, tr("&Write the Arithmetic into Exports"), {},
                  tr("Exported pictures, videos and GIFs show the current window's operation with its "
                     "numbers and result beside it."));
    burnArithmeticAction_->setCheckable(true);
    connect(burnArithmeticAction_, &QAction::toggled, export_, &ExportController::setBurnArithmetic);
    connect(export_, &ExportController::burnArithmeticChanged, burnArithmeticAction_, &QAction::setChecked);
    exportMenu->addSeparator();
    connect(addAction(exportMenu, tr("&Feature Maps as PNG..."),
                      {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E)},
                      tr("Save every channel of the input, convolution and pooling stages as PNG pictures.")),
            &QAction::triggered, export_, &ExportController::exportFeatureMaps);
    connect(addAction(exportMenu, tr("Feature Maps as .&npy..."), {},
                      tr("Save the raw numbers of every stage as NumPy arrays.")),
            &QAction::triggered, export_, &ExportController::exportNpy);
    connect(addAction(exportMenu, tr("&Animation (MP4 or GIF)..."),
                      {QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_E)},
                      tr("Record the sweep over a range of steps as a video or an animated GIF.")),
            &QAction::triggered, export_, &ExportController::exportAnimation);
    exportMenu->addSeparator();
    connect(addAction(exportMenu, tr("E&xercise Sheet..."), {},
                      tr("Save random pooling problems to solve by hand, with their answers, as a PDF.")),
            &QAction::triggered, export_, &ExportController::exportExerciseSheet);
    file->addSeparator();
    connect(addAction(file, tr("&Quit"), {QKeySequence::Quit}, tr("Close PoolScope.")), &QAction::triggered,
            this, &QWidget::close);

    // ---- View
    QMenu* view = menuBar()->addMenu(tr("&View"));
    connect(themed(addAction(view, tr("Zoom &In"),
                             {QKeySequence(Qt::Key_Plus), QKeySequence(Qt::SHIFT | Qt::Key_Plus),
                              QKeySequence(Qt::Key_Equal)},
                             tr("Make the cells larger.")),
                   "zoom-in"),
            &QAction::triggered, stage_, &StageView::zoomIn);
    connect(
        themed(addAction(view, tr("Zoom &Out"), {QKeySequence(Qt::Key_Minus)}, tr("Make the cells smaller.")),
               "zoom-out"),
        &QAction::triggered, stage_, &StageView::zoomOut);
    connect(
        themed(addAction(view, tr("&Fit to Window"), {QKeySequence(Qt::Key_F)}, tr("Show both maps whole.")),
               "fit"),
        &QAction::triggered, stage_, &StageView::fitToWindow);
    connect(addAction(view, tr("&Readable Size"),
                      {QKeySequence(Qt::Key_1), QKeySequence(Qt::CTRL | Qt::Key_1)},
                      tr("The smallest zoom at which the cells show their values, around the window.")),
            &QAction::triggered, stage_, &StageView::readableSize);
    QAction* follow = addAction(view, tr("F&ollow the Window"), {QKeySequence(Qt::Key_W)},
                                tr("While zoomed in, keep the current window and its output cell in view."));
    follow->setCheckable(true);
    follow->setChecked(stage_->followWindow());
    connect(follow, &QAction::toggled, stage_, &StageView::setFollowWindow);
    connect(stage_, &StageView::followWindowChanged, follow, &QAction::setChecked);
    cropAction_ = addAction(view, tr("&Crop to View"), {QKeySequence(Qt::Key_C)},
                            tr("Animate only the part of the input in view: the steps, the scrubber and the "
                               "exports follow it. Shift+drag on the input picks any rectangle."));
    connect(cropAction_, &QAction::triggered, stage_, &StageView::cropToView);
    clearRegionAction_ = addAction(view, tr("Clear the Re&gion"), {},
                                   tr("Animate the whole input again (Esc does the same)."));
    connect(clearRegionAction_, &QAction::triggered, stage_, &StageView::clearRegion);
    clearRegionAction_->setEnabled(session_->region().has_value());
    revealAction_ = addAction(view, tr("&Reveal as It Goes"), {},
                              tr("Fill the output cells in as the window passes, instead of showing the "
                                 "whole output at once."));
    revealAction_->setCheckable(true);
    revealAction_->setChecked(stage_->revealAsItGoes());
    connect(revealAction_, &QAction::toggled, stage_, &StageView::setRevealAsItGoes);
    connect(stage_, &StageView::revealAsItGoesChanged, revealAction_, &QAction::setChecked);
    view->addSeparator();
    // Ctrl with the zoom keys: the text, where the plain keys zoom the maps.
    connect(addAction(view, tr("&Larger Text"),
                      {QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence(Qt::CTRL | Qt::Key_Plus)},
                      tr("Make the text of the panels larger.")),
            &QAction::triggered, this, [this] { setTextScale(textScale_ * 1.1); });
    connect(addAction(view, tr("&Smaller Text"), {QKeySequence(Qt::CTRL | Qt::Key_Minus)},
                      tr("Make the text of the panels smaller.")),
            &QAction::triggered, this, [this] { setTextScale(textScale_ / 1.1); });
    connect(addAction(view, tr("&Normal Text Size"), {QKeySequence(Qt::CTRL | Qt::Key_0)},
                      tr("The text at its classroom size.")),
            &QAction::triggered, this, [this] { setTextScale(1.0); });
    view->addSeparator();
    QAction* code = addAction(view, tr("&Code Panel"), {},
                              tr("Show the current layers as PyTorch, Keras or NumPy code, ready to copy."));
    code->setCheckable(true);
    connect(code, &QAction::triggered, this, &MainWindow::showCodePanel);
    connect(codeDock_, &QDockWidget::visibilityChanged, code,
            [this, code] { code->setChecked(!codeDock_->isHidden()); }); // closed by its own button too
    showValuesAction_ = addAction(view, tr("Show &Values"), {QKeySequence(Qt::Key_V)},
                                  tr("Write each cell's value in it when the cells are large enough."));
    showValuesAction_->setCheckable(true);
    showValuesAction_->setChecked(stage_->showValues());
    connect(showValuesAction_, &QAction::toggled, stage_, &StageView::setShowValues);
    connect(stage_, &StageView::showValuesChanged, showValuesAction_, &QAction::setChecked);
    fullScreenAction_ = addAction(view, tr("F&ull Screen"), {QKeySequence(Qt::Key_F11)},
                                  tr("Fill the screen, for projecting."));
    fullScreenAction_->setCheckable(true);
    connect(fullScreenAction_, &QAction::triggered, this, &MainWindow::toggleFullScreen);
    presentationAction_ =
        themed(addAction(view, tr("&Presentation Mode"), {QKeySequence(Qt::Key_F5)},
                         tr("Only the stage, on the whole screen, in high contrast: every key still "
                            "works; ? lists them, Esc leaves.")),
               "presentation");
    presentationAction_->setCheckable(true);
    connect(presentationAction_, &QAction::toggled, this, &MainWindow::setPresentation);
    darkAction_ = addAction(view, tr("&Dark Theme"), {}, tr("Switch between the light and the dark look."));
    darkAction_->setCheckable(true);
    darkAction_->setChecked(Theme::current() == ThemeKind::Dark);
    connect(darkAction_, &QAction::toggled, this, &MainWindow::setDarkTheme);

    // ---- Animation
    QMenu* anim = menuBar()->addMenu(tr("&Animation"));
    // The keys a teacher needs without the panels: listed by the key overlay.
    const auto key = [this](QAction* a) {
        presentationActions_ << a;
        return a;
    };
    playAction_ = key(addAction(anim, tr("&Play / Pause"), {QKeySequence(Qt::Key_Space)},
                                tr("Start or stop the sweep of the window over the map.")));
    connect(playAction_, &QAction::triggered, animator_, &Animator::toggle);
    connect(key(addAction(anim, tr("Step &Forward"), {QKeySequence(Qt::Key_Right)},
                          tr("Move the window one step on."))),
            &QAction::triggered, animator_, &Animator::stepForward);
    connect(key(addAction(anim, tr("Step &Back"), {QKeySequence(Qt::Key_Left)},
                          tr("Move the window one step back."))),
            &QAction::triggered, animator_, &Animator::stepBack);
    connect(key(addAction(anim, tr("To &Start"), {QKeySequence(Qt::Key_Home)},
                          tr("Go to the first output cell."))),
            &QAction::triggered, animator_, &Animator::toStart);
    connect(
        key(addAction(anim, tr("To &End"), {QKeySequence(Qt::Key_End)}, tr("Go to the last output cell."))),
        &QAction::triggered, animator_, &Animator::toEnd);
    anim->addSeparator();
    connect(key(addAction(anim, tr("&Next Channel"), {QKeySequence(Qt::Key_Down)},
                          tr("Show the next channel of the pool input."))),
            &QAction::triggered, this, [this] {
                session_->setFocusedChannel(
                    std::min(session_->focusedChannel() + 1, std::max(channelStrip_->count() - 1, 0)));
            });
    connect(key(addAction(anim, tr("P&revious Channel"), {QKeySequence(Qt::Key_Up)},
                          tr("Show the previous channel of the pool input."))),
            &QAction::triggered, this,
            [this] { session_->setFocusedChannel(std::max(session_->focusedChannel() - 1, 0)); });

    // ---- Lab: views over the stage that show what the numbers alone do not
    QMenu* lab = menuBar()->addMenu(tr("&Lab"));
    coverageAction_ =
        key(addAction(lab, tr("&Coverage"), {QKeySequence(Qt::Key_O)},
                      tr("Colour each input cell by how many windows read it, with the count in "
                         "it; cells no window reads are crossed out. O again goes back.")));
    coverageAction_->setCheckable(true);
    connect(coverageAction_, &QAction::toggled, this,
            [this](bool on) { session_->setLabView(on ? LabView::Coverage : LabView::None); });
    connect(session_, &Session::labViewChanged, coverageAction_,
            [this](LabView v) { coverageAction_->setChecked(v == LabView::Coverage); });

    // ---- Pooling keys, for changing the window without the forms
    buildKeyActions(menuBar()->addMenu(tr("&Keys")));

    // ---- Help
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    connect(themed(addAction(help, tr("PoolScope &User Guide"), {QKeySequence(Qt::Key_F1)},
                             tr("The user guide, in a window of its own.")),
                   "help"),
            &QAction::triggered, this, &MainWindow::showUserGuide);
    connect(addAction(help, tr("&Keyboard Shortcuts"), {}, tr("Every key of PoolScope, as bound.")),
            &QAction::triggered, this, &MainWindow::showShortcuts);
    help->addSeparator();
    connect(addAction(help, tr("&About PoolScope"), {}, tr("What this program is.")), &QAction::triggered,
            this, &MainWindow::showAbout);
}

void MainWindow::buildKeyActions(QMenu* keys)
{
    struct PoolKeyAction {
        const char* text;
        QKeySequence key;
        PoolKey change;
        const char* tip;
    };
    static const PoolKeyAction kPoolKeys[] = {
        {QT_TR_NOOP("Larger &Kernel"), QKeySequence(Qt::Key_K), PoolKey::KernelUp,
         QT_TR_NOOP("kernel_size one larger on both axes.")},
        {QT_TR_NOOP("Smaller K&ernel"), QKeySequence(Qt::SHIFT | Qt::Key_K), PoolKey::KernelDown,
         QT_TR_NOOP("kernel_size one smaller on both axes.")},
        {QT_TR_NOOP("Larger &Stride"), QKeySequence(Qt::Key_S), PoolKey::StrideUp,
         QT_TR_NOOP("stride one larger on both axes.")},
        {QT_TR_NOOP("Smaller S&tride"), QKeySequence(Qt::SHIFT | Qt::Key_S), PoolKey::StrideDown,
         QT_TR_NOOP("stride one smaller on both axes.")},
        {QT_TR_NOOP("More &Padding"), QKeySequence(Qt::Key_P), PoolKey::PaddingUp,
         QT_TR_NOOP("padding one larger on every side (at most half the kernel).")},
        {QT_TR_NOOP("Less P&adding"), QKeySequence(Qt::SHIFT | Qt::Key_P), PoolKey::PaddingDown,
         QT_TR_NOOP("padding one smaller on every side.")},
        {QT_TR_NOOP("Next Pooling &Type"), QKeySequence(Qt::Key_T), PoolKey::NextOp,
         QT_TR_NOOP("The next pooling operation that accepts the current parameters.")},
    };
    for (const PoolKeyAction& k : kPoolKeys) {
        QAction* a = addAction(keys, tr(k.text), {k.key}, tr(k.tip));
        presentationActions_ << a;
        const PoolKey change = k.change;
        connect(a, &QAction::triggered, this, [this, change] {
            std::optional<Size2> in;
            if (const auto r = session_->result())
                in = Size2{r->poolInputShape.height, r->poolInputShape.width};
            const PoolKeyChange c = changePool(session_->pool(), change, in);
            if (!c.spec) {
                poolKeyRefusal_ = c.why;
                showNotice(c.why, MessageBar::Kind::Warning);
                return;
            }
            if (messageBar_->hasMessage() && messageBar_->text() == poolKeyRefusal_)
                messageBar_->dismiss(); // the refusal no longer applies
            session_->setPool(*c.spec);
        });
    }
    keys->addSeparator();
    presentationActions_ << presentationAction_;
    QAction* overlay = addAction(keys, tr("Show the &Keys"), {QKeySequence(Qt::Key_Question)},
                                 tr("A list of these keys over the stage, in large type."));
    connect(overlay, &QAction::triggered, this, &MainWindow::toggleKeyOverlay);
    presentationActions_ << overlay;
    // Esc is the stage's too: taken only while there is something to leave.
    escapeAction_ = addAction(keys, tr("&Back Out: Close the Keys, Leave Presentation, Clear the Region"),
                              {QKeySequence(Qt::Key_Escape)},
                              tr("Close the list of keys, else leave presentation mode, else animate the "
                                 "whole input again."));
    connect(escapeAction_, &QAction::triggered, this, [this] {
        if (keyOverlay_->isVisible())
            keyOverlay_->hide();
        else if (presenting_)
            setPresentation(false);
        else
            session_->clearRegion();
        updateEscape();
    });
    presentationActions_ << escapeAction_;
}

void MainWindow::setTextScale(double scale)
{
    scale = std::clamp(scale, AppSettings::kMinTextScale, AppSettings::kMaxTextScale);
    if (std::abs(scale - 1.0) < 0.01)
        scale = 1.0; // steps up and down come back to exactly the start
    if (scale == textScale_)
        return;
    textScale_ = scale;
    QFont f = baseFont_;
    f.setPointSizeF(baseFont_.pointSizeF() * scale);
    QApplication::setFont(f);
    fitChannelStrip(); // its items and labels follow the text
}

void MainWindow::updateEscape()
{
    escapeAction_->setEnabled(presenting_ || keyOverlay_->isVisible() || session_->region());
}

void MainWindow::toggleKeyOverlay()
{
    keyOverlay_->setVisible(!keyOverlay_->isVisible());
    updateEscape();
}

void MainWindow::fitChannelStrip()
{
    // The strip's own height, and the scroll bar's below it when it scrolls.
    const QScrollBar* bar = stripArea_->horizontalScrollBar();
    const bool scrolls = bar->maximum() > bar->minimum();
    stripArea_->setFixedHeight(channelStrip_->sizeHint().height() + (scrolls ? bar->sizeHint().height() : 0));
}

void MainWindow::setPresentation(bool on)
{
    if (on == presenting_)
        return;
    presenting_ = on;
    // One frame: nothing is painted until every piece is in place, at the final size.
    const PaintWhenSized oneFrame(this);
    if (on) {
        beforePresentation_ = {saveGeometry(), saveState(), windowState(), {}};
        for (QDockWidget* d : findChildren<QDockWidget*>()) {
            if (!d->isHidden()) { // before the window is shown too (restored from the settings)
                beforePresentation_.docks << d;
                d->hide();
            }
        }
    } else {
        for (QDockWidget* d : std::as_const(beforePresentation_.docks))
            d->show();
        if (sidePanelsTabbed_)
            paramsDock_->raise(); // shown again, the last tab would be on top
    }
    menuBar()->setVisible(!on);
    statusBar()->setVisible(!on);
    // The stage shows the step itself; the keys replace the strip and the transport.
    stripArea_->setVisible(!on);
    transport_->setVisible(!on);
    centralWidget()->layout()->setContentsMargins(on ? QMargins() : QMargins(4, 4, 4, 4));
    // High contrast around the stage: pure black on white, or white on black.
    if (on) {
        const bool dark = Theme::current() == ThemeKind::Dark;
        QPalette p = centralWidget()->palette();
        for (const auto role : {QPalette::Window, QPalette::Base})
            p.setColor(role, dark ? Qt::black : Qt::white);
        for (const auto role : {QPalette::WindowText, QPalette::Text})
            p.setColor(role, dark ? Qt::white : Qt::black);
        centralWidget()->setPalette(p);
        QFont f = messageBar_->font();
        f.setPointSizeF(f.pointSizeF() * 1.6);
        messageBar_->setFont(f); // read from the back of the room too
    } else {
        centralWidget()->setPalette(QPalette());
        messageBar_->setFont(QFont());
    }
    stage_->setPresentation(on); // its own type sizes, lines and canvas captions
    if (on)
        showFullScreen();
    else
        setWindowState(beforePresentation_.windowState);
    presentationAction_->setChecked(on);
    fullScreenAction_->setChecked(isFullScreen());
    updateEscape();
    stage_->setFocus();
    emit presentationChanged(on);
}

void MainWindow::buildStatusBar()
{
    hoverLabel_ = new QLabel(this);
    hoverLabel_->setObjectName("hoverLabel");
    hoverLabel_->setToolTip(tr("The cell under the mouse and its value."));
    timingLabel_ = new QLabel(this);
    timingLabel_->setObjectName("timingLabel");
    timingLabel_->setToolTip(tr("How long the last computation took."));
    loadingIndicator_ = new LoadingIndicator(session_, this);
    statusBar()->addPermanentWidget(loadingIndicator_);
    // Held: their texts change with every hover move and computation.
    statusBar()->addPermanentWidget(new LabelHolder(hoverLabel_), 1);
    statusBar()->addPermanentWidget(new LabelHolder(timingLabel_));
}

// ---- input

bool MainWindow::openFile(const QString& path)
{
    if (isSessionFile(path))
        return openSession(path);
    pendingSession_.reset();
    session_->loadFile(path);
    return true;
}

void MainWindow::onFileLoaded(const FileLoad& load)
{
    const QString name = QFileInfo(load.path).fileName();
    if (pendingSession_ && pendingSession_->inputPath == load.path) {
        PendingSession opened = *std::exchange(pendingSession_, std::nullopt);
        if (!load.ok)
            opened.problems.prepend(tr("input: %1").arg(load.error));
        reportSessionOpened(opened.sessionPath, opened.problems);
        return;
    }
    if (!load.ok) {
        QString reason = load.error.trimmed();
        // The reader names the path; the message already names the file.
        const QString quoted = QStringLiteral("'%1'").arg(load.path);
        if (reason.startsWith(quoted + ": "))
            reason.remove(0, quoted.size() + 2);
        else if (reason.startsWith(quoted))
            reason.replace(0, quoted.size(), tr("it"));
        reason.replace(quoted, tr("the file"));
        if (!reason.endsWith('.'))
            reason += '.';
        showNotice(tr("Could not open %1: %2 The previous picture stays.").arg(name, reason),
                   MessageBar::Kind::Error);
        if (!QFileInfo::exists(load.path) && settings_)
            settings_->removeRecentFile(QFileInfo(load.path).absoluteFilePath()); // gone for good: forget it
        return;
    }
    rememberRecent(QFileInfo(load.path).absoluteFilePath());
    if (load.notice.isEmpty())
        showNotice(tr("Opened %1").arg(name), MessageBar::Kind::Positive);
    else // how the file was read: it stays until read
        showNotice(tr("Opened %1: %2").arg(name, load.notice), MessageBar::Kind::Information);
}

void MainWindow::openFileDialog()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open image or array"), QString(), kFileFilter);
    if (!path.isEmpty())
        openFile(path);
}

bool MainWindow::openSession(const QString& path)
{
    SessionFile defaults;
    defaults.conv = Session::defaultConv();
    defaults.pool = Session::defaultPool();
    defaults.speed = Animator::kDefaultSpeed;
    QStringList problems;
    QString error;
    const std::optional<SessionFile> file = readSessionFile(path, defaults, &problems, &error);
    if (!file) {
        showNotice(tr("Could not open %1: %2").arg(QFileInfo(path).fileName(), error),
                   MessageBar::Kind::Error);
        return false;
    }
    applySession(*session_, *file, path, &problems);
    animator_->setSpeed(file->speed);
    rememberRecent(QFileInfo(path).absoluteFilePath());
    if (session_->loading()) { // its input file is being read: the notice comes with it
        pendingSession_ = PendingSession{path, session_->loadingPath(), problems};
        return true;
    }
    pendingSession_.reset();
    reportSessionOpened(path, problems);
    return true;
}

void MainWindow::reportSessionOpened(const QString& path, const QStringList& problems)
{
    if (problems.isEmpty())
        showNotice(tr("Opened session %1").arg(QFileInfo(path).fileName()), MessageBar::Kind::Positive);
    else
        showNotice(
            tr("Opened session %1, ignoring: %2").arg(QFileInfo(path).fileName(), problemSummary(problems)),
            MessageBar::Kind::Warning);
}

bool MainWindow::saveSession(const QString& path)
{
    QString error;
    if (!writeSessionFile(path, captureSession(*session_, animator_->speed(), path), &error)) {
        showNotice(tr("Could not save %1: %2").arg(QFileInfo(path).fileName(), error),
                   MessageBar::Kind::Error);
        return false;
    }
    rememberRecent(QFileInfo(path).absoluteFilePath());
    showNotice(tr("Saved session %1").arg(QFileInfo(path).fileName()), MessageBar::Kind::Positive);
    return true;
}

void MainWindow::saveSessionDialog()
{
    // The native dialog asks before replacing a file.
    QString path =
        QFileDialog::getSaveFileName(this, tr("Save session"), tr("lesson.poolscope"), kSessionFilter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".") + kSessionSuffix;
    saveSession(path);
}

bool MainWindow::paste()
{
    const QMimeData* mime = QApplication::clipboard()->mimeData();
    if (!mime) {
        showNotice(tr("The clipboard is empty."), MessageBar::Kind::Warning);
        return false;
    }
    if (mime->hasImage()) {
        const QImage image = qvariant_cast<QImage>(mime->imageData());
        if (!image.isNull()) {
            session_->setInput(grayIfNeutral(toTensor(image)), tr("Pasted image"));
            return true;
        }
    }
    if (mime->hasUrls())
        for (const QUrl& url : mime->urls())
            if (url.isLocalFile())
                return openFile(url.toLocalFile());
    const QString text = mime->text().trimmed();
    if (!text.isEmpty() && QFileInfo(text).isFile())
        return openFile(text);
    showNotice(tr("The clipboard holds no image or file."), MessageBar::Kind::Warning);
    return false;
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::ShortcutOverride) {
        auto* key = static_cast<QKeyEvent*>(event);
        bool mine = false; // also inside a floating dock
        for (auto* w = qobject_cast<QWidget*>(watched); w && !mine; w = w->parentWidget())
            mine = w == this;
        // Arrows, Home and End step and change channel wherever the focus is, but
        // in a text field: decided here once, not in every control.
        if (mine && isNavigationKey(key)) {
            event->setAccepted(keepsNavigationKeys(QApplication::focusWidget()));
            return true;
        }
        // Single-key shortcuts (Space, F, V, 1, ...) must not steal keys a focused
        // control uses: Space presses a button, letters search a combo box.
        const bool plain = (key->modifiers() & ~Qt::ShiftModifier) == Qt::NoModifier;
        const bool space = key->key() == Qt::Key_Space;
        const bool button = qobject_cast<QAbstractButton*>(watched) != nullptr;
        const bool combo = qobject_cast<QComboBox*>(watched) != nullptr;
        const bool printable = !key->text().isEmpty() && key->text().at(0).isPrint();
        if (mine && plain && ((button && space) || (combo && printable))) {
            event->accept(); // the key press goes to the control, not to the shortcut
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QMimeData* mime = event->mimeData();
    bool ok = mime->hasImage();
    for (const QUrl& url : mime->urls())
        ok = ok || url.isLocalFile();
    if (ok)
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QMimeData* mime = event->mimeData();
    for (const QUrl& url : mime->urls()) {
        if (url.isLocalFile()) {
            openFile(url.toLocalFile());
            event->acceptProposedAction();
            return;
        }
    }
    if (mime->hasImage()) {
        const QImage image = qvariant_cast<QImage>(mime->imageData());
        if (!image.isNull()) {
            session_->setInput(grayIfNeutral(toTensor(image)), tr("Dropped image"));
            event->acceptProposedAction();
        }
    }
}

// ---- recent files

QStringList MainWindow::recentFiles() const
{
    return settings_ ? settings_->recentFiles() : recentFallback_;
}

void MainWindow::rememberRecent(const QString& path)
{
    if (settings_) {
        settings_->addRecentFile(path);
    } else {
        recentFallback_.removeAll(path);
        recentFallback_.prepend(path);
        while (recentFallback_.size() > AppSettings::kMaxRecentFiles)
            recentFallback_.removeLast();
    }
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    recentMenu_->clear();
    const QStringList files = recentFiles();
    for (int i = 0; i < files.size(); ++i) {
        const QString path = files[i];
        QAction* a = recentMenu_->addAction(QString("&%1  %2").arg(i + 1).arg(QFileInfo(path).fileName()));
        a->setStatusTip(path);
        connect(a, &QAction::triggered, this, [this, path] { openFile(path); });
    }
    recentMenu_->setEnabled(!files.isEmpty());
}

// ---- view

void MainWindow::toggleFullScreen()
{
    if (isFullScreen())
        showNormal();
    else
        showFullScreen();
    fullScreenAction_->setChecked(isFullScreen());
}

void MainWindow::setDarkTheme(bool on)
{
    Theme::apply(on ? ThemeKind::Dark : ThemeKind::Light);
    for (const auto& [action, icon] : std::as_const(themedActions_))
        action->setIcon(themedIcon(icon, QApplication::palette()));
    if (darkAction_->isChecked() != on)
        darkAction_->setChecked(on);
}

void MainWindow::showUserGuide()
{
    if (!helpWindow_)
        helpWindow_ = new HelpWindow(this);
    helpWindow_->show();
    helpWindow_->raise();
    helpWindow_->activateWindow();
}

void MainWindow::showShortcuts()
{
    // Built when asked: the list is whatever the actions are bound to now.
    delete shortcutsWindow_;
    shortcutsWindow_ = new ShortcutsWindow(QMainWindow::actions(), this);
    shortcutsWindow_->show();
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About PoolScope"),
        tr("<h3>PoolScope %1</h3>"
           "<p>An interactive view of pooling in convolutional networks: watch the window sweep, "
           "read its arithmetic, and see how every hyperparameter changes the output.</p>"
           "<p>Every result, index, divisor and output size follows PyTorch's definitions.</p>")
            .arg(QApplication::applicationVersion()));
}

void MainWindow::updateTitle()
{
    const QString name = session_->inputName();
    setWindowTitle(name.isEmpty() ? QStringLiteral("PoolScope") : QString("%1 — PoolScope").arg(name));
}

void MainWindow::showNotice(const QString& message, MessageBar::Kind kind)
{
    messageBar_->showMessage(message, kind);
}

// ---- status bar

void MainWindow::updateHover()
{
    auto r = session_->result();
    const int c = session_->focusedChannel();
    QString text;
    // The focused channel's planes: none for a moment after a focus change on large maps.
    if (const std::optional<ChannelPlanes> planes = r ? session_->focusedPlanes() : std::nullopt;
        planes && planes->channel == c) {
        const ConstPlaneView out = planes->outputPlane(), in = planes->inputPlane();
        if (auto o = session_->hoveredOutput();
            o && o->y() >= 0 && o->y() < out.rows() && o->x() >= 0 && o->x() < out.cols())
            text = tr("Output row %1, column %2: %3")
                       .arg(o->y())
                       .arg(o->x())
                       .arg(formatValue(out.at(o->y(), o->x())));
        else if (auto i = session_->hoveredInput();
                 i && i->y() >= 0 && i->y() < in.rows() && i->x() >= 0 && i->x() < in.cols())
            text = tr("Pool input row %1, column %2: %3")
                       .arg(i->y())
                       .arg(i->x())
                       .arg(formatValue(in.at(i->y(), i->x())));
    }
    hoverLabel_->setText(text);
}

void MainWindow::updateTiming()
{
    if (session_->busy()) {
        timingLabel_->setText(tr("computing..."));
        return;
    }
    auto r = session_->result();
    if (!r) {
        timingLabel_->clear();
        return;
    }
    const QString conv = !r->convEnabled ? tr("no conv")
                         : r->convCached ? tr("conv reused")
                                         : tr("conv %1 ms").arg(r->convMs, 0, 'f', 2);
    timingLabel_->setText(tr("%1 · pool %2 ms").arg(conv).arg(r->poolMs, 0, 'f', 2));
}

// ---- settings

void MainWindow::restoreSettings()
{
    setDarkTheme(settings_->theme() == ThemeKind::Dark);
    stage_->setShowValues(settings_->showValues());
    stage_->setRevealAsItGoes(settings_->revealAsItGoes());
    export_->setBurnArithmetic(settings_->burnArithmetic());
    QStringList problems;
    if (auto scale = settings_->textScale(&problems))
        setTextScale(*scale);
    Session::ResourceLimits limits;
    limits.maxPixels = settings_->maxPixels(&problems).value_or(limits.maxPixels);
    limits.maxMemoryMiB = settings_->maxMemoryMiB(&problems).value_or(limits.maxMemoryMiB);
    session_->setResourceLimits(limits);
    if (auto speed = settings_->speed(&problems))
        animator_->setSpeed(*speed);
    if (auto on = settings_->convEnabled())
        session_->setConvEnabled(*on);
    if (auto conv = settings_->conv(Session::defaultConv(), &problems))
        session_->setConv(*conv);
    if (auto pool = settings_->pool(Session::defaultPool(), &problems))
        session_->setPool(*pool);
    if (!problems.isEmpty())
        showNotice(tr("Some saved settings could not be used: %1").arg(problemSummary(problems)),
                   MessageBar::Kind::Warning);
    restoreGeometry(settings_->windowGeometry());
    restoreState(settings_->windowState());
    // Saved on a bigger screen: brought back inside this one.
    if (const QScreen* screen = QGuiApplication::primaryScreen(); screen && !isMaximized() && !isFullScreen())
        setGeometry(fitInto(geometry(), screen->availableGeometry()));
    if (settings_->presentation())
        setPresentation(true);
}

void MainWindow::saveSettings()
{
    if (!settings_)
        return;
    // Presentation mode hides the docks: the layout kept is the one before it.
    settings_->setWindowGeometry(presenting_ ? beforePresentation_.geometry : saveGeometry());
    settings_->setWindowState(presenting_ ? beforePresentation_.state : saveState());
    settings_->setPresentation(presenting_);
    settings_->setTextScale(textScale_);
    settings_->setTheme(Theme::current());
    settings_->setShowValues(stage_->showValues());
    settings_->setRevealAsItGoes(stage_->revealAsItGoes());
    settings_->setBurnArithmetic(export_->burnArithmetic());
    settings_->setSpeed(animator_->speed());
    // Written back even when unchanged, so the settings file shows where they are.
    settings_->setResourceLimits(session_->resourceLimits().maxPixels,
                                 session_->resourceLimits().maxMemoryMiB);
    settings_->setConv(session_->conv());
    settings_->setConvEnabled(session_->convEnabled());
    settings_->setPool(session_->pool());
    settings_->sync();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace poolscope::ui
