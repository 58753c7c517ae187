#pragma once
// Photos whose file embeds an ICC colour profile other than sRGB (Adobe RGB (1998) from a
// studio's camera, Display P3 from a phone): their samples mean other colours than the same
// numbers in sRGB, and every colour the checks measure (the backdrop's, the skin's, a cast) assumes
// sRGB. Decoding converts such pixels to sRGB with Little CMS (liblcms2), as a viewer or a print
// driver does, and the record says which profile was converted from.
//
// Read from a JPEG's APP2 segments, a PNG's iCCP chunk (io/png_decode.hpp), a TIFF's ICC tag
// (io/codec_header.hpp) and a WebP's ICCP chunk. Only RGB profiles on colour images are applied:
// a grey image's profile (a tone curve), a CMYK image's (OpenCV has already turned its inks into
// RGB without it) and profiles Little CMS cannot read are left, the pixels taken as sRGB, as
// before. A profile that leaves every colour within one level of itself once converted to sRGB
// (an sRGB profile, whatever its name) is not applied.
#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace conforme {

// The ICC profile of a JPEG: its APP2 "ICC_PROFILE" segments joined in their sequence order,
// before the first scan. Empty when there is none, when a segment is missing or repeated, or when
// the JPEG's frame does not have 3 components (grey, CMYK).
std::vector<std::uint8_t> jpeg_colour_profile(const std::vector<std::uint8_t>& bytes);

// The ICC profile of a WebP file: its ICCP chunk, which the extended format (VP8X) holds before
// the image. Empty when there is none.
std::vector<std::uint8_t> webp_colour_profile(const std::vector<std::uint8_t>& bytes);

// Converts `bgr` (8-bit, 3 channels) in place from the RGB profile `icc` to sRGB (perceptual
// intent). Returns the profile's description when the pixels were converted ("Adobe RGB (1998)"),
// an empty string when nothing was done (no profile, one Little CMS cannot read, not an RGB
// profile, or one that is sRGB in effect). `not_applied`, when given, says why a profile that is
// there was not used ("Little CMS cannot read it", "it is not an RGB profile"); empty otherwise.
std::string convert_to_srgb(cv::Mat& bgr, const std::vector<std::uint8_t>& icc, std::string* not_applied = nullptr);

}  // namespace conforme
