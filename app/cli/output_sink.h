#pragma once
// Where results go, chosen by the path: ".npy" (float32, the input's rank),
// ".png" (colour-mapped montage), or a folder (an existing one, or a path ending
// in '/') that gets channel_XX.png per channel plus montage.png.
// Paths are checked before any work is done, so a bad path fails fast and no
// computation is wasted; the writes themselves are atomic (temporary + rename).
#include <string>
#include <string_view>
#include <vector>

#include "core/tensor/tensor.h"

namespace poolscope::cli {

enum class OutputKind { Npy, Png, Directory };

struct OutputTarget {
    std::string path;
    OutputKind kind = OutputKind::Npy;
};

// Throws ArgError for an extension that is neither .npy nor .png, OutputError
// when the folder that would hold the file does not exist or is not writable.
OutputTarget prepare_output(const std::string& path, std::string_view flag);
// The same for a file that must be a .npy (indices, coverage).
OutputTarget prepare_npy_output(const std::string& path, std::string_view flag);

// A report file (CSV, JSON) whose lower-case extension is one of `extensions`
// (".csv"): returns its kind, the extension. Throws as prepare_output().
std::string prepare_report_output(const std::string& path, std::string_view flag,
                                  const std::vector<std::string>& extensions);

// The stored shape of an output with the input's rank: (H,W) in gives (H',W')
// when there is one channel, (N,C,H,W) in gives (N,C',H',W'), otherwise (C',H',W'),
// or (1,C',H',W') where reading (C',H',W') back would take it for an image's
// (H,W,C) (npy_io.h's is_channels_last_image).
std::vector<long long> output_shape_like(const std::vector<long long>& input_shape, int channels, int height,
                                         int width);

// Throws InputError (from the core) or OutputError when writing fails.
void write_output(const OutputTarget& target, const Tensor& t, const std::vector<long long>& npy_shape);

} // namespace poolscope::cli
