#pragma once
// Saving the session to a .poolscope file and opening one: what is recorded from
// the Session (input, parameters, focused channel, step, speed) and how it is put
// back. The format and its field-by-field checks live in core/session_file.h.
#include <optional>

#include <QString>
#include <QStringList>

#include "core/document/session_file.h"

namespace poolscope::ui {

class Session;

inline constexpr char kSessionSuffix[] = "poolscope";

bool isSessionFile(const QString& path);

// The session's state. A file input under the session file's folder is stored
// relative to it, so a lesson folder can be copied to another computer.
SessionFile captureSession(const Session& session, double speed, const QString& sessionPath);

// Writes through a QSaveFile (never a half-written file, nothing left behind on
// failure). False with *error on failure.
bool writeSessionFile(const QString& path, const SessionFile& file, QString* error);

// Reads a session over `defaults`. Nothing with *error when the file cannot be read
// or is not a session; otherwise every ignored field is a line in *problems.
std::optional<SessionFile> readSessionFile(const QString& path, const SessionFile& defaults,
                                           QStringList* problems, QString* error);

// Sets the input: a sample at once, a file (a relative path against the session
// file's folder) by starting to load it, whose failure Session::fileLoaded() tells
// (the current input stays). Sets the parameters. The channel and step are
// applied once the file is read and the new result has arrived, as they depend
// on its size.
void applySession(Session& session, const SessionFile& file, const QString& sessionPath,
                  QStringList* problems);

} // namespace poolscope::ui
