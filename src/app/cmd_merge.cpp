// `conforme merge`: joins the JSONL reports of `conforme check --shard I/N` runs into the one
// report an unsharded run would have written, byte for byte. A k-way merge on input_index: each
// shard's records are already in input order, so memory holds one record per shard.
#include <cerrno>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "app/cli.hpp"
#include "app/parse_options.hpp"
#include "io/output_file.hpp"
#include "io/report_file.hpp"

namespace po = boost::program_options;

namespace conforme::cli {
namespace {

struct MergeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Shard {
  std::unique_ptr<ReportReader> reader;
  std::optional<ReportRecord> current;

  void advance() {
    const bool had_one = current.has_value();
    const std::size_t previous = had_one ? current->input_index : 0;
    current = reader->next();
    if (!current && reader->partial_tail())
      throw MergeError(reader->path() + " ends with an incomplete record: its run was interrupted. Finish it "
                                        "with the same `conforme check ... --resume` command, then merge.");
    if (current && had_one && current->input_index < previous)
      throw MergeError(reader->path() + " line " + std::to_string(current->line_number) + ": input " +
                       std::to_string(current->input_index) + " after input " + std::to_string(previous) +
                       " (records out of input order): not a report written by `conforme check`");
  }
};

std::string where(const ReportRecord& r, const Shard& s) {
  return s.reader->path() + " line " + std::to_string(r.line_number);
}

// "input 7" or "inputs 7 to 9", for inputs [from, to).
std::string inputs_text(std::size_t from, std::size_t to) {
  return to - from == 1 ? "input " + std::to_string(from)
                        : "inputs " + std::to_string(from) + " to " + std::to_string(to - 1);
}

struct Totals {
  std::size_t inputs = 0, records = 0, failed = 0, errors = 0;
  std::size_t passed_to_check = 0;  // passes with a warning among their checks
};

// A shard report is a regular file. An empty one cannot be told from a shard whose run wrote
// nothing before it was lost, so it is taken only when --inputs can prove the batch complete.
void refuse_unusable_shard(const std::string& path, bool batch_size_known) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) return;  // ReportReader says it cannot open it
  if (!std::filesystem::is_regular_file(status))
    throw MergeError(path + " is " + (std::filesystem::is_directory(status) ? "a directory" : "not a regular file") +
                     ", not a shard report");
  if (std::filesystem::file_size(path, ec) == 0 && !batch_size_known)
    throw MergeError(path + " is empty: a shard with no input, or one whose run wrote nothing before it stopped. "
                            "Give --inputs N (the batch's input count) so that merge can tell, or leave it out.");
}

Totals merge(const std::vector<std::string>& shard_paths, std::ostream& out, std::optional<std::size_t> expected_inputs) {
  for (const auto& path : shard_paths) refuse_unusable_shard(path, expected_inputs.has_value());
  std::vector<Shard> shards;
  for (const auto& path : shard_paths) {
    shards.push_back({std::make_unique<ReportReader>(path), std::nullopt});
    shards.back().advance();
  }
  Totals totals;
  std::optional<nlohmann::json> identity;
  std::string identity_where;
  std::size_t next_index = 0;  // every input before it has been written
  while (true) {
    Shard* lowest = nullptr;
    for (Shard& s : shards) {
      if (!s.current) continue;
      if (lowest && s.current->input_index == lowest->current->input_index)
        throw MergeError("input " + std::to_string(s.current->input_index) + " (" + s.current->input +
                         ") is in two reports: " + where(*lowest->current, *lowest) + " and " + where(*s.current, s) +
                         ". Give each shard's report once.");
      if (!lowest || s.current->input_index < lowest->current->input_index) lowest = &s;
    }
    if (!lowest) break;
    const std::size_t index = lowest->current->input_index;
    if (index < next_index)
      throw MergeError(where(*lowest->current, *lowest) + ": input " + std::to_string(index) +
                       " comes after input " + std::to_string(next_index - 1) +
                       (index + 1 == next_index ? " again (a duplicate record)" : " (records out of input order)"));
    if (index > next_index)
      throw MergeError(inputs_text(next_index, index) + " (before " + where(*lowest->current, *lowest) +
                       ") in no report: a shard's report is missing or unfinished.");
    // Every record of this input: consecutive in one shard (a planche gives several).
    std::vector<long long> photos;
    while (lowest->current && lowest->current->input_index == index) {
      const ReportRecord& r = *lowest->current;
      if (!identity) {
        identity = r.identity;
        identity_where = where(r, *lowest);
      } else if (r.identity != *identity) {
        throw MergeError(where(r, *lowest) + " was written with " + describe_identity(r.identity) + " but " +
                         identity_where + " with " + describe_identity(*identity) +
                         ". Shards must run the same program with the same profile, models, --dpi and --kind.");
      }
      for (const long long p : photos)
        if (p == r.photo_index)
          throw MergeError(where(r, *lowest) + ": photo " + std::to_string(p) + " of input " +
                           std::to_string(index) + " appears twice");
      photos.push_back(r.photo_index);
      out.write(r.line.data(), static_cast<std::streamsize>(r.line.size()));
      out.put('\n');
      ++totals.records;
      if (r.status == "fail") ++totals.failed;
      if (r.status == "error") ++totals.errors;
      if (r.point_to_check) ++totals.passed_to_check;
      lowest->advance();
    }
    ++totals.inputs;
    next_index = index + 1;
  }
  if (expected_inputs && next_index < *expected_inputs)
    throw MergeError(inputs_text(next_index, *expected_inputs) + " of the " + std::to_string(*expected_inputs) +
                     " in no report: a shard's report is missing or unfinished.");
  if (expected_inputs && next_index > *expected_inputs)
    throw MergeError("the reports hold " + std::to_string(next_index) + " inputs, more than --inputs " +
                     std::to_string(*expected_inputs));
  return totals;
}

}  // namespace

int cmd_merge(const std::vector<std::string>& args) {
  po::options_description opts(
      "Usage: conforme merge [options] OUT.jsonl SHARD.jsonl...\n"
      "\n"
      "Joins the JSONL reports of `conforme check --shard I/N` runs (one per shard, in any order) into\n"
      "OUT.jsonl ('-': standard output), in input order: the same bytes one unsharded run would have written. Records are\n"
      "placed by their input_index. Refuses, writing nothing, when an input is in two reports, when\n"
      "inputs are missing between two others (a shard report missing or unfinished), when a report ends\n"
      "with a partial line (its run was killed: finish it with `check --resume`), or when the reports\n"
      "were written with different profiles, program versions or models. Inputs missing after the\n"
      "last one found are only detected with --inputs.\n"
      "\n"
      "Options");
  opts.add_options()("help,h", "show this help")(
      "inputs", po::value<long long>(), "the batch has N inputs: also refuse when the last ones are missing")(
      "fail-on-warn", "exit 1 when a photo passes with a point to check (a warning), as `check --fail-on-warn`");
  po::options_description all;
  all.add(opts).add_options()("files", po::value<std::vector<std::string>>(), "");
  po::positional_options_description positional;
  positional.add("files", -1);
  const po::variables_map vm = parse_options(args, all, &positional);
  if (vm.count("help")) {
    std::cout << opts
              << "\nExit status: as `conforme check` over the whole batch (0 every photo passes, 1 some photo\n"
                 "fails, or with --fail-on-warn passes with a point to check, 3 some input could not be\n"
                 "processed); 2 usage error or merge refused; 4 OUT could not be written (full disk...).\n"
                 "OUT must be a regular file or absent (a directory, device or symbolic link is refused);\n"
                 "a shard report must be a regular file, and an empty one is taken only with --inputs.\n";
    return all_pass;
  }
  const auto files = vm.count("files") ? vm["files"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (files.size() < 2) {
    std::cerr << "conforme merge: expected OUT.jsonl and at least one shard report (conforme merge --help)\n";
    return usage_error;
  }
  // Signed: an unsigned option would take "-1" as 2^64 - 1.
  std::optional<std::size_t> expected_inputs;
  if (vm.count("inputs")) {
    if (vm["inputs"].as<long long>() < 0) {
      std::cerr << "conforme merge: --inputs must be 0 or more\n";
      return usage_error;
    }
    expected_inputs = static_cast<std::size_t>(vm["inputs"].as<long long>());
  }
  const bool fail_on_warn = vm.count("fail-on-warn") > 0;
  const std::string out_path = files[0];
  const std::vector<std::string> shard_paths(files.begin() + 1, files.end());
  if (out_path == "-") {  // standard output: written as merged; a refused merge stops it midway
    Totals totals;
    try {
      totals = merge(shard_paths, std::cout, expected_inputs);
    } catch (const std::runtime_error& e) {
      std::cerr << "conforme merge: " << e.what() << "\n";
      return usage_error;
    }
    if (!(std::cout << std::flush)) {
      std::cerr << "conforme merge: standard output: write failed: " << std::strerror(errno ? errno : EIO) << "\n";
      return output_error;
    }
    std::cerr << "conforme merge: " << totals.inputs << " inputs, " << totals.records << " records from "
              << shard_paths.size() << " reports\n";
    return batch_status(totals.errors, totals.failed, totals.passed_to_check, fail_on_warn);
  }
  // Written beside OUT and renamed over it at the end: a refused or killed merge leaves no
  // half-merged report behind. The rename replaces only a regular file: OUT being a directory,
  // a device or a symbolic link is refused (as root, a rename would replace a device node).
  const std::string temp_path = out_path + ".merging";
  Totals totals;
  std::unique_ptr<OutputFile> out;
  try {
    refuse_unless_regular_or_absent(out_path, "OUT");
    out = std::make_unique<OutputFile>(temp_path, "merge");  // locked: a second merge to OUT is refused
  } catch (const OutputError& e) {
    std::cerr << "conforme merge: " << e.what() << "\n";
    return usage_error;
  }
  const auto remove_temp = [&] {
    std::error_code ec;
    std::filesystem::remove(temp_path, ec);
  };
  try {
    out->truncate();
    totals = merge(shard_paths, out->stream(), expected_inputs);
    out->close();  // every write checked: a full disk is an error, never a short report
    refuse_unless_regular_or_absent(out_path, "OUT");
    std::error_code ec;
    std::filesystem::rename(temp_path, out_path, ec);
    if (ec) throw OutputError("OUT " + out_path + ": cannot replace it: " + ec.message());
  } catch (const OutputError& e) {
    remove_temp();
    std::cerr << "conforme merge: " << e.what() << "\n";
    return output_error;
  } catch (const std::runtime_error& e) {  // MergeError, ReportFileError
    remove_temp();
    std::cerr << "conforme merge: " << e.what() << "\n";
    return usage_error;
  }
  std::cerr << "conforme merge: " << totals.inputs << " inputs, " << totals.records << " records from "
            << shard_paths.size() << " reports into " << out_path << "\n";
  return batch_status(totals.errors, totals.failed, totals.passed_to_check, fail_on_warn);
}

}  // namespace conforme::cli
