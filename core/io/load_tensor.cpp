#include "core/io/load_tensor.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "core/io/npy_io.h"
#include "core/tensor/errors.h"

namespace poolscope {
namespace {

std::string lower_extension(const std::string& path)
{
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

} // namespace

Tensor load_tensor(const std::string& path, const ImageLoadOptions& opt, std::string* notice)
{
    if (notice)
        notice->clear();
    if (lower_extension(path) != ".npy")
        return load_image(path, opt);
    NpyArray a = read_npy(path, {.channels_last_images = true});
    Tensor t = std::move(a.tensor);
    try {
        check_pixel_limit(t.width(), t.height(), opt.max_pixels);
    } catch (const InputError& e) {
        throw InputError("'" + path + "': " + e.what());
    }
    if (notice)
        *notice = std::move(a.notice);
    return t;
}

} // namespace poolscope
