// Generated evidence for light.hot_spots (EVALUATION.md §8.3): every portrait of a folder with a
// flash hot spot drawn on its forehead, nose or cheek (synth::hot_spot) at several sizes and
// intensities, and unchanged, written as PNG with a labels CSV (image,check,expected) that
// `conforme eval` reads. Clipped spots 0.25 inter-eye distances across or more are labelled
// fail; the untouched photos and the faint sheens (never clipped) pass.
//   conforme-hot-spot-samples FACES_DIR OUT_DIR
#include <filesystem>
#include <fstream>
#include <iostream>

#include <opencv2/imgcodecs.hpp>

#include "face/models.hpp"
#include "synth/synth.hpp"

namespace fs = std::filesystem;
using namespace conforme;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: conforme-hot-spot-samples FACES_DIR OUT_DIR\n";
    return 2;
  }
  const fs::path faces = argv[1], out = argv[2];
  fs::create_directories(out);
  FaceAnalyser analyser(FaceModels::load());
  std::ofstream labels(out / "labels.csv");
  labels << "image,check,expected\n";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(faces))
    if (e.path().extension() == ".jpg") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  struct Variant {
    synth::SkinSpot where;
    const char* place;
    double size, intensity;
  };
  const Variant variants[] = {
      {synth::SkinSpot::forehead, "forehead", 0.25, 1.6}, {synth::SkinSpot::forehead, "forehead", 0.4, 2.0},
      {synth::SkinSpot::nose, "nose", 0.25, 1.6},         {synth::SkinSpot::cheek, "cheek", 0.3, 1.6},
      {synth::SkinSpot::forehead, "forehead", 0.4, 0.35},  // a sheen: never clipped
  };
  for (const auto& file : files) {
    const cv::Mat bgr = cv::imread(file.string());
    const FaceContext ctx = analyser.analyse(bgr);
    if (!ctx.face) continue;
    const std::string stem = file.stem().string();
    cv::imwrite((out / (stem + ".png")).string(), bgr);
    labels << stem << ".png,light.hot_spots,pass\n";
    for (const auto& v : variants) {
      const std::string name = stem + "_" + v.place + "_" + std::to_string(int(v.size * 100)) + "_" +
                               std::to_string(int(v.intensity * 100)) + ".png";
      cv::imwrite((out / name).string(), synth::hot_spot(bgr, ctx, v.where, v.size, v.intensity));
      labels << name << ",light.hot_spots," << (v.intensity > 1.0 ? "fail" : "pass") << "\n";
    }
  }
  return 0;
}
