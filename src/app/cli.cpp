#include "app/cli.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <dlib/revision.h>
#include <oneapi/tbb/version.h>
#include <opencv2/core/version.hpp>

#include "app/check_outputs.hpp"
#include "app/option_hint.hpp"
#include "checks/check.hpp"
#include "conforme/build_info.hpp"
#include "io/inputs.hpp"
#include "io/output_file.hpp"
#include "io/report_file.hpp"
#include "io/resume.hpp"
#include "io/shard.hpp"
#include "pipeline/pipeline.hpp"
#include "core/suggest.hpp"
#include "profile/wording.hpp"
#include "report/html.hpp"
#include "report/human.hpp"
#include "report/summary.hpp"
#include "report/writers.hpp"

namespace po = boost::program_options;

namespace conforme::cli {
namespace {

constexpr const char* usage_text =
    "Usage: conforme <command> [options]\n"
    "\n"
    "Checks identity photos (35 x 45 mm, French CNI/passport and ICAO 9303 rules) and writes one\n"
    "compliance report per photo.\n"
    "\n"
    "Commands:\n"
    "  check     check photos and write reports (conforme check --help)\n"
    "  checks    list the checks and what each measures\n"
    "  profiles  list the profiles, or show one (conforme profiles show fr-ants)\n"
    "  version   program, library and model versions\n"
    "  eval      accuracy of each check on a labelled photo set (conforme eval --help)\n"
    "  merge     join the reports of `check --shard I/N` runs, in input order (conforme merge --help)\n"
    "  serve     an HTTP service for booths and studios: POST a photo, get its report (conforme serve --help)\n"
    "\n"
    "Exit status: 0 every photo passes, 1 some photo fails, 2 usage or configuration error,\n"
    "3 some input could not be processed, 4 an output could not be written (full disk, ...).\n";

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

po::variables_map parse(const std::vector<std::string>& args, const po::options_description& visible,
                        const po::positional_options_description* positional = nullptr) {
  po::variables_map vm;
  try {
    po::command_line_parser parser(args);
    parser.options(visible);
    if (positional) parser.positional(*positional);
    po::store(parser.run(), vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    throw UsageError(std::string(e.what()) + option_hint(e.get_option_name(), visible));
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  return vm;
}

// The language of the human verdicts, the summary and the page when --lang is not given: the
// locale's messages category, as POSIX orders it (LC_ALL, then LC_MESSAGES, then LANG).
std::string language_from_environment() {
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"})
    if (const char* v = std::getenv(name); v && *v) return std::string_view(v).starts_with("fr") ? "fr" : "en";
  return "en";
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
  bool enabled() const { return enabled_; }
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

// A fresh run: every output emptied, once all are open and locked.
void start_outputs(CheckOutputs& outputs) {
  for (OutputFile* f : {outputs.jsonl_file(), outputs.csv_file(), outputs.html_file()})
    if (f) f->truncate();
}

// --resume: the report of the interrupted run is read (under this run's lock), cut after the
// records kept, and appended to; the CSV is rewritten as header + kept rows by the caller.
ResumePoint resume_outputs(CheckOutputs& outputs, const OutputPaths& paths, const Profile& profile,
                           const RunIdentity& identity, const std::vector<InputItem>& inputs, CsvDialect dialect) {
  ResumePoint resumed;
  try {
    std::ostringstream header;
    CsvWriter(header, profile, dialect);
    resumed = prepare_resume(paths.jsonl, paths.csv, header.str(), inputs,
                             record_identity(to_json(error_report("", "", ""), identity)));
  } catch (const std::runtime_error& e) {  // ResumeError, ReportFileError: nothing was changed
    throw UsageError(std::string("--resume: ") + e.what());
  }
  outputs.jsonl_file()->seek_end();
  if (outputs.csv_file()) outputs.csv_file()->truncate();
  if (outputs.html_file()) outputs.html_file()->truncate();
  return resumed;
}

int cmd_check(const std::vector<std::string>& args) {
  po::options_description opts(
      "Usage: conforme check [options] INPUT...\n"
      "\n"
      "INPUT is an image file (JPEG, PNG, TIFF, BMP, WebP) or a directory, walked recursively in\n"
      "sorted order (image extensions only); '-' is one image read from standard input. Every input\n"
      "gets exactly one record: a report, or an\n"
      "`error` record naming the problem; the run never stops for one bad file.\n"
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
      ("dpi", po::value<double>(), "resolution in dots per inch, overriding the files' own")
      ("models", po::value<std::string>()->default_value(""), "directory holding shape_predictor_68_face_landmarks.dat (default /usr/share/dlib, package libdlib-data)")
      ("annotate", po::value<std::string>(), "write each photo to DIR with its measurements drawn (background outlined, the profile's bands, eye line, chin and crown, face boxes) and, beside it, a legend and the failed checks with their explanations, in French unless --lang en")
      ("lang", po::value<std::string>(), "language of the human verdicts, the summary and the progress line: en or fr (default: fr when LC_ALL, LC_MESSAGES or LANG, the first one set, starts with fr; en otherwise)")
      ("quiet,q", "no summary, no progress bar")
      ("resume", "finish the report of an interrupted run (same arguments): keep the records already in --output and --csv, process only the inputs after them, append")
      ("shard", po::value<std::string>(), "process only shard I of N (I/N, numbered from 0): the inputs whose path's FNV-1a 64 hash is I mod N; join the shards' reports with `conforme merge`")
      ("max-pixels", po::value<long long>()->default_value(static_cast<long long>(DecodeLimits{}.max_pixels)), "refuse images whose header declares more pixels than this, before decoding them (decompression bombs)")
      ("max-decode-memory", po::value<long long>()->default_value(static_cast<long long>(DecodeLimits{}.max_decode_bytes >> 20)), "refuse images whose header says decoding them needs more MiB than this (pixels x samples x bytes per sample, plus the 8-bit copy)")
      ("max-memory", po::value<long long>()->default_value(static_cast<long long>(PipelineOptions{}.max_memory >> 20)), "MiB of decoding memory the images in flight may hold together; an image that does not fit waits for those ahead of it (one alone always proceeds)");
  po::options_description hidden;
  hidden.add_options()("inputs", po::value<std::vector<std::string>>()->multitoken(), "inputs");
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description positional;
  positional.add("inputs", -1);
  const auto vm = parse(args, all, &positional);
  if (vm.count("help")) {
    std::cout << opts
              << "\n'-' is standard output for --output, --csv and --html; one output at most may use it. When\n"
                 "--csv - or --html - takes it and --output is not given, no JSONL report is written.\n"
                 "\nOutputs are regular files (a directory, device, FIFO or symbolic link is refused), each\n"
                 "locked while the run writes it (a second run writing the same file is refused), none\n"
                 "truncated before all are open; two outputs naming one file, or an output that is an input\n"
                 "photo, are refused.\n"
                 "\nExit status: 0 all pass, 1 some fail, 2 usage/configuration error, 3 some input failed,\n"
                 "4 an output could not be written (a report write failed: the message names the file and\n"
                 "why, the run stops; or an --annotate drawing failed: the reports are complete).\n";
    return all_pass;
  }
  const std::string lang = vm.count("lang") ? vm["lang"].as<std::string>() : language_from_environment();
  if (lang != "en" && lang != "fr") throw UsageError("--lang must be en or fr, not '" + lang + "'");
  const auto dialect = csv_dialect(vm["csv-dialect"].as<std::string>());
  if (!dialect) throw UsageError("--csv-dialect must be rfc4180 or excel-fr, not '" + vm["csv-dialect"].as<std::string>() + "'");
  // Standard output: at most one output; --csv - or --html - takes it from the default --output.
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
  std::string format = vm.count("format") ? vm["format"].as<std::string>() : "";
  if (!format.empty() && format != "jsonl" && format != "human")
    throw UsageError("--format must be jsonl or human, not '" + format + "'");
  if (format.empty()) format = output == "-" && isatty(1) ? "human" : "jsonl";
  if (format == "human" && output.empty())
    throw UsageError("--format human writes to --output, which standard output's other use leaves unwritten: give --output FILE");
  const std::string kind = vm["kind"].as<std::string>();
  if (kind != "auto" && kind != "photo" && kind != "sheet")
    throw UsageError("--kind must be auto, photo or sheet, not '" + kind + "'");
  const int jobs = vm["jobs"].as<int>();
  if (jobs < 0 || jobs > max_jobs)
    throw UsageError("--jobs must be 0 (all cores) to " + std::to_string(max_jobs) + ", not " + std::to_string(jobs));
  PipelineOptions options;
  options.jobs = jobs;
  options.kind = kind == "photo" ? InputKindOption::photo : kind == "sheet" ? InputKindOption::sheet
                                                                            : InputKindOption::automatic;
  if (vm.count("dpi")) {
    options.dpi_override = vm["dpi"].as<double>();
    if (!(*options.dpi_override >= 10 && *options.dpi_override <= 10000))  // NaN compares false
      throw UsageError("--dpi must be between 10 and 10000");
  }

  // Signed: an unsigned option would take "-5" as 2^64 - 5.
  if (vm["max-pixels"].as<long long>() < 1) throw UsageError("--max-pixels must be at least 1");
  options.limits.max_pixels = static_cast<std::uint64_t>(vm["max-pixels"].as<long long>());
  const long long decode_mib = vm["max-decode-memory"].as<long long>();
  if (decode_mib < 1 || decode_mib > (1ll << 30)) throw UsageError("--max-decode-memory must be between 1 and 2^30 MiB");
  options.limits.max_decode_bytes = static_cast<std::uint64_t>(decode_mib) << 20;
  const long long memory_mib = vm["max-memory"].as<long long>();
  if (memory_mib < 1 || memory_mib > (1ll << 30)) throw UsageError("--max-memory must be between 1 and 2^30 MiB");
  options.max_memory = static_cast<std::uint64_t>(memory_mib) << 20;
  std::optional<Shard> shard;
  if (vm.count("shard")) try {
      shard = parse_shard(vm["shard"].as<std::string>());
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
  const bool resume = vm.count("resume") > 0;
  if (resume && (output == "-" || output.empty()))
    throw UsageError("--resume needs the report of the interrupted run: give it with --output FILE");
  if (resume && format == "human")
    throw UsageError("--resume reads the JSONL report of the interrupted run: --format human cannot be resumed");
  if (resume && csv_stdout) throw UsageError("--resume keeps the rows of the interrupted run's CSV: give it with --csv FILE");

  // The drawings speak the page's language: French unless --lang says otherwise.
  options.drawing_french = !vm.count("lang") || lang == "fr";
  if (vm.count("annotate")) {
    options.annotate_dir = vm["annotate"].as<std::string>();
    std::error_code ec;
    std::filesystem::create_directories(options.annotate_dir, ec);
    if (options.annotate_dir == "-") throw UsageError("--annotate takes a directory; '-' (standard output) cannot hold drawings");
    if (ec) throw UsageError("--annotate " + options.annotate_dir + ": cannot create the directory: " + ec.message());
  }

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

  // Configuration errors stop the run before anything is processed (exit 2).
  Profile profile = load_profile(vm["profile"].as<std::string>());
  // The drawings of an earlier run (--annotate, the --html page's images), in a directory inside
  // the inputs, are not inputs.
  std::vector<std::string> drawings;
  if (!options.annotate_dir.empty()) drawings.push_back(options.annotate_dir);
  if (vm.count("html")) drawings.push_back(HtmlWriter::images_dir(vm["html"].as<std::string>()));
  std::vector<InputItem> inputs = expand_inputs(paths, drawings);
  if (shard) inputs = select_shard(inputs, *shard);
  Checker checker(std::move(profile), FaceModels::load(vm["models"].as<std::string>()));
  RunIdentity identity = checker.identity();
  identity.dpi_override = options.dpi_override;
  identity.kind = kind;

  const OutputPaths output_paths{output,
                                 vm.count("csv") ? std::optional(vm["csv"].as<std::string>()) : std::nullopt,
                                 vm.count("html") ? std::optional(vm["html"].as<std::string>()) : std::nullopt};
  std::unique_ptr<CheckOutputs> outputs;
  try {
    refuse_clashing_outputs(output_paths, inputs);
    outputs = std::make_unique<CheckOutputs>(output_paths);
  } catch (const OutputError& e) {  // nothing truncated, nothing processed
    throw UsageError(e.what());
  }
  ResumePoint resumed;
  if (resume) resumed = resume_outputs(*outputs, output_paths, checker.profile(), identity, inputs, *dialect);
  else start_outputs(*outputs);

  const bool french = lang == "fr";
  std::unique_ptr<ReportWriter> report;
  if (outputs->jsonl()) {
    if (format == "human") report = std::make_unique<HumanWriter>(*outputs->jsonl(), french);
    else report = std::make_unique<JsonlWriter>(*outputs->jsonl(), identity);
  }
  std::unique_ptr<CsvWriter> csv;
  if (outputs->csv()) {
    csv = std::make_unique<CsvWriter>(*outputs->csv(), checker.profile(), *dialect);
    *outputs->csv() << resumed.csv_rows << std::flush;  // rows of the inputs kept by --resume
  }
  std::unique_ptr<HtmlWriter> html;
  if (outputs->html()) {
    // The page opens in French (the language of the desks that review ID photos) unless --lang
    // is given; its switch shows the other language.
    html = std::make_unique<HtmlWriter>(*outputs->html(), identity, vm.count("lang") ? lang : std::string("fr"),
                                        *output_paths.html);
    options.thumbnails = true;
  }
  outputs->check();

  const bool quiet = vm.count("quiet") > 0;
  if (resume && !quiet)
    std::cerr << "conforme: resuming: " << resumed.inputs_done << " of " << inputs.size() << " inputs already in "
              << output_paths.jsonl << (html ? "; the --html page shows only the inputs processed now" : "") << "\n";
  inputs.erase(inputs.begin(), inputs.begin() + static_cast<std::ptrdiff_t>(resumed.inputs_done));
  options.on_drawing_failure = [](const std::string& message) { std::cerr << "conforme: " << message << "\n"; };
  // Codec warnings name their file, one line each, and -q silences them (libjpeg would print
  // them anonymously, whatever the options).
  std::mutex warnings_mutex;
  // Every record carries its input's warnings (`warnings`); the human verdicts show them.
  if (!quiet && !(report && format == "human"))
    options.on_codec_warnings = [&](const std::string& input, const std::vector<std::string>& warnings) {
      const std::lock_guard lock(warnings_mutex);
      for (const auto& w : warnings) std::cerr << "conforme: warning: " << input << ": " << w << "\n";
    };
  Summary summary;
  Progress progress(inputs.size(), !quiet, french);
  // Verdicts and the progress line on one terminal: the line is wiped before each verdict.
  const bool verdicts_on_terminal = report && output == "-" && isatty(1);
  const auto start = std::chrono::steady_clock::now();
  // A write that fails (full disk, EFBIG) throws OutputError out of the run: it stops at once.
  const RunCounts counts =
      run_pipeline(inputs, checker, options, [&](std::size_t index, const std::vector<PhotoReport>& reports) {
        if (verdicts_on_terminal) progress.clear();
        for (const auto& r : reports) {
          if (report) report->write(r);
          if (csv) csv->write(r);
          if (html) html->write(r);
          outputs->check();
          summary.add(r);
        }
        progress.update(index + 1);
      });
  if (html) html->finish();
  outputs->close();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!quiet) summary.print(std::cerr, counts, seconds, lang);
  if (counts.drawings_failed) {
    std::cerr << "conforme: " << counts.drawings_failed
              << " drawing(s) could not be made or written (see above); the reports are complete\n";
    return output_error;
  }
  // The exit status speaks for the whole report, records kept by --resume included.
  if (counts.errors + resumed.errors) return input_error;
  return counts.failed + resumed.failed ? some_fail : all_pass;
}

int cmd_checks(const std::vector<std::string>& args) {
  po::options_description opts("Usage: conforme checks\n\nLists every check: id, what it needs, values measured, method.\n\nOptions");
  opts.add_options()("help,h", "show this help");
  const auto vm = parse(args, opts);
  if (vm.count("help")) {
    std::cout << opts;
    return all_pass;
  }
  for (const Check& c : all_checks()) {
    std::cout << c.id << (c.needs == Needs::single_face ? "  [needs one face]" : "") << "\n    " << c.description
              << "\n    values:";
    for (const auto& v : c.values) std::cout << " " << v.name << " (" << v.unit << ")";
    std::cout << "\n";
  }
  return all_pass;
}

std::string limit_text(const Limit& l) {
  std::string s;
  auto add = [&](const char* k, const std::optional<double>& v) {
    if (v) s += std::string(s.empty() ? "" : ", ") + k + " " + std::to_string(*v).substr(0, std::to_string(*v).find_last_not_of('0') + 1);
  };
  add("min", l.min);
  add("max", l.max);
  add("warn_min", l.warn_min);
  add("warn_max", l.warn_max);
  return s;
}

int cmd_profiles(const std::vector<std::string>& args) {
  po::options_description opts(
      "Usage: conforme profiles [show NAME|FILE]\n\n"
      "Without arguments, lists the profiles found on the search path ($CONFORME_PROFILE_PATH, then the\n"
      "profiles installed beside the program); none found is exit status 2. `show` loads one (following\n"
      "`extends`), validates it and prints its rules.\n\nOptions");
  opts.add_options()("help,h", "show this help");
  po::options_description all;
  all.add(opts).add_options()("words", po::value<std::vector<std::string>>(), "");
  po::positional_options_description positional;
  positional.add("words", -1);
  const auto vm = parse(args, all, &positional);
  if (vm.count("help")) {
    std::cout << opts;
    return all_pass;
  }
  const auto words = vm.count("words") ? vm["words"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (words.empty()) {
    const auto names = list_profiles();
    if (names.empty()) {
      std::string searched;
      for (const auto& dir : profile_search_path()) searched += "\n  " + dir;
      throw ProfileError("no profile found; searched:" + (searched.empty() ? std::string(" nothing") : searched) +
                         "\n(install conforme with its share/conforme/profiles, or set CONFORME_PROFILE_PATH)");
    }
    for (const auto& name : names) {
      const Profile p = load_profile(name);
      std::cout << name << "  " << p.description << "\n    " << p.path << "\n";
    }
    return all_pass;
  }
  if (words.size() != 2 || words[0] != "show") throw UsageError("expected `conforme profiles show NAME`");
  const Profile p = load_profile(words[1]);
  std::cout << "profile " << p.name << " — " << p.description << "\nfile    " << p.path << "\nsha256  " << p.sha256
            << "\n\n";
  for (const Rule& r : p.rules) {
    std::cout << r.check_id << (r.severity == Verdict::warn ? "  (warn only)" : "") << "\n";
    for (const auto& l : r.limits) std::cout << "    " << l.value_name << ": " << limit_text(l.limit) << "\n";
    std::cout << "    fr: " << r.fr << "\n    en: " << r.en << "\n    ref: " << r.reference << "\n";
  }
  return all_pass;
}

int cmd_version(const std::vector<std::string>& args) {
  po::options_description opts("Usage: conforme version [--models DIR]\n\nOptions");
  opts.add_options()("help,h", "show this help")(
      "models", po::value<std::string>()->default_value(""), "model directory (default /usr/share/dlib)");
  const auto vm = parse(args, opts);
  if (vm.count("help")) {
    std::cout << opts;
    return all_pass;
  }
  std::cout << "conforme " << build::version << "\nOpenCV " << CV_VERSION << "\ndlib " << DLIB_MAJOR_VERSION << "."
            << DLIB_MINOR_VERSION << "." << DLIB_PATCH_VERSION << "\noneTBB " << TBB_VERSION_MAJOR << "."
            << TBB_VERSION_MINOR << "\n";
  const auto models = FaceModels::load(vm["models"].as<std::string>());
  const auto& m = models->landmark_model();
  std::cout << "model " << m.name << "\n    " << m.path << "\n    sha256 " << m.sha256 << "\n";
  return all_pass;
}

}  // namespace

int run(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << usage_text;
    return args.empty() ? usage_error : all_pass;
  }
  if (args[0] == "--version") args[0] = "version";
  const std::string command = args[0];
  args.erase(args.begin());
  try {
    if (command == "check") return cmd_check(args);
    if (command == "checks") return cmd_checks(args);
    if (command == "profiles") return cmd_profiles(args);
    if (command == "version") return cmd_version(args);
    if (command == "eval") return cmd_eval(args);
    if (command == "merge") return cmd_merge(args);
    if (command == "serve") return cmd_serve(args);
    const auto guess = closest(command, {"check", "checks", "profiles", "version", "eval", "merge", "serve"});
    std::cerr << "conforme: unknown command '" << command << "'" << (guess ? "; did you mean '" + *guess + "'?" : "")
              << "\n\n" << usage_text;
    return usage_error;
  } catch (const UsageError& e) {
    std::cerr << "conforme " << command << ": " << e.what() << "\n";
  } catch (const ProfileError& e) {
    std::cerr << "conforme: profile error: " << e.what() << "\n";
  } catch (const ModelError& e) {
    std::cerr << "conforme: model error: " << e.what() << "\n";
  } catch (const OutputError& e) {  // a report write failed mid-run: its file is incomplete
    std::cerr << "conforme " << command << ": " << e.what() << "\n";
    return output_error;
  }
  return usage_error;
}

}  // namespace conforme::cli
