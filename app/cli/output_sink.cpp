#include "app/cli/output_sink.h"

#include <algorithm>
#include <filesystem>

#include <unistd.h>

#include "app/cli/cli_errors.h"
#include "app/cli/input_source.h"
#include "core/io/npy_io.h"
#include "core/io/png_maps.h"

namespace poolscope::cli {
namespace fs = std::filesystem;

namespace {

// The folder must exist and accept new files (we write a temporary next to the target).
void require_writable_folder(const fs::path& folder, const std::string& path, std::string_view flag)
{
    const fs::path dir = folder.empty() ? fs::path(".") : folder;
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw OutputError(std::string(flag) + ": cannot write '" + path + "': folder '" + dir.string() +
                          "' does not exist");
    if (::access(dir.c_str(), W_OK) != 0)
        throw OutputError(std::string(flag) + ": cannot write '" + path + "': folder '" + dir.string() +
                          "' is not writable");
}

} // namespace

OutputTarget prepare_output(const std::string& path, std::string_view flag)
{
    if (path.empty())
        throw ArgError(std::string(flag) + ": the path is empty");
    std::error_code ec;
    if (path.back() == '/' || fs::is_directory(path, ec)) {
        const fs::path dir = fs::path(path).lexically_normal();
        const fs::path folder = fs::is_directory(dir, ec) ? dir : dir.parent_path().parent_path();
        require_writable_folder(folder, path, flag);
        return {path, OutputKind::Directory};
    }
    const std::string ext = lower_extension(path);
    OutputKind kind;
    if (ext == ".npy")
        kind = OutputKind::Npy;
    else if (ext == ".png")
        kind = OutputKind::Png;
    else
        throw ArgError(std::string(flag) + ": cannot tell the format of '" + path +
                       "': use a .npy or .png file, or a folder ending in '/'");
    require_writable_folder(fs::path(path).parent_path(), path, flag);
    return {path, kind};
}

OutputTarget prepare_npy_output(const std::string& path, std::string_view flag)
{
    if (lower_extension(path) != ".npy")
        throw ArgError(std::string(flag) + ": '" + path + "' must be a .npy file");
    return prepare_output(path, flag);
}

std::string prepare_report_output(const std::string& path, std::string_view flag,
                                  const std::vector<std::string>& extensions)
{
    if (path.empty())
        throw ArgError(std::string(flag) + ": the path is empty");
    const std::string ext = lower_extension(path);
    if (std::find(extensions.begin(), extensions.end(), ext) == extensions.end()) {
        std::string names;
        for (const std::string& e : extensions)
            names += (names.empty() ? "" : " or ") + e;
        throw ArgError(std::string(flag) + ": cannot tell the format of '" + path + "': use a " + names +
                       " file");
    }
    require_writable_folder(fs::path(path).parent_path(), path, flag);
    return ext;
}

std::vector<long long> output_shape_like(const std::vector<long long>& input_shape, int channels, int height,
                                         int width)
{
    const long long c = channels, h = height, w = width;
    if (input_shape.size() == 2 && c == 1)
        return {h, w};
    if (input_shape.size() == 4 && input_shape[0] >= 1 && c % input_shape[0] == 0)
        return {input_shape[0], c / input_shape[0], h, w};
    // A (C, H, W) that reading would take for an image's (H, W, C): written with N = 1.
    if (is_channels_last_image({c, h, w}))
        return {1, c, h, w};
    return {c, h, w};
}

void write_output(const OutputTarget& target, const Tensor& t, const std::vector<long long>& npy_shape)
{
    switch (target.kind) {
    case OutputKind::Npy:
        write_npy(target.path, t, npy_shape);
        return;
    case OutputKind::Png:
        write_png_maps(target.path, t);
        return;
    case OutputKind::Directory: // write_png_maps creates the folder
        write_png_maps(target.path, t);
        return;
    }
}

} // namespace poolscope::cli
