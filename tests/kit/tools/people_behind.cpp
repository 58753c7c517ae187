// conforme-people-behind: compliant ID photos with a second person standing behind the sitter, for
// face.count's other faces (EVALUATION.md §40). Each base portrait of tests/data/faces is framed as
// a compliant 35 x 45 mm photo at 600 dpi on light grey (as conforme-make-samples frames it); each
// other portrait of the folder (one face found) is cut out and placed behind the sitter, beside the
// head, at several sizes, on either side. Writes OUT/<base>_behind_<other>_<size>_<side>.jpg and
// OUT/list.csv (file, base, other, size, side, other face box side in px). Deterministic: OpenCV's
// RNG is reset before every GrabCut.
//
// Two sets: `beside` (default) puts a person of 0.45, 0.6 or 0.75 times the sitter's face width
// just beside the head, partly hidden by it or cut by the photo's edge, as someone leaning in;
// `far` puts a small one (0.15, 0.2 or 0.25 times) on the backdrop between the head and the
// photo's side edge, as someone further back or a portrait on the wall.
//
// Usage: conforme-people-behind FACES_DIR OUT [beside|far] [MODELS_DIR]
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "face/models.hpp"
#include "synth/synth.hpp"

namespace fs = std::filesystem;
using namespace conforme;

namespace {

const std::vector<std::string> bases = {"congress_C001088", "congress_F000479", "congress_H001046", "congress_S001183"};
// The second person's size against the sitter's (face widths).
const std::vector<double> beside_sizes = {0.45, 0.6, 0.75}, far_sizes = {0.15, 0.2, 0.25};

void reset_rng() { cv::theRNG().state = 0x5EED5A3B1ULL; }

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: conforme-people-behind FACES_DIR OUT [beside|far] [MODELS_DIR]\n";
    return 2;
  }
  const fs::path faces = argv[1], out = argv[2];
  fs::create_directories(out);
  const std::string set = argc > 3 ? argv[3] : "beside";
  if (set != "beside" && set != "far") {
    std::cerr << "conforme-people-behind: the set is beside or far, not " << set << "\n";
    return 2;
  }
  const bool far = set == "far";
  const std::vector<double>& sizes = far ? far_sizes : beside_sizes;
  FaceAnalyser analyser(FaceModels::load(argc > 4 ? argv[4] : ""));
  std::vector<fs::path> portraits;
  for (const auto& e : fs::directory_iterator(faces))
    if (e.path().extension() == ".jpg" || e.path().extension() == ".png") portraits.push_back(e.path());
  std::sort(portraits.begin(), portraits.end());

  std::ofstream list(out / "list.csv");
  list << "file,base,other,size,side,other_face_px\n";
  for (const std::string& stem : bases) {
    const cv::Mat portrait = cv::imread((faces / (stem + ".jpg")).string(), cv::IMREAD_COLOR);
    reset_rng();
    const cv::Mat ok = synth::compliant_photo(portrait, analyser);
    const FaceContext ctx = analyser.analyse(ok);
    if (!ctx.face) throw std::runtime_error(stem + ": no face in the compliant photo");
    const Face& sitter = *ctx.face;
    const double sitter_width = sitter.box.width;
    for (const fs::path& path : portraits) {
      const std::string other_stem = path.stem().string();
      if (other_stem == stem) continue;
      const cv::Mat other = cv::imread(path.string(), cv::IMREAD_COLOR);
      const FaceContext other_ctx = analyser.analyse(other);
      if (!other_ctx.face) continue;
      for (const double size : sizes) {
        for (const int side : {-1, 1}) {
          // Whole, on the backdrop between the head and the photo's edge, at the height of the
          // sitter's eyes; or beside the head, a little hidden behind it, the eyes somewhat higher
          // (standing behind).
          const cv::Point2f at =
              far ? synth::beside_head(ctx, ok.cols, side)
                  : cv::Point2f(static_cast<float>(sitter.midline_x + side * (0.55 * sitter_width + 0.4 * size * sitter_width)),
                                static_cast<float>(sitter.eye_mid.y - 0.25 * sitter_width));
          reset_rng();
          const cv::Mat photo = synth::person_behind(ok, ctx, other, other_ctx, size, at);
          char name[256];
          std::snprintf(name, sizeof name, "%s_behind_%s_%.2f_%s.jpg", stem.c_str(), other_stem.c_str(), size,
                        side < 0 ? "left" : "right");
          cv::imwrite((out / name).string(), photo, {cv::IMWRITE_JPEG_QUALITY, 92});
          list << name << ',' << stem << ',' << other_stem << ',' << size << ',' << (side < 0 ? "left" : "right") << ','
               << std::lround(size * sitter_width) << '\n';
        }
      }
    }
  }
  return 0;
}
