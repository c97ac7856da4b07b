#pragma once
// Where a subcommand's feature maps come from: --input (an image or a .npy),
// --sample (an embedded image), or the default sample when neither is given.
#include <string>
#include <vector>

#include "app/cli/cli_context.h"
#include "core/tensor/tensor.h"

namespace CLI {
class App;
class Option;
} // namespace CLI

namespace poolscope::cli {

struct InputFlags {
    std::string path;
    std::string sample;
    bool gray = false;
    CLI::Option* path_opt = nullptr;
    CLI::Option* sample_opt = nullptr;

    void add_to(CLI::App& app);
    bool given() const; // --input or --sample on the command line
};

struct LoadedInput {
    Tensor tensor;
    std::vector<long long> stored_shape; // a .npy's shape as stored; empty for images
    std::string label;                   // for messages: the path or "sample 'digit'"
};

// Throws InputError for unreadable or invalid files, ArgError for --gray on a .npy
// or an input larger than the memory cap.
LoadedInput load_input(const InputFlags& flags, const CliContext& ctx);

// Lower-case extension with the dot (".npy"), empty when there is none.
std::string lower_extension(const std::string& path);

} // namespace poolscope::cli
