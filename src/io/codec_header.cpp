#include "io/codec_header.hpp"

#include <csetjmp>
#include <cstdarg>
#include <cstdio>
#include <cstring>

#include <jpeglib.h>
#include <tiffio.h>

#include "io/png_reader.hpp"

namespace conforme {
namespace {

using Bytes = std::vector<std::uint8_t>;

// The messages a library gives while reading one header; never printed, returned to the caller.
struct Messages {
  std::string error;
  std::vector<std::string> warnings;
};

// --- JPEG: libjpeg's jpeg_read_header, which reads the markers up to the first scan. ----------

struct JpegErrors {
  jpeg_error_mgr pub;
  std::jmp_buf back;
  Messages* messages;
};

std::string jpeg_message(j_common_ptr info) {
  char text[JMSG_LENGTH_MAX];
  (*info->err->format_message)(info, text);
  return text;
}
[[noreturn]] void jpeg_on_error(j_common_ptr info) {
  auto* err = reinterpret_cast<JpegErrors*>(info->err);
  err->messages->error = jpeg_message(info);
  std::longjmp(err->back, 1);
}
void jpeg_on_message(j_common_ptr info, int level) {
  if (level < 0) reinterpret_cast<JpegErrors*>(info->err)->messages->warnings.push_back(jpeg_message(info));
}

// No object with a destructor lives in this frame between setjmp and longjmp.
bool jpeg_read(jpeg_decompress_struct& info, const Bytes& b) {
  auto& err = *reinterpret_cast<JpegErrors*>(info.err);
  if (setjmp(err.back)) return false;
  jpeg_mem_src(&info, b.data(), static_cast<unsigned long>(b.size()));
  if (jpeg_read_header(&info, TRUE) != JPEG_HEADER_OK) {
    err.messages->error = "tables only, no image";
    return false;
  }
  return true;
}

std::optional<CodecHeader> jpeg_codec_header(const Bytes& b, Messages& messages) {
  jpeg_decompress_struct info;
  JpegErrors err;
  err.messages = &messages;
  info.err = jpeg_std_error(&err.pub);
  err.pub.error_exit = jpeg_on_error;
  err.pub.emit_message = jpeg_on_message;
  jpeg_create_decompress(&info);
  const bool ok = jpeg_read(info, b);
  CodecHeader h;
  h.width = info.image_width;
  h.height = info.image_height;
  h.channels = info.num_components;
  h.bits_per_sample = info.data_precision;
  jpeg_destroy_decompress(&info);
  if (!ok) return std::nullopt;
  return h;
}

// --- PNG: libpng's png_read_info, which reads the chunks up to the first IDAT. ---------------

bool png_read(png_structp png, png_infop info, CodecHeader& h) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_read_info(png, info);
  h.width = png_get_image_width(png, info);
  h.height = png_get_image_height(png, info);
  const int colour_type = png_get_color_type(png, info);
  const bool transparency = png_get_valid(png, info, PNG_INFO_tRNS) != 0;
  // Samples as OpenCV asks for them: a palette expanded to RGB, tRNS to an alpha channel.
  h.channels = colour_type == PNG_COLOR_TYPE_PALETTE ? 3 : png_get_channels(png, info);
  if (transparency && (h.channels == 1 || h.channels == 3)) ++h.channels;
  h.bits_per_sample = png_get_bit_depth(png, info);
  return true;
}

std::optional<CodecHeader> png_codec_header(const Bytes& b, Messages& messages) {
  PngReader reader(b);
  CodecHeader h;
  const bool ok = reader.ready() && png_read(reader.png, reader.info, h);
  messages.error = reader.error;
  messages.warnings = reader.warnings;
  if (!ok) return std::nullopt;
  return h;
}

// --- TIFF: libtiff's first directory, through TIFFClientOpenExt on the bytes in memory. -------

struct TiffSource {
  const Bytes* bytes;
  toff_t at = 0;
  Messages* messages;
};

tsize_t tiff_read(thandle_t handle, tdata_t out, tsize_t n) {
  auto* src = static_cast<TiffSource*>(handle);
  if (src->at >= src->bytes->size() || n <= 0) return 0;
  const auto count = std::min<std::uint64_t>(static_cast<std::uint64_t>(n), src->bytes->size() - src->at);
  std::memcpy(out, src->bytes->data() + src->at, count);
  src->at += count;
  return static_cast<tsize_t>(count);
}
tsize_t tiff_write(thandle_t, tdata_t, tsize_t) { return 0; }
toff_t tiff_seek(thandle_t handle, toff_t offset, int whence) {
  auto* src = static_cast<TiffSource*>(handle);
  const toff_t base = whence == SEEK_CUR ? src->at : whence == SEEK_END ? src->bytes->size() : 0;
  src->at = base + offset;
  return src->at;
}
int tiff_close(thandle_t) { return 0; }
toff_t tiff_size(thandle_t handle) { return static_cast<TiffSource*>(handle)->bytes->size(); }
int tiff_map(thandle_t, tdata_t*, toff_t*) { return 0; }
void tiff_unmap(thandle_t, tdata_t, toff_t) {}

std::string tiff_format(const char* module, const char* fmt, va_list ap) {
  char text[512];
  std::vsnprintf(text, sizeof text, fmt, ap);
  return (module ? std::string(module) + ": " : std::string()) + text;
}
int tiff_on_error(TIFF*, void* user, const char* module, const char* fmt, va_list ap) {
  auto* messages = static_cast<Messages*>(user);
  if (messages->error.empty()) messages->error = tiff_format(module, fmt, ap);
  return 1;  // handled: libtiff's global handler (stderr, or OpenCV's) is not called
}
int tiff_on_warning(TIFF*, void* user, const char* module, const char* fmt, va_list ap) {
  static_cast<Messages*>(user)->warnings.push_back(tiff_format(module, fmt, ap));
  return 1;
}

std::optional<CodecHeader> tiff_codec_header(const Bytes& b, Messages& messages) {
  TiffSource source{&b, 0, &messages};
  TIFFOpenOptions* options = TIFFOpenOptionsAlloc();
  TIFFOpenOptionsSetErrorHandlerExtR(options, tiff_on_error, &messages);
  TIFFOpenOptionsSetWarningHandlerExtR(options, tiff_on_warning, &messages);
  // A directory's arrays (strip tables, colour maps) are small; a header asking for more is hostile.
  TIFFOpenOptionsSetMaxSingleMemAlloc(options, 64 << 20);
  TIFF* tiff = TIFFClientOpenExt("tiff", "rm", &source, tiff_read, tiff_write, tiff_seek, tiff_close, tiff_size,
                                 tiff_map, tiff_unmap, options);
  TIFFOpenOptionsFree(options);
  if (!tiff) {
    if (messages.error.empty()) messages.error = "libtiff cannot read the first directory";
    return std::nullopt;
  }
  std::uint32_t width = 0, height = 0;
  std::uint16_t samples = 1, bits = 1;
  const bool sized = TIFFGetField(tiff, TIFFTAG_IMAGEWIDTH, &width) && TIFFGetField(tiff, TIFFTAG_IMAGELENGTH, &height);
  TIFFGetFieldDefaulted(tiff, TIFFTAG_SAMPLESPERPIXEL, &samples);
  TIFFGetFieldDefaulted(tiff, TIFFTAG_BITSPERSAMPLE, &bits);
  std::uint16_t photometric = 0;
  std::uint32_t profile_bytes = 0;
  void* profile = nullptr;
  std::vector<std::uint8_t> colour_profile;
  if (TIFFGetField(tiff, TIFFTAG_PHOTOMETRIC, &photometric) && photometric == PHOTOMETRIC_RGB &&
      TIFFGetField(tiff, TIFFTAG_ICCPROFILE, &profile_bytes, &profile) && profile)
    colour_profile.assign(static_cast<const std::uint8_t*>(profile), static_cast<const std::uint8_t*>(profile) + profile_bytes);
  TIFFClose(tiff);
  if (!sized) {
    messages.error = "no ImageWidth or ImageLength";
    return std::nullopt;
  }
  CodecHeader h;
  h.width = width;
  h.height = height;
  h.channels = samples;
  h.bits_per_sample = bits;
  h.colour_profile = std::move(colour_profile);
  return h;
}

}  // namespace

std::optional<CodecHeader> read_codec_header(const Bytes& bytes, ImageFormat format, std::string& error) {
  Messages messages;
  std::optional<CodecHeader> h;
  switch (format) {
    case ImageFormat::jpeg: h = jpeg_codec_header(bytes, messages); break;
    case ImageFormat::png: h = png_codec_header(bytes, messages); break;
    case ImageFormat::tiff: h = tiff_codec_header(bytes, messages); break;
    case ImageFormat::bmp:
    case ImageFormat::webp: {
      const ImageHeader own = read_image_header(bytes);
      if (!own.width || !own.height || !own.channels || !own.bits_per_sample) {
        error = "no image size in the header";
        return std::nullopt;
      }
      h = CodecHeader{*own.width, *own.height, *own.channels, *own.bits_per_sample, {}, {}};
      break;
    }
    case ImageFormat::unknown: error = "not an image format conforme reads"; return std::nullopt;
  }
  if (!h) {
    error = messages.error.empty() ? "the header cannot be read" : messages.error;
    return std::nullopt;
  }
  h->warnings = std::move(messages.warnings);
  return h;
}

}  // namespace conforme
