#pragma once
// Reading a whole file into memory, with messages that name it.
#include <string>
#include <vector>

namespace poolscope {

// The whole file; InputError for a missing path, a folder, an unreadable or empty file.
std::vector<unsigned char> read_file_bytes(const std::string& path);

} // namespace poolscope
