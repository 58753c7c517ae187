#pragma once
// Building image files byte by byte, for inputs OpenCV cannot write: EXIF orientation, CMYK
// JPEG, hand-made PNG chunks, headers declaring huge sizes. Shared by the corpus generator
// (make_bad_inputs.cpp) and the tests.
#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace conforme::test {

using Bytes = std::vector<std::uint8_t>;

// The bytes of the file at `path` (empty when it cannot be read).
Bytes read_file(const std::string& path);

// cv::imencode to `ext` (".jpg", ".png", ".tif", ".bmp", ".webp").
Bytes encode(const std::string& ext, const cv::Mat& image, const std::vector<int>& params = {});

// The JPEG with an APP1 Exif segment right after SOI whose IFD0 holds Orientation (tag 0x0112)
// = `orientation` (1 upright, 6 "rotate 90° clockwise to display", 8 counter-clockwise, ...).
Bytes with_exif_orientation(const Bytes& jpeg, int orientation);

// A 4-component CMYK JPEG (libjpeg, Adobe marker, inverted values as Photoshop writes them).
Bytes cmyk_jpeg(const cv::Mat& bgr, int quality = 90);

// A 3-component JPEG written by libjpeg with the luma sampled h_luma x v_luma times the chroma
// (2 x 2 is 4:2:0, 2 x 1 4:2:2, 1 x 1 4:4:4); `stored_rgb` keeps R, G, B without the YCbCr transform.
Bytes sampled_jpeg(const cv::Mat& bgr, int quality, int h_luma, int v_luma, bool stored_rgb = false);

// One PNG chunk: length, type, data, CRC.
Bytes png_chunk(const std::string& type, const Bytes& data);
// IHDR data: width, height, bit depth, colour type, compression 0, filter 0, interlace 0.
Bytes png_ihdr(std::uint32_t width, std::uint32_t height, int bit_depth, int colour_type);
// zlib-compressed data (for IDAT).
Bytes zlib_compress(const Bytes& raw, int level = 9);
// Signature followed by the chunks.
Bytes png_file(const std::vector<Bytes>& chunks);

void put_be32(Bytes& b, std::uint32_t v);
void put_le16(Bytes& b, std::uint32_t v);
void put_le32(Bytes& b, std::uint32_t v);
Bytes operator+(Bytes a, const Bytes& b);
Bytes bytes_of(const std::string& s);

}  // namespace conforme::test
