// photo.aspect — the 35:45 framing of ISO/IEC 19794-5 full frontal images.
#include "checks/check.hpp"

namespace conforme {

extern const Check photo_aspect{
    "photo.aspect", "Width divided by height of the photo (35:45 = 0.778).", Needs::image,
    {{"ratio", "ratio"}},
    [](const FaceContext& ctx) {
      Measurement m;
      m.values.push_back({"ratio", static_cast<double>(ctx.width()) / ctx.height(), "ratio"});
      return m;
    }};

}  // namespace conforme
