#pragma once
// The top of the head, hair included, found in the photo: where the hair (or a bald crown) first
// stands out of the backdrop above the face. Measured by head.top_margin (the headroom above the
// head: ICAO Doc 9303 part 3 and ISO/IEC 19794-5 want the whole head in the photo, hair
// included); drawn by the --annotate drawing (report/annotate.cpp) when that check does not pass.
#include "core/face_context.hpp"

namespace conforme {

struct HeadTop {
  // The top of the head in photo rows: going up from the forehead through the rows where the
  // middle of the head stands out of the backdrop, the highest of them. 0 when the hair touches
  // or is cut by the top edge.
  double y = 0;
  // false when the forehead itself does not stand out of the backdrop (a pale head on a pale
  // backdrop): nothing was followed, and `y` means nothing.
  bool found = false;
  // The share of the backdrop's pixels (above the eyes, Face::reduced_background_mask) that stand
  // out of the smooth backdrop fitted to them: a busy background (a bookcase, leaves, a building,
  // a flag) where the head cannot be told from what is behind it. -1 when too little backdrop
  // was seen to fit.
  double backdrop_off = 0;
};

// Beyond this share of busy backdrop, head.top_margin does not measure (bg.uniform judges such a
// background): the top of the head is not told from what stands behind it.
inline constexpr double busiest_backdrop = 0.3;

// requires: ctx.face.
HeadTop find_head_top(const FaceContext& ctx);

}  // namespace conforme
