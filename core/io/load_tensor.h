#pragma once
// An input file as feature maps: a .npy array or an image, chosen by the extension.
#include <string>

#include "core/io/image_io.h"
#include "core/tensor/tensor.h"

namespace poolscope {

// Loads .npy (by extension, any case; values as stored, opt.max_pixels limits H*W)
// or an image (load_image). Throws InputError naming the file.
Tensor load_tensor(const std::string& path, const ImageLoadOptions& opt = {});

} // namespace poolscope
