#pragma once
// Folds and marks on a scanned print: what print.marks measures and the --annotate drawing
// (report/annotate.cpp) draws when that check does not pass. Folds are long straight thin lines
// crossing the photo: thin light or dark structures (morphological top-hat and black-hat) joined
// into segments by cv::HoughLinesP, kept when longer than 40 % of the photo's smaller side, not
// along the photo's border, and thin on both sides (the same tone left and right of the line,
// unlike the outline of the sitter against the backdrop). A scanned print shows its own edges
// too: the white margin between the scanner's dark background and the picture is a thin light
// line with dark on both sides, parallel to a side and near it. A line within 4 degrees of a side
// and within 10 % of the photo from it is taken for the print's edge, not a fold (chosen on
// labelled Biographical Directory prints, EVALUATION.md §19); a fold that close to a side and
// parallel to it is missed. Marks are thin structures on the backdrop, which is otherwise plain:
// the longest one. Computed with the photo's longer side at 400 px.
#include <utility>
#include <vector>

#include <opencv2/core.hpp>

#include "core/face_context.hpp"

namespace conforme {

struct PrintMarks {
  // One segment per fold found (segments of one fold, same direction and offset, counted once),
  // in photo pixels: the stretch HoughLinesP found, not the whole line across the photo.
  std::vector<std::pair<cv::Point2f, cv::Point2f>> folds;
  // The diagonal of the largest thin structure's bounding box on the backdrop above the chin, in
  // photo pixels.
  double longest_mark_px = 0;
};

// requires: ctx.face.
PrintMarks find_print_marks(const FaceContext& ctx);

}  // namespace conforme
