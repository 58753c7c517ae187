// The header readers' fuzz target (fuzz/fuzz_image_header.cpp) run here on its seed corpus, the
// bad-input corpus, and deterministic mutations of both: under scripts/sanitize this is a short
// ASan/UBSan fuzzing run on every test run. The libFuzzer build goes much further.
#include <filesystem>
#include <fstream>
#include <random>

#include <gtest/gtest.h>

#include "image_bytes.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace conforme::test {
namespace {

std::vector<Bytes> seeds() {
  std::vector<Bytes> out;
  for (const char* dir : {CONFORME_FUZZ_SEEDS, CONFORME_TEST_DATA "/bad"})
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      std::error_code ec;  // the corpus holds a symbolic link loop
      if (e.is_regular_file(ec) && e.path().extension() != ".md") out.push_back(read_file(e.path().string()));
    }
  return out;
}

void run(const Bytes& b) { LLVMFuzzerTestOneInput(b.data(), b.size()); }

TEST(IoHeaderFuzz, SeedCorpusHoldsEveryFormat) {
  std::size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator(CONFORME_FUZZ_SEEDS)) n += e.is_regular_file();
  EXPECT_GE(n, 10u);
}

// Every seed, every prefix of the header region, and 200 random byte changes in the first
// 256 bytes of each (where headers live).
TEST(IoHeaderFuzz, SeedsTheirPrefixesAndMutationsRunClean) {
  std::mt19937 random(17);
  for (const Bytes& seed : seeds()) {
    if (seed.size() > (1u << 20)) continue;  // the header region is what matters
    run(seed);
    for (std::size_t n = 0; n < std::min<std::size_t>(seed.size(), 512); n += 3) run(Bytes(seed.begin(), seed.begin() + n));
    if (seed.empty()) continue;
    const std::size_t head = std::min<std::size_t>(seed.size(), 256);
    for (int trial = 0; trial < 200; ++trial) {
      Bytes b = seed;
      for (int k = 0; k < 1 + trial % 4; ++k) b[random() % head] = static_cast<std::uint8_t>(random());
      run(b);
    }
  }
}

}  // namespace
}  // namespace conforme::test
