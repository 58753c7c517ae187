// conforme-make-planche: builds a planche (print sheet of ID photo copies) from one or more
// photos, optionally as a scanner would render it, and writes it with its dpi recorded plus a
// JSON sidecar of the true copy boxes. For the sheet splitter's tests, the sheet.* checks and
// demos (seed 002: "planche photo entière … non découpée").
//
//   conforme-make-planche --photo a.jpg --output sheet.jpg --copies 6 --dpi 600 --rotate 1.5 --noise 4
//   conforme-make-planche --photo a.jpg --photo b.jpg --output odd.png   (copy 1 shows b.jpg)
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <opencv2/imgcodecs.hpp>

#include "sheet/make_planche.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace conforme;

namespace {

constexpr int exit_ok = 0, exit_failed = 1, exit_usage = 2;

// "35x45" -> {35, 45}
cv::Size2d parse_size(const std::string& text) {
  double w = 0, h = 0;
  char x = 0;
  std::istringstream in(text);
  if (!(in >> w >> x >> h) || (x != 'x' && x != 'X') || w <= 0 || h <= 0)
    throw po::error("expected WIDTHxHEIGHT in millimetres, got '" + text + "'");
  return {w, h};
}

// "R,G,B" (0..255) -> BGR
cv::Scalar parse_colour(const std::string& text) {
  int r = -1, g = -1, b = -1;
  if (std::sscanf(text.c_str(), "%d,%d,%d", &r, &g, &b) != 3 || r < 0 || g < 0 || b < 0 || r > 255 || g > 255 ||
      b > 255)
    throw po::error("expected R,G,B with each 0..255, got '" + text + "'");
  return {double(b), double(g), double(r)};
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> photo_paths;
  std::string output, sidecar, sheet = "10x15", orientation = "landscape", copy_size = "35x45", paper = "255,255,255";
  PlancheSpec spec;
  int jpeg_quality = 92;
  po::options_description options(
      "Usage: conforme-make-planche --photo FILE [--photo FILE] --output FILE.jpg|FILE.png [options]\n"
      "Copy i shows the i-th --photo, or the first one when there are fewer photos than copies.\n"
      "Options");
  // clang-format off
  options.add_options()
      ("help,h", "show this help")
      ("photo,p", po::value(&photo_paths)->required(),
       "input photo (repeatable); centre-cropped to the copy's aspect")
      ("output,o", po::value(&output)->required(), "planche to write (.jpg or .png, dpi recorded in the file)")
      ("sidecar", po::value(&sidecar), "JSON of the true copy boxes (default: the output with .json)")
      ("copies,n", po::value(&spec.copies)->default_value(6), "2, 4, 6 or 8")
      ("dpi", po::value(&spec.dpi)->default_value(300), "print resolution, dots per inch (300, 600)")
      ("sheet", po::value(&sheet)->default_value("10x15"), "10x15 (100 x 150 mm) or a6 (105 x 148 mm)")
      ("orientation", po::value(&orientation)->default_value("landscape"),
       "landscape or portrait (8 copies need landscape)")
      ("copy-mm", po::value(&copy_size)->default_value("35x45"), "copy size WxH in mm (30x40: a wrong-size sheet)")
      ("gutter-mm", po::value(&spec.gutter_mm)->default_value(2.0),
       "paper between copies, mm (at least 1.3 to be split)")
      ("paper", po::value(&paper)->default_value("255,255,255"), "paper (gutter) colour R,G,B")
      ("cut-marks", po::bool_switch(&spec.cut_marks), "print crop marks in the margins and gutter crossings")
      ("rotate", po::value(&spec.scan.rotation_deg)->default_value(0.0),
       "scan: rotation in degrees, counter-clockwise")
      ("noise", po::value(&spec.scan.noise_sigma)->default_value(0.0), "scan: gaussian noise, grey levels")
      ("illumination", po::value(&spec.scan.illumination_drop)->default_value(0.0),
       "scan: brightness drop across the sheet, 0..1")
      ("jpeg-quality", po::value(&jpeg_quality)->default_value(92),
       "JPEG quality of a .jpg output; for .png, a JPEG round trip at this quality when given")
      ("seed", po::value(&spec.seed)->default_value(1), "seed of the noise and the illumination direction");
  // clang-format on
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, options), vm);
    if (vm.count("help")) {
      std::cout << options << "\n";
      return exit_ok;
    }
    po::notify(vm);
    spec.copy_mm = parse_size(copy_size);
    spec.paper_bgr = parse_colour(paper);
    if (sheet != "10x15" && sheet != "a6") throw po::error("--sheet is 10x15 or a6");
    spec.format = sheet == "a6" ? SheetFormat::a6 : SheetFormat::photo_10x15;
    if (orientation != "landscape" && orientation != "portrait")
      throw po::error("--orientation is landscape or portrait");
    spec.landscape = orientation == "landscape";
    if (jpeg_quality < 1 || jpeg_quality > 100) throw po::error("--jpeg-quality is 1..100");
  } catch (const po::error& e) {
    std::cerr << "conforme-make-planche: " << e.what() << "\n" << options << "\n";
    return exit_usage;
  }

  const std::string extension = fs::path(output).extension().string();
  const bool png = extension == ".png" || extension == ".PNG";
  if (png && !vm["jpeg-quality"].defaulted()) spec.scan.jpeg_quality = jpeg_quality;
  if (sidecar.empty()) sidecar = fs::path(output).replace_extension(".json").string();

  std::vector<cv::Mat> photos;
  for (const std::string& path : photo_paths) {
    cv::Mat photo = cv::imread(path, cv::IMREAD_COLOR);
    if (photo.empty()) {
      std::cerr << "conforme-make-planche: cannot read a photo from " << path << "\n";
      return exit_failed;
    }
    photos.push_back(photo);
  }
  try {
    const Planche planche = make_planche(photos, spec);
    const std::vector<std::uint8_t> bytes = encode_with_dpi(planche.bgr, extension, spec.dpi, jpeg_quality);
    std::ofstream image(output, std::ios::binary);
    image.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    std::ofstream json(sidecar);
    json << planche_to_json(planche, spec).dump(2) << "\n";
    if (!image || !json) {
      std::cerr << "conforme-make-planche: cannot write " << output << " or " << sidecar << "\n";
      return exit_failed;
    }
  } catch (const std::invalid_argument& e) {
    std::cerr << "conforme-make-planche: " << e.what() << "\n";
    return exit_usage;
  }
  return exit_ok;
}
