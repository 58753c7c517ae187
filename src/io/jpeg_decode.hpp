#pragma once
// JPEG straight to BGR with libjpeg-turbo. OpenCV 4.6's JPEG reader asks libjpeg for RGB and then
// swaps every pixel's bytes in a scalar loop, which costs about 40 % of a 600 dpi photo's decode;
// libjpeg-turbo writes BGR itself (JCS_EXT_BGR) with the same IDCT and upsampling, so the pixels
// are the same to the byte.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace conforme {

// The photo as cv::imdecode(bytes, IMREAD_COLOR) returns it, EXIF orientation applied, or an empty
// Mat when this path does not apply and the caller must use cv::imdecode: not a baseline or
// progressive 8-bit JPEG in grey, YCbCr or RGB (CMYK and YCCK are left to OpenCV), an APP1 segment
// that is not a well-formed EXIF block (OpenCV reads the first APP1 as EXIF whatever it holds) or
// whose Orientation is not one plain entry (a stored-turned photo with one is turned here, as
// OpenCV 4.6 turns it, by moving pixels), or
// an error from libjpeg, or data that ends before the image does. Damaged data that libjpeg
// repairs with a warning ("Corrupt JPEG data: ...") is decoded here too — libjpeg's repair is
// the same whoever calls it, so the pixels are OpenCV's — and the warnings' text is appended to
// `warnings` (at most 8), never printed. When the data ends before the image does, the Mat is
// empty but the warnings read so far are appended all the same ("Premature end of JPEG file"
// last): the caller's cv::imdecode then decodes the same damaged bytes and prints only the first.
// Throws JpegTooCostly when the file reaches its `max_scans + 1`th scan or decoding runs past
// `max_seconds` (0: no limit), checked by libjpeg's progress monitor between rows and scans.
// Once rows were read, whether pixels are returned or not (an error further on leaves the file to
// OpenCV, which decodes the same damaged data), `damaged_data` (if given) receives how many of
// libjpeg's warnings said that the image data itself was damaged and filled in or skipped: a
// segment ending before its blocks do ("premature end of data segment"), a bad Huffman or
// arithmetic code, a restart marker out of place. Extraneous bytes between segments are not
// counted: webcams, IP cameras and scanners write them in files whose pixels are whole.
cv::Mat decode_jpeg_bgr(const std::vector<std::uint8_t>& bytes, int max_scans = 0, double max_seconds = 0,
                        std::vector<std::string>* warnings = nullptr, int* damaged_data = nullptr);

struct JpegTooCostly : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace conforme
