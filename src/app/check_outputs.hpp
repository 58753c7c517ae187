#pragma once
// The report files of one `conforme check` run (issue 17): opened and locked before any is
// truncated, refused when two name one file or one is an input photo, every write checked.
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "io/inputs.hpp"
#include "io/output_file.hpp"

namespace conforme::cli {

// "-" is standard output (at most one output may be); an empty jsonl is no JSONL report (its
// place on standard output taken by `--csv -` or `--html -`).
struct OutputPaths {
  std::string jsonl = "-";  // --output
  std::optional<std::string> csv, html;
};

// Throws OutputError when two outputs name one file (`-o r --csv r`, a hard link, `./r` and
// `r`), or when an output is one of the input photos (writing the report would destroy it).
void refuse_clashing_outputs(const OutputPaths& paths, const std::vector<InputItem>& inputs);

class CheckOutputs {
 public:
  // Opens and locks every output file, truncating none. Throws OutputError (a non-regular file,
  // a symbolic link, another run holding the lock, a file that cannot be created).
  explicit CheckOutputs(const OutputPaths& paths);

  std::ostream* jsonl();  // the file, or stdout; null when not written
  std::ostream* csv();    // null when not asked for
  std::ostream* html();
  OutputFile* jsonl_file() { return jsonl_.get(); }
  OutputFile* csv_file() { return csv_.get(); }
  OutputFile* html_file() { return html_.get(); }

  // Throws OutputError naming the first output whose last write failed (and errno's text).
  void check() const;
  // Flushes, fsyncs and closes every file; throws OutputError when one of them fails.
  void close();

 private:
  std::unique_ptr<OutputFile> jsonl_, csv_, html_;
  bool jsonl_stdout_ = false, csv_stdout_ = false, html_stdout_ = false;
};

}  // namespace conforme::cli
