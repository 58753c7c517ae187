#pragma once
// dlib's 68-point landmark model (a cascade of regression-tree forests, Kazemi and Sullivan 2014),
// loaded with dlib's own deserialisers and evaluated with dlib's own feature sampling, but with
// its trees packed into flat arrays.
//
// Why: dlib::shape_predictor keeps every leaf's 136-float offset in its own heap block, about
// 120,000 blocks spread over 70 MB. One face reads one leaf in each of the 7,500 trees, one after
// the other, and each read waits for memory: once the other checks have flushed the caches, a fit
// costs about 3 ms instead of the 1 ms it costs when the same face is fitted twice in a row. Here
// a cascade's 500 leaves are all chosen first (the tree walks only need the cascade's pixel
// samples) and prefetched, then added in dlib's order. The result is the same to the bit: the same
// float additions, in the same order (tests/unit/landmark_forest_test.cpp compares it with
// dlib::shape_predictor).
#include <cstdint>
#include <istream>
#include <vector>

#include <dlib/geometry.h>
#include <dlib/image_processing/full_object_detection.h>
#include <dlib/matrix.h>
#include <dlib/opencv/cv_image.h>

namespace conforme {

class LandmarkForest {
 public:
  // Reads a model serialised by dlib::serialize(shape_predictor) (version 1).
  // ensures: throws dlib::serialization_error (or std::runtime_error for a tree that is not
  // complete) when the stream is not such a model.
  static LandmarkForest load(std::istream& in);

  unsigned long num_parts() const { return initial_shape_.size() / 2; }

  // The landmarks of the face in `box`, as dlib::shape_predictor::operator() gives them.
  dlib::full_object_detection operator()(const dlib::cv_image<unsigned char>& image,
                                         const dlib::rectangle& box) const;

 private:
  struct Split {
    std::uint32_t idx1, idx2;  // pixel samples of the cascade
    float thresh;
  };
  // One cascade's forest: every tree complete, with `depth` levels of splits.
  struct Forest {
    unsigned depth = 0;
    std::size_t trees = 0;
    std::vector<Split> splits;  // trees x (2^depth - 1), each tree's splits in dlib's order
    std::vector<float> leaves;  // trees x 2^depth x values, each leaf's offsets contiguous
  };

  dlib::matrix<float, 0, 1> initial_shape_;
  std::vector<Forest> forests_;
  std::vector<std::vector<unsigned long>> anchor_idx_;
  std::vector<std::vector<dlib::vector<float, 2>>> deltas_;
};

}  // namespace conforme
