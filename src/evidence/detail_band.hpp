#pragma once
// Where photo.pixelation reads a face's detail: the eye band (brows, nose and eyes, landmarks
// 17-47), the finest detail of a face. Read at the photo's own resolution, never reduced first
// (a reduction softens an interpolated image and would be read as more enlargement): up to
// `detail_band_working_ied` px between the eyes the whole band, beyond it a window of the band's
// centre holding as many pixels as the whole band would at that eye distance, so the cost stays
// bounded. The review drawing (report/annotate.cpp) shows the same window.
#include <optional>

#include <opencv2/core.hpp>

#include "core/face_context.hpp"

namespace conforme {

inline constexpr double detail_band_working_ied = 144.0;  // room above the rule's 90 px

struct DetailBand {
  cv::Rect eye_band;  // the landmarks' box, inside the photo
  cv::Rect read;      // the part read: the whole band, or its centre on a large photo
  // The round-trip factor whose loss is the band's whole detail: where the eyes come
  // detail_band_working_ied / 8 px apart (8 up to that eye distance).
  double reference = 8.0;
};

// Empty when the photo has no single face or the band is too small to read (under 24 px a side,
// or under 8 px between the eyes).
std::optional<DetailBand> detail_band(const FaceContext& ctx);

}  // namespace conforme
