#include "face/landmark_forest.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

#include <dlib/image_processing/shape_predictor.h>
#include <dlib/serialize.h>

#include "face/dlib_format.hpp"

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

// The rows of a dlib::matrix<float, 0, 1> about to be read, with the checks dlib's
// deserialize(matrix) makes (and a negative size, which dlib does not check, refused).
std::size_t read_column_size(dlib_format::Reader& in, const char* what) {
  const std::size_t at = in.offset();
  long rows = in.read_signed<long>(what);
  long cols = in.read_signed<long>(what);
  if (rows < 0 || cols < 0) {  // the current format writes both negated; dlib negates both back
    rows = static_cast<long>(0UL - static_cast<unsigned long>(rows));
    cols = static_cast<long>(0UL - static_cast<unsigned long>(cols));
  }
  if (cols != 1) in.fail(what, "not a column vector (" + std::to_string(cols) + " columns)", at);
  if (rows < 0) in.fail(what, "corrupt size (" + std::to_string(rows) + " rows)", at);
  return static_cast<std::size_t>(rows);
}

void read_shape(dlib_format::Reader& in, dlib::matrix<float, 0, 1>& shape) {
  const char* what = "the initial shape";
  const std::size_t at = in.offset();
  const std::size_t n = read_column_size(in, what);
  if (n > in.left() / 4)  // a float takes at least 4 bytes
    in.fail(what, "cut short or corrupt: a size of " + std::to_string(n) + " values cannot fit in the " +
                      std::to_string(in.left()) + " bytes left", at);
  shape.set_size(static_cast<long>(n));
  if (n > 0) in.read_floats(&shape(0), n, what);
}

// Room for the first elements of a vector whose size was read from the data: it grows with what is
// actually read, so a corrupt size cannot make it allocate more than the bytes it consumes.
template <class T>
void reserve_for(std::vector<T>& v, std::size_t n) {
  v.reserve(std::min<std::size_t>(n, 4096));
}

void read_anchors(dlib_format::Reader& in, std::vector<std::vector<unsigned long>>& anchors) {
  const std::size_t sets = in.read_count(2, "the number of anchor index sets");
  reserve_for(anchors, sets);
  for (std::size_t s = 0; s < sets; ++s) {
    auto& set = anchors.emplace_back();
    const std::size_t n = in.read_count(2, "the size of an anchor index set");
    reserve_for(set, n);
    for (std::size_t i = 0; i < n; ++i) set.push_back(in.read_unsigned<unsigned long>("an anchor index"));
  }
}

void read_deltas(dlib_format::Reader& in, std::vector<std::vector<dlib::vector<float, 2>>>& deltas) {
  const std::size_t sets = in.read_count(2, "the number of pixel offset sets");
  reserve_for(deltas, sets);
  for (std::size_t s = 0; s < sets; ++s) {
    auto& set = deltas.emplace_back();
    const std::size_t n = in.read_count(8, "the size of a pixel offset set");
    reserve_for(set, n);
    for (std::size_t i = 0; i < n; ++i) {
      const float x = in.read_float("a pixel offset");
      const float y = in.read_float("a pixel offset");
      set.emplace_back(x, y);
    }
  }
}

// The bytes a stream that cannot tell its size holds, from its position to its end.
std::vector<unsigned char> read_to_end(std::streambuf& buf) {
  constexpr std::size_t chunk = std::size_t{1} << 20;
  std::vector<unsigned char> bytes;
  for (;;) {
    const std::size_t at = bytes.size();
    bytes.resize(at + chunk);
    const std::streamsize got = buf.sgetn(reinterpret_cast<char*>(bytes.data() + at), chunk);
    bytes.resize(at + static_cast<std::size_t>(std::max<std::streamsize>(got, 0)));
    if (got <= 0) return bytes;
  }
}

}  // namespace

LandmarkForest LandmarkForest::load(std::istream& in) {
  std::streambuf* buf = in.rdbuf();
  if (buf == nullptr) throw std::runtime_error("landmark model: no stream to read");
  // A stream that can seek tells how many bytes it holds, and is read a chunk at a time.
  const std::streampos here = buf->pubseekoff(0, std::ios::cur, std::ios::in);
  const std::streampos end = here == std::streampos(-1) ? here : buf->pubseekoff(0, std::ios::end, std::ios::in);
  if (end != std::streampos(-1)) {
    if (buf->pubseekpos(here, std::ios::in) != here) throw std::runtime_error("landmark model: the stream cannot seek back");
    dlib_format::Reader reader(
        [buf](unsigned char* to, std::size_t max) {
          const std::streamsize got = buf->sgetn(reinterpret_cast<char*>(to), static_cast<std::streamsize>(max));
          return static_cast<std::size_t>(std::max<std::streamsize>(got, 0));
        },
        end > here ? static_cast<std::size_t>(end - here) : 0);
    LandmarkForest model = read(reader);
    // Left just after the model, as dlib's deserialiser leaves it (the last chunk read may have
    // taken bytes after it).
    buf->pubseekpos(here + static_cast<std::streamoff>(reader.offset()), std::ios::in);
    return model;
  }
  return load_bytes(read_to_end(*buf));
}

LandmarkForest LandmarkForest::load_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error(std::string("cannot open it: ") + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw std::runtime_error(std::string("cannot read its size: ") + std::strerror(errno));
  // A chunk at a time: the 100 MB file is never in memory whole (the process's peak memory stays
  // the model's), and the chunk stays in the CPU's cache while it is decoded.
  dlib_format::Reader reader(
      [fd](unsigned char* to, std::size_t max) -> std::size_t {
        for (;;) {
          const ssize_t got = ::read(fd, to, max);
          if (got >= 0) return static_cast<std::size_t>(got);
          if (errno != EINTR) throw std::runtime_error(std::string("cannot read it: ") + std::strerror(errno));
        }
      },
      static_cast<std::size_t>(std::max<off_t>(st.st_size, 0)));
  return read(reader);
}

LandmarkForest LandmarkForest::load_bytes(std::span<const unsigned char> bytes) {
  dlib_format::Reader reader(bytes);
  return read(reader);
}

LandmarkForest LandmarkForest::read(dlib_format::Reader& in) {
  // The layout dlib::serialize(shape_predictor) writes: version, initial shape, forests (a vector
  // of vectors of trees), anchor indices, deltas; each tree is its splits (idx1, idx2, thresh)
  // then its leaves (one matrix each). Decoded straight into the cascades' flat arrays, with
  // dlib's integer and float decoding (face/dlib_format.hpp).
  LandmarkForest model;
  const int version = in.read_signed<int>("the shape_predictor version");
  if (version != 1)
    throw dlib::serialization_error("unexpected shape_predictor version " + std::to_string(version));
  read_shape(in, model.initial_shape_);
  const std::size_t values = model.initial_shape_.size();

  const std::size_t cascades = in.read_count(2, "the number of forests");
  reserve_for(model.forests_, cascades);
  // Which forest and tree are being read, for the error messages.
  std::size_t c = 0, t = 0;
  bool in_tree = false;
  try {
    for (c = 0; c < cascades; ++c) {
      Forest& forest = model.forests_.emplace_back();
      in_tree = false;
      const std::size_t trees = in.read_count(4, "a forest's number of trees");
      forest.trees = trees;
      in_tree = true;
      for (t = 0; t < trees; ++t) {
        const std::size_t splits = in.read_count(8, "a tree's number of splits");
        if (t == 0) forest.splits.reserve(std::min(trees * splits, in.left() / 8));  // capped: 8 bytes a split
        for (std::size_t i = 0; i < splits; ++i) {
          const auto idx1 = in.read_unsigned<unsigned long>("a split's first pixel index");
          const auto idx2 = in.read_unsigned<unsigned long>("a split's second pixel index");
          const float thresh = in.read_float("a split's threshold");
          if (idx1 > std::numeric_limits<std::uint32_t>::max() || idx2 > std::numeric_limits<std::uint32_t>::max())
            throw std::runtime_error("landmark model: a split reads a pixel sample that does not exist");
          forest.splits.push_back({static_cast<std::uint32_t>(idx1), static_cast<std::uint32_t>(idx2), thresh});
        }
        const std::size_t leaves = in.read_count(4, "a tree's number of leaves");
        const unsigned depth = complete_depth(splits, leaves);
        if (depth == 0 || (t > 0 && depth != forest.depth))
          throw std::runtime_error("landmark model: tree " + std::to_string(t) +
                                   " is not complete or differs in depth from its forest's first tree");
        if (t == 0) {
          forest.depth = depth;
          // Capped by what the bytes left can hold (at least 4 bytes a value).
          forest.leaves.reserve(std::min(trees * leaves * values, in.left() / 4));
        }
        for (std::size_t l = 0; l < leaves; ++l) {
          const std::size_t n = read_column_size(in, "a leaf's size");
          if (n != values)
            throw std::runtime_error("landmark model: a leaf holds " + std::to_string(n) + " values, the shape " +
                                     std::to_string(values));
          const std::size_t at = forest.leaves.size();
          forest.leaves.resize(at + values);
          in.read_floats(forest.leaves.data() + at, values, "a leaf value");
        }
      }
    }
  } catch (const dlib::serialization_error& e) {
    throw dlib::serialization_error(e.what() + (" (forest " + std::to_string(c)) +
                                    (in_tree ? ", tree " + std::to_string(t) + ")" : ")"));
  }
  read_anchors(in, model.anchor_idx_);
  read_deltas(in, model.deltas_);
  if (model.anchor_idx_.size() != cascades || model.deltas_.size() != cascades)
    throw std::runtime_error(
        "landmark model: " + std::to_string(cascades) + " forests but " +
        std::to_string(model.anchor_idx_.size() != cascades ? model.anchor_idx_.size() : model.deltas_.size()) +
        " pixel sets");
  for (std::size_t k = 0; k < cascades; ++k) {
    // dlib::impl::extract_feature_pixel_values reads one delta and one landmark per anchor index.
    if (model.anchor_idx_[k].size() != model.deltas_[k].size())
      throw std::runtime_error("landmark model: forest " + std::to_string(k) + " has " +
                               std::to_string(model.anchor_idx_[k].size()) + " anchor indices but " +
                               std::to_string(model.deltas_[k].size()) + " pixel offsets");
    for (const unsigned long a : model.anchor_idx_[k])
      if (a >= values / 2)
        throw std::runtime_error("landmark model: a pixel sample is anchored to a landmark that does not exist");
    for (const Split& s : model.forests_[k].splits)
      if (s.idx1 >= model.deltas_[k].size() || s.idx2 >= model.deltas_[k].size())
        throw std::runtime_error("landmark model: a split reads a pixel sample that does not exist");
  }
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
