#include "app/check_outputs.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <utility>

namespace fs = std::filesystem;

namespace conforme::cli {
namespace {

// The outputs written to files, with the option naming each.
std::vector<std::pair<std::string, std::string>> named_files(const OutputPaths& paths) {
  std::vector<std::pair<std::string, std::string>> files;
  if (paths.jsonl != "-" && !paths.jsonl.empty()) files.emplace_back("--output", paths.jsonl);
  if (paths.csv && *paths.csv != "-") files.emplace_back("--csv", *paths.csv);
  if (paths.html && *paths.html != "-") files.emplace_back("--html", *paths.html);
  return files;
}

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  if (fs::equivalent(a, b, ec)) return true;  // both exist: one inode (hard links, ./a, links to dirs)
  const fs::path ca = fs::weakly_canonical(a, ec), cb = fs::weakly_canonical(b, ec);
  return !ca.empty() && ca == cb;  // not created yet: the same path once resolved
}

}  // namespace

void refuse_clashing_outputs(const OutputPaths& paths, const std::vector<InputItem>& inputs) {
  const auto files = named_files(paths);
  for (std::size_t i = 0; i < files.size(); ++i)
    for (std::size_t j = i + 1; j < files.size(); ++j)
      if (same_file(files[i].second, files[j].second))
        throw OutputError(files[i].first + " " + files[i].second + " and " + files[j].first + " " +
                          files[j].second + " name the same file: their lines would be mixed; give each its own file");
  // An output that does not exist yet cannot be an input photo; one that does is compared by
  // device and inode with every input (one stat per input).
  std::vector<std::pair<const std::pair<std::string, std::string>*, struct stat>> existing;
  for (const auto& f : files) {
    struct stat st {};
    if (::stat(f.second.c_str(), &st) == 0) existing.push_back({&f, st});
  }
  if (existing.empty()) return;
  for (const InputItem& input : inputs) {
    struct stat st {};
    if (::stat(input.path.c_str(), &st) != 0) continue;
    for (const auto& [f, out] : existing)
      if (st.st_dev == out.st_dev && st.st_ino == out.st_ino)
        throw OutputError(f->first + " " + f->second + " is the input " + input.path +
                          ": writing the report would destroy it; write the report elsewhere");
  }
}

CheckOutputs::CheckOutputs(const OutputPaths& paths) {
  // All opened and locked before the caller truncates any: a refused second output leaves the
  // first one's old report as it was.
  jsonl_stdout_ = paths.jsonl == "-";
  csv_stdout_ = paths.csv == "-";
  html_stdout_ = paths.html == "-";
  if (!jsonl_stdout_ && !paths.jsonl.empty()) jsonl_ = std::make_unique<OutputFile>(paths.jsonl, "--output");
  if (paths.csv && !csv_stdout_) csv_ = std::make_unique<OutputFile>(*paths.csv, "--csv");
  if (paths.html && !html_stdout_) html_ = std::make_unique<OutputFile>(*paths.html, "--html");
}

std::ostream* CheckOutputs::jsonl() { return jsonl_ ? &jsonl_->stream() : jsonl_stdout_ ? &std::cout : nullptr; }
std::ostream* CheckOutputs::csv() { return csv_ ? &csv_->stream() : csv_stdout_ ? &std::cout : nullptr; }
std::ostream* CheckOutputs::html() { return html_ ? &html_->stream() : html_stdout_ ? &std::cout : nullptr; }

namespace {
// The option writing to standard output, for its messages.
std::string stdout_role(bool jsonl, bool csv) { return jsonl ? "--output" : csv ? "--csv" : "--html"; }
}  // namespace

void CheckOutputs::check() const {
  if (jsonl_) jsonl_->check();
  if (csv_) csv_->check();
  if (html_) html_->check();
  if ((jsonl_stdout_ || csv_stdout_ || html_stdout_) && !std::cout)
    throw OutputError(stdout_role(jsonl_stdout_, csv_stdout_) + " (standard output): write failed: " +
                      std::strerror(errno ? errno : EIO));
}

void CheckOutputs::close() {
  if (jsonl_) jsonl_->close();
  if (csv_) csv_->close();
  if (html_) html_->close();
  if ((jsonl_stdout_ || csv_stdout_ || html_stdout_) && !(std::cout << std::flush))
    throw OutputError(stdout_role(jsonl_stdout_, csv_stdout_) + " (standard output): write failed: " +
                      std::strerror(errno ? errno : EIO));
}

}  // namespace conforme::cli
