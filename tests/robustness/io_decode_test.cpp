// Decoding odd but legitimate images the way they look, refusing hostile ones from their header,
// and never anything but an InputError on damaged bytes. I/O code only (no models): this binary
// also runs under AddressSanitizer and UBSan (scripts/sanitize).
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include <gtest/gtest.h>
#include <lcms2.h>
#include <tiffio.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "decode_error.hpp"
#include "image_bytes.hpp"
#include "io_test_data.hpp"
#include "io/decode.hpp"
#include "io/image_header.hpp"
#include "corpus.hpp"

namespace conforme::test {
namespace {

double mean_abs_diff(const cv::Mat& a, const cv::Mat& b) {
  if (a.size() != b.size() || a.type() != b.type()) return 1e9;
  cv::Mat d;
  cv::absdiff(a, b, d);
  const cv::Scalar m = cv::mean(d);
  return (m[0] + m[1] + m[2]) / 3;
}

// Stored image for each EXIF orientation, from the upright one: the inverse of the transform a
// viewer applies (EXIF 2.32, tag 0x0112).
cv::Mat stored_for_orientation(const cv::Mat& upright, int orientation) {
  cv::Mat s;
  switch (orientation) {
    case 2: cv::flip(upright, s, 1); break;
    case 3: cv::rotate(upright, s, cv::ROTATE_180); break;
    case 4: cv::flip(upright, s, 0); break;
    case 5: cv::transpose(upright, s); break;
    case 6: cv::rotate(upright, s, cv::ROTATE_90_COUNTERCLOCKWISE); break;
    case 7: cv::transpose(upright, s), cv::rotate(s, s, cv::ROTATE_180); break;
    case 8: cv::rotate(upright, s, cv::ROTATE_90_CLOCKWISE); break;
    default: s = upright.clone();
  }
  return s;
}

TEST(IoDecode, EveryExifOrientationIsTurnedUpright) {
  const cv::Mat upright = small_photo();
  const cv::Mat reference = decode_image(encode(".jpg", upright, {cv::IMWRITE_JPEG_QUALITY, 98}), "x", {}).bgr;
  for (int orientation = 1; orientation <= 8; ++orientation) {
    SCOPED_TRACE(orientation);
    const Bytes jpeg = with_exif_orientation(
        encode(".jpg", stored_for_orientation(upright, orientation), {cv::IMWRITE_JPEG_QUALITY, 98}), orientation);
    const cv::Mat decoded = decode_image(jpeg, "x", {}).bgr;
    ASSERT_EQ(decoded.size(), upright.size());
    EXPECT_LT(mean_abs_diff(decoded, reference), 4.0);  // JPEG noise only; a wrong turn gives ~40
  }
}

TEST(IoDecode, CmykJpegDecodesToItsColours) {
  const cv::Mat upright = small_photo();
  const DecodedImage d = decode_image(cmyk_jpeg(upright, 95), "x", {});
  EXPECT_EQ(d.bgr.type(), CV_8UC3);
  EXPECT_LT(mean_abs_diff(d.bgr, upright), 6.0);  // inverted (non-Adobe) CMYK would be ~150 off
}

TEST(IoDecode, SixteenBitAndGreyBecomeEightBitBgr) {
  const cv::Mat upright = small_photo();
  cv::Mat deep, grey;
  upright.convertTo(deep, CV_16UC3, 257);
  const DecodedImage d16 = decode_image(encode(".png", deep), "x", {});
  EXPECT_EQ(d16.bgr.type(), CV_8UC3);
  EXPECT_LT(mean_abs_diff(d16.bgr, upright), 0.6);
  cv::cvtColor(upright, grey, cv::COLOR_BGR2GRAY);
  const DecodedImage g = decode_image(encode(".png", grey), "x", {});
  EXPECT_EQ(g.bgr.type(), CV_8UC3);
  cv::Mat grey3;
  cv::cvtColor(grey, grey3, cv::COLOR_GRAY2BGR);
  EXPECT_LT(mean_abs_diff(g.bgr, grey3), 0.01);
}

// PNG is read through libpng with the project's handlers (io/png_decode.hpp), not OpenCV's reader:
// the pixels must be OpenCV's, to the byte, for every kind of PNG without transparency.
TEST(IoDecode, PngPixelsAreOpenCvsToTheByte) {
  const cv::Mat photo = small_photo();
  cv::Mat grey, deep, deep_grey;
  cv::cvtColor(photo, grey, cv::COLOR_BGR2GRAY);
  photo.convertTo(deep, CV_16UC3, 257.3);  // low bytes not all equal to the high ones
  grey.convertTo(deep_grey, CV_16UC1, 251);
  // A palette image and a 1-bit grey one, which OpenCV cannot write: rows of filter byte 0.
  const int w = 7, h = 5;
  Bytes palette_rows, bit_rows;
  for (int y = 0; y < h; ++y) {
    palette_rows.push_back(0);
    for (int x = 0; x < w; ++x) palette_rows.push_back(static_cast<std::uint8_t>((x + y) % 3));
    bit_rows.push_back(0);
    bit_rows.push_back(static_cast<std::uint8_t>(y % 2 ? 0xAA : 0x55));
  }
  const Bytes palette = png_file({png_chunk("IHDR", png_ihdr(w, h, 8, 3)),
                                  png_chunk("PLTE", {200, 10, 20, 30, 180, 40, 250, 250, 240}),
                                  png_chunk("IDAT", zlib_compress(palette_rows)), png_chunk("IEND", {})});
  const Bytes one_bit = png_file({png_chunk("IHDR", png_ihdr(w, h, 1, 0)), png_chunk("IDAT", zlib_compress(bit_rows)),
                                  png_chunk("IEND", {})});
  const std::vector<std::pair<std::string, Bytes>> files = {
      {"8-bit BGR", encode(".png", photo)},
      {"8-bit BGR, best compression", encode(".png", photo, {cv::IMWRITE_PNG_COMPRESSION, 9})},
      {"grey", encode(".png", grey)},
      {"16-bit BGR", encode(".png", deep)},
      {"16-bit grey", encode(".png", deep_grey)},
      {"palette", palette},
      {"1-bit grey", one_bit}};
  for (const auto& [what, bytes] : files) {
    const DecodedImage d = decode_image(bytes, what, {});
    const cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8U, const_cast<std::uint8_t*>(bytes.data()));
    const cv::Mat opencv = cv::imdecode(raw, cv::IMREAD_COLOR);
    ASSERT_EQ(d.bgr.type(), CV_8UC3) << what;
    ASSERT_EQ(d.bgr.size(), opencv.size()) << what;
    EXPECT_EQ(cv::norm(d.bgr, opencv, cv::NORM_INF), 0) << what;
    EXPECT_TRUE(d.warnings.empty()) << what << ": " << d.warnings.front();
  }
  // A palette with transparency (tRNS): entry 0 transparent, entry 1 half, entry 2 opaque.
  const Bytes clear = png_file({png_chunk("IHDR", png_ihdr(w, h, 8, 3)),
                                png_chunk("PLTE", {200, 10, 20, 30, 180, 40, 250, 250, 240}),
                                png_chunk("tRNS", {0, 128, 255}), png_chunk("IDAT", zlib_compress(palette_rows)),
                                png_chunk("IEND", {})});
  const DecodedImage t = decode_image(clear, "tRNS", {});
  ASSERT_EQ(t.bgr.type(), CV_8UC3);
  EXPECT_EQ(t.bgr.at<cv::Vec3b>(0, 0), cv::Vec3b(255, 255, 255));  // (0 + 0) % 3 = entry 0: paper
  EXPECT_EQ(t.bgr.at<cv::Vec3b>(0, 2), cv::Vec3b(240, 250, 250));  // entry 2, opaque, as BGR
  EXPECT_EQ(t.bgr.at<cv::Vec3b>(0, 1), cv::Vec3b((40 * 128 + 255 * 127 + 127) / 255, (180 * 128 + 255 * 127 + 127) / 255,
                                                 (30 * 128 + 255 * 127 + 127) / 255));
}

// A PNG's chunks carry CRCs, and libpng gives up on a chunk whose CRC is wrong; damage written
// with a fresh CRC (a program that changed the bytes, a copy that recomputed them) shows only in
// the Adler-32 checksum of the rows, which libpng reports as a warning. Such a file is refused
// like the others, naming the damage: its pixels are not those written. Bytes after the end of
// the compressed data leave the rows whole and are read.
TEST(IoDecode, PngRowsThatDoNotMatchTheirChecksumAreRefused) {
  const cv::Mat photo = small_photo();
  Bytes rows;  // filter byte 0, then RGB
  for (int y = 0; y < photo.rows; ++y) {
    rows.push_back(0);
    for (int x = 0; x < photo.cols; ++x)
      for (int c : {2, 1, 0}) rows.push_back(photo.at<cv::Vec3b>(y, x)[c]);
  }
  // The stream's last four bytes (its checksum) in an IDAT chunk of their own, as in a large file
  // whose rows end before its last chunk: libpng checks them after the last row, and says what it
  // finds as a warning. (Met with the last row, a bad checksum is an error libpng gives up on.)
  auto png_of = [&](const Bytes& idat) {
    const auto checksum = idat.end() - std::min<long>(4, static_cast<long>(idat.size()));
    return png_file({png_chunk("IHDR", png_ihdr(static_cast<std::uint32_t>(photo.cols),
                                                static_cast<std::uint32_t>(photo.rows), 8, 2)),
                     png_chunk("IDAT", Bytes(idat.begin(), checksum)), png_chunk("IDAT", Bytes(checksum, idat.end())),
                     png_chunk("IEND", {})});
  };
  auto refusal = [](const Bytes& b) {
    try {
      decode_image(b, "photo.png", {});
    } catch (const InputError& e) {
      return e.code + " " + e.what();
    }
    return std::string();
  };
  // Stored (level 0) deflate blocks hold the rows as they are: one pixel's red changed mid-photo.
  const Bytes stored = zlib_compress(rows, 0);
  const DecodedImage whole = decode_image(png_of(stored), "photo.png", {});
  EXPECT_EQ(cv::norm(whole.bgr, photo, cv::NORM_INF), 0);
  EXPECT_TRUE(whole.warnings.empty());
  const std::size_t row_bytes = 1 + 3 * static_cast<std::size_t>(photo.cols);
  const std::size_t pixel = (photo.rows / 2) * row_bytes + 1 + 3 * static_cast<std::size_t>(photo.cols / 2);
  Bytes one_byte = stored;
  const auto at = std::search(one_byte.begin() + 7, one_byte.end(), rows.begin() + static_cast<long>(pixel),
                              rows.begin() + static_cast<long>(pixel) + 3);
  ASSERT_NE(at, one_byte.end());
  *at ^= 0x40;
  const std::string said = refusal(png_of(one_byte));
  EXPECT_EQ(said.rfind("corrupt ", 0), 0u) << said;
  EXPECT_NE(said.find("photo.png: PNG image data is damaged"), std::string::npos) << said;
  EXPECT_NE(said.find("incorrect data check"), std::string::npos) << said;
  // Compressed rows whose checksum (the stream's last four bytes) was changed: the same.
  Bytes checksum = zlib_compress(rows);
  checksum.back() ^= 0x01;
  EXPECT_EQ(refusal(png_of(checksum)).rfind("corrupt ", 0), 0u);
  // Bytes after the stream's end: the rows are whole.
  const DecodedImage trailing = decode_image(png_of(zlib_compress(rows) + Bytes{0, 0, 0, 0}), "photo.png", {});
  EXPECT_EQ(cv::norm(trailing.bgr, photo, cv::NORM_INF), 0);
}

// A photo whose file embeds a wide-gamut profile (here an Adobe RGB (1998)-like one made with
// Little CMS: its primaries, gamma 2.2) holds numbers that mean more saturated colours than in
// sRGB: decoding converts them to sRGB and names the profile. An sRGB profile, a grey JPEG and a
// CMYK one are left as they are.
namespace {
// srgb: Little CMS's sRGB; linear: sRGB's primaries with a straight tone curve; otherwise wide.
std::vector<std::uint8_t> made_profile(bool srgb, const char* name, bool linear = false) {
  cmsHPROFILE p = nullptr;
  if (srgb) {
    p = cmsCreate_sRGBProfile();
  } else {  // Adobe RGB (1998)'s green and gamma 2.2, or sRGB's green and a straight curve
    cmsCIExyY white;
    cmsWhitePointFromTemp(&white, 6504);
    const cmsCIExyY green = linear ? cmsCIExyY{0.30, 0.60, 1} : cmsCIExyY{0.21, 0.71, 1};
    const cmsCIExyYTRIPLE primaries = {{0.64, 0.33, 1}, green, {0.15, 0.06, 1}};
    cmsToneCurve* curve = cmsBuildGamma(nullptr, linear ? 1.0 : 2.2);
    cmsToneCurve* curves[3] = {curve, curve, curve};
    p = cmsCreateRGBProfile(&white, &primaries, curves);
    cmsFreeToneCurve(curve);
  }
  cmsMLU* mlu = cmsMLUalloc(nullptr, 1);
  cmsMLUsetASCII(mlu, "en", "US", name);
  cmsWriteTag(p, cmsSigProfileDescriptionTag, mlu);
  cmsMLUfree(mlu);
  cmsUInt32Number size = 0;
  cmsSaveProfileToMem(p, nullptr, &size);
  std::vector<std::uint8_t> bytes(size);
  cmsSaveProfileToMem(p, bytes.data(), &size);
  cmsCloseProfile(p);
  return bytes;
}
Bytes with_icc_app2(const Bytes& jpeg, const std::vector<std::uint8_t>& icc) {
  Bytes segment = bytes_of(std::string("ICC_PROFILE\0\x01\x01", 14));
  segment.insert(segment.end(), icc.begin(), icc.end());
  const Bytes header = {0xFF, 0xE2, static_cast<std::uint8_t>((segment.size() + 2) >> 8),
                        static_cast<std::uint8_t>((segment.size() + 2) & 0xFF)};
  return Bytes(jpeg.begin(), jpeg.begin() + 2) + header + segment + Bytes(jpeg.begin() + 2, jpeg.end());
}
// An 8-bit RGB TIFF of `bgr` carrying `icc`, written by libtiff (OpenCV cannot write the tag).
Bytes tiff_with_icc(const cv::Mat& bgr, const std::vector<std::uint8_t>& icc) {
  const std::string path = (std::filesystem::temp_directory_path() / ("conforme-icc-" + std::to_string(getpid()) + ".tif")).string();
  TIFF* t = TIFFOpen(path.c_str(), "w");
  TIFFSetField(t, TIFFTAG_IMAGEWIDTH, static_cast<std::uint32_t>(bgr.cols));
  TIFFSetField(t, TIFFTAG_IMAGELENGTH, static_cast<std::uint32_t>(bgr.rows));
  TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 3);
  TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, 8);
  TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB);
  TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, static_cast<std::uint32_t>(bgr.rows));
  TIFFSetField(t, TIFFTAG_ICCPROFILE, static_cast<std::uint32_t>(icc.size()), icc.data());
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  for (int y = 0; y < rgb.rows; ++y) TIFFWriteScanline(t, rgb.ptr(y), static_cast<std::uint32_t>(y), 0);
  TIFFClose(t);
  std::ifstream in(path, std::ios::binary);
  Bytes b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(path);
  return b;
}
// A simple (VP8 or VP8L) WebP made extended: a VP8X chunk saying an ICC profile follows, the
// ICCP chunk, then the image chunk.
Bytes webp_with_icc(const Bytes& webp, const std::vector<std::uint8_t>& icc, int width, int height) {
  auto le = [](std::uint32_t v, int n) {
    Bytes b;
    for (int i = 0; i < n; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    return b;
  };
  Bytes vp8x = bytes_of("VP8X") + le(10, 4) + Bytes{0x20, 0, 0, 0} + le(static_cast<std::uint32_t>(width - 1), 3) +
               le(static_cast<std::uint32_t>(height - 1), 3);
  Bytes iccp = bytes_of("ICCP") + le(static_cast<std::uint32_t>(icc.size()), 4) + Bytes(icc.begin(), icc.end());
  if (icc.size() % 2) iccp.push_back(0);
  const Bytes body = vp8x + iccp + Bytes(webp.begin() + 12, webp.end());
  return bytes_of("RIFF") + le(static_cast<std::uint32_t>(body.size() + 4), 4) + bytes_of("WEBP") + body;
}
double lab_chroma(const cv::Vec3b& bgr) {
  cv::Mat lab, px(1, 1, CV_32FC3, cv::Scalar(bgr[0] / 255.0, bgr[1] / 255.0, bgr[2] / 255.0));
  cv::cvtColor(px, lab, cv::COLOR_BGR2Lab);
  const cv::Vec3f v = lab.at<cv::Vec3f>(0, 0);
  return std::hypot(v[1], v[2]);
}
}  // namespace

TEST(IoDecode, AWideGamutProfileIsConvertedToSrgbAndNamed) {
  cv::Mat patches(64, 96, CV_8UC3, cv::Scalar(128, 128, 128));
  patches(cv::Rect(0, 0, 32, 32)).setTo(cv::Scalar(90, 120, 180));  // skin-like
  patches(cv::Rect(32, 0, 32, 32)).setTo(cv::Scalar(200, 160, 110));  // light blue backdrop
  const Bytes plain = encode(".jpg", patches, {cv::IMWRITE_JPEG_QUALITY, 98});
  const std::vector<std::uint8_t> wide = made_profile(false, "Wide test RGB");
  const DecodedImage as_srgb = decode_image(plain, "photo.jpg", {});
  const DecodedImage converted = decode_image(with_icc_app2(plain, wide), "photo.jpg", {});
  EXPECT_TRUE(as_srgb.colour_profile.empty());
  EXPECT_EQ(converted.colour_profile, "Wide test RGB");
  // The pixels are Little CMS's conversion of those the file holds, exactly.
  cmsHPROFILE in = cmsOpenProfileFromMem(wide.data(), static_cast<cmsUInt32Number>(wide.size()));
  cmsHPROFILE out = cmsCreate_sRGBProfile();
  cmsHTRANSFORM t = cmsCreateTransform(in, TYPE_BGR_8, out, TYPE_BGR_8, INTENT_PERCEPTUAL, 0);
  cv::Mat expected = as_srgb.bgr.clone();
  cmsDoTransform(t, expected.data, expected.data, static_cast<cmsUInt32Number>(expected.total()));
  cmsDeleteTransform(t);
  cmsCloseProfile(in);
  cmsCloseProfile(out);
  EXPECT_EQ(cv::norm(converted.bgr, expected, cv::NORM_INF), 0);
  // Colours become more saturated, the grey stays grey.
  EXPECT_GT(lab_chroma(converted.bgr.at<cv::Vec3b>(16, 16)), 1.1 * lab_chroma(as_srgb.bgr.at<cv::Vec3b>(16, 16)));
  EXPECT_GT(lab_chroma(converted.bgr.at<cv::Vec3b>(16, 48)), 1.1 * lab_chroma(as_srgb.bgr.at<cv::Vec3b>(16, 48)));
  EXPECT_LT(lab_chroma(converted.bgr.at<cv::Vec3b>(48, 80)), 1.0);

  // The same profile in a PNG (iCCP: a name, compression method 0, the zlib-compressed profile).
  const Bytes png = encode(".png", patches);
  Bytes iccp = bytes_of(std::string("wide\0\0", 6));
  iccp = iccp + zlib_compress(Bytes(wide.begin(), wide.end()));
  const Bytes png_wide = Bytes(png.begin(), png.begin() + 33) + png_chunk("iCCP", iccp) + Bytes(png.begin() + 33, png.end());
  const DecodedImage png_converted = decode_image(png_wide, "photo.png", {});
  // A grey PNG's own (grey) profile is not applied, and not complained of.
  cv::Mat grey_patches;
  cv::cvtColor(patches, grey_patches, cv::COLOR_BGR2GRAY);
  const Bytes grey_png = encode(".png", grey_patches);
  cmsToneCurve* gamma22 = cmsBuildGamma(nullptr, 2.2);
  cmsHPROFILE grey_profile = cmsCreateGrayProfile(cmsD50_xyY(), gamma22);
  cmsFreeToneCurve(gamma22);
  cmsUInt32Number grey_size = 0;
  cmsSaveProfileToMem(grey_profile, nullptr, &grey_size);
  Bytes grey_icc(grey_size);
  cmsSaveProfileToMem(grey_profile, grey_icc.data(), &grey_size);
  cmsCloseProfile(grey_profile);
  const Bytes grey_iccp = bytes_of(std::string("grey\0\0", 6)) + zlib_compress(grey_icc);
  const DecodedImage grey_png_read = decode_image(
      Bytes(grey_png.begin(), grey_png.begin() + 33) + png_chunk("iCCP", grey_iccp) + Bytes(grey_png.begin() + 33, grey_png.end()),
      "grey.png", {});
  EXPECT_TRUE(grey_png_read.colour_profile.empty());
  EXPECT_TRUE(grey_png_read.warnings.empty()) << grey_png_read.warnings.front();
  EXPECT_EQ(png_converted.colour_profile, "Wide test RGB");
  EXPECT_GT(lab_chroma(png_converted.bgr.at<cv::Vec3b>(16, 16)), 1.1 * lab_chroma(patches.at<cv::Vec3b>(16, 16)));

  // And in a TIFF (scanners write it) and a WebP, lossless so the pixels are those above.
  const DecodedImage tiff_converted = decode_image(tiff_with_icc(patches, wide), "scan.tif", {});
  EXPECT_EQ(tiff_converted.colour_profile, "Wide test RGB");
  const Bytes webp = encode(".webp", patches, {cv::IMWRITE_WEBP_QUALITY, 101});
  const DecodedImage webp_converted = decode_image(webp_with_icc(webp, wide, patches.cols, patches.rows), "p.webp", {});
  EXPECT_EQ(webp_converted.colour_profile, "Wide test RGB");
  cv::Mat lossless_expected;
  {
    cmsHPROFILE i = cmsOpenProfileFromMem(wide.data(), static_cast<cmsUInt32Number>(wide.size()));
    cmsHPROFILE o = cmsCreate_sRGBProfile();
    cmsHTRANSFORM tr = cmsCreateTransform(i, TYPE_BGR_8, o, TYPE_BGR_8, INTENT_PERCEPTUAL, 0);
    lossless_expected = patches.clone();
    cmsDoTransform(tr, lossless_expected.data, lossless_expected.data, static_cast<cmsUInt32Number>(lossless_expected.total()));
    cmsDeleteTransform(tr);
    cmsCloseProfile(i);
    cmsCloseProfile(o);
  }
  EXPECT_EQ(cv::norm(tiff_converted.bgr, lossless_expected, cv::NORM_INF), 0);
  EXPECT_EQ(cv::norm(webp_converted.bgr, lossless_expected, cv::NORM_INF), 0);
  EXPECT_EQ(cv::norm(png_converted.bgr, lossless_expected, cv::NORM_INF), 0);

  // A profile is judged by what it does, not by its name: sRGB's primaries with a straight tone
  // curve, named sRGB: its mid-grey means a lighter grey in sRGB.
  const DecodedImage linear = decode_image(with_icc_app2(plain, made_profile(false, "sRGB linear", true)), "l.jpg", {});
  EXPECT_EQ(linear.colour_profile, "sRGB linear");
  EXPECT_GT(linear.bgr.at<cv::Vec3b>(48, 80)[1], as_srgb.bgr.at<cv::Vec3b>(48, 80)[1] + 40);

  // Left as they are: an sRGB profile, a grey JPEG, a CMYK JPEG (OpenCV converted its inks).
  const DecodedImage srgb = decode_image(with_icc_app2(plain, made_profile(true, "sRGB IEC61966-2.1")), "x.jpg", {});
  EXPECT_TRUE(srgb.colour_profile.empty());
  EXPECT_EQ(cv::norm(srgb.bgr, as_srgb.bgr, cv::NORM_INF), 0);
  cv::Mat grey;
  cv::cvtColor(patches, grey, cv::COLOR_BGR2GRAY);
  const Bytes grey_jpeg = encode(".jpg", grey, {cv::IMWRITE_JPEG_QUALITY, 98});
  const DecodedImage grey_wide = decode_image(with_icc_app2(grey_jpeg, wide), "grey.jpg", {});
  EXPECT_TRUE(grey_wide.colour_profile.empty());
  EXPECT_EQ(cv::norm(grey_wide.bgr, decode_image(grey_jpeg, "grey.jpg", {}).bgr, cv::NORM_INF), 0);
  // A profile Little CMS cannot read: colours taken as sRGB, and the record says so.
  std::vector<std::uint8_t> garbage = wide;
  std::fill(garbage.begin(), garbage.begin() + 40, 0xAB);
  const DecodedImage unread = decode_image(with_icc_app2(plain, garbage), "g.jpg", {});
  EXPECT_TRUE(unread.colour_profile.empty());
  EXPECT_EQ(cv::norm(unread.bgr, as_srgb.bgr, cv::NORM_INF), 0);
  ASSERT_EQ(unread.warnings.size(), 1u);
  EXPECT_EQ(unread.warnings[0], "colour profile not applied (Little CMS cannot read it): colours taken as sRGB");
  const Bytes cmyk = cmyk_jpeg(patches, 95);
  EXPECT_TRUE(decode_image(with_icc_app2(cmyk, wide), "cmyk.jpg", {}).colour_profile.empty());
}

// Transparent pixels are what a printed photo shows: white paper, not the black that PNG
// encoders store under alpha 0.
TEST(IoDecode, TransparencyIsCompositedOverWhite) {
  cv::Mat bgra(80, 60, CV_8UC4, cv::Scalar(0, 0, 0, 0));                  // transparent black
  bgra(cv::Rect(0, 40, 60, 40)).setTo(cv::Scalar(0, 0, 200, 255));       // opaque red below
  bgra(cv::Rect(0, 20, 60, 20)).setTo(cv::Scalar(0, 0, 0, 128));         // half-transparent black
  const DecodedImage d = decode_image(encode(".png", bgra), "x", {});
  ASSERT_EQ(d.bgr.type(), CV_8UC3);
  EXPECT_EQ(d.bgr.at<cv::Vec3b>(5, 5), cv::Vec3b(255, 255, 255));
  EXPECT_EQ(d.bgr.at<cv::Vec3b>(70, 5), cv::Vec3b(0, 0, 200));
  EXPECT_NEAR(d.bgr.at<cv::Vec3b>(30, 5)[0], 127, 1);
  const ImageHeader h = read_image_header(encode(".png", bgra));
  EXPECT_TRUE(h.has_alpha);
  EXPECT_FALSE(read_image_header(encode(".png", small_photo())).has_alpha);
}

// The header parse of all five formats finds the real size: a limit one pixel below it refuses
// the file before decoding, and the message says the header declared it.
TEST(IoDecode, PixelLimitIsAppliedFromTheHeaderOfEveryFormat) {
  const cv::Mat upright = small_photo();
  DecodeLimits just_below;
  just_below.max_pixels = 60 * 80 - 1;
  DecodeLimits exact;
  exact.max_pixels = 60 * 80;
  for (const char* ext : {".jpg", ".png", ".tif", ".bmp", ".webp"}) {
    SCOPED_TRACE(ext);
    const Bytes b = encode(ext, upright);
    const ImageHeader h = read_image_header(b);
    EXPECT_EQ(h.width, 60u);
    EXPECT_EQ(h.height, 80u);
    EXPECT_TRUE(h.complete);
    try {
      decode_image(b, "x", just_below);
      ADD_FAILURE() << "decoded above the limit";
    } catch (const InputError& e) {
      EXPECT_EQ(e.code, "too_large");
      EXPECT_NE(std::string(e.what()).find("header declares 60 x 80"), std::string::npos) << e.what();
    }
    EXPECT_EQ(decode_image(b, "x", exact).bgr.size(), cv::Size(60, 80));
  }
}

// Every prefix and thousands of damaged copies of real files: decode_image either decodes or
// throws InputError; never another exception, never a crash (the fuzzer goes further).
TEST(IoDecode, DamagedBytesGiveAnInputErrorOrAnImage) {
  const cv::Mat upright = small_photo();
  std::mt19937 random(8);
  for (const char* ext : {".jpg", ".png", ".tif", ".bmp", ".webp"}) {
    SCOPED_TRACE(ext);
    const Bytes good = encode(ext, upright);
    auto survives = [&](const Bytes& b) {
      try {
        decode_image(b, "x", {});
      } catch (const InputError&) {
      } catch (const std::exception& e) {
        ADD_FAILURE() << "unexpected " << e.what();
      }
    };
    for (std::size_t n = 0; n < good.size(); n += std::max<std::size_t>(1, good.size() / 97))
      survives(Bytes(good.begin(), good.begin() + static_cast<long>(n)));
    for (int trial = 0; trial < 300; ++trial) {
      Bytes b = good;
      for (int k = 0; k < 4; ++k) b[random() % b.size()] = static_cast<std::uint8_t>(random());
      survives(b);
    }
  }
}

TEST(IoDecode, TruncationIsToldApartFromCorruption) {
  const Bytes jpeg = encode(".jpg", small_photo());
  EXPECT_EQ(decode_error_code(Bytes(jpeg.begin(), jpeg.end() - 2)), "truncated");  // EOI missing
  EXPECT_EQ(decode_error_code(jpeg + Bytes(100000, 0)), "");  // data after EOI is not a problem
  const Bytes png = encode(".png", small_photo());
  EXPECT_EQ(decode_error_code(Bytes(png.begin(), png.end() - 12)), "truncated");  // IEND missing
  EXPECT_EQ(decode_error_code(bytes_of("GIF89a")), "unsupported_format");
  EXPECT_EQ(decode_error_code(bytes_of("%PDF-1.7")), "not_an_image");
}

// A photo in a format that is not read is named, so that the person who sent it knows what to
// convert: Netpbm (whose ASCII header read as "a text file" before) and camera raw files.
TEST(IoDecode, PhotosInFormatsNotReadAreNamed) {
  auto message = [](const Bytes& bytes) {
    try {
      decode_image(bytes, "input");
    } catch (const InputError& e) {
      return e.code + ": " + e.what();
    }
    return std::string("decoded");
  };
  Bytes ppm = bytes_of("P6\n2 1\n255\n");
  ppm.insert(ppm.end(), {200, 10, 10, 0, 255, 0});
  EXPECT_EQ(message(ppm), "unsupported_format: input: a Netpbm image (PBM, PGM or PPM); only JPEG, PNG, TIFF, BMP and WebP images are read");
  EXPECT_NE(message(bytes_of("P2\n1 1\n255\n7\n")).find("Netpbm"), std::string::npos);
  EXPECT_NE(message(bytes_of(std::string("\0\0\0\x18" "ftypcrx \0\0\0\x01", 16))).find("Canon raw photo"), std::string::npos);
  EXPECT_NE(message(bytes_of("FUJIFILMCCD-RAW 0201")).find("Fujifilm raw photo"), std::string::npos);
  EXPECT_NE(message(bytes_of("IIRO\x08\0\0\0")).find("Olympus raw photo"), std::string::npos);
  EXPECT_EQ(message(bytes_of("Pizza\n")), "not_an_image: input: not a JPEG, PNG, TIFF, BMP or WebP image (looks like a text file)");
}

TEST(IoReadFile, FifoAndDevicesAreRefusedWithoutWaiting) {
  const std::string dir = std::filesystem::temp_directory_path() / ("conforme-io-fifo-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  ASSERT_EQ(mkfifo((dir + "/photo.jpg").c_str(), 0644), 0);
  auto code = [](const std::string& path) {
    try {
      read_file_bytes(path, {});
    } catch (const InputError& e) {
      return e.code;
    }
    return std::string();
  };
  EXPECT_EQ(code(dir + "/photo.jpg"), "not_a_file");  // opened without blocking for a writer
  EXPECT_EQ(code("/dev/null"), "not_a_file");
  std::filesystem::create_symlink("loop.jpg", dir + "/loop.jpg");
  EXPECT_EQ(code(dir + "/loop.jpg"), "symlink_loop");
  EXPECT_EQ(code(dir + "/photo.jpg/x.jpg"), "not_found");
  std::filesystem::remove_all(dir);
}

// The committed corpus, decoded in-process: the code of each file, as its README says.
TEST(IoDecode, EveryCorpusFileGetsItsExpectedCode) {
  const auto cases = bad_corpus(data_path("bad"));
  ASSERT_GE(cases.size(), 30u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string path = data_path("bad/" + c.name);
    std::string code;
    cv::Size size;
    try {
      size = decode_image(read_file_bytes(path, {}), path, {}).bgr.size();
    } catch (const InputError& e) {
      code = e.code;
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
    if (c.expected.rfind("report", 0) == 0)
      EXPECT_EQ("report " + std::to_string(size.width) + "x" + std::to_string(size.height), c.expected) << code;
    else
      EXPECT_EQ(code, c.expected);
  }
}

}  // namespace
}  // namespace conforme::test
