#pragma once
// The reduced photo in CIELAB, where the head's outline is followed against the backdrop
// (evidence/head_top: the top of the head, down to the eyes; evidence/head_sides: its sides, down
// to the tip of the nose). Face::reduced_bgr blurred 3 x 3 (sensor noise, JPEG grain), then in
// 32-bit CIELAB (L* 0..100, a* and b* signed). Its rows down to the tip of the nose are taken once
// per photo (Face::on_demand.outline_lab) and shared by both: the blur reads the row below a band
// from the photo, so a band of rows from the top holds the values it held converted on its own
// (the same records on 2,335 real photos). Only when the shared rows reach the photo's last row
// does OpenCV blur the whole image by another path, which may round a pixel one grey level apart.
#include <opencv2/core.hpp>

#include "core/face_context.hpp"

namespace conforme {

// The rows [0, rows) of the outline copy; the shared copy's rows when they are enough (a view of
// them: do not write to it), else taken for this call.
// requires: ctx.face; 1 <= rows <= ctx.face->reduced_bgr.rows.
cv::Mat outline_lab(const FaceContext& ctx, int rows);

// The rows the shared copy holds: down to the tip of the nose (landmark 33), and at least one row
// below the estimated top of the skull; what evidence/head_sides reads.
int outline_lab_rows(const Face& f);

}  // namespace conforme
