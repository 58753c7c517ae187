#include "face/landmark_forest.hpp"

#include <stdexcept>
#include <string>

#include <dlib/image_processing/shape_predictor.h>
#include <dlib/serialize.h>

namespace conforme {
namespace {

// 2^depth == leaves, or 0 when `leaves` is not a power of two above 1 or the splits do not match.
unsigned complete_depth(std::size_t splits, std::size_t leaves) {
  unsigned depth = 0;
  while ((std::size_t{1} << depth) < leaves) ++depth;
  if (depth == 0 || (std::size_t{1} << depth) != leaves || splits + 1 != leaves) return 0;
  return depth;
}

constexpr int cache_line_bytes = 64;

}  // namespace

LandmarkForest LandmarkForest::load(std::istream& in) {
  // The layout dlib::serialize(shape_predictor) writes: version, initial shape, forests (a vector
  // of vectors of trees), anchor indices, deltas. Each tree is read by dlib's deserialiser, one at
  // a time, and copied into the cascade's flat arrays.
  LandmarkForest model;
  int version = 0;
  dlib::deserialize(version, in);
  if (version != 1)
    throw dlib::serialization_error("unexpected shape_predictor version " + std::to_string(version));
  dlib::deserialize(model.initial_shape_, in);
  const std::size_t values = model.initial_shape_.size();
  unsigned long cascades = 0;
  dlib::deserialize(cascades, in);
  model.forests_.resize(cascades);
  dlib::impl::regression_tree tree;
  for (Forest& forest : model.forests_) {
    unsigned long trees = 0;
    dlib::deserialize(trees, in);
    forest.trees = trees;
    for (unsigned long t = 0; t < trees; ++t) {
      deserialize(tree, in);  // the tree's own (hidden friend) deserialiser, found by ADL
      const unsigned depth = complete_depth(tree.splits.size(), tree.leaf_values.size());
      if (depth == 0 || (t > 0 && depth != forest.depth))
        throw std::runtime_error("landmark model: tree " + std::to_string(t) +
                                 " is not complete or differs in depth from its forest's first tree");
      if (t == 0) {
        forest.depth = depth;
        forest.splits.reserve(trees * tree.splits.size());
        forest.leaves.reserve(trees * tree.leaf_values.size() * values);
      }
      for (const auto& s : tree.splits)
        forest.splits.push_back({static_cast<std::uint32_t>(s.idx1), static_cast<std::uint32_t>(s.idx2), s.thresh});
      for (const auto& leaf : tree.leaf_values) {
        if (static_cast<std::size_t>(leaf.size()) != values)
          throw std::runtime_error("landmark model: a leaf holds " + std::to_string(leaf.size()) +
                                   " values, the shape " + std::to_string(values));
        forest.leaves.insert(forest.leaves.end(), leaf.begin(), leaf.end());
      }
    }
  }
  dlib::deserialize(model.anchor_idx_, in);
  dlib::deserialize(model.deltas_, in);
  if (model.anchor_idx_.size() != cascades || model.deltas_.size() != cascades)
    throw std::runtime_error("landmark model: " + std::to_string(cascades) + " forests but " +
                             std::to_string(model.anchor_idx_.size()) + " pixel sets");
  for (std::size_t c = 0; c < cascades; ++c)
    for (const Split& s : model.forests_[c].splits)
      if (s.idx1 >= model.deltas_[c].size() || s.idx2 >= model.deltas_[c].size())
        throw std::runtime_error("landmark model: a split reads a pixel sample that does not exist");
  return model;
}

dlib::full_object_detection LandmarkForest::operator()(const dlib::cv_image<unsigned char>& image,
                                                       const dlib::rectangle& box) const {
  dlib::matrix<float, 0, 1> shape = initial_shape_;
  const std::size_t values = shape.size();
  std::vector<float> pixels;
  std::vector<const float*> chosen;
  for (std::size_t c = 0; c < forests_.size(); ++c) {
    const Forest& forest = forests_[c];
    dlib::impl::extract_feature_pixel_values(image, box, shape, initial_shape_, anchor_idx_[c], deltas_[c],
                                             pixels);
    const std::size_t split_count = (std::size_t{1} << forest.depth) - 1;
    const std::size_t leaf_floats = (split_count + 1) * values;
    chosen.resize(forest.trees);
    for (std::size_t t = 0; t < forest.trees; ++t) {
      const Split* splits = forest.splits.data() + t * split_count;
      std::size_t i = 0;
      while (i < split_count) {
        const Split& s = splits[i];
        i = pixels[s.idx1] - pixels[s.idx2] > s.thresh ? 2 * i + 1 : 2 * i + 2;
      }
      const float* leaf = forest.leaves.data() + t * leaf_floats + (i - split_count) * values;
      const char* bytes = reinterpret_cast<const char*>(leaf);
      for (std::size_t b = 0; b < values * sizeof(float); b += cache_line_bytes) __builtin_prefetch(bytes + b);
      chosen[t] = leaf;
    }
    // dlib adds the trees' offsets one tree after the other: the same sums, in the same order.
    float* out = &shape(0);
    for (const float* leaf : chosen)
      for (std::size_t k = 0; k < values; ++k) out[k] += leaf[k];
  }
  const dlib::point_transform_affine to_image = dlib::impl::unnormalizing_tform(box);
  std::vector<dlib::point> parts(values / 2);
  for (std::size_t i = 0; i < parts.size(); ++i) parts[i] = to_image(dlib::impl::location(shape, i));
  return dlib::full_object_detection(box, parts);
}

}  // namespace conforme
