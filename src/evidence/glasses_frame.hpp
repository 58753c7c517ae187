#pragma once
// How heavy the frames of found glasses are (ICAO Doc 9303 part 3 and ISO/IEC 19794-5:2005
// §7.2.11: glasses are allowed when their frames are not heavy and do not hide the eyes), read
// on the upright eye crop the glasses checks share (glasses_evidence.hpp, 128 px between the
// eyes), below each eye: there a lens's lower rim crosses the cheek, where only skin lies behind
// it (above the eye the brows are as dark as a frame). Down each column below the eye, the rim is
// where the colour departs most from the column's median (the skin's); its "ink" is that CIELAB
// departure summed across the rim, over 100: the rim's width times its contrast, in inter-eye
// distances. Summing makes it blur-proof (a 1 px rim blurred over 3 px keeps its ink, so a thin
// rim reads thin on a 50 px-between-the-eyes portrait as on a 600 dpi one), and colour makes it
// see light, grey, red and clear plastic frames as well as dark ones.
// Used by the glasses.frame check; drawn by the --annotate drawing (report/annotate.cpp).
#include <array>

#include <opencv2/core.hpp>

#include "face/face_crop.hpp"

namespace conforme {

struct EyeFrameRim {
  double ink = 0;  // the lower rim's ink: median over the columns below the eye, inter-eye distances
  cv::Point2f from, to;  // the rim as found: its median row across the columns read, crop pixels
};

// [0]: the eye on the image left (landmarks 36-41), [1]: on the image right (42-47).
std::array<EyeFrameRim, 2> glasses_frame_rims(const UprightFace& face);

}  // namespace conforme
