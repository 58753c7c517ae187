// jpeg.quality — no visible compression artefacts (ISO/IEC 19794-5 §7.4.2.3 and the SPEC: JPEG
// quality >= 75). Two measures: the IJG quality fitted to the file's own quantisation table
// (io/jpeg_quality.hpp; only for JPEG files), and the blockiness of the pixels, which also finds
// a photo that was a JPEG before being saved as PNG: JPEG quantises each 8 x 8 block on its own,
// so at low quality the steps between neighbouring pixels are larger across the block grid than
// inside the blocks. And a file whose image data is damaged: libjpeg fills the blocks it cannot
// read with grey or decodes them shifted in colour, bands across the photo (io/jpeg_decode.hpp
// counts its warnings that say so; known for the JPEGs libjpeg-turbo decodes here).
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include <opencv2/core.hpp>

#include "checks/check.hpp"

namespace conforme {
namespace {

// Mean step between neighbouring pixels on the grid phase with the largest steps, over the mean
// on the other seven phases: about 1 for a photo that never was a low-quality JPEG. The phase
// with the largest steps is taken, not phase 7, so a photo cropped off the grid is measured too.
double grid_step_ratio(const std::array<double, 8>& sum, const std::array<double, 8>& count) {
  std::array<double, 8> mean{};
  for (int p = 0; p < 8; ++p) mean[p] = count[p] > 0 ? sum[p] / count[p] : 0.0;
  const int grid = static_cast<int>(std::max_element(mean.begin(), mean.end()) - mean.begin());
  double others = 0;
  for (int p = 0; p < 8; ++p)
    if (p != grid) others += mean[p] / 7.0;
  return others > 0 ? mean[grid] / others : 1.0;
}

double blockiness(const cv::Mat& gray) {
  // The middle of the photo: the face and the hair around it, where artefacts are seen.
  const cv::Rect r(gray.cols / 5, gray.rows / 8, gray.cols * 3 / 5, gray.rows * 3 / 4);
  std::array<double, 8> col_sum{}, col_n{}, row_sum{}, row_n{};
  // Steps summed per column in integers first, then folded onto the grid phases: the inner loop
  // is then plain arithmetic the compiler vectorises.
  const int steps = std::max(0, r.width - 1);
  std::vector<int> column_steps(static_cast<std::size_t>(steps), 0);
  int rows = 0;
  for (int y = r.y; y < r.br().y - 1; ++y, ++rows) {
    const uchar* p = gray.ptr<uchar>(y) + r.x;
    const uchar* below = gray.ptr<uchar>(y + 1) + r.x;
    int row_step = 0;
    for (int i = 0; i < steps; ++i) {
      column_steps[i] += std::abs(p[i + 1] - p[i]);
      row_step += std::abs(below[i] - p[i]);
    }
    row_sum[y & 7] += row_step;
    row_n[y & 7] += steps;
  }
  for (int i = 0; i < steps; ++i) {
    col_sum[(r.x + i) & 7] += column_steps[i];
    col_n[(r.x + i) & 7] += rows;
  }
  return (grid_step_ratio(col_sum, col_n) + grid_step_ratio(row_sum, row_n)) / 2.0;
}

}  // namespace

extern const Check jpeg_quality{
    .id = "jpeg.quality",
    .title = {"compression JPEG", "JPEG compression"},
    .description =
        "IJG quality fitted to the JPEG file's luminance quantisation table (JPEG files only); blockiness: "
        "mean step between pixels across the 8 x 8 block grid over the mean step inside the blocks; and how many "
        "times the decoder found the JPEG's image data damaged and filled in or skipped blocks (a data segment "
        "ending early, a bad Huffman code, a restart marker out of place: grey or colour-shifted bands).",
    .needs = Needs::image,
    .values = {{"estimated_quality", "IJG", {"qualité JPEG estimée", "estimated JPEG quality"}, Shown::number},
               {"blockiness", "ratio",
                {"effet de blocs de la compression", "compression blockiness"},
                Shown::number},
               {"damaged_data", "count",
                {"données d'image JPEG endommagées (réparées par le décodeur)",
                 "damaged JPEG image data (repaired by the decoder)"},
                Shown::count}},
    .measure = [](const FaceContext& ctx) {
      Measurement m;
      if (ctx.jpeg_quality) m.values.push_back({"estimated_quality", *ctx.jpeg_quality, "IJG"});
      m.values.push_back({"blockiness", blockiness(ctx.gray), "ratio"});
      if (ctx.jpeg_damaged_data) m.values.push_back({"damaged_data", static_cast<double>(*ctx.jpeg_damaged_data), "count"});
      return m;
    }};

}  // namespace conforme
