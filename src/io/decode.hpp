#pragma once
// Reading and decoding one input file, with its resolution when the file states one.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "io/image_header.hpp"
#include "io/input_error.hpp"

namespace conforme {

// What one input may cost, checked before the cost is paid. Every size comes from the header as
// the decoder library reads it (io/codec_header.hpp); an image whose size cannot be established
// there is refused, never decoded "to see".
struct DecodeLimits {
  std::uint64_t max_file_bytes = 512ull << 20;  // larger files are refused before reading
  // Larger declared images are refused before decoding. 50 MP holds an A4 page scanned at 600 dpi
  // (35 MP) and a 10 x 15 cm planche at 1200 dpi (33 MP) with room to spare.
  std::uint64_t max_pixels = 50'000'000;
  // Memory one image may take to decode, from its header: pixels x samples x bytes per sample as
  // stored, plus its 8-bit copies (decode_bytes). 512 MiB takes any 8-bit image under
  // max_pixels, 16-bit RGB up to 44 MP and RGBA up to 35 MP, 32-bit float RGBA up to 23 MP.
  std::uint64_t max_decode_bytes = 512ull << 20;
  // More scans than this in a JPEG is a CPU bomb: each scan is a pass over the whole image.
  // Encoders write 1 (baseline) to about 10 (progressive); libjpeg-turbo's tools stop at 100
  // when asked to (-maxscans).
  int max_jpeg_scans = 100;
  // Longer side over shorter side. An ID photo is 45:35, a planche 3:2, a strip of four booth
  // photos 5:1; a 64 x 100,000 image is none of these, and the analysis cannot frame it.
  std::uint64_t max_aspect_ratio = 20;
  // Wall time one JPEG may take in libjpeg before it is abandoned (the other formats are bounded
  // by their size and data limits instead).
  double max_decode_seconds = 10;
};

// Bytes decoding holds at once for an image of `pixels`, `channels` samples of `bits` each as
// stored, its 8-bit conversion when deeper, and its BGR copy: what max_decode_bytes and the
// run's budget (pipeline/, --max-memory) count.
std::uint64_t decode_bytes(std::uint64_t pixels, int channels, int bits);

struct DecodedImage {
  cv::Mat bgr;                // 8-bit, 3 channels, EXIF orientation applied, alpha over white
  std::optional<double> dpi;  // from JFIF density or PNG pHYs; nullopt when the file says nothing
  std::optional<double> jpeg_quality;  // IJG quality fitted to a JPEG's luminance table (io/jpeg_quality.hpp)
  // A JPEG decoded by libjpeg-turbo here (io/jpeg_decode.hpp): how many times its image data was
  // found damaged and repaired; nullopt for other formats and for JPEGs OpenCV decodes (unless
  // libjpeg-turbo had already found damage in the same data before leaving the file to OpenCV).
  std::optional<int> jpeg_damaged_data;
  // What the codec library said about damaged but decodable data ("Corrupt JPEG data: 1
  // extraneous bytes before marker 0xc0"), as it said it; captured, never printed here.
  std::vector<std::string> warnings;
  // The embedded ICC colour profile (JPEG, PNG) the pixels were converted from to sRGB, by its
  // description ("Adobe RGB (1998)"); empty when the file has none, an sRGB one, or one not
  // applied (io/colour_profile.hpp).
  std::string colour_profile;
};

// Reads the whole file; "-" (or "/dev/stdin") reads standard input to its end (same limits;
// empty_file when nothing was piped in). Throws InputError (not_found, symlink_loop, permission_denied,
// is_directory, not_a_file, empty_file, too_large, read_failed) naming the path. Never blocks on
// a FIFO. A file over 16 MiB is read whole only when its header, in its first 16 MiB, declares
// an image within the limits that can need that many bytes (its uncompressed size plus 16 MiB):
// a sparse or padded file is refused (too_large) after 16 MiB, not read.
std::vector<std::uint8_t> read_file_bytes(const std::string& path, const DecodeLimits& limits);

// Decodes bytes read from `path` (used only in messages), judged by their content whatever the
// file's extension. Throws InputError (not_an_image, unsupported_format, too_large — from the
// header, before any pixel is decoded: pixels, bytes, JPEG scans, or the JPEG deadline —,
// unsupported_shape (sides in a ratio beyond max_aspect_ratio),
// truncated, corrupt — including a header the decoder library cannot read, so no size is known,
// and PNG image data far beyond what its size needs —, out_of_memory — the system refused the
// memory the image needs). Messages the codec libraries give are never printed by this code
// (OpenCV's own readers may still print theirs, see README "Security").
//
// Public (conforme.hpp): a program holding an encoded photo in memory (an upload, a camera's
// JPEG) decodes it here exactly as the command line decodes a file, with the same limits and the
// file's own resolution: `decode_image(bytes)` then `checker.check_photo(image, analyser)`.
DecodedImage decode_image(const std::vector<std::uint8_t>& bytes, const std::string& path = "(memory)",
                          const DecodeLimits& limits = {});

// The image as the checks take it, 8-bit 3-channel BGR, from any image a caller holds, converted
// as decoding converts a file's pixels: grey expanded, BGRA and grey-and-alpha composited over
// white (as printed on white paper), 16-bit samples scaled by 1/257, floating point read as
// [0, 1]. An 8-bit BGR image is returned as is (no copy). Throws std::invalid_argument naming the
// problem for an empty image, more than 4 channels, signed or 32-bit integer samples.
// Checker::check_photo and check_image call it on what they are given.
cv::Mat to_bgr8(const cv::Mat& image);

// decode_image in two steps, so that a caller can budget memory between them (pipeline/): every
// check that needs only the header, then the decoding itself.
struct DecodePlan {
  ImageFormat format = ImageFormat::unknown;
  bool has_alpha = false;
  std::uint64_t width = 0, height = 0;  // as the decoder library reads them
  std::uint64_t decode_bytes = 0;       // decode_bytes() of the image: what decoding it will hold
  std::vector<std::string> warnings;    // what the library said while reading the header
  std::vector<std::uint8_t> colour_profile;  // a TIFF's ICC profile, from its header (CodecHeader)
};
// Throws what decode_image throws before decoding; never decodes a pixel.
DecodePlan plan_decode(const std::vector<std::uint8_t>& bytes, const std::string& path, const DecodeLimits& limits);
// requires: `plan` is plan_decode(bytes, ...) with the same limits.
DecodedImage decode_planned(const std::vector<std::uint8_t>& bytes, const DecodePlan& plan, const std::string& path,
                            const DecodeLimits& limits);

// Resolution stated by the file, in dots per inch: JFIF density, EXIF XResolution, PNG pHYs.
std::optional<double> read_dpi(const std::vector<std::uint8_t>& bytes);

}  // namespace conforme
