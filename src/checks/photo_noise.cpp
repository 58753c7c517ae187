// photo.noise — a grainy photo: sensor noise of a dark room or a high ISO, left in the file by the
// camera or the phone. service-public.fr (fiche F10619) asks for a photo « nette » and of good
// quality; ICAO Doc 9303 part 3 and ISO/IEC 19794-5 (§7.3, digital image quality) ask for a
// portrait free of noise and artefacts that would hide the face's detail.
//
// Measured at the scale the portrait is seen at: the photo is reduced (area averaging, never
// enlarged) to at most `working_ied` px between the eyes, since noise fades when a photo is
// reduced and a reduced copy is what a print or a screen shows. There, on the smooth parts of
// the photo — the face's outline and the background region within one eye distance of the face
// (Face::face_mask, background_mask) —
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

// The block readings (noise standard deviation, grey levels) of `grey`, on the face and on the
// face and background together: the blocks whose pixels and 1 px ring lie inside the masks and are
// unclipped. The kernel's response is summed in integers, only on the blocks kept.
struct PhotoNoiseBlocks {
  std::vector<double> all, face;
};

PhotoNoiseBlocks photo_noise_blocks(const cv::Mat& grey, const cv::Mat& face_mask, const cv::Mat& background_mask) {
  const double to_sigma = std::sqrt(M_PI / 2.0) / 6.0 / (photo_noise_block * photo_noise_block);
  PhotoNoiseBlocks out;
  const int b = photo_noise_block;
  for (int y = 1; y + b + 1 <= grey.rows; y += b)
    for (int x = 1; x + b + 1 <= grey.cols; x += b) {
      bool in_region = true, in_face = true;
      for (int yy = y - 1; yy < y + b + 1 && in_region; ++yy) {
        const uchar* g = grey.ptr<uchar>(yy);
        const uchar* fm = face_mask.ptr<uchar>(yy);
        const uchar* bm = background_mask.ptr<uchar>(yy);
        for (int xx = x - 1; xx < x + b + 1; ++xx) {
          in_face = in_face && fm[xx];
          if (!(fm[xx] || bm[xx]) || g[xx] < 4 || g[xx] > 251) {
            in_region = false;
            break;
          }
        }
      }
      if (!in_region) continue;
      int sum = 0;
      for (int yy = y; yy < y + b; ++yy) {
        const uchar* up = grey.ptr<uchar>(yy - 1);
        const uchar* mid = grey.ptr<uchar>(yy);
        const uchar* down = grey.ptr<uchar>(yy + 1);
        for (int xx = x; xx < x + b; ++xx) {
          const int r = (up[xx - 1] + up[xx + 1] + down[xx - 1] + down[xx + 1]) -
                        2 * (up[xx] + down[xx] + mid[xx - 1] + mid[xx + 1]) + 4 * mid[xx];
          sum += r < 0 ? -r : r;
        }
      }
      out.all.push_back(sum * to_sigma);
      if (in_face) out.face.push_back(sum * to_sigma);
    }
  return out;
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
        "blocks) on the face and the background within one eye distance of it, at most 96 px between the eyes; and on "
        "the face alone.",
    .needs = Needs::single_face,
    .values = {{"noise", "grey",
                {"bruit de la photo (écart type, fond et visage)", "noise of the photo (standard deviation, background and face)"},
                Shown::grey_levels},
               {"face_noise", "grey",
                {"bruit sur le visage (écart type)", "noise on the face (standard deviation)"}, Shown::grey_levels}},
    .reasons = {{"face too small to measure", "visage trop petit pour être mesuré"}},
    .measure = [](const FaceContext& ctx) {
      const Face& f = *ctx.face;
      const double ied = f.inter_eye_px;
      if (ied < 8) return Measurement::skipped("face too small to measure");
      // The face and the backdrop within one eye distance of it (the backdrop beside and above the
      // head; the rest of the photo adds cost, not evidence).
      std::vector<cv::Point2f> outline(f.landmarks.begin(), f.landmarks.end());
      outline.emplace_back(f.midline_x, static_cast<float>(f.crown_y));
      const cv::Rect face_box = cv::boundingRect(outline);
      const int margin = cvRound(ied);
      const cv::Rect box = cv::Rect(face_box.x - margin, face_box.y - margin, face_box.width + 2 * margin,
                                    face_box.height + margin) &
                           cv::Rect(0, 0, ctx.width(), ctx.height());
      if (box.width < 24 || box.height < 24) return Measurement::skipped("face too small to measure");
      const double scale = std::min(1.0, photo_noise_working_ied / ied);
      cv::Mat grey = ctx.gray(box), face = f.face_mask(box), background = f.background_mask(box);
      if (scale < 1.0) {
        grey = area_resize(grey, cv::Size(), scale, scale);
        cv::resize(face, face, grey.size(), 0, 0, cv::INTER_NEAREST);
        cv::resize(background, background, grey.size(), 0, 0, cv::INTER_NEAREST);
      }
      const PhotoNoiseBlocks blocks = photo_noise_blocks(grey, face, background);
      if (static_cast<int>(blocks.face.size()) < photo_noise_min_blocks)
        return Measurement::skipped("face too small to measure");
      Measurement m;
      m.values = {{"noise", photo_noise_low_percentile(blocks.all), "grey"},
                  {"face_noise", photo_noise_low_percentile(blocks.face), "grey"}};
      return m;
    }};

}  // namespace conforme
