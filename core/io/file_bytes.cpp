#include "core/io/file_bytes.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/tensor/errors.h"

namespace poolscope {

std::vector<unsigned char> read_file_bytes(const std::string& path)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status st = fs::status(fs::path(path), ec);
    if (ec || !fs::exists(st))
        throw InputError("'" + path + "': " + (ec ? ec.message() : std::string("no such file")));
    if (fs::is_directory(st))
        throw InputError("'" + path + "' is a folder, not a file");
    std::ifstream in(fs::path(path), std::ios::binary);
    if (!in)
        throw InputError("'" + path + "': cannot open (" + std::strerror(errno) + ")");
    std::vector<unsigned char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad())
        throw InputError("'" + path + "': read error (" + std::strerror(errno) + ")");
    if (bytes.empty())
        throw InputError("'" + path + "' is empty (0 bytes)");
    return bytes;
}

} // namespace poolscope
