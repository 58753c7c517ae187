// conforme-planche-survey: the sheet splitter over thousands of random planches (every layout
// kind of tests/kit/sheet/random_planche.hpp), each judged against its truth. Prints one line per
// sheet not read exactly and a table per kind; exits 1 when a sheet is read wrong (a wrong count
// or box, or a differing copy that passes as identical), or when more than --max-unclear of the
// sheets get sheet_layout_unclear.
//   conforme-planche-survey --faces tests/data/faces --faces ../shared/faces --seeds 2000
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>

#include <boost/program_options.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>

#include "sheet/layout_outcome.hpp"
#include "sheet/random_planche.hpp"

namespace po = boost::program_options;
using namespace conforme;

int main(int argc, char** argv) {
  std::vector<std::string> face_dirs;
  std::string dump;
  std::uint64_t first = 1, seeds = 2000;
  double max_dpi = 600, max_unclear = 0.005, limit = 0.02;
  po::options_description options("Usage: conforme-planche-survey --faces DIR [--faces DIR] [options]");
  options.add_options()("help,h", "this help")(
      "faces", po::value(&face_dirs)->required(), "directory of portraits (.jpg, .png); several allowed")(
      "seeds", po::value(&seeds)->default_value(2000), "number of random sheets")(
      "first", po::value(&first)->default_value(1), "first seed")(
      "max-dpi", po::value(&max_dpi)->default_value(600), "highest resolution drawn")(
      "identical-limit", po::value(&limit)->default_value(0.02), "sheet.copies_identical limit (fr-ants: 0.02)")(
      "max-unclear", po::value(&max_unclear)->default_value(0.005), "largest share of unclear sheets accepted")(
      "dump", po::value(&dump), "write each sheet not read exactly, and the copies found on it, to this directory");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, options), vm);
    if (vm.count("help")) {
      std::cout << options << "\n";
      return 0;
    }
    po::notify(vm);
  } catch (const std::exception& e) {
    std::cerr << "conforme-planche-survey: " << e.what() << "\n" << options << "\n";
    return 2;
  }
  std::vector<cv::Mat> faces;
  for (const std::string& dir : face_dirs) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      const std::string ext = entry.path().extension().string();
      if (ext == ".jpg" || ext == ".png") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      cv::Mat face = cv::imread(file.string(), cv::IMREAD_COLOR);
      if (!face.empty()) faces.push_back(crop_to_aspect(face, 35.0 / 45.0));
    }
  }
  if (faces.size() < 2) {
    std::cerr << "conforme-planche-survey: need at least two portraits under --faces\n";
    return 2;
  }
  cv::setNumThreads(1);
  struct Tally {
    int sheets = 0, exact = 0, unclear = 0, wrong = 0, identical_missed = 0;
  };
  std::vector<Tally> tally(planche_kind_count + 1);
  const auto start = std::chrono::steady_clock::now();
  for (std::uint64_t seed = first; seed < first + seeds; ++seed) {
    const RandomPlanche sample = random_planche(seed, faces, max_dpi);
    const SheetLayout layout = analyse_layout(sample.planche.bgr, sample.planche.dpi);
    const LayoutOutcome outcome = judge_layout(sample, layout, limit);
    for (Tally* t : {&tally[int(sample.kind)], &tally[planche_kind_count]}) {
      ++t->sheets;
      if (outcome.verdict == LayoutVerdict::exact) ++t->exact;
      if (outcome.verdict == LayoutVerdict::unclear) ++t->unclear;
      if (outcome.verdict == LayoutVerdict::wrong) ++t->wrong;
      if (outcome.verdict == LayoutVerdict::exact && !outcome.identical_ok) ++t->identical_missed;
    }
    if ((outcome.verdict != LayoutVerdict::exact || !outcome.identical_ok) && !dump.empty()) {
      std::filesystem::create_directories(dump);
      const std::string stem = dump + "/seed" + std::to_string(seed);
      cv::imwrite(stem + ".jpg", sample.planche.bgr);
      const std::vector<double> differences = layout.copies.empty() ? std::vector<double>{}
                                                                    : differences_to_first(layout.reduced, layout.copies);
      for (std::size_t i = 0; i < layout.copies.size(); ++i)
        cv::imwrite(stem + "_copy" + std::to_string(i) + "_" + std::to_string(differences[i]) + ".jpg",
                    extract_copy(sample.planche.bgr, layout.copies[i]));
    }
    if (outcome.verdict != LayoutVerdict::exact || !outcome.identical_ok)
      std::cout << "seed " << seed << " "
                << (outcome.verdict == LayoutVerdict::unclear ? "UNCLEAR"
                    : outcome.verdict == LayoutVerdict::wrong ? "WRONG"
                                                              : "IDENTICAL")
                << ": " << outcome.why << " (boxes within " << outcome.worst_box_error_mm << " mm) | "
                << sample.describe() << std::endl;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "\nkind              sheets  exact  unclear  wrong  identical-missed\n";
  for (int k = 0; k <= planche_kind_count; ++k) {
    const Tally& t = tally[k];
    std::cout << std::left << std::setw(18) << (k < planche_kind_count ? planche_kind_name(PlancheKind(k)) : "all")
              << std::right << std::setw(6) << t.sheets << std::setw(7) << t.exact << std::setw(9) << t.unclear
              << std::setw(7) << t.wrong << std::setw(18) << t.identical_missed << "\n";
  }
  const Tally& all = tally[planche_kind_count];
  const double failure = double(all.sheets - all.exact + all.identical_missed) / std::max(1, all.sheets);
  std::cout << "failure rate " << std::setprecision(3) << 100 * failure << " % over " << all.sheets << " sheets ("
            << seconds << " s, generation included)\n";
  return all.wrong > 0 || all.identical_missed > 0 || double(all.unclear) / std::max(1, all.sheets) > max_unclear
             ? 1
             : 0;
}
