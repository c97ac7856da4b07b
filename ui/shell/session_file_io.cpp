#include "ui/shell/session_file_io.h"

#include <array>
#include <memory>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include "core/io/atomic_file.h"
#include "core/io/file_bytes.h"
#include "core/tensor/errors.h"
#include "ui/export/atomic_output.h"
#include "ui/model/session.h"
#include "ui/text/display_names.h"

namespace poolscope::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("SessionFileIo", text);
}

std::string localPath(const QString& path)
{
    return QFile::encodeName(path).toStdString();
}

} // namespace

bool isSessionFile(const QString& path)
{
    return QFileInfo(path).suffix().compare(kSessionSuffix, Qt::CaseInsensitive) == 0;
}

SessionFile captureSession(const Session& session, double speed, const QString& sessionPath)
{
    SessionFile f;
    f.sample = session.inputSample().toStdString();
    if (f.sample.empty() && !session.inputPath().isEmpty()) {
        const QDir folder = QFileInfo(sessionPath).absoluteDir();
        const QString relative = folder.relativeFilePath(session.inputPath());
        f.file = (relative.startsWith("..") ? session.inputPath() : relative).toStdString();
    }
    f.conv_enabled = session.convEnabled();
    f.conv = session.conv();
    f.conv.custom.reset(); // not part of the format
    f.pool = session.pool();
    f.channel = session.focusedChannel();
    f.step = session.step();
    if (const auto r = session.region())
        f.region = CellRect{r->y(), r->x(), r->height(), r->width()};
    f.speed = speed;
    f.lab = session.labView() == LabView::Coverage ? "coverage" : "none";
    return f;
}

bool writeSessionFile(const QString& path, const SessionFile& file, QString* error)
{
    std::string text;
    try {
        text = write_session(file);
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
    // The save dialog has asked before replacing a file.
    return saveFile(path, Overwrite::Allow, error, [&](QSaveFile& out, QString*) {
        return out.write(text.data(), qint64(text.size())) == qint64(text.size());
    });
}

std::optional<SessionFile> readSessionFile(const QString& path, const SessionFile& defaults,
                                           QStringList* problems, QString* error)
{
    try {
        const QFileInfo info(path);
        // Checked before reading, so a huge file renamed .poolscope is never loaded.
        if (info.isFile() && info.size() > qint64(SessionFile::kMaxBytes))
            throw InputError(tr("%1 is %2 bytes, more than a session file can be")
                                 .arg(info.fileName())
                                 .arg(info.size())
                                 .toStdString());
        const std::vector<unsigned char> bytes = read_file_bytes(localPath(path));
        Problems found;
        SessionFile f = read_session(
            std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), defaults, found);
        if (problems)
            for (const std::string& p : found)
                problems->append(QString::fromStdString(p));
        return f;
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return std::nullopt;
    }
}

void applySession(Session& session, const SessionFile& file, const QString& sessionPath,
                  QStringList* problems)
{
    if (!file.sample.empty()) {
        if (!session.loadSample(QString::fromStdString(file.sample)) && problems)
            problems->append(
                tr("input: there is no sample called \"%1\"").arg(QString::fromStdString(file.sample)));
    } else if (!file.file.empty()) {
        const QString path =
            QFileInfo(sessionPath).absoluteDir().absoluteFilePath(QString::fromStdString(file.file));
        session.loadFile(path); // read off the GUI thread: Session::fileLoaded() tells how it went
    }
    session.setLabView(file.lab == "coverage" ? LabView::Coverage : LabView::None);
    session.setConvEnabled(file.conv_enabled);
    session.setConv(file.conv);
    session.setPool(file.pool);

    const int channel = file.channel;
    const int step = int(file.step);
    const std::optional<CellRect> region = file.region;
    auto apply = [s = &session, channel, step, region] {
        s->setFocusedChannel(channel);
        // The step counts inside the region: the region first.
        if (region)
            s->setRegion(QRect(region->x, region->y, region->w, region->h));
        else
            s->clearRegion();
        s->setStep(step);
    };
    if (!session.loading() && !session.busy()) {
        apply();
        return;
    }
    // Once the input file is read (or has failed) and its result is complete.
    auto once = std::make_shared<std::array<QMetaObject::Connection, 2>>();
    const auto applyWhenSettled = [once, apply, s = &session] {
        if (s->loading() || s->busy())
            return; // an earlier computation, or the file; the result for these is still coming
        for (const QMetaObject::Connection& c : *once)
            QObject::disconnect(c);
        apply();
    };
    (*once)[0] = QObject::connect(&session, &Session::resultCompleted, &session, applyWhenSettled);
    (*once)[1] = QObject::connect(&session, &Session::fileLoaded, &session, applyWhenSettled);
}

} // namespace poolscope::ui
