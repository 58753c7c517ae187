#include "profile/profile.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "checks/check.hpp"
#include "conforme/build_info.hpp"
#include "core/install_location.hpp"
#include "core/sha256.hpp"
#include "core/suggest.hpp"

namespace fs = std::filesystem;

namespace conforme {
namespace {

// A rule as one file states it; fields a child leaves out come from the profile it extends.
struct PartialRule {
  std::optional<bool> enabled;
  std::optional<Verdict> severity;
  std::map<std::string, Limit> limits;  // replaced value by value
  std::optional<std::string> fr, en, reference;
  std::optional<std::vector<std::string>> not_judged_when_failed;  // check ids
};

struct PartialProfile {
  std::string name, description;
  std::map<std::string, PartialRule> rules;
  std::string hash_input;  // the bytes of every file of the chain
};

[[noreturn]] void fail(const std::string& file, const std::string& key, const std::string& what) {
  throw ProfileError(file + ": " + (key.empty() ? "" : key + ": ") + what);
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::optional<double> number_at(const toml::table& t, const char* key, const std::string& file,
                                const std::string& where) {
  const toml::node* n = t.get(key);
  if (!n) return std::nullopt;
  if (auto v = n->value<double>()) {
    // TOML allows nan and inf; a NaN limit compares false with every value and an infinite one
    // holds every value, so either would pass every photo.
    if (!std::isfinite(*v)) fail(file, where + "." + key, "must be a finite number, not " + std::to_string(*v));
    return v;
  }
  fail(file, where + "." + key, "must be a number");
}

fs::path resolve(const std::string& name_or_path, const fs::path& relative_to = {}) {
  const bool is_path = name_or_path.find('/') != std::string::npos ||
                       (name_or_path.size() > 5 && name_or_path.ends_with(".toml"));
  if (is_path) return name_or_path;
  if (!relative_to.empty()) {
    const fs::path sibling = relative_to.parent_path() / (name_or_path + ".toml");
    if (fs::is_regular_file(sibling)) return sibling;
  }
  for (const auto& dir : profile_search_path()) {
    const fs::path candidate = fs::path(dir) / (name_or_path + ".toml");
    if (fs::is_regular_file(candidate)) return candidate;
  }
  const auto guess = closest(name_or_path, list_profiles());
  throw ProfileError(name_or_path + ": no such profile" + (guess ? "; did you mean '" + *guess + "'?" : "") +
                     " (looked in " + [] {
                       std::string dirs;
                       for (const auto& d : profile_search_path()) dirs += (dirs.empty() ? "" : ", ") + d;
                       return dirs;
                     }() + "; see `conforme profiles`)");
}

PartialProfile load_partial(const fs::path& path, std::set<std::string>& chain) {
  const std::string file = path.string();
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) fail(file, "", "profile file not found");
  const std::string canonical = fs::weakly_canonical(path, ec).string();
  if (!chain.insert(canonical).second) fail(file, "extends", "profiles extend each other in a loop");
  const std::string bytes = read_file(path);
  toml::table root;
  try {
    root = toml::parse(bytes, file);
  } catch (const toml::parse_error& e) {
    std::ostringstream where;
    where << "line " << e.source().begin.line << ", column " << e.source().begin.column;
    fail(file, where.str(), std::string(e.description()));
  }

  PartialProfile out;
  if (auto parent = root["extends"].value<std::string>()) {
    fs::path parent_path;
    try {
      parent_path = resolve(*parent, path);
    } catch (const ProfileError& e) {
      fail(file, "extends", e.what());
    }
    out = load_partial(parent_path, chain);
  } else if (root.contains("extends")) {
    fail(file, "extends", "must be the name or path of a profile");
  }
  out.hash_input = bytes + out.hash_input;
  out.name = root["name"].value_or(path.stem().string());
  out.description = root["description"].value_or(out.description);

  for (const auto& [key, _] : root)
    if (key != "extends" && key != "name" && key != "description" && key != "checks")
      fail(file, std::string(key.str()), "unknown key (expected extends, name, description, checks)");
  const toml::table* checks = root["checks"].as_table();
  if (!checks && root.contains("checks")) fail(file, "checks", "must be a table");
  if (!checks) return out;

  for (const auto& [id_key, node] : *checks) {
    const std::string id(id_key.str());
    const std::string where = "checks." + id;
    const Check* check = find_check(id);
    if (!check) fail(file, where, "unknown check id (see `conforme checks`)");
    const toml::table* t = node.as_table();
    if (!t) fail(file, where, "must be a table");
    PartialRule& rule = out.rules[id];
    for (const auto& [field, value] : *t) {
      const std::string f(field.str());
      if (f == "enabled") {
        if (!value.is_boolean()) fail(file, where + ".enabled", "must be true or false");
        rule.enabled = value.value<bool>();
      } else if (f == "severity") {
        const auto s = value.value<std::string>();
        if (s == "fail") rule.severity = Verdict::fail;
        else if (s == "warn") rule.severity = Verdict::warn;
        else fail(file, where + ".severity", "must be \"fail\" or \"warn\"");
      } else if (f == "fr" || f == "en" || f == "reference") {
        const auto s = value.value<std::string>();
        if (!s || s->empty()) fail(file, where + "." + f, "must be a non-empty string");
        (f == "fr" ? rule.fr : f == "en" ? rule.en : rule.reference) = *s;
      } else if (f == "not_judged_when_failed") {
        const toml::array* ids = value.as_array();
        if (!ids) fail(file, where + "." + f, "must be a list of check ids");
        std::vector<std::string> list;
        for (const auto& n : *ids) {
          const auto other = n.value<std::string>();
          if (!other || !find_check(*other)) fail(file, where + "." + f, "unknown check id (see `conforme checks`)");
          if (*other == id) fail(file, where + "." + f, "a check cannot depend on itself");
          list.push_back(*other);
        }
        rule.not_judged_when_failed = std::move(list);
      } else if (f == "limits") {
        const toml::table* limits = value.as_table();
        if (!limits) fail(file, where + ".limits", "must be a table of value = { min, max, warn_min, warn_max }");
        for (const auto& [value_key, spec] : *limits) {
          const std::string value_name(value_key.str());
          const std::string at = where + ".limits." + value_name;
          const bool known = std::any_of(check->values.begin(), check->values.end(),
                                         [&](const ValueSpec& v) { return v.name == value_name; });
          if (!known) fail(file, at, "check " + id + " measures no value named '" + value_name + "'");
          const toml::table* s = spec.as_table();
          if (!s) fail(file, at, "must be a table { min, max, warn_min, warn_max }");
          for (const auto& [k, _] : *s)
            if (k != "min" && k != "max" && k != "warn_min" && k != "warn_max")
              fail(file, at + "." + std::string(k.str()), "unknown key (expected min, max, warn_min, warn_max)");
          Limit l{number_at(*s, "min", file, at), number_at(*s, "max", file, at),
                  number_at(*s, "warn_min", file, at), number_at(*s, "warn_max", file, at)};
          if (l.min && l.max && *l.min > *l.max)
            fail(file, at, "min " + std::to_string(*l.min) + " is above max " + std::to_string(*l.max));
          if (l.warn_min && l.warn_max && *l.warn_min > *l.warn_max)
            fail(file, at, "warn_min is above warn_max");
          if (!l.min && !l.max && !l.warn_min && !l.warn_max) fail(file, at, "sets no limit");
          rule.limits[value_name] = l;
        }
      } else {
        fail(file, where + "." + f,
             "unknown key (expected enabled, severity, limits, fr, en, reference, not_judged_when_failed)");
      }
    }
  }
  return out;
}

}  // namespace

const Rule* Profile::rule(std::string_view check_id) const {
  for (const auto& r : rules)
    if (r.check_id == check_id) return &r;
  return nullptr;
}

std::vector<std::string> profile_search_path() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("CONFORME_PROFILE_PATH")) {
    std::stringstream s(env);
    for (std::string d; std::getline(s, d, ':');)
      if (!d.empty()) dirs.push_back(d);
  }
  // A program run from the build tree uses the source tree's profiles; an installed one, those
  // installed beside it (wherever its prefix was moved), then the configured prefix's.
  if (running_from_build_tree()) {
    dirs.push_back(std::string(build::source_dir) + "/profiles");
  } else {
    for (const auto& data : installed_data_dirs()) dirs.push_back((data / "profiles").string());
  }
  return dirs;
}

std::vector<std::string> list_profiles() {
  std::set<std::string> names;
  for (const auto& dir : profile_search_path()) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
      if (e.path().extension() == ".toml") names.insert(e.path().stem().string());
  }
  return {names.begin(), names.end()};
}

Profile load_profile(const std::string& name_or_path) {
  const fs::path path = resolve(name_or_path);
  std::set<std::string> chain;
  PartialProfile partial = load_partial(path, chain);
  const std::string file = path.string();

  Profile profile;
  profile.name = partial.name;
  profile.description = partial.description;
  profile.path = file;
  profile.sha256 = sha256_bytes(partial.hash_input);
  for (const Check& check : all_checks()) {
    auto it = partial.rules.find(std::string(check.id));
    if (it == partial.rules.end() || !it->second.enabled.value_or(true)) continue;
    const PartialRule& p = it->second;
    const std::string where = "checks." + std::string(check.id);
    if (!p.fr) fail(file, where + ".fr", "missing French message");
    if (!p.en) fail(file, where + ".en", "missing English message");
    if (!p.reference) fail(file, where + ".reference", "missing reference");
    if (p.limits.empty()) fail(file, where + ".limits", "no limits: the check could never fail");
    Rule rule;
    rule.check_id = std::string(check.id);
    rule.check = &check;
    rule.severity = p.severity.value_or(Verdict::fail);
    rule.fr = *p.fr;
    rule.en = *p.en;
    rule.reference = *p.reference;
    for (const ValueSpec& v : check.values) {  // the check's own value order
      auto l = p.limits.find(std::string(v.name));
      if (l != p.limits.end()) rule.limits.push_back({l->first, l->second});
    }
    profile.rules.push_back(std::move(rule));
  }
  if (profile.rules.empty()) fail(file, "checks", "no check is enabled: every photo would pass");
  // Bound to rule indexes once every rule is known; a check the profile does not run never fails.
  for (Rule& rule : profile.rules) {
    const auto& ids = partial.rules.at(rule.check_id).not_judged_when_failed;
    if (!ids) continue;
    for (const std::string& other : *ids)
      if (const Rule* r = profile.rule(other)) rule.not_judged_when_failed.push_back(r - profile.rules.data());
  }
  return profile;
}

}  // namespace conforme
