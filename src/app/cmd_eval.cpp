// `conforme eval`: accuracy of every check against a labelled photo set (src/eval), and the CI
// regression against a baseline of minimum accuracies.
#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "eval/eval.hpp"

namespace po = boost::program_options;

namespace conforme::cli {
namespace {

// Opens FILE for writing or explains why not (a usage error: nothing is evaluated).
bool open_output(std::ofstream& out, const std::string& option, const std::string& path) {
  out.open(path, std::ios::binary | std::ios::trunc);
  if (!out) std::cerr << "conforme eval: --" << option << " " << path << ": cannot create the file\n";
  return static_cast<bool>(out);
}

}  // namespace

int cmd_eval(const std::vector<std::string>& args) {
  po::options_description opts(
      "Usage: conforme eval LABELS.csv [options]\n"
      "\n"
      "Checks every photo named in LABELS.csv (columns image,check,expected; expected is pass or fail;\n"
      "image paths relative to the CSV's directory) and reports, per check, how often the verdict\n"
      "agrees with the label: true/false pass and fail, false-reject and false-accept rates, accuracy,\n"
      "and a threshold sweep with the equal-error rate on the check's primary value. Rows naming a\n"
      "check that does not exist, or that the profile does not judge, are listed and skipped.\n"
      "\n"
      "Options");
  // clang-format off
  opts.add_options()
      ("help,h", "show this help")
      ("profile,p", po::value<std::string>()->default_value("fr-ants"), "profile name or TOML file")
      ("markdown", po::value<std::string>(), "write the report as Markdown to FILE")
      ("json", po::value<std::string>(), "write the report, with the full threshold sweeps, as JSON to FILE")
      ("baseline", po::value<std::string>(), "fail (exit 1) when a check's accuracy is below its minimum in FILE")
      ("write-baseline", po::value<std::string>(), "write this run's accuracies (rounded down) as a baseline to FILE")
      ("jobs,j", po::value<int>()->default_value(0), "worker threads (0 = all cores)")
      ("models", po::value<std::string>()->default_value(""), "directory holding the dlib landmark model")
      ("annotate", po::value<std::string>(), "write each photo with its measurements drawn on it to DIR")
      ("quiet,q", "no table on stdout");
  // clang-format on
  po::options_description all;
  all.add(opts).add_options()("labels", po::value<std::vector<std::string>>(), "");
  po::positional_options_description positional;
  positional.add("labels", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "conforme eval: " << e.what() << "\n";
    return usage_error;
  }
  if (vm.count("help")) {
    std::cout << opts
              << "\nExit status: 0 evaluated (and no check below the baseline), 1 some check below the baseline,\n"
                 "2 usage or configuration error, 3 some labelled photo could not be processed.\n";
    return all_pass;
  }
  const auto labels_args =
      vm.count("labels") ? vm["labels"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (labels_args.size() != 1) {
    std::cerr << "conforme eval: expected one labels file (conforme eval --help)\n";
    return usage_error;
  }
  const int jobs = vm["jobs"].as<int>();
  if (jobs < 0) {
    std::cerr << "conforme eval: --jobs must be 0 (all cores) or more\n";
    return usage_error;
  }

  try {
    // Everything that can be wrong with the configuration is found before any photo is checked.
    const eval::LabelSet labels = eval::read_labels(labels_args.front());
    std::optional<eval::Baseline> baseline;
    if (vm.count("baseline")) baseline = eval::read_baseline(vm["baseline"].as<std::string>());
    Checker checker(load_profile(vm["profile"].as<std::string>()), FaceModels::load(vm["models"].as<std::string>()));
    std::ofstream markdown, json, baseline_out;
    if (vm.count("markdown") && !open_output(markdown, "markdown", vm["markdown"].as<std::string>()))
      return usage_error;
    if (vm.count("json") && !open_output(json, "json", vm["json"].as<std::string>())) return usage_error;
    if (vm.count("write-baseline") &&
        !open_output(baseline_out, "write-baseline", vm["write-baseline"].as<std::string>()))
      return usage_error;
    PipelineOptions options;
    options.jobs = jobs;
    if (vm.count("annotate")) {
      options.annotate_dir = vm["annotate"].as<std::string>();
      std::filesystem::create_directories(options.annotate_dir);
    }

    const eval::Evaluation result = eval::evaluate(labels, checker, options);
    std::vector<eval::Regression> regressions;
    if (baseline) regressions = eval::compare(result, *baseline);
    if (!vm.count("quiet")) eval::write_text(std::cout, result);
    if (markdown.is_open()) eval::write_markdown(markdown, result, baseline ? &regressions : nullptr);
    if (json.is_open()) eval::write_json(json, result);
    if (baseline_out.is_open()) eval::write_baseline(baseline_out, eval::baseline_from(result));
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
  }
  return usage_error;
}

}  // namespace conforme::cli
