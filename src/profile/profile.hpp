#pragma once
// Profiles judge: a TOML file holds, for each check, the limits on its measured values, the
// severity, the reference text and the messages in French and English. Checks never see them.
#include <stdexcept>
#include <string>
#include <vector>

#include "core/measurement.hpp"
#include "core/report.hpp"

namespace conforme {

struct Check;  // checks/check.hpp

// A profile that cannot be used; what() names the file and the key, e.g.
// "profiles/x.toml: checks.head.height.limits.ratio: min 0.9 is above max 0.8".
struct ProfileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Rule {
  std::string check_id;
  // The check the rule judges, bound when the profile is loaded (one of all_checks()): never
  // null in a loaded profile, and nothing is looked up by name while photos are checked.
  const Check* check = nullptr;
  Verdict severity = Verdict::fail;  // fail or warn when a limit is broken
  std::vector<AppliedLimit> limits;  // one per judged value
  std::string fr, en;                // the requirement, as told to the applicant
  std::string reference;             // the rule's source (public text, standard, decree)
  // The rules (indexes into Profile::rules) whose failure leaves this one not judged: what the
  // check reads is hidden (`not_judged_when_failed = ["face.occlusion"]`: no smile is read on a
  // mask). Checked after every rule is judged; empty for most rules.
  std::vector<std::size_t> not_judged_when_failed;
};

struct Profile {
  std::string name;
  std::string description;
  std::string path;     // the file loaded
  std::string sha256;   // of that file's bytes, and of each file it extends, in that order
  std::vector<Rule> rules;  // in registry order; checks absent or disabled are not run

  const Rule* rule(std::string_view check_id) const;
};

// Where profiles are looked up by name: $CONFORME_PROFILE_PATH (colon-separated), then the source
// tree's profiles/ for a program run from the build tree, or else share/conforme/profiles of the
// prefix the library is installed in, found from the library's own file (a moved prefix works),
// then that of the prefix configured at build time.
std::vector<std::string> profile_search_path();

// Loads a profile by file path (anything with a '/' or ending in .toml) or by name from the
// search path, following `extends`. Throws ProfileError naming file and key.
Profile load_profile(const std::string& name_or_path);

// Names of the profiles found on the search path, sorted.
std::vector<std::string> list_profiles();

// Applies a rule to a measurement: values are rounded to 4 decimals first, so the report shows
// exactly the numbers that were judged.
CheckResult judge(const Rule& rule, Measurement measurement);

}  // namespace conforme
