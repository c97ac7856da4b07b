#pragma once
// NumPy .npy files (format 1.0/2.0/3.0): read float32/float64/uint8 of rank 2..4
// and int64 indices, write float32 tensors and int64 indices. Writes are atomic (temporary + rename).
#include <string>
#include <vector>

#include "core/tensor/tensor.h"

namespace poolscope {

struct NpyArray {
    std::vector<long long> shape; // as stored, e.g. {1, C, H, W}
    Tensor tensor;                // converted to float32 C x H x W
};

// Throws InputError with one clear line (bad magic, truncated, dtype, fortran order,
// big-endian, absurd size, rank 0/1/5, N > 1 in rank 4). With batch_as_channels,
// (N, C, H, W) loads as N*C channels: for arrays that are not a batch of maps,
// such as conv weights [out, in, kh, kw].
NpyArray read_npy(const std::string& path, bool batch_as_channels = false);
NpyArray parse_npy(const std::vector<unsigned char>& bytes, bool batch_as_channels = false);

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

} // namespace poolscope
