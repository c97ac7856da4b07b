#pragma once
// Writing a file so that readers see the old contents or the new, never a part.
#include <string>
#include <vector>

namespace poolscope {

// Writes bytes atomically: to a temporary path + ".tmp-XXXXXX" in the same folder,
// fsync, then rename over path (and fsync the folder, so the rename lasts too).
//
// Permissions: a new file gets 0666 less the process's umask (and the folder's
// default ACL, if it has one), as open(2) with O_CREAT and 0666 gives any ordinary
// file. A file that is replaced keeps its permission bits (read, write and execute
// for user, group and others); its set-user-ID, set-group-ID and sticky bits are not
// carried over, and the new file belongs to the writer.
//
// Throws InputError with the reason (e.g. "No space left on device"); the temporary
// is removed on every failure.
void write_file_atomic(const std::string& path, const std::vector<unsigned char>& bytes);

} // namespace poolscope
