// Scale-out: `--shard I/N` splits a batch by a hash of each input's path, and `conforme merge`
// joins the shard reports into the unsharded report, byte for byte, refusing what it cannot join.
#include <cstdio>
#include <filesystem>
#include <set>

#include <gtest/gtest.h>

#include "io/shard.hpp"
#include "run_cli.hpp"
#include "support/fixtures.hpp"

namespace fs = std::filesystem;

namespace conforme::test {
namespace {

// Real photos, the bad-input corpus and a duplicate: three shard runs merged in any order give
// the report of one unsharded run, byte for byte, and its exit status.
TEST(Shard, ThreeShardsMergeToTheUnshardedReportByteForByte) {
  const std::string dir = temp_dir("shards");
  const std::string inputs = quote(data_path("faces")) + " " + quote(data_path("bad")) + " " +
                             quote(data_path("faces/congress_S001183.jpg"));
  const CliRun whole = conforme("check -q --jobs 2 " + inputs + " -o " + quote(dir + "/whole.jsonl"));
  ASSERT_EQ(whole.status, 3);
  const std::string expected = slurp(dir + "/whole.jsonl");
  std::size_t lines = 0;
  for (int s = 0; s < 3; ++s) {
    const std::string out = dir + "/shard" + std::to_string(s) + ".jsonl";
    conforme("check -q --jobs 2 --shard " + std::to_string(s) + "/3 " + inputs + " -o " + quote(out));
    const auto recs = records(slurp(out));
    EXPECT_GT(recs.size(), 5u);
    for (const auto& r : recs) EXPECT_TRUE(in_shard(r["input"].get<std::string>(), {std::size_t(s), 3}));
    lines += recs.size();
  }
  EXPECT_EQ(lines, records(expected).size());
  const CliRun merged = conforme("merge " + quote(dir + "/merged.jsonl") + " " + quote(dir + "/shard2.jsonl") + " " +
                                 quote(dir + "/shard0.jsonl") + " " + quote(dir + "/shard1.jsonl"));
  EXPECT_EQ(merged.status, whole.status) << merged.err;
  EXPECT_EQ(slurp(dir + "/merged.jsonl"), expected);
  fs::remove_all(dir);
}

// --annotate names files by the input's place in the whole batch, like input_index: a resumed
// run does not overwrite the drawings of the inputs before it, and shards' directories can be
// joined.
TEST(Shard, AnnotatedPhotosAreNamedByTheirInputIndex) {
  const std::string dir = temp_dir("annotate");
  const CliRun r = conforme("check -q --jobs 2 --shard 1/2 --annotate " + quote(dir + "/drawn") + " " +
                            quote(data_path("faces")) + " -o " + quote(dir + "/shard1.jsonl"));
  std::set<std::string> expected, found;
  for (const auto& rec : records(slurp(dir + "/shard1.jsonl"))) {
    char prefix[32];
    std::snprintf(prefix, sizeof prefix, "%06zu_", rec["input_index"].get<std::size_t>());
    expected.insert(prefix + fs::path(rec["input"].get<std::string>()).stem().string() + ".jpg");
  }
  for (const auto& e : fs::directory_iterator(dir + "/drawn")) found.insert(e.path().filename().string());
  EXPECT_GT(expected.size(), 3u);
  EXPECT_EQ(found, expected);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace conforme::test
