#pragma once
// dlib's frontal face detector as compiled into libconforme (see face_models.cpp).
#include <dlib/image_processing/frontal_face_detector.h>

namespace conforme {
// A new copy of the detector, read from the bytes serialised at build time.
dlib::frontal_face_detector embedded_face_detector();
}  // namespace conforme
