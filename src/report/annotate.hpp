#pragma once
// The photo with its measurements drawn on it, for people reviewing a verdict.
#include <optional>

#include <opencv2/core.hpp>

#include "core/face_context.hpp"
#include "core/report.hpp"

namespace conforme {

// A band of rows or columns the profile allows, in photo pixels (from < to).
struct Band {
  double from = 0, to = 0;
};

// The bands the profile applied to this photo, read from the limits in the report (never
// hard-coded): the eye line (eyes.line ratio, from the bottom), the face mid-line (head.center_x
// ratio) and the top of the skull given the chin (head.height ratio): the rule's band, inside
// the review band where the profile gives one (warn_min / warn_max). nullopt when the profile
// has no such limit (or only one side of it) or the face was not measured.
struct AllowedBands {
  std::optional<Band> eye_rows, centre_columns, crown_rows;
};
AllowedBands allowed_bands(const FaceContext& ctx, const PhotoReport& report);

// The drawing: the photo unchanged except for lines — the background sample region outlined
// (never tinted: a white background stays white), the allowed bands as dashed lines, the eye line,
// chin and crown lines, face mid-line, landmarks, a box around every face found — and, on a white
// panel to its right (the photo is never written over), a legend and the checks that failed or
// warned with their values and limits. Returns a new image wider than the photo and as high (higher
// only when the panel's list needs it); the photo occupies its top-left `ctx.width()` x
// `ctx.height()` pixels. ctx is unchanged. The panel is written in French, or in English when
// `french` is false; each failed or warned check by its title and the report's explanation.
cv::Mat annotate(const FaceContext& ctx, const PhotoReport& report, bool french = true);

}  // namespace conforme
