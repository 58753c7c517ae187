#include "micro_fixture.hpp"

#include <opencv2/imgcodecs.hpp>

#include "bench_photos.hpp"

namespace conforme::bench {

const EncodedPhotos& encoded_photos() {
  static const EncodedPhotos photos = [] {
    const auto portraits = load_portraits();
    EncodedPhotos p;
    const cv::Mat photo = id_photo(portraits.front(), 0);
    p.id_jpeg = encode_jpeg(photo);
    p.planche_jpeg = encode_jpeg(planche(photo));
    p.id_bgr = cv::imdecode(p.id_jpeg, cv::IMREAD_COLOR);
    return p;
  }();
  return photos;
}

const Analysed& analysed() {
  static const Analysed a = [] {
    Analysed out;
    out.checker = std::make_shared<const Checker>(load_profile("fr-ants"), FaceModels::load());
    FaceAnalyser analyser(out.checker->models());
    const auto& bgr = encoded_photos().id_bgr;
    out.report = out.checker->check_photo(bgr, dots_per_inch, analyser, &out.context);
    return out;
  }();
  return a;
}

}  // namespace conforme::bench
