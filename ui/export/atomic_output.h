#pragma once
// A file written under a hidden temporary name beside its target and renamed
// onto it only when complete, so a cancelled or failed export never leaves a
// partial file, and an existing file is replaced only when the user said so.
#include <QString>

namespace poolscope::ui {

enum class Overwrite { Refuse, Allow };

// "“name” already exists" when path exists and overwrite is Refuse.
bool checkOverwrite(const QString& path, Overwrite overwrite, QString* error);

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
