#include "ui/export_ops.h"

#include <exception>
#include <filesystem>
#include <functional>
#include <system_error>

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include "core/colormap.h"
#include "core/image_io.h"
#include "core/npy_io.h"
#include "ui/session.h"

namespace poolscope::ui {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("Export", text);
}

bool setError(QString* error, const QString& message)
{
    if (error != nullptr) {
        *error = message;
    }
    return false;
}

std::string localPath(const QString& path)
{
    return QFile::encodeName(path).toStdString();
}

std::filesystem::path fsPath(const QString& path)
{
    return std::filesystem::path(localPath(path));
}

std::vector<long long> nchw(int channels, int height, int width)
{
    return {1, channels, height, width};
}

// Runs a writer that may throw (the core throws InputError with the reason).
bool guarded(const std::function<void()>& write, QString* error)
{
    try {
        write();
        return true;
    } catch (const std::exception& e) {
        return setError(error, QString::fromLocal8Bit(e.what()));
    }
}

// Writes a set of files into a hidden folder inside dir, then moves them in:
// a failure while writing (full disk, a bad tensor) leaves dir as it was.
bool writeStaged(const QString& dir, Overwrite overwrite, QString* error,
                 const std::function<void(const QDir& staging)>& write)
{
    const bool existed = QFileInfo(dir).isDir();
    std::error_code ec;
    std::filesystem::create_directories(fsPath(dir), ec);
    if (ec) {
        return setError(
            error, tr("Cannot create the folder %1: %2")
                       .arg(QDir::toNativeSeparators(dir), QString::fromLocal8Bit(ec.message().c_str())));
    }
    const auto removeCreatedDir = [&] {
        if (!existed) {
            QDir().rmdir(dir);
        }
    };
    QString failure;
    {
        QTemporaryDir staging(QDir(dir).filePath(QStringLiteral(".export-XXXXXX")));
        if (!staging.isValid()) {
            failure =
                tr("Cannot write into %1: %2").arg(QDir::toNativeSeparators(dir), staging.errorString());
        } else if (!guarded([&] { write(QDir(staging.path())); }, &failure)) {
            // Name the folder the user chose, not the hidden one.
            failure.replace(staging.path(), QDir(dir).absolutePath());
        } else {
            QStringList files;
            QDirIterator it(staging.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                files << QDir(staging.path()).relativeFilePath(it.next());
            }
            files.sort();
            for (const QString& file : files) {
                if (!checkOverwrite(QDir(dir).filePath(file), overwrite, &failure)) {
                    break;
                }
            }
            for (int i = 0; failure.isEmpty() && i < files.size(); ++i) {
                const QString target = QDir(dir).filePath(files[i]);
                std::filesystem::create_directories(fsPath(QFileInfo(target).absolutePath()), ec);
                if (!ec) {
                    // rename(2) within one file system: each file appears complete.
                    std::filesystem::rename(fsPath(QDir(staging.path()).filePath(files[i])), fsPath(target),
                                            ec);
                }
                if (ec) {
                    failure = tr("Cannot write %1: %2")
                                  .arg(QDir::toNativeSeparators(target),
                                       QString::fromLocal8Bit(ec.message().c_str()));
                }
            }
        }
    } // the staging folder goes here, with whatever is left in it
    if (!failure.isEmpty()) {
        removeCreatedDir();
        return setError(error, failure);
    }
    return true;
}

} // namespace

bool writeViewPng(const QImage& image, const QString& path, QString* error, Overwrite overwrite)
{
    if (image.isNull()) {
        return setError(error, tr("There is no picture to save"));
    }
    if (!checkOverwrite(path, overwrite, error)) {
        return false;
    }
    // Encoded in memory first, then written by the core's atomic writer, which
    // reports the OS's reason (a full disk as "No space left on device").
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG")) {
        return setError(error,
                        tr("Cannot write %1: PNG encoding failed").arg(QDir::toNativeSeparators(path)));
    }
    return guarded(
        [&] { write_file_atomic(localPath(path), std::vector<unsigned char>(png.begin(), png.end())); },
        error);
}

bool writeStageMaps(const Tensor& maps, const QString& dir, QString* error, Overwrite overwrite)
{
    if (maps.empty()) {
        return setError(error, tr("There are no feature maps to save"));
    }
    return writeStaged(dir, overwrite, error,
                       [&](const QDir& staging) { write_png_maps(localPath(staging.path()), maps); });
}

bool writeStageNpy(const Tensor& maps, const QString& path, QString* error, Overwrite overwrite)
{
    if (maps.empty()) {
        return setError(error, tr("There are no feature maps to save"));
    }
    if (!checkOverwrite(path, overwrite, error)) {
        return false;
    }
    return guarded(
        [&] { write_npy(localPath(path), maps, nchw(maps.channels(), maps.height(), maps.width())); }, error);
}

bool writeIndicesNpy(const IndexTensor& indices, const QString& path, QString* error, Overwrite overwrite)
{
    if (indices.empty()) {
        return setError(error, tr("This pooling has no indices to save"));
    }
    if (!checkOverwrite(path, overwrite, error)) {
        return false;
    }
    return guarded(
        [&] {
            write_npy_indices(localPath(path), indices,
                              nchw(indices.channels, indices.height, indices.width));
        },
        error);
}

std::vector<NamedStage> exportStages(const PipelineResult& result)
{
    std::vector<NamedStage> stages{{QStringLiteral("input"), &result.input}};
    if (result.convEnabled) {
        stages.push_back({QStringLiteral("conv"), &result.poolInput});
    }
    stages.push_back({QStringLiteral("pooled"), &result.pooled.output});
    return stages;
}

QStringList resultMapFiles(const PipelineResult& result)
{
    QStringList files;
    for (const NamedStage& stage : exportStages(result)) {
        if (stage.maps->empty()) {
            continue;
        }
        for (int c = 0; c < stage.maps->channels(); ++c) {
            files << QStringLiteral("%1/channel_%2.png").arg(stage.name).arg(c, 2, 10, QLatin1Char('0'));
        }
        files << stage.name + QStringLiteral("/montage.png");
    }
    return files;
}

QStringList resultNpyFiles(const PipelineResult& result)
{
    QStringList files;
    for (const NamedStage& stage : exportStages(result)) {
        if (!stage.maps->empty()) {
            files << stage.name + QStringLiteral(".npy");
        }
    }
    if (!result.pooled.indices.empty()) {
        files << QStringLiteral("indices.npy");
    }
    return files;
}

bool writeResultMaps(const PipelineResult& result, const QString& dir, QString* error, Overwrite overwrite)
{
    return writeStaged(dir, overwrite, error, [&](const QDir& staging) {
        for (const NamedStage& stage : exportStages(result)) {
            if (!stage.maps->empty()) {
                const QString folder = staging.filePath(stage.name);
                std::filesystem::create_directories(fsPath(folder));
                write_png_maps(localPath(folder), *stage.maps);
            }
        }
    });
}

bool writeResultNpy(const PipelineResult& result, const QString& dir, QString* error, Overwrite overwrite)
{
    return writeStaged(dir, overwrite, error, [&](const QDir& staging) {
        for (const NamedStage& stage : exportStages(result)) {
            const Tensor& t = *stage.maps;
            if (!t.empty()) {
                write_npy(localPath(staging.filePath(stage.name + QStringLiteral(".npy"))), t,
                          nchw(t.channels(), t.height(), t.width()));
            }
        }
        const IndexTensor& idx = result.pooled.indices;
        if (!idx.empty()) {
            write_npy_indices(localPath(staging.filePath(QStringLiteral("indices.npy"))), idx,
                              nchw(idx.channels, idx.height, idx.width));
        }
    });
}

} // namespace poolscope::ui
