#pragma once
// An input file as feature maps: a .npy array or an image, chosen by the extension.
#include <string>

#include "core/io/image_io.h"
#include "core/tensor/tensor.h"

namespace poolscope {

// Loads .npy (by extension, any case; values as stored, opt.max_pixels limits H*W,
// an image's (H, W, 3|4) read as channels last: NpyReadOptions::channels_last_images)
// or an image (load_image). *notice, when given, gets a line for the user about how
// the file was read (npy_io.h's NpyArray::notice), or is cleared. Throws InputError
// naming the file.
Tensor load_tensor(const std::string& path, const ImageLoadOptions& opt = {}, std::string* notice = nullptr);

} // namespace poolscope
