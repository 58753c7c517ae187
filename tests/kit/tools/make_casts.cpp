// conforme-make-casts: colour-cast variants of real compliant portraits, labelled by their
// generation, for colour.cast's generated evidence (EVALUATION.md §8.1). Each input photo is
// written unchanged (label pass) and with each cast below (label fail), at full strength: a wrong
// white balance (tests/kit synth::colour_cast, gains in linear light), a sepia print
// (synth::sepia) and a saturation boost (synth::saturation).
//
//   conforme-make-casts OUT_DIR PHOTO...   writes OUT_DIR/<variant>/<name>.png and OUT_DIR/eval.csv
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "synth/synth.hpp"

namespace fs = std::filesystem;
using namespace conforme;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: conforme-make-casts OUT_DIR PHOTO...\n";
    return 2;
  }
  const fs::path out = argv[1];
  struct Variant {
    std::string name;
    std::function<cv::Mat(const cv::Mat&)> make;
  };
  const std::vector<Variant> variants = {
      {"original", [](const cv::Mat& m) { return m.clone(); }},
      {"tungsten", [](const cv::Mat& m) { return synth::colour_cast(m, {0.55, 0.85, 1.2}); }},
      {"green", [](const cv::Mat& m) { return synth::colour_cast(m, {0.85, 1.3, 0.75}); }},
      {"magenta", [](const cv::Mat& m) { return synth::colour_cast(m, {1.15, 0.75, 1.15}); }},
      {"blue", [](const cv::Mat& m) { return synth::colour_cast(m, {1.35, 1.0, 0.75}); }},
      {"sepia", [](const cv::Mat& m) { return synth::sepia(m, 1.0); }},
      {"saturation_2", [](const cv::Mat& m) { return synth::saturation(m, 2.0); }},
  };
  for (const auto& v : variants) fs::create_directories(out / v.name);
  std::ofstream csv(out / "eval.csv");
  csv << "image,check,expected\n";
  for (int i = 2; i < argc; ++i) {
    const cv::Mat photo = cv::imread(argv[i], cv::IMREAD_COLOR);
    if (photo.empty()) {
      std::cerr << "conforme-make-casts: cannot read " << argv[i] << "\n";
      return 3;
    }
    const std::string stem = fs::path(argv[i]).stem().string();
    for (const auto& v : variants) {
      const std::string rel = v.name + "/" + stem + ".png";
      if (!cv::imwrite((out / rel).string(), v.make(photo))) {
        std::cerr << "conforme-make-casts: cannot write " << (out / rel).string() << "\n";
        return 4;
      }
      csv << rel << ",colour.cast," << (v.name == "original" ? "pass" : "fail") << "\n";
    }
  }
  return 0;
}
