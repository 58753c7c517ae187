#pragma once
// Where another, smaller face may be beside the sitter's: a person further back, a portrait on the
// wall, someone leaning in.
//
// The detection passes (face_models.cpp) see a face only when it is at least about a third of the
// photo's longer side: the sitter's face is, a second person's further back is not. Scanning the
// whole photo for smaller faces costs 3-6 ms with the frontal filter alone (360-480 px copies), so
// the look is made only where a face can be: patches of skin-coloured pixels outside the sitter's
// head, neck and body column and above the chin, shaded as a face is (a flat hat brim or strand of
// hair is not scanned), each scanned at the scale where its width is about a face's (2-3 ms a
// place). A plain grey, blue or white backdrop leaves no skin there,
// and the look then costs a colour conversion of a copy of at most 320 px (BM_OtherFaceAreas_IdPhoto,
// about 0.08 ms). Faces partly hidden by the sitter or cut by the photo's edge, and faces in a
// grey photo (no skin colour), are not found (EVALUATION.md §40).
#include <vector>

#include <opencv2/core.hpp>

#include "core/face_context.hpp"

namespace conforme {

// One place to scan: `area` in photo pixels, scanned at `scale` (scanned pixels per photo pixel).
struct FaceSearchArea {
  cv::Rect area;
  double scale = 1.0;
};

// The places to scan for other faces beside the sitter's `face` (read on its reduced photo,
// Face::reduced_bgr), the largest patch first, at most `max_areas`; `photo` is the photo's size.
std::vector<FaceSearchArea> other_face_areas(const Face& face, cv::Size photo, int max_areas = 2);

// Whether `found` (a detector box in photo pixels) is another face than the sitter's `face_box`:
// its centre outside the sitter's box and the two boxes sharing less than a quarter of the smaller.
bool apart_from_sitter(const cv::Rect2f& found, const cv::Rect2f& face_box);

}  // namespace conforme
