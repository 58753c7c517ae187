// photo.noise — a grainy photo: sensor noise of a dark room or a high ISO, left in the file by the
// camera or the phone. service-public.fr (fiche F10619) asks for a photo « nette » and of good
// quality; ICAO Doc 9303 part 3 and ISO/IEC 19794-5 (§7.3, digital image quality) ask for a
// portrait free of noise and artefacts that would hide the face's detail.
//
// Measured at the scale the portrait is seen at: the photo is reduced (area averaging, never
// enlarged) to at most `working_ied` px between the eyes, since noise fades when a photo is
// reduced and a reduced copy is what a print or a screen shows. There, on the smooth parts of
// the photo — the background region and the face's outline (Face::background_mask, face_mask) —
// the noise's standard deviation in grey levels is read, as Immerkær's fast noise estimation
// reads it ("Fast noise variance estimation", CVIU 1996): the mean absolute response to the
// 3 x 3 kernel [1 -2 1; -2 4 -2; 1 -2 1] (the difference of two Laplacians, blind to flat
// ground, ramps and smooth shading) times sqrt(pi/2) / 6, taken block by block (8 x 8 working
// pixels). Texture and edges (eyes, brows, mouth, hair strands at the region's edge, a beard)
// only raise a block's reading, so the value is a low percentile of the blocks (the 25th):
// most of a face and its backdrop are smooth, and noise raises every block alike. Blocks
// touching a clipped tone (under 4 or over 251) are left out: clipping erases noise.
#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "checks/check.hpp"
#include "core/area_resize.hpp"

namespace conforme {
namespace {

constexpr double photo_noise_working_ied = 96.0;  // at most this many px between the eyes
constexpr int photo_noise_block = 8;               // block side, working px
constexpr double photo_noise_percentile = 0.25;    // of the block readings
constexpr int photo_noise_min_blocks = 8;

// The block readings (noise standard deviation, grey levels) of `grey` where every pixel of the
// block and its 1 px ring is inside `mask` and unclipped.
std::vector<double> photo_noise_blocks(const cv::Mat& grey, const cv::Mat& mask) {
  static const cv::Mat kernel = (cv::Mat_<float>(3, 3) << 1, -2, 1, -2, 4, -2, 1, -2, 1);
  cv::Mat response;
  cv::filter2D(grey, response, CV_32F, kernel, cv::Point(-1, -1), 0, cv::BORDER_REFLECT);
  const double to_sigma = std::sqrt(M_PI / 2.0) / 6.0 / (photo_noise_block * photo_noise_block);
  std::vector<double> readings;
  const int b = photo_noise_block;
  for (int y = 1; y + b + 1 <= grey.rows; y += b)
    for (int x = 1; x + b + 1 <= grey.cols; x += b) {
      bool usable = true;
      for (int yy = y - 1; yy < y + b + 1 && usable; ++yy) {
        const uchar* g = grey.ptr<uchar>(yy);
        const uchar* m = mask.ptr<uchar>(yy);
        for (int xx = x - 1; xx < x + b + 1; ++xx)
          if (!m[xx] || g[xx] < 4 || g[xx] > 251) {
            usable = false;
            break;
          }
      }
      if (!usable) continue;
      double sum = 0;
      for (int yy = y; yy < y + b; ++yy) {
        const float* r = response.ptr<float>(yy);
        for (int xx = x; xx < x + b; ++xx) sum += std::abs(r[xx]);
      }
      readings.push_back(sum * to_sigma);
    }
  return readings;
}

double photo_noise_low_percentile(std::vector<double> readings) {
  const auto k = static_cast<std::size_t>(photo_noise_percentile * static_cast<double>(readings.size() - 1));
  std::nth_element(readings.begin(), readings.begin() + static_cast<std::ptrdiff_t>(k), readings.end());
  return readings[k];
}

}  // namespace

extern const Check photo_noise{
    .id = "photo.noise",
    .title = {"bruit (photo granuleuse)", "noise (grainy photo)"},
    .description =
        "Standard deviation of the photo's noise in grey levels (Immerkær's estimate, 25th percentile of 8 x 8 "
        "blocks) on the background region and the face, at most 96 px between the eyes; and on the face alone.",
    .needs = Needs::single_face,
    .values = {{"noise", "grey",
                {"bruit de la photo (écart type, fond et visage)", "noise of the photo (standard deviation, background and face)"},
                Shown::grey_levels},
               {"face_noise", "grey",
                {"bruit sur le visage (écart type)", "noise on the face (standard deviation)"}, Shown::grey_levels}},
    .reasons = {{"face too small to measure", "visage trop petit pour être mesuré"}},
    .measure = [](const FaceContext& ctx) {
      const Face& f = *ctx.face;
      if (f.inter_eye_px < 8) return Measurement::skipped("face too small to measure");
      cv::Mat smooth;
      cv::bitwise_or(f.face_mask, f.background_mask, smooth);
      const cv::Rect box = cv::boundingRect(smooth);
      if (box.width < 24 || box.height < 24) return Measurement::skipped("face too small to measure");
      const double scale = std::min(1.0, photo_noise_working_ied / f.inter_eye_px);
      cv::Mat grey = ctx.gray(box), region = smooth(box), face = f.face_mask(box);
      if (scale < 1.0) {
        grey = area_resize(grey, cv::Size(), scale, scale);
        cv::resize(region, region, grey.size(), 0, 0, cv::INTER_NEAREST);
        cv::resize(face, face, grey.size(), 0, 0, cv::INTER_NEAREST);
      }
      const std::vector<double> all = photo_noise_blocks(grey, region);
      const std::vector<double> on_face = photo_noise_blocks(grey, face);
      if (static_cast<int>(on_face.size()) < photo_noise_min_blocks)
        return Measurement::skipped("face too small to measure");
      Measurement m;
      m.values = {{"noise", photo_noise_low_percentile(all), "grey"},
                  {"face_noise", photo_noise_low_percentile(on_face), "grey"}};
      return m;
    }};

}  // namespace conforme
