// Face analysis is the dominant cost after decoding; these split it into its parts.
#include <fstream>
#include <optional>
#include <vector>

#include <benchmark/benchmark.h>
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "bench_photos.hpp"
#include "evidence/glasses_evidence.hpp"
#include "core/shrink.hpp"
#include "evidence/expr_net.hpp"
#include "evidence/eye_state_net.hpp"
#include "evidence/glasses_net.hpp"
#include "evidence/head_covering_net.hpp"
#include "evidence/mouth_evidence.hpp"
#include "evidence/mouth_net.hpp"
#include "evidence/occlusion_net.hpp"
#include "face/face_crop.hpp"
#include "face/other_faces.hpp"
#include "face/geometry.hpp"
#include "face/landmark_forest.hpp"
#include "face/pose.hpp"
#include "micro_fixture.hpp"

namespace conforme::bench {
namespace {

// Detection + landmarks + derived geometry (pose, masks) of one ID photo.
void BM_FaceAnalyse_IdPhoto(benchmark::State& state) {
  const auto& a = analysed();
  FaceAnalyser analyser(a.checker->models());
  const cv::Mat& bgr = encoded_photos().id_bgr;
  for (auto _ : state) {
    FaceContext ctx = analyser.analyse(bgr, dots_per_inch);
    benchmark::DoNotOptimize(ctx.face_count);
  }
  state.SetItemsProcessed(state.iterations());
}

// The places the look for other faces beside the sitter's would scan (face/other_faces.hpp): the
// skin-coloured patches outside the sitter's head and body on the photo reduced for the region
// statistics. Every photo with one face pays it; the scans of the places found come on top
// (BM_FaceAnalyse_IdPhoto includes both).
void BM_OtherFaceAreas_IdPhoto(benchmark::State& state) {
  const FaceContext& ctx = analysed().context;
  std::size_t areas = 0;
  for (auto _ : state) {
    const auto found = other_face_areas(*ctx.face, ctx.bgr.size());
    areas = found.size();
    benchmark::DoNotOptimize(areas);
  }
  state.counters["areas"] = static_cast<double>(areas);
  state.SetItemsProcessed(state.iterations());
}

// The whole look for other faces (the patches, then the frontal filter on each place) over the
// single photos conforme-bench checks: the first two rounds of the portraits (as
// write_photo_set draws them, JPEG-encoded and decoded). Counter `places`: places scanned a photo.
void BM_OtherFaces_BenchPhotos(benchmark::State& state) {
  static const std::vector<FaceContext> contexts = [] {
    const auto portraits = load_portraits();
    FaceAnalyser analyser(analysed().checker->models());
    std::vector<FaceContext> found;
    for (int i = 0; i < 2 * static_cast<int>(portraits.size()); ++i) {
      const cv::Mat photo = cv::imdecode(encode_jpeg(set_photo(portraits, i)), cv::IMREAD_COLOR);
      FaceContext ctx = analyser.analyse(photo, dots_per_inch);
      if (ctx.face) found.push_back(std::move(ctx));
    }
    return found;
  }();
  FaceAnalyser analyser(analysed().checker->models());
  std::size_t places = 0;
  for (const FaceContext& ctx : contexts) places += other_face_areas(*ctx.face, ctx.bgr.size()).size();
  for (auto _ : state)
    for (const FaceContext& ctx : contexts) benchmark::DoNotOptimize(analyser.other_faces(ctx));
  state.counters["places"] = static_cast<double>(places) / static_cast<double>(contexts.size());
  state.counters["photos"] = static_cast<double>(contexts.size());
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(contexts.size()));
}

// The same on a photo without a face (the ID photo's backdrop colour, 480 x 600, a members'
// Wikipedia photo's size): the three detection passes and the last look for faces too small to
// measure (face/face_models.cpp), which only such photos pay.
void BM_FaceAnalyse_NoFace(benchmark::State& state) {
  const auto& a = analysed();
  FaceAnalyser analyser(a.checker->models());
  const cv::Mat& id = encoded_photos().id_bgr;
  const cv::Mat bgr(600, 480, CV_8UC3, cv::Scalar(id.at<cv::Vec3b>(4, 4)));
  for (auto _ : state) {
    FaceContext ctx = analyser.analyse(bgr, std::nullopt);
    benchmark::DoNotOptimize(ctx.face_count);
  }
  state.SetItemsProcessed(state.iterations());
}

// dlib's HOG detector alone on the grey photo shrunk so its longer side is range(0) px: the
// cost of the detection_side_px choice in face/face_models.cpp.
void BM_HogDetect_IdPhoto_AtSide(benchmark::State& state) {
  cv::Mat gray, small;
  cv::cvtColor(encoded_photos().id_bgr, gray, cv::COLOR_BGR2GRAY);
  const double scale = double(state.range(0)) / std::max(gray.cols, gray.rows);
  cv::resize(gray, small, cv::Size(), scale, scale, cv::INTER_AREA);
  dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
  const dlib::cv_image<unsigned char> img(small);
  std::size_t faces = 0;
  for (auto _ : state) faces = detector(img).size();
  state.counters["faces"] = static_cast<double>(faces);
  state.SetItemsProcessed(state.iterations());
}

// The grey copy the landmarks read and the shrunk one the detector scans (face_models.cpp).
void BM_GreyAndDetectionResize_IdPhoto(benchmark::State& state) {
  const cv::Mat& bgr = encoded_photos().id_bgr;
  const double scale = 240.0 / std::max(bgr.cols, bgr.rows);
  for (auto _ : state) {
    cv::Mat gray;
    cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    const cv::Mat small = shrink(gray, scale);
    benchmark::DoNotOptimize(small.data);
  }
  state.SetItemsProcessed(state.iterations());
}

// The 68-point landmark fit alone, at full resolution from the detector's box: dlib's
// shape_predictor (range(0) = 0) against the packed LandmarkForest the library uses (1). With
// range(1) = 1 ("cold") 64 MB of other data is read between fits, as the checks do between two
// photos in the pipeline; with 0 ("warm") the same face is fitted again and again, so the leaves
// it reads stay in the caches.
void BM_Landmarks68_IdPhoto(benchmark::State& state) {
  const FaceContext& ctx = analysed().context;
  const std::string& path = analysed().checker->models()->landmark_model().path;
  dlib::shape_predictor reference;
  LandmarkForest packed;
  if (state.range(0) == 0) {
    dlib::deserialize(path) >> reference;
  } else {
    std::ifstream in(path, std::ios::binary);
    packed = LandmarkForest::load(in);
  }
  const cv::Rect2f& b = ctx.face->box;
  const dlib::rectangle box(std::lround(b.x), std::lround(b.y), std::lround(b.x + b.width - 1),
                            std::lround(b.y + b.height - 1));
  const dlib::cv_image<unsigned char> img(ctx.gray);
  std::vector<char> other(state.range(1) ? 64u << 20 : 0, 1);
  long sum = 0;
  for (auto _ : state) {
    if (!other.empty()) {
      state.PauseTiming();
      for (std::size_t i = 0; i < other.size(); i += 64) sum += other[i]++;
      state.ResumeTiming();
    }
    auto shape = state.range(0) == 0 ? reference(img, box) : packed(img, box);
    benchmark::DoNotOptimize(shape.part(0));
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}

// Eyes, crown, pose (face/pose.hpp), the eye and mouth crops, the face and background masks, the
// reduced copy and the two medians, from the landmarks. range(0) = 0: on the calling thread
// (ChecksOnCallingThread, as in run_pipeline); 1: the independent parts side by side
// (core/side_by_side.hpp). Wall time.
void BM_DeriveGeometry_IdPhoto(benchmark::State& state) {
  const FaceContext& analysed_ctx = analysed().context;
  std::optional<ChecksOnCallingThread> serial;
  if (state.range(0) == 0) serial.emplace();
  for (auto _ : state) {
    FaceContext ctx;
    ctx.bgr = analysed_ctx.bgr;
    ctx.face.emplace().landmarks = analysed_ctx.face->landmarks;
    derive_geometry(ctx);
    benchmark::DoNotOptimize(ctx.face->background_mask.data);
  }
  state.SetItemsProcessed(state.iterations());
}

// Everything one photo costs after decoding: analysis, every check of fr-ants, the verdicts.
// range(0) = 0: the checks on the calling thread (ChecksOnCallingThread, as in run_pipeline);
// 1: side by side on TBB's workers (a photo checked alone). Wall time is the latency; the CPU
// column counts the calling thread only.
void BM_CheckPhoto_IdPhoto(benchmark::State& state) {
  const auto& a = analysed();
  FaceAnalyser analyser(a.checker->models());
  const cv::Mat& bgr = encoded_photos().id_bgr;
  std::optional<ChecksOnCallingThread> serial;
  if (state.range(0) == 0) serial.emplace();
  for (auto _ : state) {
    PhotoReport report = a.checker->check_photo(bgr, dots_per_inch, analyser);
    benchmark::DoNotOptimize(report.status);
  }
  state.SetItemsProcessed(state.iterations());
}

// The checks' share of BM_CheckPhoto_IdPhoto: every check of fr-ants and the verdicts on the
// analysed ID photo, on the calling thread (ChecksOnCallingThread, as in run_pipeline). Each
// round judges a copy of the context, so evidence the checks share is measured once a round, as
// on a new photo.
void BM_JudgeContext_IdPhoto(benchmark::State& state) {
  const auto& a = analysed();
  ChecksOnCallingThread serial;
  for (auto _ : state) {
    const FaceContext ctx = a.context;
    PhotoReport report = a.checker->judge_context(ctx);
    benchmark::DoNotOptimize(report.status);
  }
  state.SetItemsProcessed(state.iterations());
}

// Yaw and pitch of one ID photo's landmarks: range(0) = 1, the 48-landmark fit of the corpus's
// frontal face (face/pose.hpp); 0, the six-point cv::solvePnP it replaced, as a yardstick.
void BM_HeadPose_IdPhoto(benchmark::State& state) {
  const Landmarks& lm = analysed().context.face->landmarks;
  const cv::Size size = analysed().context.bgr.size();
  const std::vector<cv::Point3d> model = {{0.0, 0.0, 0.0},        {0.0, 330.0, 88.0},    {-225.0, -170.0, 182.0},
                                          {225.0, -170.0, 182.0}, {-150.0, 150.0, 169.0}, {150.0, 150.0, 169.0}};
  const double f = 5.0 * size.width;
  const cv::Matx33d camera(f, 0, size.width / 2.0, 0, f, size.height / 2.0, 0, 0, 1);
  for (auto _ : state) {
    if (state.range(0) == 1) {
      benchmark::DoNotOptimize(fit_head_pose(lm).pose.yaw_deg);
    } else {
      const std::vector<cv::Point2d> image = {lm[30], lm[8], lm[36], lm[45], lm[48], lm[54]};
      cv::Vec3d rvec, tvec;
      cv::solvePnP(model, image, camera, cv::noArray(), rvec, tvec, false, cv::SOLVEPNP_ITERATIVE);
      benchmark::DoNotOptimize(rvec[0]);
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// The learned glasses evidence of one ID photo: range(0) = 1, the glasses network
// (evidence/glasses_net.hpp: reduction to 64 x 54 and the forward pass); 0, the hand-made frame
// score on the same crop (evidence/glasses_evidence.hpp), as a yardstick.
void BM_GlassesEvidence_IdPhoto(benchmark::State& state) {
  const UprightFace& eyes = *glasses_crop(analysed().context);
  for (auto _ : state) {
    if (state.range(0) == 1)
      benchmark::DoNotOptimize(crop_net_probability(glasses_net, crop_net_input(glasses_net, eyes)));
    else
      benchmark::DoNotOptimize(glasses_evidence(eyes).frame_score());
  }
  state.SetItemsProcessed(state.iterations());
}

// The occlusion evidence of one ID photo (face.occlusion): the mouth crop's reduction to 64 x 46
// and the occlusion network's forward pass (evidence/occlusion_net.hpp).
void BM_OcclusionEvidence_IdPhoto(benchmark::State& state) {
  const FaceContext& ctx = analysed().context;
  const auto mouth = cut_crop(ctx, ctx.face->evidence.mouth_region, mouth_region);
  for (auto _ : state) benchmark::DoNotOptimize(crop_net_probability(occlusion_net, crop_net_input(occlusion_net, *mouth)));
  state.SetItemsProcessed(state.iterations());
}

// The eye-state evidence of one ID photo (eyes.open): both eyes' 32 x 32 crops and two forward
// passes of the eye-state network (evidence/eye_state_net.hpp).
void BM_EyeStateEvidence_IdPhoto(benchmark::State& state) {
  const FaceContext& ctx = analysed().context;
  const auto eyes = cut_crop(ctx, ctx.face->evidence.eye_region, eye_region);
  for (auto _ : state) benchmark::DoNotOptimize(eye_closed_probabilities(*eyes));
  state.SetItemsProcessed(state.iterations());
}

// The expression network's evidence for expr.neutral: the 48 x 48 face cut from the photo (net:0
// the crop alone) and one forward pass (net:1, what the check pays).
void BM_ExpressionEvidence_IdPhoto(benchmark::State& state) {
  const FaceContext& ctx = analysed().context;
  const bool net = state.range(0) != 0;
  for (auto _ : state) {
    const cv::Mat input = expr_net_input(ctx);
    if (net) benchmark::DoNotOptimize(non_neutral_probability(expr_class_probabilities(input)));
    benchmark::DoNotOptimize(input.data);
  }
  state.SetItemsProcessed(state.iterations());
}

// The head-covering network's evidence for head.covering: the 64 x 64 head crop cut from the photo
// (net:0, the crop alone) and one forward pass (net:1, what the check pays).
void BM_HeadCoveringEvidence_IdPhoto(benchmark::State& state) {
  const FaceContext& ctx = analysed().context;
  const bool net = state.range(0) != 0;
  for (auto _ : state) {
    const cv::Mat input = head_covering_net_input(ctx);
    if (net) benchmark::DoNotOptimize(crop_net_probability(head_covering_net, input));
    benchmark::DoNotOptimize(input.data);
  }
  state.SetItemsProcessed(state.iterations());
}

// The open-mouth evidence of one ID photo (expr.mouth_closed): range(0) = 1, the mouth network
// (evidence/mouth_net.hpp: the mouth crop's reduction to 64 x 46 and the forward pass); 0, the
// hand-made teeth share (evidence/mouth_evidence.hpp), as a yardstick.
void BM_MouthEvidence_IdPhoto(benchmark::State& state) {
  const FaceContext& ctx = analysed().context;
  const auto mouth = cut_crop(ctx, ctx.face->evidence.mouth_region, mouth_region);
  for (auto _ : state) {
    if (state.range(0) == 1)
      benchmark::DoNotOptimize(crop_net_probability(mouth_net, crop_net_input(mouth_net, *mouth)));
    else
      benchmark::DoNotOptimize(teeth_share(*mouth));
  }
  state.SetItemsProcessed(state.iterations());
}

// Paid once per worker thread per run_pipeline call (the HOG detector is deserialised each time).
void BM_FaceAnalyserConstruct(benchmark::State& state) {
  const auto models = analysed().checker->models();
  for (auto _ : state) {
    FaceAnalyser analyser(models);
    benchmark::DoNotOptimize(&analyser);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_FaceAnalyserConstruct)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FaceAnalyse_IdPhoto)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FaceAnalyse_NoFace)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OtherFaceAreas_IdPhoto)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_OtherFaces_BenchPhotos)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HogDetect_IdPhoto_AtSide)->ArgName("side_px")->Arg(200)->Arg(240)->Arg(300)->Arg(400)->Arg(600)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GreyAndDetectionResize_IdPhoto)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Landmarks68_IdPhoto)->ArgNames({"packed", "cold"})->ArgsProduct({{0, 1}, {0, 1}})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HeadPose_IdPhoto)->ArgName("fit48")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_GlassesEvidence_IdPhoto)->ArgName("net")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_OcclusionEvidence_IdPhoto)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_EyeStateEvidence_IdPhoto)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ExpressionEvidence_IdPhoto)->ArgName("net")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_HeadCoveringEvidence_IdPhoto)->ArgName("net")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_MouthEvidence_IdPhoto)->ArgName("net")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DeriveGeometry_IdPhoto)->ArgName("side_by_side")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_JudgeContext_IdPhoto)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CheckPhoto_IdPhoto)->ArgName("side_by_side")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace conforme::bench
