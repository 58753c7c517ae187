// Each of the project's networks run by OpenCV's cv::dnn in C++ gives the logits torch gave at
// training time (scripts/train/train_crop_net.py, train_eye_net.py and train_expr_net.py wrote them
// beside the crops), and the compiled-in model is the one those logits came from.
#include <cmath>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "evidence/expr_net.hpp"
#include "evidence/eye_state_net.hpp"
#include "evidence/glasses_net.hpp"
#include "evidence/head_covering_net.hpp"
#include "evidence/mouth_net.hpp"
#include "evidence/occlusion_net.hpp"
#include "evidence/smile_net.hpp"
#include "profile/profile.hpp"

namespace conforme {
namespace {

// The limit the default profile puts on one of expr.neutral's network values.
double expr_neutral_limit(const std::string& value) {
  const Profile profile = load_profile("fr-ants");
  for (const auto& l : profile.rule("expr.neutral")->limits)
    if (l.value_name == value) return l.limit.max.value();
  throw std::runtime_error("fr-ants sets no limit on expr.neutral's " + value);
}

struct Net {
  const CropNet* net;
  std::string fixtures;  // directory under tests/data/models
};

void PrintTo(const Net& n, std::ostream* os) { *os << n.net->name; }

class CropNets : public testing::TestWithParam<Net> {
 protected:
  const CropNet& net() const { return *GetParam().net; }
  std::string fixture_dir() const { return std::string(CONFORME_TEST_DATA) + "/models/" + GetParam().fixtures; }
  nlohmann::json expected() const {
    std::ifstream in(fixture_dir() + "/expected.json");
    if (!in) throw std::runtime_error("cannot read " + fixture_dir() + "/expected.json");
    return nlohmann::json::parse(in);
  }
};

TEST_P(CropNets, CompiledModelIsTheOneTheFixturesCameFrom) {
  EXPECT_EQ(crop_net_info(net()).sha256, expected()["model_sha256"].get<std::string>());
}

TEST_P(CropNets, CppLogitsEqualTorchLogits) {
  const auto fixtures = expected()["fixtures"];
  ASSERT_GE(fixtures.size(), 8u);
  int with = 0, without = 0, smiles_over = 0;
  for (const auto& f : fixtures) {
    const std::string path = fixture_dir() + "/" + f["crop"].get<std::string>();
    const cv::Mat crop = cv::imread(path, cv::IMREAD_COLOR);
    ASSERT_FALSE(crop.empty()) << path;
    const std::vector<float> outputs = crop_net_outputs(net(), crop);
    // One logit ("logit"), or several ("logits": the expression network's seven classes).
    const auto expected_logits = f.contains("logits") ? f["logits"] : nlohmann::json::array({f["logit"]});
    ASSERT_EQ(outputs.size(), expected_logits.size()) << path;
    for (std::size_t i = 0; i < outputs.size(); ++i)
      EXPECT_NEAR(outputs[i], expected_logits[i].get<double>(), 1e-4) << path << " output " << i;
    // The fixtures are labelled photos of the test split (for the head-covering network, whose test
    // split holds one covering, also three public-domain portraits with one): the network must
    // also be right on them.
    (f["positive"].get<int>() == 1 ? with : without) += 1;
    if (&net() != &expr_net && &net() != &smile_net) {
      EXPECT_EQ(outputs[0] > 0, f["positive"].get<int>() == 1) << path;
      continue;
    }
    // The expression and smile networks judge beside the landmarks, which catch most smiles: every
    // neutral face must stay under the profile's limit, and most smiling ones go over it.
    const bool over = &net() == &expr_net
                          ? non_neutral_probability(expr_class_probabilities(crop)) >
                                expr_neutral_limit("non_neutral_probability")
                          : crop_net_probability(net(), crop) > expr_neutral_limit("smile_probability");
    if (f["positive"].get<int>() == 0)
      EXPECT_FALSE(over) << path << ": a neutral face of the test split rejected";
    else
      smiles_over += over;
  }
  EXPECT_GE(with, 2);
  EXPECT_GE(without, 2);
  if (&net() == &expr_net || &net() == &smile_net) {
    EXPECT_GT(2 * smiles_over, with);
  }
}

TEST_P(CropNets, EachThreadGetsTheSameAnswer) {
  const auto fixtures = expected()["fixtures"];
  std::vector<cv::Mat> crops;
  for (const auto& f : fixtures) crops.push_back(cv::imread(fixture_dir() + "/" + f["crop"].get<std::string>()));
  std::vector<double> serial;
  const CropNet& n = net();
  for (const auto& c : crops) serial.push_back(crop_net_logit(n, c));
  std::vector<std::vector<double>> per_thread(4);
  std::vector<std::thread> threads;
  for (auto& out : per_thread)
    threads.emplace_back([&crops, &out, &n] {
      for (int round = 0; round < 3; ++round)
        for (const auto& c : crops) out.push_back(crop_net_logit(n, c));
    });
  for (auto& t : threads) t.join();
  for (const auto& out : per_thread)
    for (std::size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i], serial[i % crops.size()]);
}

INSTANTIATE_TEST_SUITE_P(Models, CropNets,
                         testing::Values(Net{&glasses_net, "glasses-net"}, Net{&occlusion_net, "occlusion-net"},
                                         Net{&eye_state_net, "eye-state-net"}, Net{&expr_net, "expression-net"},
                                         Net{&head_covering_net, "head-covering-net"},
                                         Net{&mouth_net, "mouth-net"}, Net{&smile_net, "smile-net"}),
                         [](const testing::TestParamInfo<Net>& info) {
                           return std::string(info.param.net->name);
                         });

}  // namespace
}  // namespace conforme
