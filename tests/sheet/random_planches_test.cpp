// The splitter over random planches of every layout kind (tests/kit/sheet/random_planche.hpp):
// every sheet is read exactly (every copy, each box within 1 mm or IoU >= 0.95 of its truth) or
// gets an explicit sheet_layout_unclear, never a wrong count or a box further off; and on a sheet
// read exactly, a copy that differs (another person, crop or exposure, a blank cell) is over
// sheet.copies_identical's limit, whichever cell holds it. Seeds 1-200 at most 300 dpi, in chunks
// that ctest runs side by side (about 60 s of CPU); scripts/planche-survey runs 2,000 and more
// (README, Planche survey). These seeds are the first of the survey's, on which the consistency
// rules were developed: the survey's later seeds are the independent check, and still find a few
// boxes 1.0-1.3 mm off (README).
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "sheet/layout_outcome.hpp"
#include "sheet/random_planche.hpp"
#include "sheet/sheet.hpp"
#include "sheet_fixtures.hpp"

namespace conforme::sheet_test {
namespace {

constexpr int seeds_per_chunk = 25, chunks = 8;
constexpr double max_dpi = 300;  // the long run goes to 600 dpi; here the suite's time matters

const std::vector<cv::Mat>& portraits() {
  static const std::vector<cv::Mat> all = [] {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(CONFORME_SHEET_FACES))
      if (entry.path().extension() == ".jpg" || entry.path().extension() == ".png") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::vector<cv::Mat> out;
    for (const auto& file : files) out.push_back(face(file.filename().string()));
    return out;
  }();
  return all;
}

class RandomPlanches : public testing::TestWithParam<int> {};

TEST_P(RandomPlanches, ReadExactlyOrUnclearAndADifferingCopyIsCaught) {
  ASSERT_GE(portraits().size(), 2u);
  int exact = 0, unclear = 0, differing_checked = 0;
  for (int seed = 1 + GetParam() * seeds_per_chunk; seed <= (GetParam() + 1) * seeds_per_chunk; ++seed) {
    const RandomPlanche sample = random_planche(std::uint64_t(seed), portraits(), max_dpi);
    const SheetLayout layout = analyse_layout(sample.planche.bgr, sample.planche.dpi);
    const LayoutOutcome outcome = judge_layout(sample, layout, identical_at_most);
    SCOPED_TRACE("seed " + std::to_string(seed) + ": " + sample.describe());
    EXPECT_NE(outcome.verdict, LayoutVerdict::wrong) << outcome.why;
    if (outcome.verdict == LayoutVerdict::unclear) {
      ++unclear;
      EXPECT_EQ(layout.kind, InputKind::sheet);
      EXPECT_TRUE(layout.copies.empty());
    }
    if (outcome.verdict != LayoutVerdict::exact) continue;
    ++exact;
    if (sample.differing_cell < 0) continue;
    // The differing copy itself, not merely some copy, is over the limit (or, when it is the
    // first, every other copy is: each is compared with the first).
    const std::vector<double> differences = differences_to_first(layout.reduced, layout.copies);
    if (sample.differing_cell == 0) {
      for (std::size_t i = 1; i < differences.size(); ++i) EXPECT_GT(differences[i], identical_at_most) << "copy " << i;
    } else {
      EXPECT_GT(differences[std::size_t(sample.differing_cell)], identical_at_most);
    }
    ++differing_checked;
  }
  // What the chunk saw, for the log: the rates themselves are the survey's to report.
  std::cout << "seeds " << 1 + GetParam() * seeds_per_chunk << "-" << (GetParam() + 1) * seeds_per_chunk << ": "
            << exact << " exact, " << unclear << " unclear, " << differing_checked << " differing copies checked\n";
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomPlanches, testing::Range(0, chunks));

}  // namespace
}  // namespace conforme::sheet_test
