#pragma once
// What an image file's header says before any decoder sees it: the format and the
// size. A decoder allocates the whole image first, so a 60-byte file claiming
// 100000 x 100000 pixels must be refused from its header. Only formats whose size
// can be read this way are opened: PNG, JPEG, JPEG 2000 (JP2 and codestream), BMP,
// TIFF, WebP, OpenEXR, Radiance HDR, PFM, PBM/PGM/PPM, PAM and Sun raster. Each
// parser reads what OpenCV's decoder reads for the size (OpenEXR's data window,
// JPEG 2000's codestream size segment, not the JP2 box that repeats it).
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
    // Why there is no size, when the parser can say more than "damaged or cut short".
    std::string_view problem;
    // Channels where the decoder takes only 1 to 4 or its memory grows with them:
    // JPEG 2000's components, PAM's depth.
    std::optional<int> channels;
    long long tiles = 1;       // JPEG 2000: the tiles of the grid (the decoder keeps state for each)
    std::size_t jpeg_scan = 0; // JPEG: offset of the first scan (SOS), 0 if not reached
    bool gray_alpha = false;   // PNG colour type 4: gray with alpha (decoded as three equal channels)
    // How OpenCV 4.6 must be asked for the pixels where its usual way (any colour, any
    // depth: gray stays gray, alpha dropped, B, G, R order) goes wrong:
    // - Colour: Sun raster of 1 or 8 bits without a colour map is gray, but decoded
    //   as gray it is all zeros; in colour it is three equal channels;
    // - AsStored: PAM's samples in the file's order (gray, gray and alpha, R G B,
    //   R G B A); OpenCV converts three samples a pixel to nothing (R, G, B in what it
    //   calls B, G, R) and four to a quarter of each row.
    enum class Decode { Usual, Colour, AsStored };
    Decode decode = Decode::Usual;
};

// The header of bytes, or none when they start like no format listed above.
std::optional<ImageHeader> read_image_header(const std::vector<unsigned char>& bytes);

} // namespace poolscope
