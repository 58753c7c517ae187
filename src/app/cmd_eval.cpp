// `conforme eval`: accuracy of every check against a labelled photo set (src/eval), and the CI
// regression against a baseline of minimum accuracies.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "app/cli.hpp"
#include "app/parse_options.hpp"
#include "eval/eval.hpp"
#include "io/output_file.hpp"
#include "report/annotations.hpp"

namespace po = boost::program_options;

namespace conforme::cli {
namespace {

// The file of --<option>, when given: a regular file, locked, not yet truncated (as check's
// outputs, io/output_file.hpp). Throws OutputError.
// '-' is standard output: no file (see `to`).
std::unique_ptr<OutputFile> open_output(const po::variables_map& vm, const char* option) {
  if (!vm.count(option) || vm[option].as<std::string>() == "-") return nullptr;
  return std::make_unique<OutputFile>(vm[option].as<std::string>(), std::string("--") + option);
}

}  // namespace

int cmd_eval(const std::vector<std::string>& args) {
  po::options_description opts(
      "Usage: conforme eval LABELS.csv [options]\n"
      "\n"
      "Checks every photo named in LABELS.csv (columns image,check,expected; expected is pass or fail;\n"
      "image paths relative to the CSV's directory) and reports, per check, how often the verdict\n"
      "agrees with the label: true/false pass and fail, false-reject and false-accept rates, accuracy,\n"
      "and a threshold sweep with the equal-error rate on the check's primary value. A warning\n"
      "(\"à vérifier\") counts as a pass, and the `review` column counts them on pass and on fail\n"
      "rows: the work a profile's review bands give a person. Rows naming a\n"
      "check that does not exist, or that the profile does not judge, are listed and skipped.\n"
      "The Markdown and JSON reports also break every check down by resolution band (pixels between\n"
      "the eye centres: under 40, 40-90, 90-150, 150 and over) and, when LABELS.csv has a `source`\n"
      "column, by source. An optional `true_value` column (a number, e.g. an annotated yaw in degrees)\n"
      "gives each check's error on its primary value: mean, median, 90th percentile, largest, bias.\n"
      "A row whose check is `photo` labels the whole photo: pass when the profile accepts it (a\n"
      "warning is a pass), fail when any check refuses it; it is scored as a row named `photo`.\n"
      "\n"
      "Options");
  // clang-format off
  opts.add_options()
      ("help,h", "show this help")
      ("profile,p", po::value<std::string>()->default_value("fr-ants"), "profile name or TOML file")
      ("markdown", po::value<std::string>(), "write the report as Markdown to FILE ('-' = standard output, instead of the table)")
      ("json", po::value<std::string>(), "write the report, with the full threshold sweeps, as JSON to FILE ('-' = standard output, instead of the table)")
      ("baseline", po::value<std::string>(), "fail (exit 1) when a check's accuracy is below its minimum in FILE")
      ("write-baseline", po::value<std::string>(), "write this run's accuracies (rounded down) as a baseline to FILE ('-' = standard output, instead of the table)")
      ("jobs,j", po::value<int>()->default_value(0), "worker threads (0 = all cores)")
      ("models", po::value<std::string>()->default_value(""), "directory holding the dlib landmark model")
      ("annotate", po::value<std::string>(), "write each photo with its measurements drawn on it to DIR")
      ("quiet,q", "no table on stdout");
  // clang-format on
  po::options_description all;
  all.add(opts).add_options()("labels", po::value<std::vector<std::string>>(), "");
  po::positional_options_description positional;
  positional.add("labels", -1);
  const po::variables_map vm = parse_options(args, all, &positional);
  if (vm.count("help")) {
    std::cout << opts
              << "\nExit status: 0 evaluated (and no check below the baseline), 1 some check below the baseline,\n"
                 "2 usage or configuration error, 3 some labelled photo could not be processed, 4 an output\n"
                 "file could not be written (the message names it and why).\n";
    return all_pass;
  }
  const auto labels_args =
      vm.count("labels") ? vm["labels"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (labels_args.size() != 1) {
    std::cerr << "conforme eval: expected one labels file (conforme eval --help)\n";
    return usage_error;
  }
  const int jobs = vm["jobs"].as<int>();
  if (jobs < 0 || jobs > max_jobs) {
    std::cerr << "conforme eval: --jobs must be 0 (all cores) to " << max_jobs << ", not " << jobs << "\n";
    return usage_error;
  }

  try {
    // Everything that can be wrong with the configuration is found before any photo is checked.
    const eval::LabelSet labels = eval::read_labels(labels_args.front());
    std::optional<eval::Baseline> baseline;
    if (vm.count("baseline")) baseline = eval::read_baseline(vm["baseline"].as<std::string>());
    Checker checker(load_profile(vm["profile"].as<std::string>()), FaceModels::load(vm["models"].as<std::string>()));
    std::unique_ptr<OutputFile> markdown, json, baseline_out;
    try {  // all opened before any is truncated
      markdown = open_output(vm, "markdown");
      json = open_output(vm, "json");
      baseline_out = open_output(vm, "write-baseline");
    } catch (const OutputError& e) {
      std::cerr << "conforme eval: " << e.what() << "\n";
      return usage_error;
    }
    const std::vector<OutputFile*> outputs = {markdown.get(), json.get(), baseline_out.get()};
    for (OutputFile* f : outputs)
      if (f) f->truncate();
    PipelineOptions options;
    options.jobs = jobs;
    std::unique_ptr<AnnotationsWriter> annotations;
    if (vm.count("annotate")) {
      const std::string dir = vm["annotate"].as<std::string>();
      std::filesystem::create_directories(dir);
      options.drawings = true;
      annotations = std::make_unique<AnnotationsWriter>(
          dir, [](const std::string& message) { std::cerr << "conforme eval: " << message << "\n"; });
    }

    // '-': that output on standard output, in place of the table (one at most).
    std::vector<std::string> on_stdout;
    for (const char* o : {"markdown", "json", "write-baseline"})
      if (vm.count(o) && vm[o].as<std::string>() == "-") on_stdout.push_back(std::string("--") + o);
    if (on_stdout.size() > 1) {
      std::cerr << "conforme eval: " << on_stdout[0] << " - and " << on_stdout[1]
                << " - both write to standard output: give one of them a FILE\n";
      return usage_error;
    }
    const auto to = [&](const char* option, const std::unique_ptr<OutputFile>& file) -> std::ostream* {
      if (file) return &file->stream();
      return vm.count(option) && vm[option].as<std::string>() == "-" ? &std::cout : nullptr;
    };

    const eval::Evaluation result = eval::evaluate(labels, checker, options, [&](const PhotoReport& report) {
      if (annotations) annotations->write(report);
    });
    if (annotations) annotations->finish();
    std::vector<eval::Regression> regressions;
    if (baseline) regressions = eval::compare(result, *baseline);
    if (!vm.count("quiet") && on_stdout.empty()) eval::write_text(std::cout, result);
    if (auto* out = to("markdown", markdown)) eval::write_markdown(*out, result, baseline ? &regressions : nullptr);
    if (auto* out = to("json", json)) eval::write_json(*out, result);
    if (auto* out = to("write-baseline", baseline_out)) eval::write_baseline(*out, eval::baseline_from(result));
    if (!on_stdout.empty() && !(std::cout << std::flush)) {
      std::cerr << "conforme eval: " << on_stdout[0] << " (standard output): write failed: " << std::strerror(errno ? errno : EIO) << "\n";
      return output_error;
    }
    for (OutputFile* f : outputs)
      if (f) f->close();  // every write checked: a full disk exits 4, never a short table
    for (const auto& r : regressions)
      std::cerr << "regression: " << r.check << ": accuracy " << r.accuracy << " < baseline " << r.minimum << " ("
                << r.reason << ")\n";
    if (baseline && regressions.empty()) std::cerr << "baseline: every check reaches its minimum accuracy\n";
    if (!regressions.empty()) return some_fail;
    return result.image_errors ? input_error : all_pass;
  } catch (const eval::EvalError& e) {
    std::cerr << "conforme eval: " << e.what() << "\n";
  } catch (const ProfileError& e) {
    std::cerr << "conforme eval: profile error: " << e.what() << "\n";
  } catch (const ModelError& e) {
    std::cerr << "conforme eval: model error: " << e.what() << "\n";
  } catch (const std::filesystem::filesystem_error& e) {
    std::cerr << "conforme eval: " << e.what() << "\n";
  } catch (const OutputError& e) {
    std::cerr << "conforme eval: " << e.what() << "\n";
    return output_error;
  }
  return usage_error;
}

}  // namespace conforme::cli
