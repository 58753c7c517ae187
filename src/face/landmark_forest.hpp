#pragma once
// dlib's 68-point landmark model (a cascade of regression-tree forests, Kazemi and Sullivan 2014),
// evaluated with dlib's own feature sampling, but with its trees packed into flat arrays.
//
// Loading: the model file (100 MB) is read a chunk at a time and decoded from memory
// (face/dlib_format.hpp) to the same values, to the bit, as dlib's deserialisers give; they read
// it a byte at a time from a stream and took about 0.6 s, most of the program's start-up.
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
#include <span>
#include <string>
#include <vector>

#include <dlib/geometry.h>
#include <dlib/image_processing/full_object_detection.h>
#include <dlib/matrix.h>
#include <dlib/opencv/cv_image.h>

namespace conforme {

namespace dlib_format {
class Reader;
}

class LandmarkForest {
 public:
  // Reads a model serialised by dlib::serialize(shape_predictor) (version 1) from `in`'s
  // position. A stream that can seek is left just after the model, as dlib leaves it; one that
  // cannot is read to its end first. Bytes after the model are ignored, as dlib ignores them.
  // ensures: throws dlib::serialization_error when the bytes are cut short or are not what dlib
  // writes (the message names what was being read and at which byte), std::runtime_error when the
  // trees are not complete or the model's parts do not fit together.
  static LandmarkForest load(std::istream& in);
  // The same, from a file (std::runtime_error when it cannot be opened or read) ...
  static LandmarkForest load_file(const std::string& path);
  // ... or from the model's bytes in memory.
  static LandmarkForest load_bytes(std::span<const unsigned char> bytes);

  unsigned long num_parts() const { return initial_shape_.size() / 2; }

  // The landmarks of the face in `box`, as dlib::shape_predictor::operator() gives them.
  dlib::full_object_detection operator()(const dlib::cv_image<unsigned char>& image,
                                         const dlib::rectangle& box) const;

 private:
  friend struct LandmarkForestFields;  // tests/unit/landmark_model_load_test.cpp compares them with dlib's

  static LandmarkForest read(dlib_format::Reader& in);

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
