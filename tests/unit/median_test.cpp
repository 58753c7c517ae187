// median_in_place (face/image_stats.hpp) orders only the bin holding the median of a long list:
// it must give the element std::nth_element gives over the whole list, bit for bit, whatever the
// values (the speed-up changed no report: BENCHMARKS.md).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "face/image_stats.hpp"

namespace conforme {
namespace {

float reference_median(std::vector<float> v) {
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

void expect_same_median(std::vector<float> v, const char* what) {
  const float expected = reference_median(v);
  const float found = median_in_place(v);
  EXPECT_EQ(std::memcmp(&expected, &found, sizeof(float)), 0) << what << ", " << v.size() << " values: " << found
                                                              << " instead of " << expected;
}

TEST(Median, TheSameElementAsNthElementOnEveryKindOfList) {
  std::mt19937 rng(7);
  // Sizes around the threshold of the binned path (256) and up to median_lab's 20,000 samples.
  for (const int n : {1, 2, 3, 255, 256, 257, 1000, 1001, 20000}) {
    std::normal_distribution<float> lightness(60.f, 8.f), chroma(0.f, 12.f);
    std::uniform_real_distribution<float> wide(-1e30f, 1e30f), tiny(-1e-30f, 1e-30f);
    std::vector<float> a(n), b(n), c(n), d(n), e(n), f(n);
    for (int i = 0; i < n; ++i) {
      a[i] = lightness(rng);
      b[i] = std::round(chroma(rng) * 4.f) / 4.f;  // many ties, signed
      c[i] = wide(rng);
      d[i] = tiny(rng);
      e[i] = 42.5f;                                 // all equal
      f[i] = i % 7 == 0 ? 1000.f : lightness(rng);  // a bin far away holds a seventh of them
    }
    expect_same_median(a, "L*-like");
    expect_same_median(b, "a*-like with ties");
    expect_same_median(c, "a huge range");
    expect_same_median(d, "a tiny range");
    expect_same_median(e, "all equal");
    expect_same_median(f, "outliers");
    std::sort(a.begin(), a.end());
    expect_same_median(a, "sorted");
    std::reverse(a.begin(), a.end());
    expect_same_median(a, "reversed");
  }
}

TEST(Median, InfinitiesAndExtremesStillGiveTheRankedElement) {
  std::vector<float> v(1000);
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> u(0.f, 100.f);
  for (auto& x : v) x = u(rng);
  v[0] = std::numeric_limits<float>::infinity();
  v[1] = -std::numeric_limits<float>::infinity();
  expect_same_median(v, "with infinities");
  v[0] = std::numeric_limits<float>::max();
  v[1] = std::numeric_limits<float>::lowest();
  expect_same_median(v, "with the float extremes");
}

}  // namespace
}  // namespace conforme
