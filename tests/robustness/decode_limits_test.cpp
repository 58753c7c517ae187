// Issue 17, decoding: no bomb gets past the limits. Every file of the hostile corpus
// (tests/data/bad) goes through the command as a batch meets it, in a child whose address space
// is capped at 700 MB (RLIMIT_AS, as `prlimit --as` or a container's memory limit would): exactly
// one record, the expected code, under 5 s and under the cap. On the code before issue 17, the
// stray-byte JPEG, the SSHORT/SLONG/duplicate-tag TIFFs, the 16-bit and float bombs and the
// 511 MB sparse file broke the cap (std::bad_alloc, or gigabytes mapped) or ran for seconds.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "corpus.hpp"
#include "image_bytes.hpp"
#include "run_cli.hpp"
#include "support/fixtures.hpp"

namespace fs = std::filesystem;

namespace conforme::test {
namespace {

// AddressSanitizer reserves terabytes of address space for its shadow memory, so a process under
// an address-space cap cannot start at all: the capped tests run in the plain build only
// (scripts/test runs them there; scripts/sanitize --all skips them and says why).
#if defined(__SANITIZE_ADDRESS__)
constexpr bool address_space_cap_usable = false;
#else
constexpr bool address_space_cap_usable = true;
#endif
#define SKIP_UNDER_ASAN() \
  if (!address_space_cap_usable) GTEST_SKIP() << "an address-space cap cannot hold an AddressSanitizer build"

constexpr std::uint64_t cap_bytes = 700ull << 20;
constexpr double seconds_each = 5;

// Checks the one record of a capped run of one input.
void expect_one_record(const CappedRun& r, const std::string& input, const std::string& expected) {
  EXPECT_FALSE(r.timed_out) << "killed after " << r.seconds << " s";
  // CPU time, so that a loaded machine (ctest -j) does not fail it; a file that blocks instead
  // of computing is caught by the timeout.
  EXPECT_LT(r.cpu_seconds, seconds_each) << r.seconds << " s wall";
  EXPECT_LT(r.max_rss_kib * 1024.0, static_cast<double>(cap_bytes));
  const auto recs = records(r.out);
  ASSERT_EQ(recs.size(), 1u) << r.err;
  EXPECT_EQ(recs[0]["input"], input);
  if (expected.rfind("report", 0) == 0) {
    EXPECT_NE(recs[0]["status"], "error") << recs[0].value("error", nlohmann::json()).dump();
  } else {
    EXPECT_EQ(recs[0]["status"], "error");
    EXPECT_EQ(recs[0]["error"]["code"], expected) << recs[0]["error"]["message"];
  }
}

// The bombs and header tricks of issue 17, each in its own capped process so that its time and
// memory are its own (start-up, models loaded, is about 1-2 s of the 5).
TEST(DecodeLimits, EveryBombIsBoundedInTimeAndMemory) {
  SKIP_UNDER_ASAN();
  const std::set<std::string> bombs = {
      "jpeg_bomb.jpg", "jpeg_stray_byte_bomb.jpg", "jpeg_two_sofs.jpg", "jpeg_two_sofs_huge_first.jpg", "jpeg_dnl.jpg",
      "jpeg_3000_scans.jpg", "png_bomb.png", "png_idat_bomb.png", "png_16bit_rgba_bomb.png", "png_ihdr_not_first.png",
      "png_ztxt_bomb.png", "png_iccp_bomb.png", "apng_huge_frame.png", "tiff_bomb.tif", "tiff_sshort_bomb.tif",
      "tiff_slong_bomb.tif", "tiff_duplicate_width.tif", "tiff_rational_width.tif", "tiff_float_rgba_bomb.tif",
      "tiff_64x1000000.tif", "tiff_64x100000.tif", "bmp_bomb.bmp", "bmp_top_down_bomb.bmp", "webp_bomb.webp", "webp_canvas_lie.webp"};
  std::size_t run = 0;
  for (const auto& c : bad_corpus(data_path("bad"))) {
    if (!bombs.count(c.name)) continue;
    SCOPED_TRACE(c.name);
    ++run;
    const std::string path = data_path("bad/" + c.name);
    const CappedRun r = conforme_capped("check -q --jobs 1 " + quote(path), cap_bytes, 30);
    expect_one_record(r, path, c.expected);
  }
  EXPECT_EQ(run, bombs.size());  // every one is in the corpus
}

// The whole corpus in one capped process, two threads: one record each, in order, as expected.
TEST(DecodeLimits, WholeCorpusRunsInOneCappedProcess) {
  SKIP_UNDER_ASAN();
  const auto cases = bad_corpus(data_path("bad"));
  ASSERT_GE(cases.size(), 70u);
  std::string args;
  for (const auto& c : cases) args += " " + quote(data_path("bad/" + c.name));
  const CappedRun r = conforme_capped("check -q --jobs 2" + args, cap_bytes, 120);
  EXPECT_FALSE(r.timed_out);
  EXPECT_LT(r.seconds, 5.0 * static_cast<double>(cases.size()) / 4);  // far less in fact: about 10 s
  EXPECT_LT(r.max_rss_kib * 1024.0, static_cast<double>(cap_bytes));
  const auto recs = records(r.out);
  ASSERT_EQ(recs.size(), cases.size()) << r.err;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(cases[i].name);
    if (cases[i].expected.rfind("report", 0) == 0)
      EXPECT_NE(recs[i]["status"], "error");
    else
      EXPECT_EQ(recs[i]["error"]["code"], cases[i].expected);
  }
}

// Cannot be committed: a 511 MB file, sparse on disk, behind a valid JPEG header. It was read
// whole into memory (511 MB) before its header was looked at.
TEST(DecodeLimits, SparseHugeFileIsRefusedWithoutBeingRead) {
  SKIP_UNDER_ASAN();
  const std::string dir = temp_dir("sparse");
  const std::string path = dir + "/scan.jpg";
  fs::copy_file(data_path("bad/jpeg_named.png"), path);
  ASSERT_EQ(::truncate(path.c_str(), 511ll << 20), 0);
  const CappedRun r = conforme_capped("check -q " + quote(path), cap_bytes, 30);
  expect_one_record(r, path, "too_large");
  fs::remove_all(dir);
}

// An image within every limit the user set that the system still cannot hold: its own code and
// the memory it needed, not `corrupt` (the cap stands for a container's memory limit).
TEST(DecodeLimits, OutOfMemoryHasItsOwnCode) {
  SKIP_UNDER_ASAN();
  const std::string dir = temp_dir("oom");
  const std::string path = dir + "/big.png";
  const Bytes png = png_file({png_chunk("IHDR", png_ihdr(20000, 20000, 8, 2)), png_chunk("IDAT", zlib_compress(Bytes(1000))),
                              png_chunk("IEND", {})});
  write_file(path, std::string(png.begin(), png.end()));
  const CappedRun r =
      conforme_capped("check -q --max-pixels 1000000000 --max-decode-memory 100000 " + quote(path), cap_bytes, 30);
  expect_one_record(r, path, "out_of_memory");
  const auto recs = records(r.out);
  if (!recs.empty()) {
    EXPECT_NE(recs[0]["error"]["message"].get<std::string>().find("MiB"), std::string::npos);
  }
  fs::remove_all(dir);
}

TEST(DecodeLimits, DecodeMemoryOptionIsChecked) {
  EXPECT_EQ(conforme("check -q --max-decode-memory 0 x.jpg").status, 2);
  EXPECT_EQ(conforme("check -q --max-decode-memory -3 x.jpg").status, 2);
  // A 60 x 80 PNG needs 28,800 bytes to decode: judged under a 1 MiB budget.
  const CliRun ok = conforme("check -q --max-decode-memory 1 " + quote(data_path("bad/png_named.jpg")));
  EXPECT_EQ(records(ok.out).at(0)["status"], "fail");
}

// libjpeg's warnings went to stderr even with -q, without the file's name.
TEST(DecodeLimits, CodecWarningsNameTheirFileAndQuietSilencesThem) {
  const std::string path = data_path("bad/jpeg_stray_byte.jpg");
  const CliRun quiet = conforme("check -q " + quote(path));
  EXPECT_EQ(quiet.status, 1);
  EXPECT_EQ(quiet.err, "");
  const CliRun told = conforme("check " + quote(path));
  EXPECT_NE(told.err.find("conforme: warning: " + path + ": Corrupt JPEG data: 1 extraneous bytes before marker 0xc0\n"),
            std::string::npos)
      << told.err;
  EXPECT_EQ(told.out, quiet.out);  // the report itself is unchanged
}

// A run-wide budget smaller than any image: each input waits for the one ahead of it, none is
// lost or reordered, and the report is the one the default budget gives, byte for byte.
TEST(DecodeLimits, TinyRunBudgetSerialisesDecodingWithoutChangingTheReport) {
  std::string inputs;
  for (const char* name : {"photo.tif", "png_named.jpg", "jpeg_stray_byte_bomb.jpg", "progressive.jpg", "alpha.png", "photo.webp"})
    inputs += " " + quote(data_path(std::string("bad/") + name));
  const CliRun tiny = conforme("check -q --jobs 2 --max-memory 1" + inputs);
  const CliRun normal = conforme("check -q --jobs 2" + inputs);
  EXPECT_EQ(tiny.status, 3) << tiny.err;
  EXPECT_EQ(records(tiny.out).size(), 6u);
  EXPECT_EQ(tiny.out, normal.out);
  EXPECT_EQ(conforme("check -q --max-memory 0" + inputs).status, 2);
}

}  // namespace
}  // namespace conforme::test
