#pragma once
// The compression a JPEG file was written with, read from its quantisation tables (DQT segments).
#include <cstdint>
#include <optional>
#include <vector>

namespace conforme {

// The IJG (libjpeg) quality, 1..100, whose scaled standard luminance table best fits the file's
// luminance table: exact for files written by libjpeg and its descendants, the nearest equivalent
// for other encoders. nullopt when the bytes are not a JPEG or hold no luminance table.
std::optional<double> read_jpeg_quality(const std::vector<std::uint8_t>& bytes);

}  // namespace conforme
