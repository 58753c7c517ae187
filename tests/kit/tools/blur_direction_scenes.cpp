// photo.motion_blur's measure on whole images without a face (EVALUATION.md §17): the labelled
// scenes of the blur dataset (sharp, defocused, moved) have no face, so each image, its longer
// side reduced to 640 px, is measured whole by evidence/blur_direction's function, the same code
// the check runs on the face. Prints file,ratio,direction_deg per image.
//   conforme-blur-direction IMAGE...
#include <algorithm>
#include <iostream>

#include <opencv2/imgcodecs.hpp>

#include "core/area_resize.hpp"
#include "evidence/blur_direction.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: conforme-blur-direction IMAGE...\n";
    return 2;
  }
  std::cout << "file,ratio,direction_deg\n";
  for (int i = 1; i < argc; ++i) {
    const cv::Mat grey = cv::imread(argv[i], cv::IMREAD_GRAYSCALE);
    if (grey.empty()) {
      std::cerr << "cannot read " << argv[i] << "\n";
      return 1;
    }
    const double scale = std::min(1.0, 640.0 / std::max(grey.cols, grey.rows));
    const cv::Mat work = scale < 1.0 ? conforme::area_resize(grey, cv::Size(), scale, scale) : grey;
    const conforme::BlurDirection b = conforme::blur_direction(work);
    std::cout << argv[i] << "," << b.ratio << "," << b.direction_deg << "\n";
  }
  return 0;
}
