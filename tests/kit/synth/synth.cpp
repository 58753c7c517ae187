#include "synth/synth.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "face/geometry.hpp"

namespace conforme::synth {
namespace {
// bgr * gain per pixel (gain CV_32F, one channel), saturated.
cv::Mat multiply(const cv::Mat& bgr, const cv::Mat& gain) {
  cv::Mat f, g3, out;
  bgr.convertTo(f, CV_32FC3);
  cv::merge(std::vector<cv::Mat>{gain, gain, gain}, g3);
  f = f.mul(g3);
  f.convertTo(out, CV_8UC3);
  return out;
}

}  // namespace

cv::Mat frame_portrait(const cv::Mat& portrait, const FaceContext& ctx, const Framing& f) {
  // Head length along the face axis does not change with tilt, unlike chin.y - crown_y.
  const double head_px = cv::norm(ctx.face->eye_mid - ctx.face->chin) * (1.0 + crown_to_eye_over_eye_to_chin);
  const double scale = f.head_height * f.size.height / head_px;
  cv::Mat m = cv::getRotationMatrix2D(ctx.face->eye_mid, ctx.face->pose.roll_deg - f.roll_deg, scale);
  m.at<double>(0, 2) += f.centre_x * f.size.width - ctx.face->eye_mid.x;
  m.at<double>(1, 2) += (1.0 - f.eye_line) * f.size.height - ctx.face->eye_mid.y;
  cv::Mat out;
  cv::warpAffine(portrait, out, m, f.size, cv::INTER_AREA, cv::BORDER_REPLICATE);
  return out;
}

cv::Mat person_alpha(const cv::Mat& photo, const FaceContext& ctx) {
  // GrabCut at half size: the mask's edge is feathered anyway.
  const double s = 0.5;
  cv::Mat small;
  cv::resize(photo, small, cv::Size(), s, s, cv::INTER_AREA);
  cv::Mat mask(small.size(), CV_8U, cv::Scalar(cv::GC_PR_BGD));
  const int border = std::max(2, small.cols / 30);
  const double head = (ctx.face->chin.y - ctx.face->crown_y) * s;
  const double jaw = cv::norm(ctx.face->landmarks[16] - ctx.face->landmarks[0]) * s;
  const cv::Point2f mid(static_cast<float>(ctx.face->midline_x * s), static_cast<float>((ctx.face->crown_y + ctx.face->chin.y) / 2 * s));
  // Probably person: the head with room for hair, and the shoulders below the chin.
  cv::ellipse(mask, mid, cv::Size(cvRound(0.75 * jaw), cvRound(0.68 * head)), 0, 0, 360, cv::GC_PR_FGD, cv::FILLED);
  const int shoulders = cvRound(ctx.face->chin.y * s + 0.05 * head);
  if (shoulders < small.rows)
    mask(cv::Rect(0, shoulders, small.cols, small.rows - shoulders)) = cv::GC_PR_FGD;
  // The torso below the neck is the person whatever its colour: a dark suit can match a backdrop.
  const int torso = cvRound(ctx.face->chin.y * s + 0.08 * head);
  const cv::Rect torso_box = cv::Rect(cvRound(mid.x - 1.3 * jaw), torso, cvRound(2.6 * jaw), small.rows) &
                             cv::Rect(0, 0, small.cols, small.rows);
  if (!torso_box.empty()) mask(torso_box) = cv::GC_FGD;
  // Surely background: the top and side borders above the shoulders.
  mask(cv::Rect(0, 0, small.cols, border)) = cv::GC_BGD;
  const int side_bottom = std::min(small.rows, cvRound(ctx.face->chin.y * s));
  mask(cv::Rect(0, 0, border, side_bottom)) = cv::GC_BGD;
  mask(cv::Rect(small.cols - border, 0, border, side_bottom)) = cv::GC_BGD;
  // Surely person: the face itself and the neck.
  std::vector<cv::Point> face;
  for (int i = 0; i <= 26; ++i) face.emplace_back(cvRound(ctx.face->landmarks[i].x * s), cvRound(ctx.face->landmarks[i].y * s));
  std::vector<cv::Point> hull;
  cv::convexHull(face, hull);
  cv::fillConvexPoly(mask, hull, cv::GC_FGD);
  cv::Mat bgd, fgd;
  cv::grabCut(small, mask, cv::Rect(), bgd, fgd, 4, cv::GC_INIT_WITH_MASK);
  cv::Mat person = (mask == cv::GC_FGD) | (mask == cv::GC_PR_FGD);
  // Keep the component that holds the face; stray background blobs go.
  cv::Mat labels;
  cv::connectedComponents(person, labels, 8, CV_32S);
  const int face_label = labels.at<int>(cv::Point(cvRound(ctx.face->eye_mid.x * s), cvRound(ctx.face->eye_mid.y * s)));
  person = (labels == face_label) & person;
  cv::morphologyEx(person, person, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_ELLIPSE, {7, 7}));
  cv::Mat alpha;
  person.convertTo(alpha, CV_32F, 1.0 / 255.0);
  cv::resize(alpha, alpha, photo.size(), 0, 0, cv::INTER_LINEAR);
  cv::GaussianBlur(alpha, alpha, cv::Size(0, 0), 1.5);
  return alpha;
}

cv::Mat composite(const cv::Mat& photo, const cv::Mat& alpha, const cv::Mat& background) {
  cv::Mat a3, fg, bg, out;
  cv::merge(std::vector<cv::Mat>{alpha, alpha, alpha}, a3);
  photo.convertTo(fg, CV_32FC3);
  background.convertTo(bg, CV_32FC3);
  out = fg.mul(a3) + bg.mul(cv::Scalar::all(1.0) - a3);
  out.convertTo(out, CV_8UC3);
  return out;
}

cv::Mat person_behind(const cv::Mat& photo, const FaceContext& ctx, const cv::Mat& other, const FaceContext& other_ctx,
                      double size, cv::Point2f eyes_at) {
  const double scale = size * ctx.face->box.width / other_ctx.face->box.width;
  const cv::Point2f from = other_ctx.face->eye_mid;
  const cv::Matx23d place(scale, 0, eyes_at.x - scale * from.x, 0, scale, eyes_at.y - scale * from.y);
  cv::Mat person, alpha;
  cv::warpAffine(other, person, place, photo.size(), cv::INTER_AREA, cv::BORDER_REPLICATE);
  cv::warpAffine(person_alpha(other, other_ctx), alpha, place, photo.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
  const cv::Mat behind = composite(person, alpha, photo);
  return composite(photo, person_alpha(photo, ctx), behind);
}

cv::Point2f beside_head(const FaceContext& ctx, int photo_width, int side) {
  const auto& lm = ctx.face->landmarks;
  const double jaw = lm[16].x - lm[0].x;
  const double left_gap = lm[0].x - 0.1 * jaw, right_gap = photo_width - (lm[16].x + 0.1 * jaw);
  if (side == 0) side = left_gap >= right_gap ? -1 : 1;
  const double x = side < 0 ? left_gap / 2 : photo_width - right_gap / 2;
  return {static_cast<float>(x), ctx.face->eye_mid.y};
}

cv::Mat plain_background(cv::Size size, cv::Scalar bgr) { return cv::Mat(size, CV_8UC3, bgr); }

cv::Mat gradient_background(cv::Size size, cv::Scalar top, cv::Scalar bottom) {
  cv::Mat out(size, CV_8UC3);
  for (int y = 0; y < size.height; ++y) {
    const double t = size.height > 1 ? double(y) / (size.height - 1) : 0.0;
    out.row(y).setTo(top * (1 - t) + bottom * t);
  }
  return out;
}

cv::Mat busy_background(cv::Size size, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> x(0, size.width), y(0, size.height), c(40, 255), r(10, size.width / 6);
  cv::Mat out(size, CV_8UC3, cv::Scalar(210, 215, 220));
  for (int i = 0; i < 60; ++i) {
    const cv::Scalar colour(c(rng), c(rng), c(rng));
    if (i % 3 == 0) cv::circle(out, {x(rng), y(rng)}, r(rng), colour, cv::FILLED, cv::LINE_AA);
    else if (i % 3 == 1) cv::rectangle(out, cv::Rect(x(rng), y(rng), r(rng), r(rng)), colour, cv::FILLED);
    else cv::line(out, {x(rng), y(rng)}, {x(rng), y(rng)}, colour, 6, cv::LINE_AA);
  }
  return out;
}

cv::Mat to_grey(const cv::Mat& bgr) {
  cv::Mat g, out;
  cv::cvtColor(bgr, g, cv::COLOR_BGR2GRAY);
  cv::cvtColor(g, out, cv::COLOR_GRAY2BGR);
  return out;
}

cv::Mat gaussian_blur(const cv::Mat& bgr, double sigma) {
  cv::Mat out;
  cv::GaussianBlur(bgr, out, cv::Size(0, 0), sigma);
  return out;
}

cv::Mat motion_blur(const cv::Mat& bgr, int length, double angle_deg) {
  cv::Mat kernel = cv::Mat::zeros(length, length, CV_32F);
  kernel.row(length / 2).setTo(1.0f / length);
  const cv::Mat rot = cv::getRotationMatrix2D(cv::Point2f((length - 1) / 2.0f, (length - 1) / 2.0f), angle_deg, 1.0);
  cv::warpAffine(kernel, kernel, rot, kernel.size());
  kernel /= cv::sum(kernel)[0];
  cv::Mat out;
  cv::filter2D(bgr, out, -1, kernel, cv::Point(-1, -1), 0, cv::BORDER_REPLICATE);
  return out;
}

cv::Mat defocus_blur(const cv::Mat& bgr, int radius) {
  const int side = 2 * radius + 1;
  cv::Mat kernel = cv::Mat::zeros(side, side, CV_32F);
  cv::circle(kernel, cv::Point(radius, radius), radius, cv::Scalar(1.0), cv::FILLED, cv::LINE_AA);
  kernel /= cv::sum(kernel)[0];
  cv::Mat out;
  cv::filter2D(bgr, out, -1, kernel, cv::Point(-1, -1), 0, cv::BORDER_REPLICATE);
  return out;
}

cv::Mat exposure(const cv::Mat& bgr, double gain, double offset) {
  cv::Mat out;
  bgr.convertTo(out, -1, gain, offset);
  return out;
}

cv::Mat colour_cast(const cv::Mat& bgr, cv::Vec3d gains_bgr) {
  // sRGB <-> linear through a 256-entry table forth and a fine table back.
  static const std::vector<float> to_linear = [] {
    std::vector<float> t(256);
    for (int i = 0; i < 256; ++i) {
      const double c = i / 255.0;
      t[i] = static_cast<float>(c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4));
    }
    return t;
  }();
  auto to_srgb = [](double l) {
    l = std::clamp(l, 0.0, 1.0);
    const double c = l <= 0.0031308 ? 12.92 * l : 1.055 * std::pow(l, 1.0 / 2.4) - 0.055;
    return cv::saturate_cast<uchar>(c * 255.0);
  };
  std::vector<std::array<uchar, 4096>> back(3);
  for (int ch = 0; ch < 3; ++ch)
    for (int i = 0; i < 4096; ++i) back[ch][i] = to_srgb(i / 4095.0 * gains_bgr[ch]);
  cv::Mat out(bgr.size(), CV_8UC3);
  for (int y = 0; y < bgr.rows; ++y) {
    const auto* p = bgr.ptr<cv::Vec3b>(y);
    auto* q = out.ptr<cv::Vec3b>(y);
    for (int x = 0; x < bgr.cols; ++x)
      for (int ch = 0; ch < 3; ++ch) q[x][ch] = back[ch][static_cast<int>(to_linear[p[x][ch]] * 4095.0f + 0.5f)];
  }
  return out;
}

cv::Mat saturation(const cv::Mat& bgr, double factor) {
  cv::Mat f, lab, out;
  bgr.convertTo(f, CV_32F, 1.0 / 255.0);
  cv::cvtColor(f, lab, cv::COLOR_BGR2Lab);
  std::vector<cv::Mat> ch;
  cv::split(lab, ch);
  ch[1] *= factor;
  ch[2] *= factor;
  cv::merge(ch, lab);
  cv::cvtColor(lab, f, cv::COLOR_Lab2BGR);
  f.convertTo(out, CV_8U, 255.0);
  return out;
}

cv::Mat sepia(const cv::Mat& bgr, double strength) {
  // The classic sepia-toning matrix (rows: out B, G, R; columns: in B, G, R).
  const cv::Matx33f m(0.131f, 0.534f, 0.272f,   //
                      0.168f, 0.686f, 0.349f,   //
                      0.189f, 0.769f, 0.393f);
  cv::Mat f, toned, out;
  bgr.convertTo(f, CV_32F);
  cv::transform(f, toned, m);
  cv::addWeighted(toned, strength, f, 1.0 - strength, 0.0, toned);
  toned.convertTo(out, CV_8U);
  return out;
}

cv::Mat jpeg_roundtrip(const cv::Mat& bgr, int quality) {
  std::vector<uchar> buf;
  cv::imencode(".jpg", bgr, buf, {cv::IMWRITE_JPEG_QUALITY, quality});
  return cv::imdecode(buf, cv::IMREAD_COLOR);
}

cv::Mat enlarge(const cv::Mat& bgr, double factor, int interpolation) {
  cv::Mat small, out;
  cv::resize(bgr, small, cv::Size(std::max(1, cvRound(bgr.cols / factor)), std::max(1, cvRound(bgr.rows / factor))), 0, 0,
             cv::INTER_AREA);
  cv::resize(small, out, bgr.size(), 0, 0, interpolation);
  return out;
}

cv::Mat crop_top(const cv::Mat& bgr, double fraction) {
  const int lost = std::clamp(cvRound(fraction * bgr.rows), 0, bgr.rows - 1);
  cv::Mat out;
  cv::copyMakeBorder(bgr(cv::Rect(0, lost, bgr.cols, bgr.rows - lost)), out, 0, lost, 0, 0, cv::BORDER_REPLICATE);
  return out;
}

cv::Mat crop_side(const cv::Mat& bgr, double fraction) {
  const int lost = std::clamp(cvRound(std::abs(fraction) * bgr.cols), 0, bgr.cols - 1);
  cv::Mat out;
  if (fraction >= 0)
    cv::copyMakeBorder(bgr(cv::Rect(lost, 0, bgr.cols - lost, bgr.rows)), out, 0, 0, 0, lost, cv::BORDER_REPLICATE);
  else
    cv::copyMakeBorder(bgr(cv::Rect(0, 0, bgr.cols - lost, bgr.rows)), out, 0, 0, lost, 0, cv::BORDER_REPLICATE);
  return out;
}

cv::Mat wash_out(const cv::Mat& bgr, double contrast, double towards) {
  if (towards < 0) {
    const cv::Scalar m = cv::mean(bgr);
    towards = (m[0] + m[1] + m[2]) / 3.0;
  }
  cv::Mat out;
  bgr.convertTo(out, CV_8U, contrast, towards * (1.0 - contrast));
  return out;
}

cv::Mat sensor_noise(const cv::Mat& bgr, double sigma, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> unit(0.0f, 1.0f);
  cv::Mat out(bgr.size(), CV_8UC3);
  for (int y = 0; y < bgr.rows; ++y) {
    const cv::Vec3b* in = bgr.ptr<cv::Vec3b>(y);
    cv::Vec3b* o = out.ptr<cv::Vec3b>(y);
    for (int x = 0; x < bgr.cols; ++x) {
      const float shared = unit(rng);
      for (int c = 0; c < 3; ++c) {
        const double v = in[x][c];
        const double s = sigma * std::sqrt(0.25 + 0.75 * v / 128.0);
        o[x][c] = cv::saturate_cast<uchar>(v + s * (std::sqrt(0.75) * unit(rng) + 0.5 * shared));
      }
    }
  }
  return out;
}

cv::Mat side_shadow(const cv::Mat& bgr, const FaceContext& ctx, double strength, int side) {
  cv::Mat gain(bgr.size(), CV_32F, cv::Scalar(1.0));
  const int x0 = cvRound(ctx.face->midline_x);
  const cv::Rect half = side < 0 ? cv::Rect(0, 0, std::max(1, x0), bgr.rows)
                                 : cv::Rect(x0, 0, std::max(1, bgr.cols - x0), bgr.rows);
  gain(half & cv::Rect(0, 0, bgr.cols, bgr.rows)).setTo(1.0 - strength);
  cv::GaussianBlur(gain, gain, cv::Size(0, 0), ctx.face->inter_eye_px * 0.15);
  return multiply(bgr, gain);
}

cv::Mat compliant_photo(const cv::Mat& portrait, FaceAnalyser& analyser, const Framing& framing,
                        cv::Scalar background_bgr) {
  const FaceContext source = analyser.analyse(portrait);
  if (!source.face.has_value())
    throw std::runtime_error("portrait has " + std::to_string(source.face_count) + " faces, expected 1");
  const cv::Mat framed = frame_portrait(portrait, source, framing);
  return with_background(framed, analyser, plain_background(framed.size(), background_bgr));
}

cv::Mat with_background(const cv::Mat& photo, FaceAnalyser& analyser, const cv::Mat& background) {
  const FaceContext ctx = analyser.analyse(photo);
  if (!ctx.face.has_value())
    throw std::runtime_error("photo has " + std::to_string(ctx.face_count) + " faces, expected 1");
  return composite(photo, person_alpha(photo, ctx), background);
}

std::vector<std::uint8_t> encode_jpeg_with_dpi(const cv::Mat& bgr, int dpi, int quality) {
  std::vector<uchar> buf;
  cv::imencode(".jpg", bgr, buf, {cv::IMWRITE_JPEG_QUALITY, quality});
  // libjpeg writes a JFIF APP0 segment first: FF D8 FF E0 len "JFIF\0" version units Xd Yd.
  if (buf.size() > 18 && buf[2] == 0xFF && buf[3] == 0xE0 && std::equal(buf.begin() + 6, buf.begin() + 11, "JFIF")) {
    buf[13] = 1;  // dots per inch
    buf[14] = static_cast<uchar>(dpi >> 8);
    buf[15] = static_cast<uchar>(dpi & 0xFF);
    buf[16] = static_cast<uchar>(dpi >> 8);
    buf[17] = static_cast<uchar>(dpi & 0xFF);
  }
  return {buf.begin(), buf.end()};
}

}  // namespace conforme::synth

namespace conforme::synth {

cv::Mat background_shadow(const cv::Mat& bgr, const FaceContext& ctx, double strength, int side) {
  // The person's own silhouette, moved sideways by half a jaw width and down a little: where a
  // flash beside the camera throws it on a backdrop close behind the sitter.
  const cv::Mat alpha = person_alpha(bgr, ctx);
  const double jaw = cv::norm(ctx.face->landmarks[16] - ctx.face->landmarks[0]);
  const cv::Matx23d shift(1, 0, (side < 0 ? -0.5 : 0.5) * jaw, 0, 1, 0.1 * jaw);
  cv::Mat shadow;
  cv::warpAffine(alpha, shadow, cv::Mat(shift), alpha.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
  cv::GaussianBlur(shadow, shadow, cv::Size(0, 0), 0.1 * ctx.face->inter_eye_px);
  cv::Mat behind = cv::Scalar::all(1.0) - alpha;  // the backdrop only
  cv::Mat gain = cv::Scalar::all(1.0) - shadow.mul(behind) * strength;
  return multiply(bgr, gain);
}

}  // namespace conforme::synth

namespace conforme::synth {
namespace {

// A soft disc or ellipse mask (CV_32F, 0..1).
cv::Mat soft_ellipse(cv::Size size, cv::Point2f centre, cv::Size2f axes, double angle_deg, double blur_px) {
  cv::Mat mask = cv::Mat::zeros(size, CV_32F);
  cv::ellipse(mask, cv::RotatedRect(centre, cv::Size2f(2 * axes.width, 2 * axes.height), static_cast<float>(angle_deg)),
              cv::Scalar(1.0), cv::FILLED, cv::LINE_AA);
  if (blur_px > 0) cv::GaussianBlur(mask, mask, cv::Size(0, 0), blur_px);
  return mask;
}

// out = bgr * (1 - mask) + paint * mask, paint CV_32FC3.
cv::Mat blend(const cv::Mat& bgr, const cv::Mat& paint, const cv::Mat& mask) {
  cv::Mat f, m3, out;
  bgr.convertTo(f, CV_32FC3);
  cv::merge(std::vector<cv::Mat>{mask, mask, mask}, m3);
  f = f.mul(cv::Scalar::all(1.0) - m3) + paint.mul(m3);
  f.convertTo(out, CV_8UC3);
  return out;
}

}  // namespace

cv::Mat red_pupils(const cv::Mat& bgr, const FaceContext& ctx, double radius_ied, cv::Scalar flash_bgr) {
  const double r = radius_ied * ctx.face->inter_eye_px;
  cv::Mat mask = cv::Mat::zeros(bgr.size(), CV_32F);
  for (int first : {36, 42}) mask = cv::max(mask, soft_ellipse(bgr.size(), eye_centre(ctx.face->landmarks, first), {float(r), float(r)}, 0, 0.15 * r));
  // Flash light returned by the retina.
  cv::Mat paint(bgr.size(), CV_32FC3, flash_bgr);
  cv::Mat out = blend(bgr, paint, mask);
  // The catch-light (the flash's reflection on the cornea) stays white.
  for (int first : {36, 42})
    cv::circle(out, eye_centre(ctx.face->landmarks, first) + cv::Point2f(float(-0.3 * r), float(-0.3 * r)), std::max(1, cvRound(0.2 * r)),
               cv::Scalar::all(250), cv::FILLED, cv::LINE_AA);
  return out;
}

cv::Mat gaze_aside(const cv::Mat& bgr, const FaceContext& ctx, double shift) {
  cv::Mat out = bgr.clone();
  const auto& lm = ctx.face->landmarks;
  const double r = 0.095 * ctx.face->inter_eye_px;  // the iris: about 11.7 mm across, eyes 63 mm apart
  for (int first : {36, 42}) {
    const cv::Point2f c0 = lm[first], c3 = lm[first + 3];
    const cv::Point2f d = (c3 - c0) * static_cast<float>(shift);  // the slide, along the corner line
    cv::Point2f centre(0, 0);
    std::vector<cv::Point> opening;
    for (int i = first; i < first + 6; ++i) {
      centre += lm[i] * (1.0f / 6.0f);
      opening.emplace_back(cvRound(lm[i].x), cvRound(lm[i].y));
    }
    cv::Mat mask = cv::Mat::zeros(bgr.size(), CV_8U);
    cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{opening}, cv::Scalar(255));
    const cv::Rect box = cv::boundingRect(opening) & cv::Rect(0, 0, bgr.cols, bgr.rows);
    if (box.empty()) continue;
    // The white of the eye: the opening's 95th percentile of brightness outside the iris.
    std::vector<std::pair<int, cv::Vec3b>> px;
    for (int y = box.y; y < box.br().y; ++y)
      for (int x = box.x; x < box.br().x; ++x)
        if (mask.at<uchar>(y, x) && cv::norm(cv::Point2f(float(x), float(y)) - centre) > r) {
          const cv::Vec3b v = bgr.at<cv::Vec3b>(y, x);
          px.emplace_back(v[0] + v[1] + v[2], v);
        }
    if (px.empty()) continue;
    std::sort(px.begin(), px.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    const cv::Vec3b white = px[px.size() * 19 / 20].second;
    // The iris painted over with the white, then drawn again `d` away, its edge soft over a pixel;
    // both only inside the opening, so the lids still cover its top and bottom.
    for (int y = box.y; y < box.br().y; ++y)
      for (int x = box.x; x < box.br().x; ++x) {
        if (!mask.at<uchar>(y, x)) continue;
        const cv::Point2f p{static_cast<float>(x), static_cast<float>(y)};
        cv::Vec3f v = bgr.at<cv::Vec3b>(y, x);
        const double from = cv::norm(p - centre), to = cv::norm(p - centre - d);
        const double old_iris = std::clamp(r + 1.5 - from, 0.0, 1.0);
        v = v * (1 - old_iris) + cv::Vec3f(white) * old_iris;
        const double new_iris = std::clamp(r + 0.5 - to, 0.0, 1.0);
        const int sx = std::clamp(cvRound(x - d.x), 0, bgr.cols - 1), sy = std::clamp(cvRound(y - d.y), 0, bgr.rows - 1);
        v = v * (1 - new_iris) + cv::Vec3f(bgr.at<cv::Vec3b>(sy, sx)) * new_iris;
        out.at<cv::Vec3b>(y, x) = cv::Vec3b(cv::saturate_cast<uchar>(v[0]), cv::saturate_cast<uchar>(v[1]), cv::saturate_cast<uchar>(v[2]));
      }
  }
  return out;
}

cv::Mat tinted_lenses(const cv::Mat& bgr, const FaceContext& ctx, double transmission, cv::Scalar tint_bgr) {
  const double ied = ctx.face->inter_eye_px;
  cv::Mat lenses = cv::Mat::zeros(bgr.size(), CV_32F);
  const cv::Point2f down(static_cast<float>(-std::sin(ctx.face->pose.roll_deg * CV_PI / 180) * 0.05 * ied),
                         static_cast<float>(std::cos(ctx.face->pose.roll_deg * CV_PI / 180) * 0.05 * ied));
  for (int first : {36, 42})
    lenses = cv::max(lenses, soft_ellipse(bgr.size(), eye_centre(ctx.face->landmarks, first) + down,
                                          {float(0.42 * ied), float(0.30 * ied)}, ctx.face->pose.roll_deg, 0.01 * ied));
  cv::Mat f;
  bgr.convertTo(f, CV_32FC3);
  // Light through the lens is scaled per channel; pixel values are sRGB-encoded, so a share of the
  // light is a share ^ (1 / 2.2) of the value. Outside the lenses nothing changes.
  const double gain = std::pow(transmission, 1.0 / 2.2);
  cv::Mat seen = f.mul(cv::Scalar(tint_bgr[0], tint_bgr[1], tint_bgr[2]) * gain);
  return blend(bgr, seen, lenses);
}

cv::Mat lens_glare(const cv::Mat& bgr, const FaceContext& ctx, double size_ied) {
  const double ied = ctx.face->inter_eye_px;
  const cv::Point2f eye = eye_centre(ctx.face->landmarks, 36);
  const cv::Point2f centre = eye + cv::Point2f(float(-0.12 * ied), float(0.14 * ied));
  // A reflection's core is clipped white; its halo fades into the lens.
  cv::Mat mask = soft_ellipse(bgr.size(), centre, {float(0.5 * size_ied * ied), float(0.22 * size_ied * ied)}, -20,
                              0.04 * size_ied * ied);
  mask = cv::min(mask * 1.6, 1.0);
  cv::Mat paint(bgr.size(), CV_32FC3, cv::Scalar::all(255));
  return blend(bgr, paint, mask);
}

cv::Mat closed_eyes(const cv::Mat& bgr, const FaceContext& ctx) {
  const auto& lm = ctx.face->landmarks;
  const double ied = ctx.face->inter_eye_px;
  cv::Mat out = bgr.clone();
  for (int first : {36, 42}) {
    // The lid's colour: the skin between the eye and its brow (the brow's inner half, raised
    // points 17-21 or 22-26, and the eye's top corners).
    const int brow = first == 36 ? 17 : 22;
    const cv::Point2f eye = eye_centre(lm, first);
    const cv::Point2f up = (lm[brow + 2] - eye) * 0.45f;
    const cv::Rect lid_box = cv::Rect(cv::Point(eye + up - cv::Point2f(float(0.12 * ied), float(0.03 * ied))),
                                      cv::Point(eye + up + cv::Point2f(float(0.12 * ied), float(0.03 * ied)))) &
                             cv::Rect(0, 0, bgr.cols, bgr.rows);
    cv::Scalar lid = cv::mean(bgr(lid_box));
    // The eye's opening, grown a little, covered by the lid; a soft edge so no outline shows.
    std::vector<cv::Point2f> opening(lm.begin() + first, lm.begin() + first + 6);
    cv::Mat mask = cv::Mat::zeros(bgr.size(), CV_32F);
    std::vector<cv::Point> grown;
    for (const auto& p : opening) grown.push_back(eye + (p - eye) * 1.25f + cv::Point2f(0, float(0.02 * ied)));
    cv::fillConvexPoly(mask, grown, cv::Scalar(1.0), cv::LINE_AA);
    cv::GaussianBlur(mask, mask, cv::Size(0, 0), 0.02 * ied);
    out = blend(out, cv::Mat(bgr.size(), CV_32FC3, lid), mask);
    // The lashes of the closed lid: a dark curve from corner to corner along the lower lid.
    std::vector<cv::Point> lashes{lm[first], lm[first + 5], lm[first + 4], lm[first + 3]};
    cv::polylines(out, lashes, false, lid * 0.3, std::max(1, cvRound(0.025 * ied)), cv::LINE_AA);
  }
  return out;
}

cv::Mat hot_spot(const cv::Mat& bgr, const FaceContext& ctx, SkinSpot where, double size_ied, double intensity) {
  const Face& f = *ctx.face;
  const double ied = f.inter_eye_px;
  // Up the face: from the nose tip towards the eyes' mid-point, whatever the roll.
  const cv::Point2f up = (f.eye_mid - f.landmarks[30]) * (1.0f / std::max(1.0f, float(cv::norm(f.eye_mid - f.landmarks[30]))));
  const cv::Point2f centre = where == SkinSpot::forehead ? f.eye_mid + up * float(0.45 * ied)
                             : where == SkinSpot::nose   ? f.landmarks[30] + up * float(0.12 * ied)
                                                         : (f.landmarks[3] + f.landmarks[31] + f.eye_left) * (1.0f / 3.0f);
  const double sigma = std::max(0.5, size_ied * ied / 4.0);
  cv::Mat mask(bgr.size(), CV_32F);
  for (int y = 0; y < mask.rows; ++y) {
    auto* m = mask.ptr<float>(y);
    for (int x = 0; x < mask.cols; ++x) {
      const double d2 = (x - centre.x) * (x - centre.x) + (y - centre.y) * (y - centre.y);
      m[x] = static_cast<float>(std::min(1.0, intensity * std::exp(-d2 / (2 * sigma * sigma))));
    }
  }
  cv::Mat paint(bgr.size(), CV_32FC3, cv::Scalar(250, 253, 255));
  return blend(bgr, paint, mask);
}

cv::Mat face_mask(const cv::Mat& bgr, const FaceContext& ctx, cv::Scalar bgr_colour, int top_landmark) {
  // The outline: the jaw from one cheek to the other (landmarks 1..15, or from 3 to 13 when worn
  // below the nose) and, across the top, the nose landmark `top_landmark`, raised a little at the cheeks.
  std::vector<cv::Point> outline;
  const int side = top_landmark >= 32 ? 3 : 1;
  for (int i = side; i <= 16 - side; ++i) outline.push_back(ctx.face->landmarks[i]);
  const cv::Point2f bridge = ctx.face->landmarks[top_landmark];
  const cv::Point2f right_cheek = ctx.face->landmarks[16 - side] + (bridge - ctx.face->landmarks[16 - side]) * 0.15f;
  const cv::Point2f left_cheek = ctx.face->landmarks[side] + (bridge - ctx.face->landmarks[side]) * 0.15f;
  outline.push_back(right_cheek);
  outline.push_back(bridge);
  outline.push_back(left_cheek);
  cv::Mat mask = cv::Mat::zeros(bgr.size(), CV_32F);
  cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{outline}, cv::Scalar(1.0), cv::LINE_AA);
  cv::GaussianBlur(mask, mask, {0, 0}, std::max(0.6, 0.01 * ctx.face->inter_eye_px));
  // Three horizontal pleats: darker bands across the cloth.
  cv::Mat paint(bgr.size(), CV_32FC3, bgr_colour);
  const float top = bridge.y, bottom = ctx.face->landmarks[8].y;
  for (int k = 1; k <= 3; ++k) {
    const int y = cvRound(top + (bottom - top) * k / 4.5f);
    cv::line(paint, {0, y}, {bgr.cols, y}, bgr_colour * 0.8, std::max(1, cvRound(0.03 * ctx.face->inter_eye_px)), cv::LINE_AA);
  }
  cv::GaussianBlur(paint, paint, {0, 0}, std::max(0.6, 0.015 * ctx.face->inter_eye_px));
  return blend(bgr, paint, mask);
}

cv::Mat print_fold(const cv::Mat& bgr, cv::Point2f through, double angle_deg, double strength, int width_px) {
  const double a = angle_deg * CV_PI / 180.0, span = std::hypot(bgr.cols, bgr.rows);
  const cv::Point2f d(static_cast<float>(std::cos(a) * span), static_cast<float>(std::sin(a) * span));
  const cv::Point2f normal(static_cast<float>(-std::sin(a)), static_cast<float>(std::cos(a)));
  // A crease catches the light on one face and shades the other: a light line beside a dark one.
  cv::Mat light = cv::Mat::zeros(bgr.size(), CV_32F), dark = cv::Mat::zeros(bgr.size(), CV_32F);
  const cv::Point2f off = normal * static_cast<float>(width_px);
  cv::line(light, through - d, through + d, cv::Scalar(1.0), width_px, cv::LINE_AA);
  cv::line(dark, through - d + off, through + d + off, cv::Scalar(1.0), width_px, cv::LINE_AA);
  cv::Mat f, out;
  bgr.convertTo(f, CV_32FC3);
  cv::Mat l3, d3;
  cv::merge(std::vector<cv::Mat>{light, light, light}, l3);
  cv::merge(std::vector<cv::Mat>{dark, dark, dark}, d3);
  f = f + (cv::Scalar::all(255.0) - f).mul(l3) * strength - f.mul(d3) * strength;
  f.convertTo(out, CV_8UC3);
  return out;
}

cv::Mat print_scratch(const cv::Mat& bgr, cv::Point2f from, double length_px, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> turn(-0.08, 0.08), heading(0, 2 * CV_PI);
  double angle = heading(rng);
  std::vector<cv::Point> path = {cv::Point(cvRound(from.x), cvRound(from.y))};
  cv::Point2d p = from;
  const double step = 4.0;
  for (double walked = 0; walked < length_px; walked += step) {
    angle += turn(rng);
    p += cv::Point2d(std::cos(angle), std::sin(angle)) * step;
    path.emplace_back(cvRound(p.x), cvRound(p.y));
  }
  cv::Mat out = bgr.clone();
  // Emulsion scraped off: a thin near-white line.
  cv::polylines(out, path, false, cv::Scalar::all(245), 2, cv::LINE_AA);
  return out;
}

}  // namespace conforme::synth

namespace conforme::synth {

cv::Mat hair_over_eye(const cv::Mat& bgr, const FaceContext& ctx, double density, std::uint32_t seed) {
  const Face& f = *ctx.face;
  const auto& lm = f.landmarks;
  const double ied = f.inter_eye_px;
  cv::Point2f eye(0, 0);
  for (int i = 36; i < 42; ++i) eye += lm[i] * (1.0f / 6.0f);
  // The subject's own hair colour: the median of the top of the head, 0.15 to 0.5 inter-eye
  // distances below the estimated skull top, half an inter-eye distance either side of the mid-line.
  const cv::Rect top = cv::Rect(cvRound(f.midline_x - 0.5 * ied), cvRound(f.crown_y + 0.15 * ied), cvRound(ied),
                                cvRound(0.35 * ied)) & cv::Rect(0, 0, bgr.cols, bgr.rows);
  cv::Scalar hair(40, 45, 55);
  if (!top.empty()) {
    std::array<std::vector<uchar>, 3> ch;
    for (int y = top.y; y < top.br().y; ++y)
      for (int x = top.x; x < top.br().x; ++x)
        for (int k = 0; k < 3; ++k) ch[k].push_back(bgr.at<cv::Vec3b>(y, x)[k]);
    for (int k = 0; k < 3; ++k) {
      std::nth_element(ch[k].begin(), ch[k].begin() + ch[k].size() / 2, ch[k].end());
      hair[k] = ch[k][ch[k].size() / 2];
    }
  }
  // The lock: from the hairline, 1.3 inter-eye distances above the eye, falling across the eye
  // towards the temple; each strand a gentle curve (a quadratic through a bowed mid-point), of
  // its own length (a ragged tip) and shade, drawn at 85 % opacity so the skin shows between.
  const cv::Point2f up(0, static_cast<float>(-ied)), side(static_cast<float>(-ied), 0);
  const cv::Point2f start = eye + 1.3f * up + 0.1f * (-side), end = eye - 0.4f * up + 0.35f * side;
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> spread(-0.25, 0.25), bow(-0.06, 0.06), shade(0.8, 1.2), length(0.8, 1.0);
  const int strands = std::max(1, static_cast<int>(std::lround(density * 160)));
  cv::Mat ink = bgr.clone(), mask = cv::Mat::zeros(bgr.size(), CV_8U);
  const int thick = std::max(1, cvRound(0.008 * ied));
  for (int s = 0; s < strands; ++s) {
    const float o = static_cast<float>(spread(rng) * ied), b = static_cast<float>(bow(rng) * ied);
    const cv::Point2f a = start + cv::Point2f(o * 0.6f, 0), z = end + cv::Point2f(o, o * 0.3f);
    const cv::Point2f mid = (a + z) * 0.5f + cv::Point2f(b - 0.1f * static_cast<float>(ied), 0);
    const float last = static_cast<float>(length(rng));
    std::vector<cv::Point> curve;
    for (int k = 0; k <= 32; ++k) {
      const float t = last * k / 32.0f;
      const cv::Point2f p = (1 - t) * (1 - t) * a + 2 * (1 - t) * t * mid + t * t * z;
      curve.emplace_back(cvRound(p.x * 16), cvRound(p.y * 16));
    }
    const double g = shade(rng);
    const cv::Scalar colour(std::min(255.0, hair[0] * g), std::min(255.0, hair[1] * g), std::min(255.0, hair[2] * g));
    cv::polylines(ink, std::vector<std::vector<cv::Point>>{curve}, false, colour, thick, cv::LINE_AA, 4);
    cv::polylines(mask, std::vector<std::vector<cv::Point>>{curve}, false, cv::Scalar(255), thick, cv::LINE_AA, 4);
  }
  cv::Mat alpha, paint;
  mask.convertTo(alpha, CV_32F, 0.85 / 255.0);
  ink.convertTo(paint, CV_32FC3);
  return blend(bgr, paint, alpha);
}

}  // namespace conforme::synth
