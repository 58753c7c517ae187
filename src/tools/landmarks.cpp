// conforme-landmarks: the evidence conforme draws from each photo's face, as one CSV row per
// photo, for building and studying labelled corpora (scripts/corpus/) and fitting the pose
// estimator: faces found, the 68 landmarks (iBUG 300-W layout, photo pixels), the pose the
// library reads and the inter-eye distance. With --crops DIR it also writes, for each photo with
// one face, the learned models' input images (evidence/crop_net.hpp) as DIR/<name>.eyes.png (the
// eye region at the glasses network's size) and DIR/<name>.mouth.png (the mouth region at the
// mouth and occlusion networks' size) and DIR/<name>.eye-l.png and .eye-r.png (each eye at the eye-state
// network's size), DIR/<name>.expr.png (the whole face at the expression network's size) and
// DIR/<name>.head.png (the head at the head-covering network's size), named by the photo's file
// name, for scripts/train/train_crop_net.py, train_eye_net.py and train_expr_net.py.
//
//   conforme-landmarks photo1.jpg photo2.png ... > landmarks.csv
//   conforme-landmarks --from list.txt > landmarks.csv
//   conforme-landmarks --crops crops/ --from list.txt > landmarks.csv
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "evidence/expr_net.hpp"
#include "evidence/eye_state_net.hpp"
#include "evidence/glasses_net.hpp"
#include "evidence/head_covering_net.hpp"
#include "evidence/mouth_net.hpp"
#include "face/face_crop.hpp"
#include "face/models.hpp"

using namespace conforme;

int main(int argc, char** argv) {
  std::vector<std::string> files;
  std::string crops_dir;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << "usage: conforme-landmarks [--crops DIR] [--from LIST] PHOTO...\n"
                   "Writes one CSV row per photo: file, width, height, faces, yaw, pitch, roll,\n"
                   "inter_eye, then x0,y0 .. x67,y67 (photo pixels; empty unless one face).\n"
                   "--crops DIR also writes DIR/<file name>.eyes.png, .mouth.png, .eye-l.png, .eye-r.png,\n"
                   ".expr.png and .head.png,\n"
                   "the networks' inputs.\n";
      return 0;
    }
    if (arg == "--crops" && i + 1 < argc) {
      crops_dir = argv[++i];
      std::filesystem::create_directories(crops_dir);
      continue;
    }
    if (arg == "--from" && i + 1 < argc) {
      std::ifstream list(argv[++i]);
      if (!list) {
        std::cerr << "conforme-landmarks: cannot read the list " << argv[i] << "\n";
        return 2;
      }
      for (std::string line; std::getline(list, line);)
        if (!line.empty()) files.push_back(line);
      continue;
    }
    files.push_back(arg);
  }
  FaceAnalyser analyser(FaceModels::load());
  std::printf("file,width,height,faces,yaw,pitch,roll,inter_eye");
  for (int k = 0; k < 68; ++k) std::printf(",x%d,y%d", k, k);
  std::printf("\n");
  for (const auto& file : files) {
    const cv::Mat bgr = cv::imread(file, cv::IMREAD_COLOR);
    if (bgr.empty()) {
      std::cerr << "conforme-landmarks: " << file << ": cannot be decoded\n";
      std::printf("%s,0,0,-1,,,,", file.c_str());
      for (int k = 0; k < 68; ++k) std::printf(",,");
      std::printf("\n");
      continue;
    }
    const FaceContext ctx = analyser.analyse(bgr);
    std::printf("%s,%d,%d,%d", file.c_str(), bgr.cols, bgr.rows, ctx.face_count);
    if (ctx.face.has_value()) {
      std::printf(",%.4f,%.4f,%.4f,%.3f", ctx.face->pose.yaw_deg, ctx.face->pose.pitch_deg, ctx.face->pose.roll_deg,
                  ctx.face->inter_eye_px);
      for (const auto& p : ctx.face->landmarks) std::printf(",%.2f,%.2f", p.x, p.y);
      if (!crops_dir.empty()) {
        const std::string name = std::filesystem::path(file).filename().string();
        const auto eyes = cut_crop(ctx, ctx.face->evidence.eye_region, eye_region);
        if (!cv::imwrite(crops_dir + "/" + name + ".eyes.png", crop_net_input(glasses_net, *eyes)) ||
            !cv::imwrite(crops_dir + "/" + name + ".mouth.png", mouth_net_input(ctx)) ||
            !cv::imwrite(crops_dir + "/" + name + ".eye-l.png", eye_net_input(*eyes, 0)) ||
            !cv::imwrite(crops_dir + "/" + name + ".eye-r.png", eye_net_input(*eyes, 1)) ||
            !cv::imwrite(crops_dir + "/" + name + ".expr.png", expr_net_input(ctx)) ||
            !cv::imwrite(crops_dir + "/" + name + ".head.png", head_covering_net_input(ctx)))
          std::cerr << "conforme-landmarks: cannot write the crops of " << file << " in " << crops_dir << "\n";
      }
    } else {
      std::printf(",,,,");
      for (int k = 0; k < 68; ++k) std::printf(",,");
    }
    std::printf("\n");
  }
  return 0;
}
