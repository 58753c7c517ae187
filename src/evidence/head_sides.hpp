#pragma once
// The sides of the head, hair and ears included, found in the photo: how far the head reaches
// towards the left and right edges between the top of the skull and the tip of the nose. Measured by
// head.side_margin (the whole head in the photo, with backdrop beside it: ICAO Doc 9303 part 3,
// ISO/IEC 19794-5 §1's Full Frontal image; the French texts' light backdrop "faisant apparaître
// le contour du visage"); drawn by the --annotate drawing (report/annotate.cpp) when that check
// does not pass.
#include "core/face_context.hpp"

namespace conforme {

struct HeadSides {
  // The head's outermost columns, in photo pixels: `left` the first column of the head from the
  // image's left edge (0 when the head touches or is cut by it), `right` one past its last (the
  // photo's width when it touches the right edge). Each is the extent that at least a tenth of
  // the rows from the top of the skull to the tip of the nose reach, so one row's stray hair or a
  // shadow's corner does not decide it. Each row is followed out from the face's outline through
  // the pixels that stand out of the backdrop (CIELAB Delta E 14 from the fitted backdrop, from
  // its median and from the side edge's own colour above the head: a print's border or a
  // vignette running down the edge), across gaps under 0.1 inter-eye distances.
  double left = 0, right = 0;
  // The rows read, in photo pixels, [top, bottom): the annotate drawing marks the sides there.
  double top = 0, bottom = 0;
  // For each side (image left, image right), the share of the backdrop's pixels on that side of
  // the mid-line, beside and above the head (Face::reduced_background_mask), that stand out of the
  // smooth backdrop fitted to them (evidence/backdrop_field.hpp): a busy background (a flag, a
  // bookcase), where the head is not told from what stands behind it. -1 when that side shows no
  // backdrop at all (a head filling it): that side is then read as it is.
  double backdrop_off[2] = {-1, -1};
};

// requires: ctx.face.
HeadSides find_head_sides(const FaceContext& ctx);

}  // namespace conforme
