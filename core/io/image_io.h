#pragma once
// Image files to tensors: any format OpenCV decodes, RGB order, values in [0,1].
#include <string>
#include <vector>

#include "core/tensor/tensor.h"

namespace poolscope {

struct ImageLoadOptions {
    bool gray = false; // convert to one luminance channel
    long long max_pixels =
        100'000'000; // refuse larger images, from the header before decoding; <= 0: no limit
};

// Gray images give 1 channel, colour ones 3 (RGB); opt.gray turns colour into
// luminance (0.299 R + 0.587 G + 0.114 B). 8-bit /255, 16-bit /65535, float as is.
// Honours EXIF orientation; alpha is dropped (colour kept as stored, not composited);
// palette and CMYK via OpenCV. Opens the formats whose header gives the size, so the
// pixel limit holds before anything is decoded (core/image_header.h). Throws InputError.
Tensor load_image(const std::string& path, const ImageLoadOptions& opt = {});
Tensor decode_image(const std::vector<unsigned char>& bytes, const ImageLoadOptions& opt = {});

// InputError "the image is W x H = N pixels, more than the limit of M" when w * h is
// over max_pixels (<= 0: no limit).
void check_pixel_limit(long long w, long long h, long long max_pixels);

} // namespace poolscope
