// `conforme check`: parse the options, open the writers, run the pipeline.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "app/check_outputs.hpp"
#include "app/cli.hpp"
#include "app/parse_options.hpp"
#include "io/report_file.hpp"
#include "io/resume.hpp"
#include "io/shard.hpp"
#include "pipeline/pipeline.hpp"
#include "profile/wording.hpp"
#include "report/annotations.hpp"
#include "report/html.hpp"
#include "report/human.hpp"
#include "report/summary.hpp"
#include "report/writers.hpp"

namespace po = boost::program_options;

namespace conforme::cli {
namespace {

// What `conforme check` is asked to do, its options read and validated.
struct CheckRequest {
  std::vector<std::string> paths;  // the inputs as given, then those of --from
  std::string profile, models;
  std::string lang;          // of the human verdicts, the summary and the progress line
  std::string page_lang;     // of the review page: --lang, or French
  std::string format;        // of --output: jsonl or human
  OutputPaths outputs;
  CsvDialect dialect;
  std::string kind;          // auto, photo or sheet, as the records repeat it
  std::string annotate_dir;  // --annotate: the drawings go there
  PipelineOptions pipeline;
  std::optional<Shard> shard;
  bool resume = false, quiet = false;
  bool fail_on_warn = false;  // a pass with a point to check sets the exit status to 1
};

po::options_description check_options() {
  po::options_description opts(
      "Usage: conforme check [options] INPUT...\n"
      "\n"
      "INPUT is an image file (JPEG, PNG, TIFF, BMP, WebP) or a directory, walked recursively in\n"
      "sorted order (image extensions only: photos in formats not read, such as HEIC, GIF or PDF,\n"
      "are taken too and get an error record naming the format; the other files are named on\n"
      "stderr); '-' is one image read from standard input. Every input gets exactly one record: a\n"
      "report, or an `error` record naming the problem; the run never stops for one bad file.\n"
      "\n"
      "Options");
  opts.add_options()
      ("help,h", "show this help")
      ("from", po::value<std::string>(), "read more input paths from FILE, one per line ('-' = stdin)")
      ("profile,p", po::value<std::string>()->default_value("fr-ants"), "profile name or TOML file (see `conforme profiles`)")
      ("output,o", po::value<std::string>()->default_value("-"), "report file ('-' = standard output)")
      ("format", po::value<std::string>(), "what --output holds: jsonl (one JSON record per photo) or human (a short verdict per photo, in --lang); default human when --output is a terminal, jsonl otherwise")
      ("csv", po::value<std::string>(), "also write a CSV report (one row per photo) to FILE ('-' = standard output)")
      ("csv-dialect", po::value<std::string>()->default_value("rfc4180"), "rfc4180 (comma, decimal point) or excel-fr (semicolon, UTF-8 BOM, decimal comma: opens as columns in a French spreadsheet)")
      ("html", po::value<std::string>(), "also write a review page to FILE ('-' = standard output, drawings inside the page): drawings of the rejects in FILE's folder, <name>_images/; filters, margins, zoom, the agent's decisions exported as CSV")
      ("jobs,j", po::value<int>()->default_value(0), "worker threads (0 = all cores)")
      ("kind", po::value<std::string>()->default_value("auto"), "what each input is: auto (detect), photo (one ID photo) or sheet (a planche of copies, each checked and reported)")
      ("dpi", po::value<double>(), "resolution in dots per inch, overriding the files' own (a file's 72, 96 or 144 dpi, a "
       "screen or software default, is not used for a photo's millimetres unless the photo is 35 x 45 mm at it)")
      ("models", po::value<std::string>()->default_value(""), "directory holding shape_predictor_68_face_landmarks.dat (default /usr/share/dlib, package libdlib-data)")
      ("annotate", po::value<std::string>(), "write each photo to DIR with its measurements drawn (background outlined, the profile's bands, eye line, chin and crown, face boxes) and, beside it, a legend and the failed checks with their explanations, in French unless --lang en")
      ("lang", po::value<std::string>(), "language of the human verdicts, the summary and the progress line: en or fr (default: fr when LC_ALL, LC_MESSAGES or LANG, the first one set, starts with fr; en otherwise)")
      ("quiet,q", "no summary, no progress bar")
      ("fail-on-warn", "exit 1, as for a refusal, when a photo passes with a point to check (a warning, « à vérifier »): for a booth that retakes such a photo rather than print it. The reports are unchanged")
      ("resume", "finish the report of an interrupted run (same arguments): keep the records already in --output and --csv, process only the inputs after them, append")
      ("shard", po::value<std::string>(), "process only shard I of N (I/N, numbered from 0): the inputs whose path's FNV-1a 64 hash is I mod N; join the shards' reports with `conforme merge`")
      ("max-pixels", po::value<long long>()->default_value(static_cast<long long>(DecodeLimits{}.max_pixels)), "refuse images whose header declares more pixels than this, before decoding them (decompression bombs)")
      ("max-decode-memory", po::value<long long>()->default_value(static_cast<long long>(DecodeLimits{}.max_decode_bytes >> 20)), "refuse images whose header says decoding them needs more MiB than this (pixels x samples x bytes per sample, plus the 8-bit copy)")
      ("max-memory", po::value<long long>()->default_value(static_cast<long long>(PipelineOptions{}.max_memory >> 20)), "MiB of decoding memory the images in flight may hold together; an image that does not fit waits for those ahead of it (one alone always proceeds)");
  return opts;
}

constexpr const char* help_epilogue =
    "\n'-' is standard output for --output, --csv and --html; one output at most may use it. When\n"
    "--csv - or --html - takes it and --output is not given, no JSONL report is written.\n"
    "\nOutputs are regular files (a directory, device, FIFO or symbolic link is refused), each\n"
    "locked while the run writes it (a second run writing the same file is refused), none\n"
    "truncated before all are open; two outputs naming one file, or an output that is an input\n"
    "photo, are refused.\n"
    "\nExit status: 0 all pass, 1 some fail, 2 usage/configuration error, 3 some input failed,\n"
    "4 an output could not be written (a report write failed: the message names the file and\n"
    "why, the run stops; or an --annotate drawing failed: the reports are complete). A photo that\n"
    "passes with a point to check (a warning) counts as passing; with --fail-on-warn, as failing.\n";

// The language of the human verdicts, the summary and the page when --lang is not given: the
// locale's messages category, as POSIX orders it (LC_ALL, then LC_MESSAGES, then LANG).
std::string language_from_environment() {
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"})
    if (const char* v = std::getenv(name); v && *v) return std::string_view(v).starts_with("fr") ? "fr" : "en";
  return "en";
}

// The report files and what --output holds. Standard output takes at most one output; --csv -
// or --html - takes it from the default --output.
void read_outputs(const po::variables_map& vm, CheckRequest& r) {
  const auto dialect = csv_dialect(vm["csv-dialect"].as<std::string>());
  if (!dialect) throw UsageError("--csv-dialect must be rfc4180 or excel-fr, not '" + vm["csv-dialect"].as<std::string>() + "'");
  r.dialect = *dialect;
  std::string output = vm["output"].as<std::string>();
  const bool csv_stdout = vm.count("csv") && vm["csv"].as<std::string>() == "-";
  const bool html_stdout = vm.count("html") && vm["html"].as<std::string>() == "-";
  if (csv_stdout && html_stdout) throw UsageError("--csv - and --html - both write to standard output: give one of them a FILE");
  if ((csv_stdout || html_stdout) && output == "-") {
    if (!vm["output"].defaulted())
      throw UsageError(std::string(csv_stdout ? "--csv -" : "--html -") +
                       " and --output - both write to standard output: give --output a FILE");
    output.clear();  // no JSONL report
  }
  r.format = vm.count("format") ? vm["format"].as<std::string>() : "";
  if (!r.format.empty() && r.format != "jsonl" && r.format != "human")
    throw UsageError("--format must be jsonl or human, not '" + r.format + "'");
  if (r.format.empty()) r.format = output == "-" && isatty(1) ? "human" : "jsonl";
  if (r.format == "human" && output.empty())
    throw UsageError("--format human writes to --output, which standard output's other use leaves unwritten: give --output FILE");
  r.outputs = {output, vm.count("csv") ? std::optional(vm["csv"].as<std::string>()) : std::nullopt,
               vm.count("html") ? std::optional(vm["html"].as<std::string>()) : std::nullopt};
  if (r.resume && (output == "-" || output.empty()))
    throw UsageError("--resume needs the report of the interrupted run: give it with --output FILE");
  if (r.resume && r.format == "human")
    throw UsageError("--resume reads the JSONL report of the interrupted run: --format human cannot be resumed");
  if (r.resume && csv_stdout) throw UsageError("--resume keeps the rows of the interrupted run's CSV: give it with --csv FILE");
}

// --jobs, --kind, --dpi and the memory limits.
void read_pipeline_options(const po::variables_map& vm, CheckRequest& r) {
  PipelineOptions& options = r.pipeline;
  r.kind = vm["kind"].as<std::string>();
  if (r.kind != "auto" && r.kind != "photo" && r.kind != "sheet")
    throw UsageError("--kind must be auto, photo or sheet, not '" + r.kind + "'");
  options.jobs = vm["jobs"].as<int>();
  if (options.jobs < 0 || options.jobs > max_jobs)
    throw UsageError("--jobs must be 0 (all cores) to " + std::to_string(max_jobs) + ", not " + std::to_string(options.jobs));
  options.kind = r.kind == "photo"   ? InputKindOption::photo
                 : r.kind == "sheet" ? InputKindOption::sheet
                                     : InputKindOption::automatic;
  if (vm.count("dpi")) {
    options.dpi_override = vm["dpi"].as<double>();
    if (!(*options.dpi_override >= 10 && *options.dpi_override <= 10000))  // NaN compares false
      throw UsageError("--dpi must be between 10 and 10000");
  }
  read_memory_limits(vm, options.limits, options.max_memory);
}

// The inputs on the command line, then those listed by --from.
std::vector<std::string> read_input_paths(const po::variables_map& vm) {
  std::vector<std::string> paths;
  if (vm.count("inputs")) paths = vm["inputs"].as<std::vector<std::string>>();
  if (vm.count("from")) {
    const std::string list = vm["from"].as<std::string>();
    std::vector<std::string> listed;
    try {
      if (list == "-") {
        listed = read_path_list(std::cin);
      } else {
        std::ifstream in(list);
        if (!in) throw UsageError("--from " + list + ": cannot open the list file: " + std::strerror(errno));
        listed = read_path_list(in);
      }
    } catch (const PathListError& e) {
      throw UsageError("--from " + list + ": " + e.what());
    }
    paths.insert(paths.end(), listed.begin(), listed.end());
  }
  if (paths.empty()) throw UsageError("no input given (conforme check --help)");
  // '-' is one image read from standard input (io/decode.cpp), which a list on stdin already holds.
  if (const auto stdin_images = std::count(paths.begin(), paths.end(), "-") + std::count(paths.begin(), paths.end(), "/dev/stdin");
      stdin_images > 0) {
    if (stdin_images > 1 || (vm.count("from") && vm["from"].as<std::string>() == "-"))
      throw UsageError("standard input ('-') can be read once: one image, or the list of --from -");
    if (isatty(0)) throw UsageError("'-' reads an image from standard input, which is a terminal: pipe the image in");
  }
  return paths;
}

// nullopt when --help was asked (and printed). Throws UsageError.
std::optional<CheckRequest> parse_check(const std::vector<std::string>& args) {
  const po::options_description opts = check_options();
  po::options_description hidden;
  hidden.add_options()("inputs", po::value<std::vector<std::string>>()->multitoken(), "inputs");
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description positional;
  positional.add("inputs", -1);
  const auto vm = parse_options(args, all, &positional);
  if (vm.count("help")) {
    std::cout << opts << help_epilogue;
    return std::nullopt;
  }
  CheckRequest r;
  r.lang = vm.count("lang") ? vm["lang"].as<std::string>() : language_from_environment();
  if (r.lang != "en" && r.lang != "fr") throw UsageError("--lang must be en or fr, not '" + r.lang + "'");
  // The page opens in French (the language of the desks that review ID photos) unless --lang
  // is given; its switch shows the other language.
  r.page_lang = vm.count("lang") ? r.lang : "fr";
  // The drawings speak the page's language.
  r.pipeline.drawing_french = r.page_lang == "fr";
  r.resume = vm.count("resume") > 0;
  r.fail_on_warn = vm.count("fail-on-warn") > 0;
  r.quiet = vm.count("quiet") > 0;
  read_outputs(vm, r);
  read_pipeline_options(vm, r);
  if (vm.count("shard")) try {
      r.shard = parse_shard(vm["shard"].as<std::string>());
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
  if (vm.count("annotate")) {
    r.annotate_dir = vm["annotate"].as<std::string>();
    r.pipeline.drawings = true;
    std::error_code ec;
    std::filesystem::create_directories(r.annotate_dir, ec);
    if (r.annotate_dir == "-") throw UsageError("--annotate takes a directory; '-' (standard output) cannot hold drawings");
    if (ec) throw UsageError("--annotate " + r.annotate_dir + ": cannot create the directory: " + ec.message());
  }
  r.paths = read_input_paths(vm);
  r.profile = vm["profile"].as<std::string>();
  r.models = vm["models"].as<std::string>();
  return r;
}

// "4 min 35 s", "1 h 02 min", "12 s".
std::string duration_text(double seconds) {
  const long s = std::lround(seconds);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld h %02ld min", s / 3600, s % 3600 / 60);
  else if (s >= 60) std::snprintf(buf, sizeof buf, "%ld min %02ld s", s / 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%ld s", s);
  return buf;
}

// A terminal progress line on stderr, with the rate and the time left; nothing when stderr is
// not a terminal.
class Progress {
 public:
  Progress(std::size_t total, bool enabled, bool french)
      : total_(total), enabled_(enabled && isatty(2)), french_(french), start_(std::chrono::steady_clock::now()) {}
  void update(std::size_t done) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (done != total_ && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    std::fputs(("\r" + line(done, now) + "\x1b[K").c_str(), stderr);
    if (done == total_) std::fputs("\n", stderr);
    std::fflush(stderr);
  }
  // Wipes the line, so a verdict printed to the same terminal starts clean.
  void clear() {
    if (enabled_) std::fputs("\r\x1b[K", stderr);
  }
  // "[#####        ] 120/1000 · 3,2 entrées/s · reste 4 min 35 s"
  std::string line(std::size_t done, std::chrono::steady_clock::time_point now) const {
    const int width = 30;
    const int filled = total_ ? static_cast<int>(width * done / total_) : width;
    std::string out = "[" + std::string(filled, '#') + std::string(width - filled, ' ') + "] " + std::to_string(done) +
                      "/" + std::to_string(total_);
    const double seconds = std::chrono::duration<double>(now - start_).count();
    if (done == 0 || seconds <= 0 || (seconds < 0.5 && done < total_)) return out;  // no rate from one photo in 0.1 s
    const double rate = done / seconds;
    out += " · " + format_number(rate, rate < 10 ? 1 : 0, french_) +
           (french_ ? (rate < 2 ? " entrée/s" : " entrées/s") : " inputs/s");
    if (done < total_) out += (french_ ? " · reste " : " · ") + duration_text((total_ - done) / rate) + (french_ ? "" : " left");
    else out += (french_ ? " · en " : " · in ") + duration_text(seconds);
    return out;
  }

 private:
  std::size_t total_;
  bool enabled_, french_;
  std::chrono::steady_clock::time_point start_, last_{};
};

// A drawing not made or not written, on stderr: the run goes on, and exits 4 at its end.
void report_drawing_failure(const std::string& message) { std::cerr << "conforme: " << message << "\n"; }

// The writers of one run over its opened outputs: each begins with the run's identity, takes
// every record in input order, and finishes with the counts.
class CheckWriters {
 public:
  // Opens and locks every output (nothing truncated before all are), then truncates them, or
  // with --resume keeps the interrupted run's records. Throws UsageError.
  CheckWriters(const CheckRequest& request, const Profile& profile, const RunIdentity& identity,
               const std::vector<InputItem>& inputs)
      : request_(request) {
    try {
      refuse_clashing_outputs(request.outputs, inputs);
      outputs_ = std::make_unique<CheckOutputs>(request.outputs);
    } catch (const OutputError& e) {  // nothing truncated, nothing processed
      throw UsageError(e.what());
    }
    if (request.resume) resume(profile, identity, inputs);
    else
      for (OutputFile* f : {outputs_->jsonl_file(), outputs_->csv_file(), outputs_->html_file()})
        if (f) f->truncate();
    const bool french = request.lang == "fr";
    if (std::ostream* out = outputs_->jsonl()) {
      if (request.format == "human") writers_.push_back(std::make_unique<HumanWriter>(*out, french));
      else writers_.push_back(std::make_unique<JsonlWriter>(*out));
    }
    if (std::ostream* out = outputs_->csv()) writers_.push_back(std::make_unique<CsvWriter>(*out, profile, request.dialect));
    if (std::ostream* out = outputs_->html())
      writers_.push_back(std::make_unique<HtmlWriter>(*out, request.page_lang, *request.outputs.html));
    if (!request.annotate_dir.empty()) {
      auto annotations = std::make_unique<AnnotationsWriter>(request.annotate_dir, report_drawing_failure);
      annotations_ = annotations.get();
      writers_.push_back(std::move(annotations));
    }
    for (auto& w : writers_) w->begin(identity);
    // The CSV rows of the inputs kept by --resume, after the header.
    if (std::ostream* out = outputs_->csv()) *out << resumed_.csv_rows << std::flush;
    outputs_->check();
    if (!request.quiet) summary_ = std::make_unique<SummaryWriter>(std::cerr, request.lang);
    if (summary_) summary_->begin(identity);
  }

  const ResumePoint& resumed() const { return resumed_; }
  // Verdicts and the progress line share a terminal: the line is wiped before each verdict.
  bool verdicts_on_terminal() const {
    return outputs_->jsonl() && request_.outputs.jsonl == "-" && isatty(1);
  }
  bool human_verdicts() const { return outputs_->jsonl() && request_.format == "human"; }

  // A write that fails (full disk, EFBIG) throws OutputError out of the run: it stops at once.
  void write(const PhotoReport& report) {
    for (auto& w : writers_) w->write(report);
    outputs_->check();
    if (summary_) summary_->write(report);
  }

  // Finishes the files, closes them, prints the summary; returns the exit status. The exit
  // status speaks for the whole report, records kept by --resume included.
  int finish(const RunCounts& counts) {
    for (auto& w : writers_) w->finish(counts);
    outputs_->close();
    if (summary_) summary_->finish(counts);
    if (const std::size_t drawings_failed = counts.drawings_failed + (annotations_ ? annotations_->failures() : 0)) {
      std::cerr << "conforme: " << drawings_failed
                << " drawing(s) could not be made or written (see above); the reports are complete\n";
      return output_error;
    }
    return batch_status(counts.errors + resumed_.errors, counts.failed + resumed_.failed,
                        counts.passed_to_check + resumed_.passed_to_check, request_.fail_on_warn);
  }

 private:
  // --resume: the report of the interrupted run is read (under this run's lock), cut after the
  // records kept, and appended to; the CSV is rewritten as header + kept rows.
  void resume(const Profile& profile, const RunIdentity& identity, const std::vector<InputItem>& inputs) {
    try {
      resumed_ = prepare_resume(request_.outputs.jsonl, request_.outputs.csv, csv_header(profile, request_.dialect),
                                inputs, record_identity(identity_json(identity)));
    } catch (const std::runtime_error& e) {  // ResumeError, ReportFileError: nothing was changed
      throw UsageError(std::string("--resume: ") + e.what());
    }
    outputs_->jsonl_file()->seek_end();
    if (outputs_->csv_file()) outputs_->csv_file()->truncate();
    if (outputs_->html_file()) outputs_->html_file()->truncate();
  }

  const CheckRequest& request_;
  std::unique_ptr<CheckOutputs> outputs_;
  ResumePoint resumed_;
  std::vector<std::unique_ptr<ReportWriter>> writers_;  // in the order the outputs are written
  AnnotationsWriter* annotations_ = nullptr;             // among writers_, when --annotate
  std::unique_ptr<SummaryWriter> summary_;              // on stderr, after the files are closed
};

// The drawings of an earlier run (--annotate, the --html page's images), in a directory inside
// the inputs, are not inputs.
std::vector<std::string> drawing_dirs(const CheckRequest& r) {
  std::vector<std::string> dirs;
  if (!r.annotate_dir.empty()) dirs.push_back(r.annotate_dir);
  if (r.outputs.html) dirs.push_back(HtmlWriter::images_dir(*r.outputs.html));
  return dirs;
}

// What the run says on stderr while it goes: drawings not made, the codec's warnings (named
// after their file, one line each; -q silences them; human verdicts show them already).
void report_on_stderr(PipelineOptions& options, bool codec_warnings) {
  options.on_drawing_failure = report_drawing_failure;
  if (!codec_warnings) return;
  auto mutex = std::make_shared<std::mutex>();
  options.on_codec_warnings = [mutex](const std::string& input, const std::vector<std::string>& warnings) {
    const std::lock_guard lock(*mutex);
    for (const auto& w : warnings) std::cerr << "conforme: warning: " << input << ": " << w << "\n";
  };
}

// The files met in the directories walked that are not read as photos (no image extension): one
// line on stderr, so that a folder's notes or sidecar files are seen to be left, not lost.
void say_not_taken(const std::vector<std::string>& not_taken) {
  if (not_taken.empty()) return;
  constexpr std::size_t shown = 5;
  std::cerr << "conforme: " << not_taken.size() << (not_taken.size() == 1 ? " file" : " files")
            << " in the directories given not read (no image extension): ";
  for (std::size_t i = 0; i < std::min(shown, not_taken.size()); ++i) std::cerr << (i ? ", " : "") << not_taken[i];
  if (not_taken.size() > shown) std::cerr << " and " << not_taken.size() - shown << " more";
  std::cerr << "\n";
}

}  // namespace

int cmd_check(const std::vector<std::string>& args) {
  const std::optional<CheckRequest> request = parse_check(args);
  if (!request) return all_pass;  // --help
  // Configuration errors stop the run before anything is processed (exit 2).
  Profile profile = load_profile(request->profile);
  std::vector<std::string> not_taken;
  std::vector<InputItem> inputs = expand_inputs(request->paths, drawing_dirs(*request), &not_taken);
  if (!request->quiet) say_not_taken(not_taken);
  if (request->shard) inputs = select_shard(inputs, *request->shard);
  const Checker checker(std::move(profile), FaceModels::load(request->models));
  RunIdentity identity = checker.identity();
  identity.dpi_override = request->pipeline.dpi_override;
  identity.kind = request->kind;

  CheckWriters writers(*request, checker.profile(), identity, inputs);
  const std::size_t done = writers.resumed().inputs_done;
  if (request->resume && !request->quiet)
    std::cerr << "conforme: resuming: " << done << " of " << inputs.size() << " inputs already in "
              << request->outputs.jsonl
              << (request->outputs.html ? "; the --html page shows only the inputs processed now" : "") << "\n";
  inputs.erase(inputs.begin(), inputs.begin() + static_cast<std::ptrdiff_t>(done));
  PipelineOptions options = request->pipeline;
  options.thumbnails = request->outputs.html.has_value();
  report_on_stderr(options, !request->quiet && !writers.human_verdicts());
  Progress progress(inputs.size(), !request->quiet, request->lang == "fr");
  const RunCounts counts =
      run_pipeline(inputs, checker, options, [&](std::size_t index, const std::vector<PhotoReport>& reports) {
        if (writers.verdicts_on_terminal()) progress.clear();
        for (const auto& r : reports) writers.write(r);
        progress.update(index + 1);
      });
  return writers.finish(counts);
}

}  // namespace conforme::cli
