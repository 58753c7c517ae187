#include "io/jpeg_quality.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace conforme {
namespace {

// ITU-T T.81 Annex K.1 luminance table in natural (row-major) order, which IJG scales by quality.
constexpr std::array<int, 64> standard_luminance = {
    16, 11, 10, 16, 24,  40,  51,  61,  12, 12, 14, 19, 26,  58,  60,  55,
    14, 13, 16, 24, 40,  57,  69,  56,  14, 17, 22, 29, 51,  87,  80,  62,
    18, 22, 37, 56, 68,  109, 103, 77,  24, 35, 55, 64, 81,  104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};

// DQT entries are stored in zig-zag order: zigzag[k] is the natural index of the k-th entry.
constexpr std::array<int, 64> zigzag = {0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18, 11, 4,  5,
                                        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6,  7,  14, 21, 28,
                                        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
                                        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};

// libjpeg's jpeg_quality_scaling and jpeg_add_quant_table (force_baseline).
int ijg_entry(int base, int quality) {
  const int scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
  return std::clamp((base * scale + 50) / 100, 1, 255);
}

// Best-fitting IJG quality for a luminance table in natural order.
double fit_quality(const std::array<int, 64>& table) {
  int best_quality = 0;
  double best_error = std::numeric_limits<double>::max();
  for (int q = 1; q <= 100; ++q) {
    double error = 0;
    for (int i = 0; i < 64; ++i) error += std::abs(table[i] - ijg_entry(standard_luminance[i], q));
    if (error < best_error) best_error = error, best_quality = q;  // ties keep the lower quality
  }
  return best_quality;
}

}  // namespace

std::optional<double> read_jpeg_quality(const std::vector<std::uint8_t>& b) {
  if (b.size() < 4 || b[0] != 0xFF || b[1] != 0xD8) return std::nullopt;
  std::size_t i = 2;
  while (i + 4 <= b.size()) {
    if (b[i] != 0xFF) return std::nullopt;
    const int marker = b[i + 1];
    if (marker == 0xFF) { ++i; continue; }
    if (marker == 0xDA || marker == 0xD9) return std::nullopt;  // image data: tables come before it
    const std::size_t length = (std::size_t(b[i + 2]) << 8) | b[i + 3];
    const std::size_t end = i + 2 + length;
    if (length < 2 || end > b.size()) return std::nullopt;
    if (marker == 0xDB) {
      // One segment may hold several tables: Pq (precision) and Tq (destination) then 64 entries.
      std::size_t p = i + 4;
      while (p < end) {
        const int precision = b[p] >> 4, destination = b[p] & 0x0F;
        const std::size_t size = precision ? 128 : 64;
        if (p + 1 + size > end) return std::nullopt;
        if (destination == 0) {
          std::array<int, 64> table{};
          for (int k = 0; k < 64; ++k)
            table[zigzag[k]] = precision ? (b[p + 1 + 2 * k] << 8) | b[p + 2 + 2 * k] : b[p + 1 + k];
          return fit_quality(table);
        }
        p += 1 + size;
      }
    }
    i = end;
  }
  return std::nullopt;
}

}  // namespace conforme
