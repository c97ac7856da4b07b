#pragma once
// The application window: the stage in the middle, the parameter forms on the
// left, the window's arithmetic and the shapes on the right, the channel strip
// and the transport at the bottom; menus, shortcuts, drag and drop, paste.
#include <optional>

#include <QFont>
#include <QMainWindow>
#include <QStringList>

#include "ui/widgets/message_bar.h"

class QAction;
class QScrollArea;
class QDockWidget;
class QLabel;
class QMenu;

namespace poolscope::ui {

class AnimationClock;
class Animator;
class AppSettings;
class ChannelStrip;
class ConvPanel;
class ExportController;
struct FileLoad;
class HelpWindow;
class KeyOverlay;
class ShortcutsWindow;
class LoadingIndicator;
class MathPanel;
class PoolPanel;
class Session;
class ShapePanel;
class CodePanel;
class StageView;
class TransportBar;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // settings: where the window, parameters and recent files persist (not owned;
    // null: nothing is read or written). clock: the animation's time source (not
    // owned; null: real time).
    explicit MainWindow(AppSettings* settings = nullptr, AnimationClock* clock = nullptr,
                        QWidget* parent = nullptr);
    ~MainWindow() override;

    Session* session() const { return session_; }
    StageView* stageView() const { return stage_; }
    Animator* animator() const { return animator_; }
    ConvPanel* convPanel() const { return convPanel_; }
    PoolPanel* poolPanel() const { return poolPanel_; }
    MathPanel* mathPanel() const { return mathPanel_; }
    ShapePanel* shapePanel() const { return shapePanel_; }
    CodePanel* codePanel() const { return codePanel_; }
    ChannelStrip* channelStrip() const { return channelStrip_; }
    TransportBar* transportBar() const { return transport_; }
    ExportController* exportController() const { return export_; }
    // Where every error and notice of the window appears, above the stage.
    MessageBar* messageBar() const { return messageBar_; }
    QStringList recentFiles() const;

    // Places the window inside `available` (a screen's available geometry) and
    // the side panels so that the stage keeps at least half the width: on a
    // small screen they share one column as tabs. Called for the primary screen
    // on construction, before the saved layout is restored.
    void fitToScreen(const QRect& available);
    bool sidePanelsTabbed() const { return sidePanelsTabbed_; }
    // The parameters, the arithmetic and the shapes as tabs of one column on the
    // left, or the text panels in a column of their own on the right.
    void setSidePanelsTabbed(bool tabbed);

    bool presenting() const { return presenting_; }
    double textScale() const { return textScale_; }
    KeyOverlay* keyOverlay() const { return keyOverlay_; }
    HelpWindow* helpWindow() const { return helpWindow_; }
    ShortcutsWindow* shortcutsWindow() const { return shortcutsWindow_; }
    // The actions a teacher uses with the panels hidden, in the order the key
    // overlay lists them.
    QList<QAction*> presentationActions() const { return presentationActions_; }

public slots:
    // Opens an image, a .npy or a saved session (.poolscope). An image or array is
    // read off the GUI thread while the window shows that it is loading; how it
    // went is a message once it is read (a failure names the file and the reason
    // and keeps the old input). True once started (a session: once opened).
    bool openFile(const QString& path);
    void openFileDialog();
    // Opens a saved session: input, parameters, channel, step and speed. Fields it
    // cannot use are ignored and named in a notice (once its input file is read);
    // a file that is no session changes nothing.
    bool openSession(const QString& path);
    // Saves the session atomically; a failure is a notice.
    bool saveSession(const QString& path);
    void saveSessionDialog();
    // Pastes an image (or a file path / URL) from the clipboard.
    bool paste();
    void toggleFullScreen();
    // Presentation mode: the stage alone on the whole screen, in high contrast;
    // docks, menus, status bar, channel strip and transport hidden, every key
    // still working. Remembered in the settings.
    void setPresentation(bool on);
    void fitChannelStrip(); // the strip area as tall as the strip, plus its scroll bar when it scrolls
    void toggleKeyOverlay();
    // The text size of the whole window (the application font), as a factor of
    // the size it started with; clamped to AppSettings' range. Remembered.
    void setTextScale(double scale);
    void setDarkTheme(bool on);
    void showAbout();
    void showUserGuide();
    void showShortcuts();

signals:
    void presentationChanged(bool on);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void buildDocks();
    void showCodePanel(bool on);
    void buildMenus();
    void buildStatusBar();
    void restoreSettings();
    void saveSettings();
    void rebuildRecentMenu();
    void rememberRecent(const QString& path);
    void updateTitle();
    void updateHover();
    void updateTiming();
    void onFileLoaded(const FileLoad& load);
    void reportSessionOpened(const QString& path, const QStringList& problems);
    void showNotice(const QString& message, MessageBar::Kind kind);
    void buildKeyActions(QMenu* pool);
    void updateEscape();
    QAction* addAction(QMenu* menu, const QString& text, const QList<QKeySequence>& keys, const QString& tip);

    AppSettings* settings_;
    Session* session_;
    AnimationClock* clock_;
    Animator* animator_;
    StageView* stage_;
    ChannelStrip* channelStrip_;
    QScrollArea* stripArea_ = nullptr;
    TransportBar* transport_;
    ConvPanel* convPanel_ = nullptr;
    PoolPanel* poolPanel_ = nullptr;
    MathPanel* mathPanel_ = nullptr;
    ShapePanel* shapePanel_ = nullptr;
    CodePanel* codePanel_ = nullptr;
    ExportController* export_;
    MessageBar* messageBar_;
    QDockWidget* paramsDock_ = nullptr;
    QDockWidget* mathDock_ = nullptr;
    QDockWidget* shapesDock_ = nullptr;
    QDockWidget* codeDock_ = nullptr;
    bool sidePanelsTabbed_ = false;
    QMenu* recentMenu_ = nullptr;
    QAction* showValuesAction_ = nullptr;
    QAction* darkAction_ = nullptr;
    QAction* fullScreenAction_ = nullptr;
    QAction* playAction_ = nullptr;
    QAction* burnArithmeticAction_ = nullptr;
    QAction* revealAction_ = nullptr;
    QAction* cropAction_ = nullptr;
    QAction* coverageAction_ = nullptr;
    QAction* clearRegionAction_ = nullptr;
    QAction* presentationAction_ = nullptr;
    QAction* escapeAction_ = nullptr;
    QList<QAction*> presentationActions_;
    QList<QPair<QAction*, QString>> themedActions_; // and their icons' names
    KeyOverlay* keyOverlay_ = nullptr;
    HelpWindow* helpWindow_ = nullptr;
    ShortcutsWindow* shortcutsWindow_ = nullptr;
    bool presenting_ = false;
    QFont baseFont_; // the application font at the classroom size, before any text size
    double textScale_ = 1.0;
    // What presentation mode hid or changed, to put back when it ends.
    struct BeforePresentation {
        QByteArray geometry, state;
        Qt::WindowStates windowState;
        QList<QDockWidget*> docks;
    } beforePresentation_;
    QString poolKeyRefusal_; // the message bar's text when a pooling key was refused
    QLabel* hoverLabel_ = nullptr;
    QLabel* timingLabel_ = nullptr;
    LoadingIndicator* loadingIndicator_ = nullptr;
    // A session whose input file is being read: its notice waits for the file.
    struct PendingSession {
        QString sessionPath, inputPath;
        QStringList problems;
    };
    std::optional<PendingSession> pendingSession_;
    QStringList recentFallback_; // recent files when there is no settings store
    bool started_ = false;
};

} // namespace poolscope::ui
