#include "ui/export/export_ops.h"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <system_error>

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QImageWriter>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTemporaryDir>

#include "core/color/value_range.h"
#include "core/io/atomic_file.h"
#include "core/io/npy_io.h"
#include "core/io/png_maps.h"
#include "core/pool/pool_ops.h"
#include "ui/model/channel_maps.h"
#include "ui/model/session.h"

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

// Bytes made by a function that may throw (the core's encoders throw ParamError).
bool encoded(const std::function<std::vector<unsigned char>()>& encode, std::vector<unsigned char>* bytes,
             QString* error)
{
    return guarded([&] { *bytes = encode(); }, error);
}

bool writeAll(QIODevice& file, const std::vector<unsigned char>& bytes)
{
    return file.write(reinterpret_cast<const char*>(bytes.data()), qint64(bytes.size())) ==
           qint64(bytes.size());
}

// A file of a staged set: through a QSaveFile too (the staging folder is new, so
// nothing is replaced); a failure throws, as the core's writers do.
void writeStagedBytes(const QString& path, const std::vector<unsigned char>& bytes)
{
    QString error;
    if (!saveFile(path, Overwrite::Allow, &error,
                  [&](QSaveFile& file, QString*) { return writeAll(file, bytes); })) {
        throw std::runtime_error(QFile::encodeName(error).toStdString());
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
    // Encoded in memory, then written: Qt's PNG writer leaks its row buffer when
    // libpng fails mid-image (a full disk), and an in-memory encode cannot fail that
    // way. The QSaveFile's temporary replaces the target only once complete, and a
    // failed write reports the OS's reason.
    QByteArray encoded;
    {
        QBuffer buffer(&encoded);
        buffer.open(QIODevice::WriteOnly);
        QImageWriter writer(&buffer, "png");
        if (!writer.write(image)) {
            return setError(error, tr("Cannot write %1: PNG encoding failed (%2)")
                                       .arg(QDir::toNativeSeparators(path), writer.errorString()));
        }
    }
    return saveFile(path, overwrite, error,
                    [&](QSaveFile& file, QString*) { return file.write(encoded) == encoded.size(); });
}

bool writeViewSvg(const std::function<void(QPainter&)>& paint, QSize size, const QString& title,
                  const QString& path, QString* error, Overwrite overwrite)
{
    if (size.isEmpty()) {
        return setError(error, tr("There is no picture to save"));
    }
    return saveFile(path, overwrite, error, [&](QSaveFile& file, QString* why) {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(title);
        svg.setDescription(tr("Drawn by PoolScope"));
        QPainter painter;
        if (!painter.begin(&svg)) {
            *why = tr("SVG drawing could not start");
            return false;
        }
        paint(painter);
        painter.end();
        return file.error() == QFileDevice::NoError;
    });
}

bool writeStageMaps(const ReadOnlyTensor& maps, const QString& dir, QString* error, Overwrite overwrite)
{
    if (maps.empty()) {
        return setError(error, tr("There are no feature maps to save"));
    }
    return writeStaged(dir, overwrite, error, [&](const QDir& staging) {
        write_png_maps(localPath(staging.path()), maps.for_reading());
    });
}

bool writeStageNpy(const ReadOnlyTensor& maps, const QString& path, QString* error, Overwrite overwrite)
{
    if (maps.empty()) {
        return setError(error, tr("There are no feature maps to save"));
    }
    std::vector<unsigned char> bytes;
    return checkOverwrite(path, overwrite, error) &&
           encoded(
               [&] {
                   return encode_npy(maps.for_reading(), nchw(maps.channels(), maps.height(), maps.width()));
               },
               &bytes, error) &&
           saveFile(path, overwrite, error, [&](QSaveFile& file, QString*) { return writeAll(file, bytes); });
}

bool writeIndicesNpy(const IndexTensor& indices, const QString& path, QString* error, Overwrite overwrite)
{
    if (indices.empty()) {
        return setError(error, tr("This pooling has no indices to save"));
    }
    std::vector<unsigned char> bytes;
    return checkOverwrite(path, overwrite, error) &&
           encoded(
               [&] {
                   return encode_npy_indices(indices, nchw(indices.channels, indices.height, indices.width));
               },
               &bytes, error) &&
           saveFile(path, overwrite, error, [&](QSaveFile& file, QString*) { return writeAll(file, bytes); });
}

std::vector<NamedStage> exportStages(const PipelineResult& result)
{
    const auto stage = [](QString name, const ReadOnlyTensor& held, const MapShape& shape) {
        // A hand-made result may hold maps without saying their shape.
        const MapShape s = held.empty() ? shape : MapShape::of(held);
        return NamedStage{std::move(name), s.channels, s.height, s.width, held.empty() ? nullptr : &held};
    };
    std::vector<NamedStage> stages{stage(QStringLiteral("input"), result.input, MapShape::of(result.input))};
    if (result.convEnabled) {
        stages.push_back(stage(QStringLiteral("conv"), result.poolInput, result.poolInputShape));
    }
    stages.push_back(stage(QStringLiteral("pooled"), result.pooled.output, result.outputShape));
    return stages;
}

namespace {

bool stageEmpty(const NamedStage& s)
{
    return s.channels == 0 || s.height == 0 || s.width == 0;
}

// The plane of channel c of a stage the result does not hold whole.
ConstPlaneView planeOf(const NamedStage& stage, const ChannelPlanes& planes)
{
    return stage.name == QLatin1String("pooled") ? planes.outputPlane() : planes.inputPlane();
}

// Computes the result's channels one at a time and hands each one's planes on.
void forEachChannel(const PipelineResult& result, int channels,
                    const std::function<void(int, const ChannelPlanes&)>& take)
{
    for (int c = 0; c < channels; ++c) {
        take(c, channelPlanes(result, c));
    }
}

// The value range of a stage over all its channels, as value_range() gives it for
// the whole maps: joined from the thumbnails' ranges of the full planes. A
// channel whose range reads {0,0} (all zeros, or nothing finite) is looked at
// again to tell which, and so is every channel when some range is missing.
ValueRange stageRange(const PipelineResult& result, const NamedStage& stage)
{
    if (stage.maps != nullptr) {
        return value_range(stage.maps->for_reading());
    }
    const bool pooled = stage.name == QLatin1String("pooled");
    std::optional<ValueRange> whole;
    const auto join = [&](std::optional<ValueRange> r) {
        if (r) {
            whole = whole ? ValueRange{std::min(whole->lo, r->lo), std::max(whole->hi, r->hi)} : *r;
        }
    };
    const bool ready = result.thumbnails.size() == std::size_t(stage.channels) &&
                       std::all_of(result.thumbnails.begin(), result.thumbnails.end(),
                                   [](const ChannelThumbnail& t) { return t.ready(); });
    for (int c = 0; c < stage.channels; ++c) {
        const ValueRange r = ready ? (pooled ? result.thumbnails[std::size_t(c)].outputRange
                                             : result.thumbnails[std::size_t(c)].inputRange)
                                   : ValueRange{0.f, 0.f};
        if (ready && !(r.lo == 0.f && r.hi == 0.f)) {
            join(r);
        } else {
            join(finite_range(planeOf(stage, channelPlanes(result, c)).mat_for_reading()));
        }
    }
    return whole.value_or(ValueRange{0.f, 0.f});
}

} // namespace

ReadOnlyTensor stageMaps(const PipelineResult& result, const NamedStage& stage)
{
    if (stage.maps != nullptr) {
        return *stage.maps;
    }
    Tensor whole =
        Tensor::uninitialized(stage.channels, stage.height, stage.width); // every plane is copied in
    forEachChannel(result, stage.channels, [&](int c, const ChannelPlanes& planes) {
        cv::Mat dst = whole.plane(c);
        planeOf(stage, planes).mat_for_reading().copyTo(dst);
    });
    return whole;
}

IndexTensor poolIndices(const PipelineResult& result)
{
    if (!pool_op_traits(result.pool.op).indices || result.outputShape.cells() == 0) {
        return result.pooled.indices; // a hand-made result may carry its own
    }
    if (!result.poolInput.empty()) {
        return pool(result.poolInput.for_reading(), result.pool, PoolOptions{.indices = true}).indices;
    }
    const MapShape& out = result.outputShape;
    IndexTensor idx;
    idx.channels = out.channels;
    idx.height = out.height;
    idx.width = out.width;
    idx.data.resize(out.cells());
    const std::size_t plane = std::size_t(out.height) * std::size_t(out.width);
    forEachChannel(result, out.channels, [&](int c, const ChannelPlanes& planes) {
        const IndexTensor one =
            pool(planes.poolInput.for_reading(), planes.pool, PoolOptions{.indices = true}).indices;
        std::copy(one.data.begin(), one.data.end(),
                  idx.data.begin() + std::ptrdiff_t(std::size_t(c) * plane));
    });
    return idx;
}

QStringList resultMapFiles(const PipelineResult& result)
{
    QStringList files;
    for (const NamedStage& stage : exportStages(result)) {
        if (stageEmpty(stage)) {
            continue;
        }
        for (int c = 0; c < stage.channels; ++c) {
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
        if (!stageEmpty(stage)) {
            files << stage.name + QStringLiteral(".npy");
        }
    }
    if (pool_op_traits(result.pool.op).indices || !result.pooled.indices.empty()) {
        files << QStringLiteral("indices.npy");
    }
    return files;
}

bool writeResultMaps(const PipelineResult& result, const QString& dir, QString* error, Overwrite overwrite)
{
    return writeStaged(dir, overwrite, error, [&](const QDir& staging) {
        std::vector<NamedStage> computed; // stages written channel by channel, all in one pass
        for (const NamedStage& stage : exportStages(result)) {
            if (stageEmpty(stage)) {
                continue;
            }
            const QString folder = staging.filePath(stage.name);
            std::filesystem::create_directories(fsPath(folder));
            if (stage.maps != nullptr) {
                write_png_maps(localPath(folder), stage.maps->for_reading());
            } else {
                computed.push_back(stage);
            }
        }
        if (computed.empty()) {
            return;
        }
        std::vector<PngMapsWriter> writers;
        for (const NamedStage& stage : computed) {
            writers.emplace_back(localPath(staging.filePath(stage.name)), stage.channels, stage.height,
                                 stage.width, stageRange(result, stage));
        }
        forEachChannel(result, computed.front().channels, [&](int c, const ChannelPlanes& planes) {
            for (std::size_t i = 0; i < computed.size(); ++i) {
                writers[i].add(c, planeOf(computed[i], planes).mat_for_reading());
            }
        });
        for (PngMapsWriter& w : writers) {
            w.finish();
        }
    });
}

bool writeResultNpy(const PipelineResult& result, const QString& dir, QString* error, Overwrite overwrite)
{
    return writeStaged(dir, overwrite, error, [&](const QDir& staging) {
        for (const NamedStage& stage : exportStages(result)) {
            if (!stageEmpty(stage)) {
                // The core's writer takes a whole tensor: a stage not held is
                // assembled for the moment it is written.
                const ReadOnlyTensor t = stageMaps(result, stage);
                writeStagedBytes(staging.filePath(stage.name + QStringLiteral(".npy")),
                                 encode_npy(t.for_reading(), nchw(t.channels(), t.height(), t.width())));
            }
        }
        const IndexTensor idx = poolIndices(result);
        if (!idx.empty()) {
            writeStagedBytes(staging.filePath(QStringLiteral("indices.npy")),
                             encode_npy_indices(idx, nchw(idx.channels, idx.height, idx.width)));
        }
    });
}

} // namespace poolscope::ui
