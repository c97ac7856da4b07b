#include "bench_screen.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryFile>

namespace poolscope::bench {

std::unique_ptr<QTemporaryFile> useClassroomScreen()
{
    if (qgetenv("QT_QPA_PLATFORM") != "offscreen")
        return nullptr; // another platform, or the offscreen one already configured
    auto file = std::make_unique<QTemporaryFile>();
    if (!file->open())
        return nullptr;
    const QJsonObject screen{{"name", "classroom"},
                             {"x", 0},
                             {"y", 0},
                             {"width", kScreenWidth},
                             {"height", kScreenHeight},
                             {"logicalDpi", 96},
                             {"logicalBaseDpi", 96},
                             {"dpr", 1}};
    file->write(QJsonDocument(QJsonObject{{"screens", QJsonArray{screen}}}).toJson());
    file->flush();
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + file->fileName().toLocal8Bit());
    return file;
}

} // namespace poolscope::bench
