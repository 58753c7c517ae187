#include "face/other_faces.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "core/shrink.hpp"

namespace conforme {

namespace {

// The copy the skin is looked for on: halved while its longer side exceeds this.
constexpr int working_side_px = 320;
// Skin in YCrCb (Chai and Ngan's chroma box, 1999, meant for every skin tone): a grey, blue or
// white backdrop and dark clothes fall outside it; blond or brown hair, tan clothes, beige and wood
// backdrops often do not, and are scanned for nothing.
const cv::Scalar skin_low(40, 133, 77), skin_high(250, 173, 127);
// The sitter's column, left out: the head with its ears and hair (the landmarks' box, jaw to brows,
// grown by these shares of its width each side and of its height above and below) and, as wide as
// that box, everything below it (neck, hands, the skin of the shoulders).
constexpr double column_grow_x = 0.2, column_grow_up = 1.0, column_grow_down = 0.2;
// A patch is looked at when its width is that of a face the passes did not see (from 4 % of the
// photo's longer side, at least 40 px, to 40 %), it is not much wider than tall, it fills a third
// of its box, and its centre is above the sitter's chin (below it, skin-coloured patches are
// mostly clothes, hands, badges and the ends of long hair).
constexpr double min_face_share = 0.04, max_face_share = 0.40, min_face_px = 40.0;
constexpr double min_height_to_width = 0.6, min_fill = 0.35;
// A face's skin is shaded (forehead and cheeks lit, the sides of the nose, the eye sockets and the
// jaw's edge darker): the luma of a patch's pixels spreads by at least this standard deviation, in
// grey levels. Hat brims, flag stars, a lit strand of blond hair and the photo's edge are flatter
// and are not scanned (EVALUATION.md §40.1).
constexpr double min_relief = 18.0;
// Each patch is scanned in a square about its centre this many widths wide, at the scale where its
// width is a little more than the detector's 80 px window (a face's skin is about as wide as the
// detector's box), never enlarged more than twice.
constexpr double area_widths = 2.0, window_px = 80.0, width_in_windows = 1.25, max_scale = 2.0;

}  // namespace

std::vector<FaceSearchArea> other_face_areas(const Face& face, cv::Size photo, int max_areas) {
  std::vector<FaceSearchArea> areas;
  if (face.reduced_bgr.empty() || max_areas <= 0) return areas;
  // The sitter's face, jaw to brows: the box of its 68 landmarks, in photo pixels.
  const cv::Rect2f outline = cv::boundingRect(std::vector<cv::Point2f>(face.landmarks.begin(), face.landmarks.end()));
  cv::Mat small = face.reduced_bgr;
  double scale = face.reduced_scale;  // small pixels per photo pixel
  while (std::max(small.cols, small.rows) > working_side_px && std::min(small.cols, small.rows) >= 2) {
    small = halve(small);
    scale /= 2;
  }
  cv::Mat ycrcb, skin;
  cv::cvtColor(small, ycrcb, cv::COLOR_BGR2YCrCb);
  cv::inRange(ycrcb, skin_low, skin_high, skin);

  const cv::Rect inside(0, 0, skin.cols, skin.rows);
  auto in_small = [&](double x0, double y0, double x1, double y1) {
    return cv::Rect(cv::Point(cvFloor(x0 * scale), cvFloor(y0 * scale)), cv::Point(cvCeil(x1 * scale), cvCeil(y1 * scale))) & inside;
  };
  const float w = outline.width, h = outline.height;
  const cv::Rect head = in_small(outline.x - column_grow_x * w, outline.y - column_grow_up * h, outline.br().x + column_grow_x * w,
                                 outline.br().y + column_grow_down * h);
  const cv::Rect body = in_small(outline.x, outline.y, outline.br().x, photo.height);
  for (const cv::Rect& r : {head, body})
    if (!r.empty()) skin(r).setTo(0);

  const double longer = std::max(photo.width, photo.height);
  const double min_width = std::max(min_face_px, min_face_share * longer), max_width = max_face_share * longer;
  // Most photos end here: too little skin is left for the smallest patch looked at (the labelling
  // below costs ten times the count).
  const double min_patch = min_fill * min_height_to_width * (min_width * scale) * (min_width * scale);
  if (cv::countNonZero(skin) < min_patch) return areas;
  cv::Mat labels, stats, centroids;
  const int n = cv::connectedComponentsWithStats(skin, labels, stats, centroids, 8, CV_32S);
  struct Patch {
    int area;
    cv::Rect box;  // small pixels
  };
  std::vector<Patch> patches;
  cv::Mat luma;  // extracted for the first patch that has a face's shape
  for (int i = 1; i < n; ++i) {
    const cv::Rect box(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                       stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
    const int area = stats.at<int>(i, cv::CC_STAT_AREA);
    const double width = box.width / scale;
    if (width < min_width || width > max_width) continue;
    if (box.height < min_height_to_width * box.width) continue;
    if (area < min_fill * box.area()) continue;
    if ((box.y + box.height / 2.0) / scale > outline.br().y) continue;  // below the chin: clothes, hands, a badge
    if (luma.empty()) cv::extractChannel(ycrcb, luma, 0);
    cv::Scalar mean, deviation;
    cv::meanStdDev(luma(box), mean, deviation, labels(box) == i);
    if (deviation[0] < min_relief) continue;
    patches.push_back({area, box});
  }
  std::sort(patches.begin(), patches.end(), [](const Patch& a, const Patch& b) { return a.area > b.area; });
  if (static_cast<int>(patches.size()) > max_areas) patches.resize(max_areas);

  const cv::Rect whole(0, 0, photo.width, photo.height);
  for (const Patch& p : patches) {
    const double width = p.box.width / scale;
    const double cx = (p.box.x + p.box.width / 2.0) / scale, cy = (p.box.y + p.box.height / 2.0) / scale;
    // Moved inside the photo rather than cut by its edge: a face near the edge keeps its margin.
    const int side = std::min({cvCeil(area_widths * width), photo.width, photo.height});
    const int x = std::clamp(cvFloor(cx - side / 2.0), 0, photo.width - side);
    const int y = std::clamp(cvFloor(cy - side / 2.0), 0, photo.height - side);
    const cv::Rect area = cv::Rect(x, y, side, side) & whole;
    if (area.empty()) continue;
    areas.push_back({area, std::min(max_scale, width_in_windows * window_px / width)});
  }
  return areas;
}

bool apart_from_sitter(const cv::Rect2f& found, const cv::Rect2f& face_box) {
  const cv::Point2f centre(found.x + found.width / 2, found.y + found.height / 2);
  if (face_box.contains(centre)) return false;
  const float shared = (found & face_box).area();
  return shared < 0.25f * std::min(found.area(), face_box.area());
}

}  // namespace conforme
