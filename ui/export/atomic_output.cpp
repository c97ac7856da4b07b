#include "ui/export/atomic_output.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QStorageInfo>

namespace poolscope::ui {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("AtomicOutput", text);
}

} // namespace

bool checkOverwrite(const QString& path, Overwrite overwrite, QString* error)
{
    if (overwrite == Overwrite::Refuse && QFileInfo::exists(path)) {
        if (error != nullptr) {
            *error = tr("%1 already exists").arg(QDir::toNativeSeparators(path));
        }
        return false;
    }
    return true;
}

bool openSaved(QSaveFile& file, const QString& target, QString* error)
{
    file.setFileName(target);
    // Never written in place: a folder that refuses the temporary refuses the export.
    file.setDirectWriteFallback(false);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error != nullptr) {
            *error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(target), file.errorString());
        }
        return false;
    }
    return true;
}

QString writeFailure(const QFileDevice& file, const QString& target)
{
    static const QString unknown = QFile().errorString(); // what Qt says without a reason
    const QString reason = file.errorString();
    if (reason != unknown) {
        return reason;
    }
    const QStorageInfo storage(QFileInfo(target).absolutePath());
    if (storage.isValid() && storage.bytesAvailable() == 0) {
        return QString::fromLocal8Bit(std::strerror(ENOSPC));
    }
    return reason;
}

bool commitSaved(QSaveFile& file, Overwrite overwrite, QString* error)
{
    const QString target = file.fileName();
    const auto discard = [&] {
        file.cancelWriting();
        file.commit(); // with the writing cancelled: removes the temporary, keeps the target
    };
    if (!checkOverwrite(target, overwrite, error)) {
        discard();
        return false;
    }
    // Flushed first: commit() closes the file, which forgets why a write failed.
    if (file.error() != QFileDevice::NoError || !file.flush()) {
        const QString reason = writeFailure(file, target);
        discard();
        if (error != nullptr) {
            *error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(target), reason);
        }
        return false;
    }
    if (!file.commit()) {
        if (error != nullptr) {
            *error =
                tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(target), writeFailure(file, target));
        }
        return false;
    }
    return true;
}

bool saveFile(const QString& target, Overwrite overwrite, QString* error,
              const std::function<bool(QSaveFile& file, QString* error)>& write)
{
    if (!checkOverwrite(target, overwrite, error)) {
        return false;
    }
    QSaveFile file;
    if (!openSaved(file, target, error)) {
        return false;
    }
    QString reason;
    if (!write(file, &reason)) {
        if (reason.isEmpty()) {
            reason = writeFailure(file, target); // a failed write's: the OS's reason
        }
        file.cancelWriting();
        file.commit(); // removes the temporary
        if (error != nullptr) {
            *error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(target), reason);
        }
        return false;
    }
    return commitSaved(file, overwrite, error);
}

AtomicOutput::~AtomicOutput()
{
    discard();
}

bool AtomicOutput::create(const QString& target, QString* error)
{
    discard();
    const QFileInfo info(target);
    const QString suffix = info.suffix().isEmpty() ? QString() : QLatin1Char('.') + info.suffix();
    QString reason;
    // A few tries: a name collision with another temporary is possible, if unlikely.
    for (int attempt = 0; attempt < 8; ++attempt) {
        const QString name = QStringLiteral(".%1.%2%3")
                                 .arg(info.completeBaseName())
                                 .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'))
                                 .arg(suffix);
        QFile file(info.dir().filePath(name));
        // NewOnly: exclusive create, with the default permissions (0666 less the umask).
        if (file.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
            target_ = info.absoluteFilePath();
            temp_ = file.fileName();
            return true;
        }
        reason = file.errorString();
        if (!file.exists()) {
            break; // not a collision: the folder refuses
        }
    }
    if (error != nullptr) {
        *error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(target), reason);
    }
    return false;
}

bool AtomicOutput::commit(Overwrite overwrite, QString* error)
{
    if (temp_.isEmpty()) {
        if (error != nullptr) {
            *error = tr("Nothing to save");
        }
        return false;
    }
    bool moved = false;
    QString reason;
    if (overwrite == Overwrite::Allow) {
        // rename(2) replaces the target in one step.
        std::error_code ec;
        std::filesystem::rename(std::filesystem::path(QFile::encodeName(temp_).toStdString()),
                                std::filesystem::path(QFile::encodeName(target_).toStdString()), ec);
        moved = !ec;
        reason = QString::fromLocal8Bit(ec.message().c_str());
    } else {
        // QFile::rename never replaces an existing file.
        QFile file(temp_);
        moved = file.rename(target_);
        reason = QFileInfo::exists(target_) ? tr("the file already exists") : file.errorString();
    }
    if (!moved) {
        if (error != nullptr) {
            *error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(target_), reason);
        }
        discard();
        return false;
    }
    temp_.clear();
    return true;
}

void AtomicOutput::discard()
{
    if (!temp_.isEmpty()) {
        QFile::remove(temp_);
        temp_.clear();
    }
}

} // namespace poolscope::ui
