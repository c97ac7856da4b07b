#pragma once
// NumPy .npy files (format 1.0/2.0/3.0): read float32/float64/uint8 of rank 2..4
// and int64 indices, write float32 tensors and int64 indices. Writes are atomic (temporary + rename).
#include <string>
#include <vector>

#include "core/tensor/tensor.h"

namespace poolscope {

// How the stored array was laid out as C x H x W.
enum class NpyLayout {
    AsStored,     // (H, W), (C, H, W), (1, C, H, W): channels first, as PyTorch keeps them
    ChannelsLast, // (H, W, C) of an image, transposed (NpyReadOptions::channels_last_images)
};

struct NpyArray {
    std::vector<long long> shape; // as stored, e.g. {1, C, H, W}
    Tensor tensor;                // converted to float32 C x H x W
    NpyLayout layout = NpyLayout::AsStored;
    // One line for the user when the layout was not the stored order: "the .npy shape
    // (480, 640, 3) is read as height, width, channels: 3 channels of height 480,
    // width 640". Empty otherwise.
    std::string notice;
};

struct NpyReadOptions {
    // (N, C, H, W) loads as N*C channels: for arrays that are not a batch of maps,
    // such as conv weights [out, in, kh, kw].
    bool batch_as_channels = false;
    // An (H, W, 3) or (H, W, 4) array with H and W above 4, what NumPy and OpenCV
    // users save of an image, loads as 3 or 4 channels of H x W (is_channels_last_image).
    // For input maps; off for arrays whose dimensions mean something else (weights)
    // and for reading back what was written.
    bool channels_last_images = false;
};

// The rule for channels_last_images: rank 3, last dimension 3 or 4, the other two
// above 4. An array of 3 or 4 planes of H x 3 or H x 4 that is truly (C, H, W) reads
// as channels last when C and H are above 4 too: that shape is ambiguous, and the
// rule takes the far more common meaning. (H, W, 3) with H or W at most 4 stays (C,
// H, W): H planes of W x 3. PoolScope writes no rank-3 file of that shape (the CLI
// writes (1, C, H, W) then).
bool is_channels_last_image(const std::vector<long long>& shape);

// Throws InputError with one clear line (bad magic, truncated, dtype, fortran order,
// big-endian, absurd size, rank 0/1/5, N > 1 in rank 4 unless batch_as_channels).
NpyArray read_npy(const std::string& path, const NpyReadOptions& opt = {});
NpyArray parse_npy(const std::vector<unsigned char>& bytes, const NpyReadOptions& opt = {});

// Indices as pool --indices writes them: int64 ('<i8') only, kept exact, of the same
// ranks as read_npy. Throws InputError as read_npy does, and for any other dtype.
struct NpyIndices {
    std::vector<long long> shape; // as stored
    IndexTensor indices;          // C x H x W
};
NpyIndices read_npy_indices(const std::string& path);
NpyIndices parse_npy_indices(const std::vector<unsigned char>& bytes);

// shape: the stored shape (product must equal t.size()); empty = {C,H,W}.
void write_npy(const std::string& path, const Tensor& t, const std::vector<long long>& shape = {});
void write_npy_indices(const std::string& path, const IndexTensor& idx,
                       const std::vector<long long>& shape = {});

// The bytes of the .npy files the two functions above write, for callers that
// write them their own way (e.g. through a file that replaces its target only
// once complete). Same checks, same errors.
std::vector<unsigned char> encode_npy(const Tensor& t, const std::vector<long long>& shape = {});
std::vector<unsigned char> encode_npy_indices(const IndexTensor& idx,
                                              const std::vector<long long>& shape = {});

} // namespace poolscope
