#include "report/annotate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace conforme {

namespace {

// BGR colours, one per kind of line; the legend repeats them.
const cv::Scalar background_colour(255, 0, 255);  // magenta: no photo background is magenta
const cv::Scalar eye_colour(0, 215, 255);         // yellow
const cv::Scalar centre_colour(255, 255, 0);      // cyan
const cv::Scalar chin_crown_colour(0, 0, 255);    // red
const cv::Scalar crown_band_colour(0, 140, 255);  // orange
const cv::Scalar face_colour(0, 190, 0);          // green
const cv::Scalar fail_text(0, 0, 200), warn_text(0, 110, 190), ink(40, 40, 40);

std::optional<Limit> limit_of(const PhotoReport& report, const std::string& check, const std::string& value) {
  for (const auto& c : report.checks)
    if (c.id == check)
      for (const auto& l : c.limits)
        if (l.value_name == value) return l.limit;
  return std::nullopt;
}

// A line of dashes from a to b.
void dashed(cv::Mat& img, cv::Point2d a, cv::Point2d b, const cv::Scalar& colour, int thick, double dash) {
  const double length = std::hypot(b.x - a.x, b.y - a.y);
  if (length <= 0) return;
  const cv::Point2d step = (b - a) / length;
  for (double at = 0; at < length; at += 2 * dash) {
    const double end = std::min(length, at + dash);
    cv::line(img, a + step * at, a + step * end, colour, thick, cv::LINE_AA);
  }
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

// "ratio 0.823 > 0.8 (+0.023)" for each value of a check that has a limit, or the reason.
std::vector<std::string> value_lines(const CheckResult& c) {
  std::vector<std::string> lines;
  if (!c.measurement.measured()) {
    lines.push_back(c.measurement.not_measured_reason);
    return lines;
  }
  for (const auto& applied : c.limits) {
    const auto v = c.measurement.get(applied.value_name);
    if (!v) continue;
    const Limit& l = applied.limit;
    std::string line = applied.value_name + " " + number(*v);
    const bool warn = c.verdict == Verdict::warn;
    const auto lo = warn ? l.warn_min : l.min;
    const auto hi = warn ? l.warn_max : l.max;
    if (lo && *v < *lo) line += " < " + number(*lo) + " (-" + number(*lo - *v) + ")";
    else if (hi && *v > *hi) line += " > " + number(*hi) + " (+" + number(*v - *hi) + ")";
    else if (lo && hi) line += " dans " + number(*lo) + ".." + number(*hi);
    lines.push_back(line);
  }
  return lines;
}

// Writes text on the panel, cut into lines no wider than `width`; returns the next baseline.
int write_wrapped(cv::Mat& img, const std::string& text, cv::Point at, int width, double scale, int thick,
                  const cv::Scalar& colour, bool draw) {
  int baseline = 0;
  const int line_h = cv::getTextSize("Ag", cv::FONT_HERSHEY_SIMPLEX, scale, thick, &baseline).height * 16 / 10;
  std::string line;
  std::size_t start = 0;
  auto flush = [&] {
    if (draw) cv::putText(img, line, at, cv::FONT_HERSHEY_SIMPLEX, scale, colour, thick, cv::LINE_AA);
    at.y += line_h;
    line.clear();
  };
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    const std::string tried = line.empty() ? word : line + " " + word;
    if (!line.empty() && cv::getTextSize(tried, cv::FONT_HERSHEY_SIMPLEX, scale, thick, &baseline).width > width)
      flush(), line = word;
    else
      line = tried;
    start = end + 1;
  }
  if (!line.empty()) flush();
  return at.y;
}

struct Entry {
  std::string text;
  cv::Scalar colour;
  enum Swatch { none, solid, dashes, box, dots, header } swatch = none;
  cv::Scalar swatch_colour{};
};

// The panel's lines: status, legend (only what is drawn), failed then warned checks. Legend words
// are chosen so French needs no accent: the Hershey fonts have none.
std::vector<Entry> panel_entries(const FaceContext& ctx, const PhotoReport& report, const AllowedBands& bands) {
  std::vector<Entry> e;
  e.push_back({report.status == PhotoStatus::pass ? "CONFORME" : "NON CONFORME",
               report.status == PhotoStatus::pass ? face_colour : fail_text, Entry::header});
  if (!ctx.background_mask.empty()) e.push_back({"Zone du fond (contour)", ink, Entry::solid, background_colour});
  if (ctx.has_single_face()) {
    e.push_back({"Ligne des yeux", ink, Entry::solid, eye_colour});
    if (bands.eye_rows) e.push_back({"Yeux : bande admise", ink, Entry::dashes, eye_colour});
    e.push_back({"Axe du visage", ink, Entry::solid, centre_colour});
    if (bands.centre_columns) e.push_back({"Axe : bande admise", ink, Entry::dashes, centre_colour});
    e.push_back({"Menton et sommet", ink, Entry::solid, chin_crown_colour});
    if (bands.crown_rows) e.push_back({"Sommet : bande admise", ink, Entry::dashes, crown_band_colour});
    e.push_back({"Points du visage", ink, Entry::dots, face_colour});
  }
  if (!ctx.face_boxes.empty())
    e.push_back({"Visage (cadre) x" + std::to_string(ctx.face_boxes.size()), ink, Entry::box, face_colour});
  for (const Verdict verdict : {Verdict::fail, Verdict::warn}) {
    bool first = true;
    for (const auto& c : report.checks) {
      if (c.verdict != verdict) continue;
      const cv::Scalar colour = verdict == Verdict::fail ? fail_text : warn_text;
      if (first) e.push_back({verdict == Verdict::fail ? "Non conforme :" : "Avertissement :", colour, Entry::header});
      first = false;
      e.push_back({c.id, colour});
      for (const auto& line : value_lines(c)) e.push_back({"  " + line, ink});
    }
  }
  return e;
}

}  // namespace

AllowedBands allowed_bands(const FaceContext& ctx, const PhotoReport& report) {
  AllowedBands bands;
  if (!ctx.has_single_face()) return bands;
  const double w = ctx.width(), h = ctx.height();
  if (const auto l = limit_of(report, "eyes.line", "ratio"); l && l->min && l->max)
    bands.eye_rows = Band{h * (1 - *l->max), h * (1 - *l->min)};  // measured from the bottom
  if (const auto l = limit_of(report, "head.center_x", "ratio"); l && l->min && l->max)
    bands.centre_columns = Band{w * *l->min, w * *l->max};
  if (const auto l = limit_of(report, "head.height", "ratio"); l && l->min && l->max)
    bands.crown_rows = Band{ctx.chin.y - h * *l->max, ctx.chin.y - h * *l->min};
  return bands;
}

cv::Mat annotate(const FaceContext& ctx, const PhotoReport& report) {
  const cv::Mat& photo = ctx.bgr;
  const double unit = std::max(1.0, std::max(photo.cols, photo.rows) / 500.0);  // reads at any size
  const int thick = std::max(1, cvRound(unit));
  const AllowedBands bands = allowed_bands(ctx, report);

  // The panel: its width from the photo, its height from what it lists.
  const double scale = 0.42 * unit;
  const int text_thick = std::max(1, cvRound(unit * 0.9));
  const int panel_w = std::max(cvRound(260 * unit), photo.cols * 3 / 4);
  const int pad = cvRound(8 * unit), swatch_w = cvRound(26 * unit);
  const std::vector<Entry> entries = panel_entries(ctx, report, bands);
  cv::Mat scratch;
  int needed = pad * 2;
  for (const auto& e : entries)
    needed = write_wrapped(scratch, e.text, {0, needed}, panel_w - 3 * pad - swatch_w, scale, text_thick, e.colour, false);

  cv::Mat out(std::max(photo.rows, needed + pad), photo.cols + panel_w, photo.type(), cv::Scalar(255, 255, 255));
  photo.copyTo(out(cv::Rect(0, 0, photo.cols, photo.rows)));
  cv::Mat drawn = out(cv::Rect(0, 0, photo.cols, photo.rows));  // lines stay on the photo

  if (!ctx.background_mask.empty()) {
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(ctx.background_mask.clone(), contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    cv::drawContours(drawn, contours, -1, background_colour, thick, cv::LINE_AA);
  }
  for (const auto& box : ctx.face_boxes) cv::rectangle(drawn, box, face_colour, thick, cv::LINE_AA);
  if (ctx.has_single_face()) {
    const double w = drawn.cols, dash = 10 * unit;
    if (bands.eye_rows)
      for (const double y : {bands.eye_rows->from, bands.eye_rows->to}) dashed(drawn, {0, y}, {w, y}, eye_colour, thick, dash);
    if (bands.centre_columns)
      for (const double x : {bands.centre_columns->from, bands.centre_columns->to})
        dashed(drawn, {x, 0}, {x, static_cast<double>(drawn.rows)}, centre_colour, thick, dash);
    if (bands.crown_rows)
      for (const double y : {bands.crown_rows->from, bands.crown_rows->to})
        dashed(drawn, {0, y}, {w, y}, crown_band_colour, thick, dash);
    for (const auto& p : ctx.landmarks) cv::circle(drawn, p, thick + 1, face_colour, cv::FILLED, cv::LINE_AA);
    cv::line(drawn, ctx.eye_left, ctx.eye_right, eye_colour, thick, cv::LINE_AA);
    cv::line(drawn, {0, cvRound(ctx.crown_y)}, {drawn.cols, cvRound(ctx.crown_y)}, chin_crown_colour, thick, cv::LINE_AA);
    cv::line(drawn, {0, cvRound(ctx.chin.y)}, {drawn.cols, cvRound(ctx.chin.y)}, chin_crown_colour, thick, cv::LINE_AA);
    cv::line(drawn, {cvRound(ctx.midline_x), 0}, {cvRound(ctx.midline_x), drawn.rows}, centre_colour, thick, cv::LINE_AA);
  }

  // The panel, right of the photo, separated by a grey rule.
  cv::line(out, {photo.cols, 0}, {photo.cols, out.rows}, cv::Scalar(180, 180, 180), thick);
  const int x0 = photo.cols + pad;
  int y = pad * 2;
  for (const auto& e : entries) {
    int text_x = x0;
    if (e.swatch != Entry::none && e.swatch != Entry::header) {
      const int mid = y - cvRound(5 * unit);
      const cv::Point a(x0, mid), b(x0 + swatch_w, mid);
      switch (e.swatch) {
        case Entry::solid: cv::line(out, a, b, e.swatch_colour, thick + 1, cv::LINE_AA); break;
        case Entry::dashes: dashed(out, a, b, e.swatch_colour, thick + 1, swatch_w / 5.0); break;
        case Entry::box:
          cv::rectangle(out, {x0 + 2, mid - cvRound(6 * unit)}, {x0 + swatch_w - 2, mid + cvRound(6 * unit)},
                        e.swatch_colour, thick, cv::LINE_AA);
          break;
        case Entry::dots:
          for (int i = 0; i < 3; ++i)
            cv::circle(out, {x0 + 4 + i * swatch_w / 3, mid}, thick + 1, e.swatch_colour, cv::FILLED, cv::LINE_AA);
          break;
        default: break;
      }
      text_x += swatch_w + pad;
    }
    y = write_wrapped(out, e.text, {text_x, y}, out.cols - text_x - pad, scale,
                      e.swatch == Entry::header ? text_thick + 1 : text_thick, e.colour, true);
  }
  return out;
}

}  // namespace conforme
