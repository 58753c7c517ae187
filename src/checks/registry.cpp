#include <algorithm>
#include <new>
#include <string>

#include <opencv2/core.hpp>

#include "checks/check.hpp"

namespace conforme {

// Each check is defined in its own file of this directory.
extern const Check photo_aspect, photo_resolution, face_count, head_height, head_center_x, eyes_line,
    pose_yaw, pose_pitch, pose_roll, eyes_open, expr_mouth_closed, expr_neutral, bg_uniform,
    bg_colour, light_exposure, colour_is_colour, sharp_focus;
extern const Check photo_size_mm, sheet_uncut, sheet_copies_identical;
extern const Check glasses, glasses_tinted, glasses_reflection;
extern const Check head_covering;
extern const Check light_face_shadow, bg_shadow;
extern const Check eyes_red;
extern const Check jpeg_quality;
extern const Check print_marks;

const std::vector<Check>& all_checks() {
  static const std::vector<Check> checks = {
      photo_aspect, photo_resolution, face_count,  head_height,       head_center_x, eyes_line,
      pose_yaw,     pose_pitch,       pose_roll,   eyes_open,         expr_mouth_closed,
      expr_neutral, bg_uniform,       bg_colour,   light_exposure,    colour_is_colour,
      sharp_focus,
      photo_size_mm, sheet_uncut, sheet_copies_identical,
      glasses,      glasses_tinted,   glasses_reflection,
      head_covering,
      light_face_shadow, bg_shadow,
      eyes_red,
      jpeg_quality,
      print_marks,
  };
  return checks;
}

const Check* find_check(std::string_view id) {
  const auto& checks = all_checks();
  auto it = std::find_if(checks.begin(), checks.end(), [&](const Check& c) { return c.id == id; });
  return it == checks.end() ? nullptr : &*it;
}

Measurement run_check(const Check& check, const FaceContext& ctx) {
  if (check.needs == Needs::single_face && !ctx.face) {
    // Each reason has its French words in profile/wording.cpp (a test holds them to it).
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
