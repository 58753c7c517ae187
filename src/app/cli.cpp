#include "app/cli.hpp"

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <dlib/revision.h>
#include <oneapi/tbb/version.h>
#include <opencv2/core/version.hpp>

#include "app/parse_options.hpp"
#include "checks/check.hpp"
#include "conforme/build_info.hpp"
#include "io/output_file.hpp"
#include "pipeline/pipeline.hpp"
#include "core/suggest.hpp"

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

int cmd_checks(const std::vector<std::string>& args) {
  po::options_description opts("Usage: conforme checks\n\nLists every check: id, what it needs, values measured, method.\n\nOptions");
  opts.add_options()("help,h", "show this help");
  const auto vm = parse_options(args, opts);
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
  const auto vm = parse_options(args, all, &positional);
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
  const auto vm = parse_options(args, opts);
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
