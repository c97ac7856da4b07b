#include "app/cli/input_source.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <CLI/CLI.hpp>

#include "app/cli/cli_errors.h"
#include "core/io/image_io.h"
#include "core/io/npy_io.h"
#include "core/io/samples.h"
#include "core/tensor/errors.h"

namespace poolscope::cli {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> sample_names()
{
    std::vector<std::string> names;
    for (const auto& s : samples())
        names.emplace_back(s.name);
    return names;
}

const Sample& find_sample(const std::string& name)
{
    for (const auto& s : samples())
        if (s.name == name)
            return s;
    throw ArgError("--sample: no embedded sample named '" + name + "'");
}

// Peak bytes while reading a .npy: the file plus the float32 tensor. The dtype
// is in the header's first line; only uint8 grows four-fold when converted.
double npy_peak_bytes(const fs::path& path, double file_bytes)
{
    std::ifstream in(path, std::ios::binary);
    std::string head(512, '\0');
    in.read(head.data(), std::streamsize(head.size()));
    head.resize(std::size_t(in.gcount()));
    const bool bytes_only = head.find("u1'") != std::string::npos;
    return file_bytes * (bytes_only ? 5.0 : 2.0);
}

ImageLoadOptions image_options(bool gray, const CliContext& ctx)
{
    ImageLoadOptions opt;
    opt.gray = gray;
    // About 16 bytes per pixel at peak: the decoded 8- or 16-bit image plus float32 RGB.
    const double cap_pixels = double(ctx.max_memory_mb) * 1024.0 * 1024.0 / 16.0;
    opt.max_pixels = std::min<long long>(opt.max_pixels, (long long)cap_pixels);
    return opt;
}

} // namespace

std::string lower_extension(const std::string& path)
{
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

void InputFlags::add_to(CLI::App& app)
{
    path_opt = app.add_option("-i,--input", path,
                              "Input feature maps: an image (PNG, JPEG, ...) or a float32/float64/uint8 .npy "
                              "of shape (H,W), (C,H,W) or (1,C,H,W).")
                   ->type_name("PATH")
                   ->group("Input and output");
    sample_opt = app.add_option("--sample", sample,
                                "Use this embedded sample image instead of a file (default: the digit).")
                     ->type_name("NAME")
                     ->check(CLI::IsMember(sample_names()))
                     ->excludes(path_opt)
                     ->group("Input and output");
    app.add_flag("--gray", gray, "Convert an image input to one luminance channel.")
        ->group("Input and output");
}

bool InputFlags::given() const
{
    return (path_opt && path_opt->count() > 0) || (sample_opt && sample_opt->count() > 0);
}

LoadedInput load_input(const InputFlags& flags, const CliContext& ctx)
{
    if (flags.path.empty()) {
        const Sample& s = flags.sample.empty() ? default_sample() : find_sample(flags.sample);
        if (flags.sample.empty())
            ctx.note("no --input given, using the embedded sample '" + std::string(s.name) + "' (" +
                     std::string(s.title) + ")");
        const std::vector<unsigned char> bytes(s.png.begin(), s.png.end());
        return {
            decode_image(bytes, image_options(flags.gray, ctx)), {}, "sample '" + std::string(s.name) + "'"};
    }

    const fs::path p(flags.path);
    std::error_code ec;
    const auto status = fs::status(p, ec);
    if (ec || !fs::exists(status))
        throw InputError("cannot read input '" + flags.path + "': no such file");
    if (fs::is_directory(status))
        throw InputError("cannot read input '" + flags.path + "': it is a directory");

    if (lower_extension(flags.path) == ".npy") {
        if (flags.gray)
            throw ArgError("--gray applies to image inputs, not to the .npy '" + flags.path + "'");
        const auto file_bytes = fs::file_size(p, ec);
        if (ec)
            throw InputError("cannot read input '" + flags.path + "': " + ec.message());
        ctx.require_memory(npy_peak_bytes(p, double(file_bytes)), "reading '" + flags.path + "'");
        NpyArray a = read_npy(flags.path, {.channels_last_images = true});
        if (!a.notice.empty())
            ctx.note("'" + flags.path + "': " + a.notice);
        return {std::move(a.tensor), std::move(a.shape), flags.path};
    }
    return {load_image(flags.path, image_options(flags.gray, ctx)), {}, flags.path};
}

} // namespace poolscope::cli
