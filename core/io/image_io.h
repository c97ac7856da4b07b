#pragma once
// Image files to tensors: the formats OpenCV decodes whose size can be read first,
// RGB order, 8- and 16-bit values in [0,1], float values as stored.
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
// luminance (0.299 R + 0.587 G + 0.114 B). 8-bit /255, 16-bit /65535. Float images
// (OpenEXR, Radiance HDR, PFM, float TIFF) keep their values as stored, which may lie
// outside [0, 1]: radiance above 1, negative values; they are the numbers the file
// holds, as a .npy's are. Honours EXIF orientation; alpha is dropped (colour kept as
// stored, not composited); palette and CMYK via OpenCV. Opens the formats whose
// header gives the size (readable_image_formats()), so the pixel limit holds before
// anything is decoded (core/io/image_header.h). Throws InputError.
Tensor load_image(const std::string& path, const ImageLoadOptions& opt = {});
Tensor decode_image(const std::vector<unsigned char>& bytes, const ImageLoadOptions& opt = {});

// The image formats this build reads, as a list for people: "PNG, JPEG, ...". Asked
// of OpenCV at run time: JPEG 2000 needs OpenJPEG in the build, and OpenEXR can be
// turned off by the environment (OPENCV_IO_ENABLE_OPENEXR).
std::string readable_image_formats();

// InputError "the image is W x H = N pixels, more than the limit of M" when w * h is
// over max_pixels (<= 0: no limit).
void check_pixel_limit(long long w, long long h, long long max_pixels);

} // namespace poolscope
