// LandmarkForest decodes dlib's serialisation format itself (face/dlib_format.hpp) instead of
// calling dlib's deserialisers: these tests hold it to them, field by field and bit for bit, on
// the real model and on every encoding of an integer or a float, and check that cut or corrupted
// data gives a thrown error that says what was being read, never a crash.
//
// Only LandmarkForest and dlib are needed here (no other fixture), so this file also builds alone,
// for instance under AddressSanitizer/UBSan:
//   g++ -std=c++20 -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -Isrc
//     -isystem /usr/include/opencv4 tests/unit/landmark_model_load_test.cpp
//     src/face/landmark_forest.cpp src/face/dlib_format.cpp
//     -lgtest_main -lgtest -ldlib -lopencv_core -lblas -llapack -lpthread
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <random>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include <dlib/image_processing/shape_predictor.h>
#include <dlib/serialize.h>
#include <gtest/gtest.h>

#include "face/dlib_format.hpp"
#include "face/landmark_forest.hpp"
#include "face/models.hpp"

namespace conforme {

// Read access to LandmarkForest's packed arrays (a friend of the class).
struct LandmarkForestFields {
  struct SplitValues {
    std::uint32_t idx1, idx2;
    float thresh;
  };
  static const dlib::matrix<float, 0, 1>& initial_shape(const LandmarkForest& f) { return f.initial_shape_; }
  static const std::vector<std::vector<unsigned long>>& anchor_idx(const LandmarkForest& f) { return f.anchor_idx_; }
  static const std::vector<std::vector<dlib::vector<float, 2>>>& deltas(const LandmarkForest& f) { return f.deltas_; }
  static std::size_t forests(const LandmarkForest& f) { return f.forests_.size(); }
  static std::size_t trees(const LandmarkForest& f, std::size_t c) { return f.forests_[c].trees; }
  static std::size_t splits_per_tree(const LandmarkForest& f, std::size_t c) {
    return (std::size_t{1} << f.forests_[c].depth) - 1;
  }
  static std::size_t split_count(const LandmarkForest& f, std::size_t c) { return f.forests_[c].splits.size(); }
  static std::size_t leaf_value_count(const LandmarkForest& f, std::size_t c) { return f.forests_[c].leaves.size(); }
  // Split i of tree t of forest c, in dlib's order.
  static SplitValues split(const LandmarkForest& f, std::size_t c, std::size_t t, std::size_t i) {
    const auto& s = f.forests_[c].splits[t * splits_per_tree(f, c) + i];
    return {s.idx1, s.idx2, s.thresh};
  }
  // The values of leaf l of tree t of forest c.
  static const float* leaf(const LandmarkForest& f, std::size_t c, std::size_t t, std::size_t l) {
    const std::size_t values = static_cast<std::size_t>(f.initial_shape_.size());
    const std::size_t leaves = splits_per_tree(f, c) + 1;
    return f.forests_[c].leaves.data() + (t * leaves + l) * values;
  }
};

namespace {

// dlib::shape_predictor keeps its fields private, without accessors. An explicit instantiation
// may name private members ([temp.spec.general]/6): the one below hands out pointers to them, so
// the test reads the very fields dlib's own deserialiser filled.
template <class Tag, typename Tag::type Member>
struct Expose {
  friend typename Tag::type member(Tag) { return Member; }
};
struct InitialShape {
  using type = dlib::matrix<float, 0, 1> dlib::shape_predictor::*;
  friend type member(InitialShape);
};
struct Forests {
  using type = std::vector<std::vector<dlib::impl::regression_tree>> dlib::shape_predictor::*;
  friend type member(Forests);
};
struct AnchorIdx {
  using type = std::vector<std::vector<unsigned long>> dlib::shape_predictor::*;
  friend type member(AnchorIdx);
};
struct Deltas {
  using type = std::vector<std::vector<dlib::vector<float, 2>>> dlib::shape_predictor::*;
  friend type member(Deltas);
};
template struct Expose<InitialShape, &dlib::shape_predictor::initial_shape>;
template struct Expose<Forests, &dlib::shape_predictor::forests>;
template struct Expose<AnchorIdx, &dlib::shape_predictor::anchor_idx>;
template struct Expose<Deltas, &dlib::shape_predictor::deltas>;

using Fields = LandmarkForestFields;

std::string model_path() { return std::string(FaceModels::default_dir) + "/" + FaceModels::landmark_file; }

std::vector<unsigned char> file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const std::vector<unsigned char>& model_bytes() {
  static const std::vector<unsigned char> bytes = file_bytes(model_path());
  return bytes;
}

std::uint32_t bits(float f) { return std::bit_cast<std::uint32_t>(f); }

// Number of fields of `ours` that differ from dlib's shape predictor `sp`, bit for bit (floats
// compared as bit patterns: NaN payloads and signed zeros count). A difference of shape (sizes,
// counts) stops the comparison.
long differing_fields(const dlib::shape_predictor& sp, const LandmarkForest& ours) {
  const auto& initial_shape = sp.*member(InitialShape{});
  const auto& forests = sp.*member(Forests{});
  const auto& anchor_idx = sp.*member(AnchorIdx{});
  const auto& deltas = sp.*member(Deltas{});
  long differ = 0;
  const auto value = [&](bool same, const char* what) {
    if (!same && ++differ <= 5) ADD_FAILURE() << what << " differs";
  };
  const auto shape = [&](bool same, const char* what) {
    if (!same) {
      ADD_FAILURE() << what << " differs";
      ++differ;
    }
    return same;
  };
  if (!shape(initial_shape.size() == Fields::initial_shape(ours).size(), "initial shape size")) return differ;
  const std::size_t values = static_cast<std::size_t>(initial_shape.size());
  for (std::size_t k = 0; k < values; ++k)
    value(bits(initial_shape(k)) == bits(Fields::initial_shape(ours)(k)), "initial shape value");
  if (!shape(forests.size() == Fields::forests(ours), "number of forests")) return differ;
  for (std::size_t c = 0; c < forests.size(); ++c) {
    if (!shape(forests[c].size() == Fields::trees(ours, c), "number of trees")) return differ;
    std::size_t splits = 0, leaf_values = 0;
    for (std::size_t t = 0; t < forests[c].size(); ++t) {
      const dlib::impl::regression_tree& tree = forests[c][t];
      if (!shape(tree.splits.size() == Fields::splits_per_tree(ours, c), "splits of a tree") ||
          !shape(tree.leaf_values.size() == Fields::splits_per_tree(ours, c) + 1, "leaves of a tree"))
        return differ;
      splits += tree.splits.size();
      for (std::size_t i = 0; i < tree.splits.size(); ++i) {
        const auto s = Fields::split(ours, c, t, i);
        value(tree.splits[i].idx1 == s.idx1, "split idx1");
        value(tree.splits[i].idx2 == s.idx2, "split idx2");
        value(bits(tree.splits[i].thresh) == bits(s.thresh), "split threshold");
      }
      for (std::size_t l = 0; l < tree.leaf_values.size(); ++l) {
        const auto& leaf = tree.leaf_values[l];
        if (!shape(static_cast<std::size_t>(leaf.size()) == values, "leaf size")) return differ;
        leaf_values += values;
        const float* packed = Fields::leaf(ours, c, t, l);
        for (std::size_t k = 0; k < values; ++k) value(bits(leaf(k)) == bits(packed[k]), "leaf value");
      }
    }
    // Nothing more in the packed arrays than the trees hold.
    if (!shape(splits == Fields::split_count(ours, c), "the forest's split count") ||
        !shape(leaf_values == Fields::leaf_value_count(ours, c), "the forest's leaf value count"))
      return differ;
  }
  value(anchor_idx == Fields::anchor_idx(ours), "anchor indices");
  if (!shape(deltas.size() == Fields::deltas(ours).size(), "number of delta sets")) return differ;
  for (std::size_t c = 0; c < deltas.size(); ++c) {
    if (!shape(deltas[c].size() == Fields::deltas(ours)[c].size(), "delta set size")) return differ;
    for (std::size_t i = 0; i < deltas[c].size(); ++i) {
      value(bits(deltas[c][i].x()) == bits(Fields::deltas(ours)[c][i].x()), "delta x");
      value(bits(deltas[c][i].y()) == bits(Fields::deltas(ours)[c][i].y()), "delta y");
    }
  }
  return differ;
}

// A std::streambuf over bytes that cannot seek (like a pipe): LandmarkForest::load then reads
// it whole before decoding.
class UnseekableBuf : public std::streambuf {
 public:
  explicit UnseekableBuf(std::span<const unsigned char> bytes) : bytes_(bytes) {}

 protected:
  int_type underflow() override {
    if (at_ == bytes_.size()) return traits_type::eof();
    const std::size_t n = std::min<std::size_t>(4096, bytes_.size() - at_);
    std::memcpy(chunk_, bytes_.data() + at_, n);
    at_ += n;
    setg(chunk_, chunk_, chunk_ + n);
    return traits_type::to_int_type(chunk_[0]);
  }

 private:
  std::span<const unsigned char> bytes_;
  std::size_t at_ = 0;
  char chunk_[4096];
};

TEST(LandmarkModelLoad, EveryFieldOfTheModelIsBitIdenticalToDlibs) {
  dlib::shape_predictor sp;
  dlib::deserialize(model_path()) >> sp;
  ASSERT_EQ(sp.num_parts(), 68u);
  {
    SCOPED_TRACE("load_file");
    EXPECT_EQ(differing_fields(sp, LandmarkForest::load_file(model_path())), 0);
  }
  {
    SCOPED_TRACE("load(std::ifstream)");
    std::ifstream in(model_path(), std::ios::binary);
    EXPECT_EQ(differing_fields(sp, LandmarkForest::load(in)), 0);
  }
  {
    SCOPED_TRACE("load_bytes");
    EXPECT_EQ(differing_fields(sp, LandmarkForest::load_bytes(model_bytes())), 0);
  }
  {
    SCOPED_TRACE("load(a stream that cannot seek)");
    UnseekableBuf buf(model_bytes());
    std::istream in(&buf);
    EXPECT_EQ(differing_fields(sp, LandmarkForest::load(in)), 0);
  }
}

// dlib's bytes for `value`.
template <class T>
std::string dlib_bytes(const T& value) {
  std::ostringstream out;
  dlib::serialize(value, out);
  return out.str();
}

std::span<const unsigned char> as_span(const std::string& s) {
  return {reinterpret_cast<const unsigned char*>(s.data()), s.size()};
}

// What dlib's deserialise gives for `bytes` as a T, or nothing when it throws.
template <class T>
std::optional<T> dlib_reads(const std::string& bytes) {
  std::istringstream in(bytes);
  T value{};
  try {
    dlib::deserialize(value, in);
  } catch (const dlib::serialization_error&) {
    return std::nullopt;
  }
  return value;
}

template <class T>
std::optional<T> we_read(const std::string& bytes) {
  dlib_format::Reader in(as_span(bytes));
  try {
    if constexpr (std::is_same_v<T, float>)
      return in.read_float("a float");
    else if constexpr (std::numeric_limits<T>::is_signed)
      return in.read_signed<T>("an integer");
    else
      return in.read_unsigned<T>("an integer");
  } catch (const dlib::serialization_error&) {
    return std::nullopt;
  }
}

// The same float through read_floats' fast path: enough bytes after it that the path is taken.
std::optional<float> we_read_in_a_row(const std::string& bytes) {
  const std::string padded = bytes + std::string(32, '\0');
  dlib_format::Reader in(as_span(padded));
  float out[1];
  try {
    in.read_floats(out, 1, "a float");
  } catch (const dlib::serialization_error&) {
    return std::nullopt;
  }
  return out[0];
}

template <class T>
void expect_same_integers(const std::string& payload) {
  for (int control = 0; control < 256; ++control) {
    const std::string bytes = std::string(1, static_cast<char>(control)) + payload;
    const std::optional<T> dlib = dlib_reads<T>(bytes), ours = we_read<T>(bytes);
    ASSERT_EQ(dlib.has_value(), ours.has_value()) << "control byte " << control;
    if (dlib) {
      EXPECT_EQ(*dlib, *ours) << "control byte " << control;
    }
  }
}

TEST(LandmarkModelLoad, IntegersDecodeAsDlibDecodesThemForEveryControlByte) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 20; ++round) {
    std::string payload(8, '\0');
    for (char& c : payload) c = static_cast<char>(rng());
    if (round == 0) payload = std::string(8, '\xff');
    if (round == 1) payload = std::string(8, '\0');
    expect_same_integers<short>(payload);
    expect_same_integers<int>(payload);
    expect_same_integers<long>(payload);
    expect_same_integers<long long>(payload);
    expect_same_integers<unsigned short>(payload);
    expect_same_integers<unsigned int>(payload);
    expect_same_integers<unsigned long>(payload);
    // Cut short: every payload length below what the control byte announces.
    for (std::size_t n = 0; n < 8; ++n) expect_same_integers<unsigned long>(payload.substr(0, n));
  }
}

void expect_same_float(const std::string& bytes, const std::string& label) {
  const std::optional<float> dlib = dlib_reads<float>(bytes);
  const std::optional<float> ours = we_read<float>(bytes), in_a_row = we_read_in_a_row(bytes);
  ASSERT_EQ(dlib.has_value(), ours.has_value()) << label;
  ASSERT_EQ(dlib.has_value(), in_a_row.has_value()) << label;
  if (dlib) {
    EXPECT_EQ(bits(*dlib), bits(*ours)) << label << ": dlib " << *dlib << ", ours " << *ours;
    EXPECT_EQ(bits(*dlib), bits(*in_a_row)) << label << ": dlib " << *dlib << ", in a row " << *in_a_row;
  }
}

// Every exponent of the multiplication path (and beyond, where std::ldexp is called), with
// mantissas of every size: normal, subnormal, rounded-to-zero and overflowing results, and
// mantissas too wide for a float (rounded by the int64 -> float conversion first).
TEST(LandmarkModelLoad, FloatsDecodeToDlibsBitsForEveryExponent) {
  std::mt19937_64 rng(11);
  std::vector<std::int64_t> mantissas = {0, 1, -1, 2, 3, 255, 256, 0xFFFFFF, 0x800000, 0x800001, -0x800001,
                                         0x1000001, 0x1FFFFFF, (std::int64_t{1} << 53) + 1,
                                         std::numeric_limits<std::int64_t>::max(),
                                         // (not min(): dlib's writer negates it, undefined behaviour)
                                         std::numeric_limits<std::int64_t>::min() + 1};
  for (int i = 0; i < 40; ++i) {
    const int width = 1 + static_cast<int>(rng() % 63);
    const auto m = static_cast<std::int64_t>(rng() >> (64 - width));
    mantissas.push_back(i % 2 ? -m : m);
  }
  std::vector<int> exponents;
  for (int e = -330; e <= 330; ++e) exponents.push_back(e);
  for (int e : {-32768, -32767, -1000, 1000, 31999, 32000, 32001, 32002, 32767}) exponents.push_back(e);
  for (const std::int64_t m : mantissas)
    for (const int e : exponents) {
      const dlib::float_details details(m, static_cast<dlib::int16>(e));
      const std::string label = "mantissa " + std::to_string(m) + ", exponent " + std::to_string(e);
      // The conversion itself, against dlib's (float_details::operator float).
      ASSERT_EQ(bits(static_cast<float>(details)), bits(dlib_format::to_float(m, static_cast<std::int16_t>(e))))
          << label;
      expect_same_float(dlib_bytes(details), label);
    }
}

// Floats as dlib::serialize writes them from floats and doubles of every kind: zeros, subnormals,
// normals, infinities, NaN.
TEST(LandmarkModelLoad, FloatsRoundTripThroughDlibsWriterAsDlibReadsThem) {
  std::mt19937 rng(5);
  std::vector<float> values = {0.0f, -0.0f, 1.0f, -1.0f, std::numeric_limits<float>::denorm_min(),
                               -std::numeric_limits<float>::denorm_min(), std::numeric_limits<float>::min(),
                               std::numeric_limits<float>::max(), std::numeric_limits<float>::lowest(),
                               std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                               std::numeric_limits<float>::quiet_NaN()};
  for (int i = 0; i < 3000; ++i) values.push_back(std::bit_cast<float>(static_cast<std::uint32_t>(rng())));
  for (const float v : values) {
    expect_same_float(dlib_bytes(v), "float " + std::to_string(bits(v)));
    const double d = static_cast<double>(v) * (1.0 + 1e-9);
    expect_same_float(dlib_bytes(d), "double " + std::to_string(d));
  }
  for (const double d : {1e-300, -1e-300, 1e300, 4e-46, 7e-46, 1.4e-45, 3.4028235677973366e38, 3.402823669209385e38})
    expect_same_float(dlib_bytes(d), "double " + std::to_string(d));
}

// Every pair of control bytes (mantissa, exponent) of a float, before payloads of various
// values: what dlib refuses we refuse, what it reads we read to the same bits. (A first byte
// with a bit of 0x70 set is dlib's old text format, which we refuse: not compared.)
TEST(LandmarkModelLoad, FloatsDecodeAsDlibDecodesThemForEveryControlBytePair) {
  std::mt19937_64 rng(3);
  for (int round = 0; round < 3; ++round) {
    std::string payload(8, '\0');
    for (char& c : payload) c = static_cast<char>(rng());
    const std::string exponent_payload = round == 0 ? std::string("\x01\x00", 2) : payload.substr(0, 2);
    for (int control = 0; control < 256; ++control) {
      if (control & 0x70) {
        EXPECT_FALSE(we_read<float>(std::string(1, static_cast<char>(control)) + payload).has_value());
        continue;
      }
      const std::string mantissa = std::string(1, static_cast<char>(control)) + payload.substr(0, control & 0x0F);
      for (int e_control = 0; e_control < 256; ++e_control)
        expect_same_float(mantissa + std::string(1, static_cast<char>(e_control)) + exponent_payload,
                          "control bytes " + std::to_string(control) + ", " + std::to_string(e_control));
    }
  }
}

// The message of the error `load` throws, or "" when it throws none.
std::string error_of(const std::function<void()>& load) {
  try {
    load();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

TEST(LandmarkModelLoad, TheModelCutShortAnywhereThrowsSayingWhatWasBeingRead) {
  const std::vector<unsigned char>& all = model_bytes();
  std::vector<std::size_t> cuts;
  for (std::size_t n = 0; n <= 64; ++n) cuts.push_back(n);
  // The last bytes: the pixel offsets, the anchor indices before them, the last leaves.
  const std::size_t tail = 15 * 400 * 16;
  for (std::size_t n = all.size() - tail; n < all.size(); n += tail / 10) cuts.push_back(n);
  for (std::size_t n = all.size() - 12; n < all.size(); ++n) cuts.push_back(n);
  std::mt19937_64 rng(13);
  for (int i = 0; i < 10; ++i) cuts.push_back(rng() % all.size());
  for (const std::size_t n : cuts) {
    const std::span<const unsigned char> cut(all.data(), n);
    const std::string message = error_of([&] { LandmarkForest::load_bytes(cut); });
    EXPECT_NE(message.find("cut short"), std::string::npos) << n << " bytes: " << message;
    EXPECT_NE(message.find("reading "), std::string::npos) << n << " bytes: " << message;
  }
  // The same through a stream (read a chunk at a time) and through a file.
  for (const std::size_t n : {std::size_t{5}, all.size() / 2, all.size() - 1}) {
    std::istringstream in(std::string(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n)));
    const std::string message = error_of([&] { LandmarkForest::load(in); });
    EXPECT_NE(message.find("cut short"), std::string::npos) << n << " bytes: " << message;
  }
  const std::string path = testing::TempDir() + "landmark_model_cut.dat";
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(all.data()), static_cast<std::streamsize>(all.size() * 3 / 4));
  }
  const std::string message = error_of([&] { LandmarkForest::load_file(path); });
  EXPECT_NE(message.find("cut short"), std::string::npos) << message;
  EXPECT_NE(message.find("leaf value"), std::string::npos) << message;
  std::filesystem::remove(path);
  EXPECT_NE(error_of([&] { LandmarkForest::load_file(path); }).find("cannot open it"), std::string::npos);
}

// A small model written by dlib's own serialisers, with its parts' offsets known: 2 landmarks,
// 2 forests of 3 trees of depth 2, 3 pixel samples per forest.
struct SmallModel {
  dlib::matrix<float, 0, 1> initial_shape;
  std::vector<std::vector<dlib::impl::regression_tree>> forests;
  std::vector<std::vector<unsigned long>> anchors;
  std::vector<std::vector<dlib::vector<float, 2>>> deltas;

  SmallModel() : initial_shape(4), forests(2, std::vector<dlib::impl::regression_tree>(3)) {
    initial_shape = 0.25f, -0.5f, std::numeric_limits<float>::denorm_min(), 1e-40f;
    float v = 0.125f;
    for (auto& forest : forests)
      for (auto& tree : forest) {
        for (unsigned long i = 0; i < 3; ++i) tree.splits.push_back({i % 3, (i + 1) % 3, v *= -1.5f});
        tree.leaf_values.assign(4, dlib::matrix<float, 0, 1>(4));
        for (auto& leaf : tree.leaf_values)
          for (long k = 0; k < 4; ++k) leaf(k) = (v *= -1.25f);
      }
    forests[1][2].splits[1].thresh = std::numeric_limits<float>::infinity();
    forests[1][2].leaf_values[3](0) = std::numeric_limits<float>::quiet_NaN();
    forests[1][2].leaf_values[3](1) = -std::numeric_limits<float>::infinity();
    anchors.assign(2, std::vector<unsigned long>{0, 1, 1});
    deltas.assign(2, std::vector<dlib::vector<float, 2>>{{0.5f, -0.25f}, {1e-20f, 3.0f}, {-7.0f, 0.0f}});
  }

  // As dlib::serialize(shape_predictor) writes it.
  std::string bytes() const {
    return dlib_bytes(1) + dlib_bytes(initial_shape) + dlib_bytes(forests) + dlib_bytes(anchors) + dlib_bytes(deltas);
  }
  std::size_t initial_shape_at() const { return dlib_bytes(1).size(); }
  std::size_t forests_at() const { return initial_shape_at() + dlib_bytes(initial_shape).size(); }
  // Forest count, forest 0's tree count, tree 0's split count.
  std::size_t first_split_at() const {
    return forests_at() + dlib_bytes(forests.size()).size() + dlib_bytes(forests[0].size()).size() +
           dlib_bytes(forests[0][0].splits.size()).size();
  }
  std::size_t first_thresh_at() const {
    const auto& s = forests[0][0].splits[0];
    return first_split_at() + dlib_bytes(s.idx1).size() + dlib_bytes(s.idx2).size();
  }
  // The first leaf's matrix (after the first tree's splits and leaf count).
  std::size_t first_leaf_at() const {
    return forests_at() + dlib_bytes(forests.size()).size() + dlib_bytes(forests[0].size()).size() +
           dlib_bytes(forests[0][0].splits).size() + dlib_bytes(forests[0][0].leaf_values.size()).size();
  }
};

LandmarkForest load(const std::string& bytes) { return LandmarkForest::load_bytes(as_span(bytes)); }

TEST(LandmarkModelLoad, ASmallModelWithInfinitiesNaNAndSubnormalsLoadsAsDlibLoadsIt) {
  const std::string bytes = SmallModel().bytes();
  dlib::shape_predictor sp;
  std::istringstream in(bytes);
  dlib::deserialize(sp, in);
  EXPECT_EQ(differing_fields(sp, load(bytes)), 0);
  // Bytes after the model are ignored, as dlib ignores them.
  EXPECT_EQ(differing_fields(sp, load(bytes + "trailing bytes")), 0);
  // A stream is left just after the model, as dlib leaves it.
  std::istringstream stream(bytes + " next");
  EXPECT_EQ(differing_fields(sp, LandmarkForest::load(stream)), 0);
  std::string next;
  stream >> next;
  EXPECT_EQ(next, "next");
}

void expect_error(const std::string& message, const std::string& expected) {
  EXPECT_NE(message.find(expected), std::string::npos) << "\"" << message << "\" lacks \"" << expected << "\"";
}

TEST(LandmarkModelLoad, CorruptBytesThrowErrorsThatSayWhatIsWrong) {
  const SmallModel m;
  const auto error_with = [&](std::size_t at, unsigned char byte) {
    std::string bytes = m.bytes();
    bytes.at(at) = static_cast<char>(byte);
    return error_of([&] { load(bytes); });
  };
  EXPECT_EQ(error_with(0, 0x01), "");  // the byte it had: loads
  expect_error(error_with(1, 2), "unexpected shape_predictor version 2");
  expect_error(error_with(0, 0x0F), "corrupt integer (a size of 15 bytes) at byte 0 of ");
  expect_error(error_with(0, 0x0F), "reading the shape_predictor version");
  expect_error(error_with(m.initial_shape_at(), 0x0F), "reading the initial shape");
  expect_error(error_with(m.initial_shape_at() + 3, 0x02), "not a column vector (2 columns)");
  expect_error(error_with(m.forests_at(), 0x08), "cut short or corrupt: a size of ");
  expect_error(error_with(m.forests_at(), 0x08), "reading the number of forests");
  expect_error(error_with(m.first_split_at(), 0x80), "corrupt integer (a size of 128 bytes)");
  expect_error(error_with(m.first_split_at(), 0x80), "reading a split's first pixel index (forest 0, tree 0)");
  expect_error(error_with(m.first_split_at() + 1, 0x03), "a split reads a pixel sample that does not exist");
  expect_error(error_with(m.first_thresh_at(), 0x40), "a float in dlib's old text format");
  expect_error(error_with(m.first_thresh_at(), 0x40), "reading a split's threshold (forest 0, tree 0)");
  expect_error(error_with(m.first_leaf_at() - 1, 0x03), "tree 0 is not complete");
  expect_error(error_with(m.first_leaf_at() + 1, 0x05), "a leaf holds 5 values, the shape 4");
}

TEST(LandmarkModelLoad, PartsThatDoNotFitTogetherThrow) {
  const auto error_with = [](const std::function<void(SmallModel&)>& change) {
    SmallModel m;
    change(m);
    return error_of([&] { load(m.bytes()); });
  };
  EXPECT_EQ(error_with([](SmallModel&) {}), "");
  expect_error(error_with([](SmallModel& m) { m.forests[1][1].splits.resize(7); m.forests[1][1].leaf_values.resize(8); }),
               "tree 1 is not complete or differs in depth from its forest's first tree");
  expect_error(error_with([](SmallModel& m) { m.forests[0][2].leaf_values.resize(3); }), "tree 2 is not complete");
  // Beyond 32 bits: not cut to a smaller index that would pass.
  expect_error(error_with([](SmallModel& m) { m.forests[0][0].splits[2].idx2 = (1ul << 32) + 1; }),
               "a split reads a pixel sample that does not exist");
  expect_error(error_with([](SmallModel& m) { m.anchors.push_back({0}); }), "2 forests but 3 pixel sets");
  expect_error(error_with([](SmallModel& m) { m.deltas.pop_back(); }), "2 forests but 1 pixel sets");
  expect_error(error_with([](SmallModel& m) { m.anchors[1].pop_back(); }),
               "forest 1 has 2 anchor indices but 3 pixel offsets");
  expect_error(error_with([](SmallModel& m) { m.anchors[0][1] = 2; }), "anchored to a landmark that does not exist");
}

// Every byte of the small model replaced by a few values, and every prefix of it: each load either
// succeeds or throws an std::exception (under the sanitizers: without reading outside the data).
TEST(LandmarkModelLoad, EveryCorruptByteAndEveryCutOfASmallModelThrowsOrLoads) {
  const std::string model = SmallModel().bytes();
  int thrown = 0, loaded = 0;
  for (std::size_t at = 0; at < model.size(); ++at)
    for (const unsigned char byte : {0x00, 0x01, 0x08, 0x0F, 0x40, 0x80, 0x88, 0xFF}) {
      std::string bytes = model;
      bytes[at] = static_cast<char>(byte);
      const std::string message = error_of([&] { load(bytes); });
      (message.empty() ? loaded : thrown)++;
      std::istringstream in(bytes);
      EXPECT_EQ(error_of([&] { LandmarkForest::load(in); }), message);  // the same, read a chunk at a time
    }
  for (std::size_t n = 0; n < model.size(); ++n) {
    const std::string message = error_of([&] { load(model.substr(0, n)); });
    EXPECT_NE(message.find("cut short"), std::string::npos) << n << " bytes: " << message;
  }
  EXPECT_GT(thrown, 0);
  EXPECT_GT(loaded, 0);
}

// Random bytes of the real model replaced: each load throws or loads, and never takes more
// memory than the model's size allows (a corrupt size cannot claim more elements than fit).
TEST(LandmarkModelLoad, RandomCorruptBytesInTheRealModelThrowOrLoad) {
  std::vector<unsigned char> bytes = model_bytes();
  std::mt19937_64 rng(17);
  for (int i = 0; i < 16; ++i) {
    // Half in the first bytes (the shape and the first trees' structure), half anywhere.
    const std::size_t at = i % 2 ? rng() % 4096 : rng() % bytes.size();
    const unsigned char before = bytes[at];
    bytes[at] = static_cast<unsigned char>(rng());
    (void)error_of([&] { LandmarkForest::load_bytes(bytes); });
    bytes[at] = before;
  }
}

}  // namespace
}  // namespace conforme
