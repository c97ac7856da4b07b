#pragma once
// Image files to tensors: any format OpenCV decodes, RGB order, values in [0,1].
#include <string>
#include <vector>

#include "core/tensor.h"

namespace poolscope {

struct ImageLoadOptions {
    bool gray = false;                  // convert to one luminance channel
    long long max_pixels = 100'000'000; // refuse larger images before decoding
};

// Throws InputError. Honours EXIF orientation; 8/16-bit and float; drops alpha
// (composited on white? no: alpha is dropped); palette and CMYK via OpenCV.
Tensor load_image(const std::string& path, const ImageLoadOptions& opt = {});
Tensor decode_image(const std::vector<unsigned char>& bytes, const ImageLoadOptions& opt = {});

// Loads .npy or an image by extension.
Tensor load_tensor(const std::string& path, const ImageLoadOptions& opt = {});

// Writes bytes atomically: to path + ".tmp-XXXX" in the same folder, then rename.
// Throws InputError with the reason (e.g. "No space left on device").
void write_file_atomic(const std::string& path, const std::vector<unsigned char>& bytes);

} // namespace poolscope
