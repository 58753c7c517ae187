#include "evidence/detail_band.hpp"

#include <algorithm>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace conforme {

std::optional<DetailBand> detail_band(const FaceContext& ctx) {
  if (!ctx.face) return std::nullopt;
  const Face& f = *ctx.face;
  const std::vector<cv::Point2f> inner(f.landmarks.begin() + 17, f.landmarks.begin() + 48);
  DetailBand band;
  band.eye_band = cv::boundingRect(inner) & cv::Rect(0, 0, ctx.width(), ctx.height());
  if (band.eye_band.width < 24 || band.eye_band.height < 24 || f.inter_eye_px < 8) return std::nullopt;
  const double shrink = std::min(1.0, detail_band_working_ied / f.inter_eye_px);
  const cv::Point c(band.eye_band.x + band.eye_band.width / 2, band.eye_band.y + band.eye_band.height / 2);
  const cv::Size part(cvRound(band.eye_band.width * shrink), cvRound(band.eye_band.height * shrink));
  band.read = cv::Rect(c.x - part.width / 2, c.y - part.height / 2, part.width, part.height) & band.eye_band;
  band.reference = 8.0 / shrink;
  return band;
}

}  // namespace conforme
