#pragma once
// Files that appear only when complete, so a cancelled or failed export never
// leaves a partial file or a temporary behind, and an existing file is replaced
// only when the user said so.
//
// Whatever can write through a QIODevice writes through a QSaveFile (openSaved()
// and commitSaved(), or saveFile() for one go): its temporary beside the target
// replaces the target on commit, and goes away on cancelWriting() or when the
// QSaveFile is destroyed uncommitted. AtomicOutput is for the one writer that
// needs a path of its own (OpenCV's VideoWriter): a hidden temporary file beside
// the target, renamed onto it when complete.
#include <functional>

#include <QString>

class QFileDevice;
class QSaveFile;

namespace poolscope::ui {

enum class Overwrite { Refuse, Allow };

// "“name” already exists" when path exists and overwrite is Refuse.
bool checkOverwrite(const QString& path, Overwrite overwrite, QString* error);

// Opens `file` for writing `target` (nothing appears there before commitSaved()).
// False with "Cannot write <target>: <the OS's reason>".
bool openSaved(QSaveFile& file, const QString& target, QString* error);
// Puts what was written in place. With Overwrite::Refuse a target that has
// appeared since the export was asked for is kept (checked just before the
// rename). On failure nothing is left behind and *error says why.
bool commitSaved(QSaveFile& file, Overwrite overwrite, QString* error);
// Why writing `file` failed: its error string, or, where Qt lost the OS's reason
// (a full disk takes part of a block, then nothing: Qt reports no error for the
// short write), "No space left on device" when the target's disk is full.
QString writeFailure(const QFileDevice& file, const QString& target);
// Writes `target` in one go: checkOverwrite(), openSaved(), `write` (false, with
// the reason in *error, gives up), commitSaved(). A failure or giving up leaves
// the target as it was and no temporary.
bool saveFile(const QString& target, Overwrite overwrite, QString* error,
              const std::function<bool(QSaveFile& file, QString* error)>& write);

class AtomicOutput {
public:
    AtomicOutput() = default;
    AtomicOutput(const AtomicOutput&) = delete;
    AtomicOutput& operator=(const AtomicOutput&) = delete;
    ~AtomicOutput(); // discards an uncommitted temporary

    // Creates an empty ".<name>.<random>.<suffix>" in the target's folder; the
    // suffix is kept because encoders pick the container by it.
    bool create(const QString& target, QString* error);
    QString tempPath() const { return temp_; }
    QString target() const { return target_; }
    // Renames the temporary onto the target (replacing it only with Overwrite::Allow).
    bool commit(Overwrite overwrite, QString* error);
    void discard();

private:
    QString target_, temp_;
};

} // namespace poolscope::ui
