// `conforme check -`: one image read from standard input (issue 21).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/cli_run.hpp"
#include "support/fixtures.hpp"

namespace conforme::test {
namespace {

TEST(CliStdin, OneImageFromStandardInputIsJudgedAsTheFile) {
  const std::string photo = source_path("samples/S001183_bg-white.jpg");
  const CliRun piped = run_conforme("check --format jsonl - < " + photo);
  const CliRun named = run_conforme("check --format jsonl " + photo);
  ASSERT_EQ(piped.status, 1) << piped.err;
  ASSERT_EQ(named.status, 1) << named.err;
  auto a = nlohmann::json::parse(piped.out);
  auto b = nlohmann::json::parse(named.out);
  EXPECT_EQ(a["input"], "-");
  EXPECT_EQ(a["failed"], nlohmann::json::array({"bg.colour"}));
  a.erase("input");
  b.erase("input");
  EXPECT_EQ(a, b);  // the same dpi, JPEG quality, values and verdicts as the file
  // /dev/stdin is standard input too (it was refused as a FIFO: not_a_file).
  const CliRun dev = run_conforme("check --format jsonl /dev/stdin < " + photo);
  ASSERT_EQ(dev.status, 1) << dev.out << dev.err;
  auto c = nlohmann::json::parse(dev.out);
  EXPECT_EQ(c["input"], "/dev/stdin");
  c.erase("input");
  EXPECT_EQ(c, b);
}

TEST(CliStdin, NothingOrNoImageOnStandardInputIsAnErrorRecord) {
  const CliRun empty = run_conforme("check --format jsonl - < /dev/null");
  EXPECT_EQ(empty.status, 3);
  const auto e = nlohmann::json::parse(empty.out);
  EXPECT_EQ(e["input"], "-");
  EXPECT_EQ(e["error"]["code"], "empty_file");
  const CliRun text = run_conforme("check --format jsonl - < " + source_path("README.md"));
  EXPECT_EQ(text.status, 3);
  EXPECT_EQ(nlohmann::json::parse(text.out)["error"]["code"], "not_an_image");
}

TEST(CliStdin, StandardInputIsReadOnce) {
  const std::string photo = source_path("samples/S001183_ok.jpg");
  const CliRun twice = run_conforme("check - - < " + photo);
  EXPECT_EQ(twice.status, 2);
  EXPECT_NE(twice.err.find("standard input"), std::string::npos) << twice.err;
  const CliRun with_list = run_conforme("check --from - - < " + photo);
  EXPECT_EQ(with_list.status, 2);
}

}  // namespace
}  // namespace conforme::test
