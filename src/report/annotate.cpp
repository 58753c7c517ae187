#include "report/annotate.hpp"

#include <algorithm>

#include <opencv2/imgproc.hpp>

namespace conforme {

cv::Mat annotate(const FaceContext& ctx, const PhotoReport& report) {
  cv::Mat out = ctx.bgr.clone();
  const double unit = std::max(1.0, out.cols / 400.0);  // line width that reads at any size
  const int thick = cvRound(unit);
  if (ctx.has_single_face()) {
    cv::Mat tint(out.size(), out.type(), cv::Scalar(255, 128, 0));
    cv::Mat blended;
    cv::addWeighted(out, 0.7, tint, 0.3, 0, blended);
    blended.copyTo(out, ctx.background_mask);
    const cv::Scalar yellow(0, 220, 255), green(0, 200, 0), red(0, 0, 255), cyan(255, 255, 0);
    for (const auto& p : ctx.landmarks) cv::circle(out, p, thick + 1, green, cv::FILLED, cv::LINE_AA);
    cv::line(out, ctx.eye_left, ctx.eye_right, yellow, thick, cv::LINE_AA);
    cv::line(out, {0, cvRound(ctx.crown_y)}, {out.cols, cvRound(ctx.crown_y)}, red, thick, cv::LINE_AA);
    cv::line(out, {0, cvRound(ctx.chin.y)}, {out.cols, cvRound(ctx.chin.y)}, red, thick, cv::LINE_AA);
    cv::line(out, {cvRound(ctx.midline_x), 0}, {cvRound(ctx.midline_x), out.rows}, cyan, thick, cv::LINE_AA);
  }
  int y = cvRound(14 * unit);
  for (const auto& c : report.checks) {
    if (c.verdict != Verdict::fail) continue;
    cv::putText(out, c.id, {cvRound(4 * unit), y}, cv::FONT_HERSHEY_SIMPLEX, 0.45 * unit, cv::Scalar(0, 0, 0),
                thick + 2, cv::LINE_AA);
    cv::putText(out, c.id, {cvRound(4 * unit), y}, cv::FONT_HERSHEY_SIMPLEX, 0.45 * unit, cv::Scalar(0, 0, 255),
                thick, cv::LINE_AA);
    y += cvRound(16 * unit);
  }
  return out;
}

}  // namespace conforme
