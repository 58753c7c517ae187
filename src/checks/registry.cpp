#include <algorithm>
#include <new>
#include <string>

#include <opencv2/core.hpp>

#include "checks/check.hpp"

namespace conforme {

// The checks in report order, one line each: the `extern const Check` its own file of this
// directory defines (README, "Adding a check").
#define CONFORME_CHECKS(X) \
  X(photo_aspect)          \
  X(photo_resolution)      \
  X(photo_pixelation)      \
  X(photo_dynamic_range)   \
  X(face_count)            \
  X(head_height)           \
  X(head_center_x)         \
  X(eyes_line)             \
  X(pose_yaw)              \
  X(pose_pitch)            \
  X(pose_roll)             \
  X(eyes_open)             \
  X(expr_mouth_closed)     \
  X(expr_neutral)          \
  X(bg_uniform)            \
  X(bg_colour)             \
  X(light_exposure)        \
  X(colour_is_colour)      \
  X(sharp_focus)           \
  X(photo_size_mm)         \
  X(sheet_uncut)           \
  X(sheet_copies_identical) \
  X(glasses)               \
  X(glasses_tinted)        \
  X(glasses_reflection)    \
  X(glasses_frame)         \
  X(head_covering)         \
  X(light_face_shadow)     \
  X(bg_shadow)             \
  X(eyes_red)              \
  X(jpeg_quality)          \
  X(print_marks)           \
  X(face_occlusion)        \
  X(colour_cast)           \
  X(light_hot_spots)       \
  X(head_top_margin)       \
  X(head_side_margin)      \
  X(eyes_gaze)             \
  X(eyes_hair)             \
  X(shoulders_square)      \
  X(photo_motion_blur)     \
  X(photo_noise)           \
  X(photo_posterization)

#define CONFORME_DECLARE_CHECK(name) extern const Check name;
CONFORME_CHECKS(CONFORME_DECLARE_CHECK)
#undef CONFORME_DECLARE_CHECK

const std::vector<Check>& all_checks() {
#define CONFORME_LIST_CHECK(name) name,
  static const std::vector<Check> checks = {CONFORME_CHECKS(CONFORME_LIST_CHECK)};
#undef CONFORME_LIST_CHECK
  return checks;
}

const Check* find_check(std::string_view id) {
  const auto& checks = all_checks();
  auto it = std::find_if(checks.begin(), checks.end(), [&](const Check& c) { return c.id == id; });
  return it == checks.end() ? nullptr : &*it;
}

Measurement run_check(const Check& check, const FaceContext& ctx) {
  if (check.needs == Needs::single_face && !ctx.face) {
    // These reasons have their French words in profile/wording.cpp (a test holds them to it).
    if (ctx.face_count == 0 && ctx.small_face_boxes.size() == 1) return Measurement::skipped("face too small to measure");
    if (ctx.face_count == 0 && ctx.small_face_boxes.size() > 1)
      return Measurement::skipped(std::to_string(ctx.small_face_boxes.size()) + " faces too small to measure");
    if (ctx.face_count == 0 && ctx.turned_quarters == 2) return Measurement::skipped("photo upside down");
    if (ctx.face_count == 0 && ctx.turned_quarters != 0) return Measurement::skipped("photo on its side");
    if (ctx.face_count == 0) return Measurement::skipped("no face found");
    return Measurement::skipped(std::to_string(ctx.face_count) + " faces found");
  }
  try {
    return check.measure(ctx);
  } catch (const cv::Exception& e) {
    if (e.code == cv::Error::StsNoMem) throw;
    return Measurement::skipped("measurement failed: " + std::string(e.what()));
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    return Measurement::skipped("measurement failed: " + std::string(e.what()));
  }
}

}  // namespace conforme
