#pragma once
// What an image file's header says before any decoder sees it: the format and the
// size. A decoder allocates the whole image first, so a 60-byte file claiming
// 100000 x 100000 pixels must be refused from its header. Only formats whose size
// can be read this way are opened: PNG, JPEG, BMP, TIFF, WebP and PBM/PGM/PPM.
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace poolscope {

struct ImageHeader {
    std::string_view format; // "PNG", "JPEG", ...
    // Width and height as the header gives them; none when the header is cut short
    // or damaged before them.
    std::optional<long long> width, height;
    std::size_t jpeg_scan = 0; // JPEG: offset of the first scan (SOS), 0 if not reached
    bool gray_alpha = false;   // PNG colour type 4: gray with alpha (decoded as three equal channels)
};

// The header of bytes, or none when they start like no format listed above.
std::optional<ImageHeader> read_image_header(const std::vector<unsigned char>& bytes);

inline constexpr std::string_view kOpenableImageFormats = "PNG, JPEG, BMP, TIFF, WebP, PBM, PGM, PPM";

} // namespace poolscope
