// Every French and English text the reports carry (issue 20): each message template of each
// shipped profile, judged in every situation it can be written in (within the limits, below,
// above, in the review band, not measurable for each reason), each skip reason found in the
// sources, the summary and the human verdict — read for English words in French, internal
// names, and French typography. The reader is itself tested on the texts issue 20 quoted.
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "checks/check.hpp"
#include "profile/wording.hpp"
#include "report/human.hpp"
#include "report/summary.hpp"
#include "report/writers.hpp"
#include "support/fixtures.hpp"

namespace fs = std::filesystem;

namespace conforme::test {
namespace {

// Words that are English and not French (a French text holding one is not written French).
const std::set<std::string> english_words = {
    "the", "and", "of", "not", "no", "found", "single", "input", "sheet", "measured", "measurable", "expected",
    "rejected", "outside", "beyond", "too", "little", "background", "unknown", "fewer", "than", "with", "without",
    "must", "should", "pass", "fail", "warning", "error", "checked", "be", "is", "are", "at", "least", "most",
    "above", "below", "allowed", "refused", "yes", "resolution", "lightness", "chroma", "sharpness", "score",
    "share", "height", "width", "left", "right", "up", "down", "eye", "eyes", "head", "mouth", "lips", "teeth",
    "glasses", "lens", "lenses", "shadow", "fold", "folds", "quality", "blockiness", "printed", "colour", "color",
    "light", "grey", "gray", "skin", "hair", "cheek", "cheeks", "nose", "frame", "pupil", "red", "upwards",
    "downwards", "towards", "tilt", "turn", "only", "one", "two", "over", "when", "what", "which", "this", "that",
    "from", "by", "on", "it", "an", "as", "spread", "faces", "copies", "bridge", "rim", "edge", "band", "clipped",
    "gap", "lift", "corner", "photos", "face", "image", "difference", "texture",
};
// French words that are also these English ones, or internal names that are French words.
const std::set<std::string> french_too = {"face", "image", "photos", "difference", "texture", "copies", "horizontal", "vertical"};

// Value names and check ids: internal names a person must never read.
std::set<std::string> internal_names() {
  std::set<std::string> names;
  for (const Check& c : all_checks()) {
    names.insert(std::string(c.id));
    for (const auto& v : c.values)
      if (v.name.size() > 1) names.insert(std::string(v.name));
  }
  return names;
}

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> words;
  std::string w;
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::isalpha(u) || c == '_' || c == '.' || u >= 0x80) {
      w += static_cast<char>(std::tolower(u));
    } else {
      while (!w.empty() && w.back() == '.') w.pop_back();
      if (!w.empty()) words.push_back(w);
      w.clear();
    }
  }
  while (!w.empty() && w.back() == '.') w.pop_back();
  if (!w.empty()) words.push_back(w);
  return words;
}

// What is wrong with a French text, one line per problem; empty when it reads as French.
std::vector<std::string> french_problems(const std::string& text) {
  std::vector<std::string> problems;
  static const std::set<std::string> internal = internal_names();
  for (const auto& w : words_of(text)) {
    if (english_words.count(w) && !french_too.count(w)) problems.push_back("English word '" + w + "'");
    if (w.find('_') != std::string::npos) problems.push_back("internal name '" + w + "'");
    if (internal.count(w) && !french_too.count(w) && w != "angle" && w != "ratio")
      problems.push_back("internal name '" + w + "'");
  }
  if (text.find(" = ") != std::string::npos) problems.push_back("'name = value'");
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool digit_before = i > 0 && std::isdigit(static_cast<unsigned char>(text[i - 1]));
    const bool digit_after = i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]));
    if ((c == ':' || c == ';' || c == '?' || c == '!') && !(digit_before && digit_after) &&
        !(i > 0 && text[i - 1] == ' ') && !(i > 1 && text.compare(i - 2, 2, "\xC2\xA0") == 0))
      problems.push_back(std::string("no space before '") + c + "'");
    if (c == '.' && digit_before && digit_after) problems.push_back("decimal point (a comma in French)");
    if (c == '%' && digit_before) problems.push_back("no space before '%'");
    if (c == ':' && i + 3 < text.size() && text[i + 1] == ' ' && std::isupper(static_cast<unsigned char>(text[i + 2])) &&
        !std::isupper(static_cast<unsigned char>(text[i + 3])))
      problems.push_back("capital after ':'");
  }
  // "1 photos", "2 photo": French plurals (|n| < 2 singular).
  static const std::regex counted(R"((^|[^0-9,])([0-9]+) (entrée|photo|erreur|conforme|visage|pixel|contrôle)(s?)\b)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), counted); it != std::sregex_iterator(); ++it) {
    const long n = std::stol((*it)[2]);
    if ((n < 2) != (*it)[4].str().empty()) problems.push_back("plural of '" + (*it)[0].str() + "'");
  }
  return problems;
}

std::vector<std::string> english_problems(const std::string& text) {
  std::vector<std::string> problems;
  static const std::set<std::string> french = {"le", "la", "les", "du", "des", "et", "est", "mesuré", "attendu",
                                               "toléré", "refusé", "visage", "tête", "fond", "yeux", "aucun",
                                               "sous", "vers", "hauteur", "largeur", "non"};
  for (const auto& w : words_of(text)) {
    if (french.count(w)) problems.push_back("French word '" + w + "'");
    if (w.find('_') != std::string::npos) problems.push_back("internal name '" + w + "'");
  }
  if (text.find(" = ") != std::string::npos) problems.push_back("'name = value'");
  if (text.find(" :") != std::string::npos || text.find(" ;") != std::string::npos)
    problems.push_back("space before ':' or ';'");
  if (std::regex_search(text, std::regex("[0-9],[0-9]"))) problems.push_back("decimal comma");
  return problems;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : "; ") + x;
  return s;
}

TEST(FrenchReader, FindsWhatIssue20Quoted) {
  // The texts reported before the change: each must be caught, or the scan below proves nothing.
  for (const char* bad : {
           "Non vérifié : la tête doit être droite (non mesurable : no face found)",
           "Non vérifié : la planche doit être entière (non mesurable : single photo input, not a sheet)",
           "Non conforme : le fond (mesuré : off_blue_chroma = 108,7, attendu ≤ 8)",
           "Non conforme : la photo (mesuré : faces = 2, attendu 1–1)",
           "Non conforme : La tête doit être droite.",
           "1 entrées, 1 photos : 0 conformes (0.7 s)",
           "angle de la tête: 12,9°",
           "hauteur du visage : 65,2% de la hauteur",
       })
    EXPECT_FALSE(french_problems(bad).empty()) << bad;
  EXPECT_TRUE(french_problems("Non conforme : la tête doit être droite. Rotation de la tête : 12,9° vers la gauche "
                              "de l'image (toléré : ±5°) ; 1 entrée, 2 photos, 65,2 %.")
                  .empty());
  EXPECT_FALSE(english_problems("Fail: the head (mesuré : angle = 12,9)").empty());
}

TEST(Wording, EveryCheckAndEveryValueHasWords) {
  for (const Check& c : all_checks()) {
    EXPECT_NE(check_title(c.id, true), c.id) << c.id << ": no French title";
    EXPECT_TRUE(english_problems(check_title(c.id, false)).empty()) << check_title(c.id, false);
    EXPECT_TRUE(french_problems(check_title(c.id, true)).empty()) << check_title(c.id, true);
    for (const auto& v : c.values) {
      EXPECT_FALSE(v.words.fr.empty() || v.words.en.empty()) << c.id << "." << v.name << ": no words (its check's file)";
      EXPECT_EQ(value_words(c.id, v.name), &v);
      EXPECT_TRUE(french_problems(std::string(v.words.fr)).empty())
          << c.id << "." << v.name << ": " << v.words.fr << ": " << joined(french_problems(std::string(v.words.fr)));
      EXPECT_TRUE(english_problems(std::string(v.words.en)).empty()) << v.words.en;
    }
    for (const auto& r : c.reasons) {
      EXPECT_EQ(reason_text(std::string(r.en), true), r.fr) << c.id << ": " << r.en;
      EXPECT_TRUE(french_problems(std::string(r.fr)).empty()) << c.id << ": " << r.fr;
    }
  }
}

// Every reason a check gives for not measuring, read from the sources: a new one without French
// words fails here.
TEST(Wording, EverySkipReasonInTheSourcesIsTranslated) {
  const std::regex literal(R"RE(skipped\(\s*"([^"]*)"\s*\)|not_measured_reason\s*=\s*"([^"]*)")RE");
  const std::regex computed(R"(skipped\(\s*[^")])");
  std::set<std::string> reasons;
  std::size_t computed_count = 0;
  for (const auto& e : fs::recursive_directory_iterator(std::string(CONFORME_SOURCE_DIR) + "/src")) {
    if (e.path().extension() != ".cpp") continue;
    std::ifstream in(e.path());
    std::stringstream s;
    s << in.rdbuf();
    const std::string code = s.str();
    for (auto it = std::sregex_iterator(code.begin(), code.end(), literal); it != std::sregex_iterator(); ++it)
      reasons.insert((*it)[1].matched ? (*it)[1].str() : (*it)[2].str());
    for (auto it = std::sregex_iterator(code.begin(), code.end(), computed); it != std::sregex_iterator(); ++it) {
      ++computed_count;
      // The three computed reasons: "N faces found" and "N faces too small to measure"
      // (checks/registry.cpp) and a rule hidden by another's failure, made by not_judged_reason
      // (pipeline/checker.cpp).
      EXPECT_TRUE(e.path().filename() == "registry.cpp" || e.path().filename() == "checker.cpp")
          << "a computed skip reason in " << e.path() << ": give it French words in profile/wording.cpp";
    }
  }
  EXPECT_GE(reasons.size(), 6u);  // the scan found the checks' reasons
  EXPECT_EQ(computed_count, 3u);
  reasons.insert("2 faces found");
  reasons.insert("4 faces too small to measure");
  reasons.insert("measurement failed: index 70 out of range");  // a check that threw (run_check)
  reasons.insert("3 faces found");
  for (const auto& r : reasons) {
    const std::string fr = reason_text(r, true);
    EXPECT_NE(fr, r) << "no French words for the skip reason '" << r << "': give them in its check's `.reasons`";
    EXPECT_TRUE(french_problems(fr).empty()) << r << " → " << fr << ": " << joined(french_problems(fr));
    EXPECT_EQ(reason_text(r, false), r);
  }
  // A hidden rule names the failed check by its title in both languages, never by its id.
  const std::string hidden = not_judged_reason("face.occlusion");
  EXPECT_EQ(reason_text(hidden, true), "masqué (contrôle « visage découvert » non conforme)");
  EXPECT_EQ(reason_text(hidden, false), "hidden (check \u201cface uncovered\u201d failed)");
  EXPECT_TRUE(french_problems(reason_text(hidden, true)).empty()) << joined(french_problems(reason_text(hidden, true)));
}

// Every error code the sources give an input has words in both languages.
TEST(Wording, EveryErrorCodeInTheSourcesHasATitle) {
  const std::regex code(R"RE((InputError\(|fail\(\*w, |error_report\([^,]*, )"([a-z_]+)")RE");
  std::set<std::string> codes;
  for (const auto& e : fs::recursive_directory_iterator(std::string(CONFORME_SOURCE_DIR) + "/src")) {
    if (e.path().extension() != ".cpp" && e.path().extension() != ".hpp") continue;
    std::ifstream in(e.path());
    std::stringstream s;
    s << in.rdbuf();
    const std::string text = s.str();
    for (auto it = std::sregex_iterator(text.begin(), text.end(), code); it != std::sregex_iterator(); ++it)
      codes.insert((*it)[2].str());
  }
  EXPECT_GE(codes.size(), 12u);
  for (const auto& c : codes) {
    EXPECT_NE(error_title(c, true), c) << "no French title for the error code " << c;
    EXPECT_TRUE(french_problems(error_title(c, true)).empty()) << error_title(c, true);
    EXPECT_TRUE(english_problems(error_title(c, false)).empty()) << error_title(c, false);
  }
}

// A measurement of every value of `check`, each at `at(value name)` (or 0.5 without a limit).
template <class F>
Measurement measurement_of(const Check& check, F at) {
  Measurement m;
  for (const auto& v : check.values) m.values.push_back({std::string(v.name), at(std::string(v.name)), std::string(v.unit)});
  return m;
}

void expect_readable(const CheckResult& r, const std::string& profile, const std::string& situation) {
  const std::string where = profile + " " + r.id + " " + situation + ": ";
  for (const std::string* fr : {&r.requirement_fr, &r.explanation_fr, &r.message_fr})
    EXPECT_TRUE(french_problems(*fr).empty()) << where << *fr << "\n  → " << joined(french_problems(*fr));
  for (const std::string* en : {&r.requirement_en, &r.explanation_en, &r.message_en})
    EXPECT_TRUE(english_problems(*en).empty()) << where << *en << "\n  → " << joined(english_problems(*en));
  EXPECT_FALSE(r.explanation_fr.empty()) << where;
  EXPECT_NE(r.message_fr.find(r.explanation_fr.substr(2)), std::string::npos) << where;
}

TEST(Wording, EveryMessageOfEveryProfileReadsAsFrenchAndEnglish) {
  std::size_t messages = 0;
  for (const char* name : {"fr-ants", "icao-9303"}) {
    const Profile profile = load_profile(name);
    for (const Rule& rule : profile.rules) {
      const Check& check = *find_check(rule.check_id);
      // References name public texts a citizen or an agent can look up, never an internal file.
      EXPECT_TRUE(rule.reference.find("seed") == std::string::npos) << rule.reference;
      const bool cites = rule.reference.find("F10619") != std::string::npos ||
                         rule.reference.find("9303") != std::string::npos ||
                         rule.reference.find("ISO/IEC 19794-5:2005 §") != std::string::npos ||
                         rule.reference.find("Ville de ") != std::string::npos;
      EXPECT_TRUE(cites) << name << " " << rule.check_id << ": " << rule.reference;
      EXPECT_TRUE(rule.fr.back() == '.' && rule.en.back() == '.') << rule.check_id;
      // Within every limit (the middle of the band), then each limit broken alone.
      const auto good = [&](const std::string& value) {
        for (const auto& l : rule.limits)
          if (l.value_name == value) {
            const auto lo = l.limit.warn_min ? l.limit.warn_min : l.limit.min;
            const auto hi = l.limit.warn_max ? l.limit.warn_max : l.limit.max;
            return lo && hi ? (*lo + *hi) / 2 : lo ? *lo + 1 : *hi > 0 ? *hi / 2 : *hi;
          }
        return 0.5;
      };
      std::vector<std::pair<std::string, CheckResult>> results;
      results.emplace_back("within the limits", judge(rule, measurement_of(check, good)));
      for (const auto& l : rule.limits) {
        const auto with = [&](double v) {
          return measurement_of(check, [&](const std::string& n) { return n == l.value_name ? v : good(n); });
        };
        if (l.limit.min) results.emplace_back(l.value_name + " below", judge(rule, with(*l.limit.min - 1.5)));
        if (l.limit.max) results.emplace_back(l.value_name + " above", judge(rule, with(*l.limit.max + 1.5)));
        if (l.limit.min) results.emplace_back(l.value_name + " just below", judge(rule, with(*l.limit.min - 0.0001)));
        if (l.limit.warn_min && l.limit.min)
          results.emplace_back(l.value_name + " in the band", judge(rule, with((*l.limit.warn_min + *l.limit.min) / 2)));
        if (l.limit.warn_max && l.limit.max)
          results.emplace_back(l.value_name + " in the band", judge(rule, with((*l.limit.warn_max + *l.limit.max) / 2)));
        if (l.limit.warn_min && !l.limit.max)
          results.emplace_back(l.value_name + " in the band", judge(rule, with(*l.limit.warn_min - 0.0001)));
      }
      for (const auto& reason : known_reasons())
        results.emplace_back("not measurable: " + reason, judge(rule, Measurement::skipped(reason)));
      results.emplace_back("no judged value", judge(rule, Measurement{}));
      for (const auto& [situation, r] : results) {
        expect_readable(r, name, situation);
        ++messages;
      }
      EXPECT_EQ(results[0].second.verdict, Verdict::pass) << name << " " << rule.check_id << ": "
                                                          << results[0].second.message_en;
    }
  }
  EXPECT_GT(messages, 400u);
}

TEST(Wording, ThePoseMessageSaysWhichWayAndHowFar) {
  const Profile profile = load_profile("fr-ants");
  Measurement m;
  m.values.push_back({"angle", -12.92, "deg"});
  const CheckResult r = judge(*profile.rule("pose.yaw"), m);
  EXPECT_EQ(r.explanation_fr, "rotation de la tête : 12,9° vers la gauche de l'image (toléré : ±5°, refusé au-delà de ±12°)");
  EXPECT_EQ(r.explanation_en, "head turn: 12.9° towards the image left (allowed: ±5°, refused beyond ±12°)");
  m.values[0].value = 7.5;
  const CheckResult warn = judge(*profile.rule("pose.yaw"), m);
  EXPECT_EQ(warn.verdict, Verdict::warn);
  EXPECT_NE(warn.explanation_fr.find("7,5° vers la droite de l'image"), std::string::npos) << warn.explanation_fr;
  EXPECT_NE(warn.explanation_fr.find("à vérifier, 2,5° au-delà de la tolérance"), std::string::npos) << warn.explanation_fr;
}

TEST(Wording, AValueJustBeyondALimitDoesNotReadAsTheLimit) {
  const Profile profile = load_profile("fr-ants");
  Measurement m;
  m.values.push_back({"ratio", 0.8084, "ratio"});  // just beyond the refusal limit, 80.8 %
  const CheckResult r = judge(*profile.rule("head.height"), m);
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_NE(r.explanation_fr.find("80,84 %"), std::string::npos) << r.explanation_fr;
  m.values[0].value = 0.8004;  // just beyond the rule's 80 %, inside the review band
  const CheckResult review = judge(*profile.rule("head.height"), m);
  EXPECT_EQ(review.verdict, Verdict::warn);
  EXPECT_NE(review.explanation_fr.find("80,04 %"), std::string::npos) << review.explanation_fr;
}

// The photos a person still has to look at: passes with a point to check, counted apart, and the
// checks that ask for it (on passing photos only: a refused photo is refused already).
TEST(Wording, SummaryCountsThePassesAPersonShouldCheck) {
  PhotoReport plain, to_check, refused;
  plain.status = to_check.status = PhotoStatus::pass;
  refused.status = PhotoStatus::fail;
  const auto judged = [](const char* id, Verdict verdict) {
    CheckResult c;
    c.id = id;
    c.verdict = verdict;
    return c;
  };
  plain.checks = {judged("pose.yaw", Verdict::pass)};
  to_check.checks = {judged("pose.yaw", Verdict::warn), judged("head.height", Verdict::warn)};
  refused.checks = {judged("bg.colour", Verdict::fail), judged("pose.yaw", Verdict::warn)};
  Summary summary;
  for (const PhotoReport* r : {&plain, &to_check, &refused}) summary.add(*r);
  std::ostringstream fr, en;
  // The run's counts: 3 photos, 2 passing, 1 of them with a point to check.
  summary.print(fr, RunCounts{3, 3, 2, 1, 0, 1}, 1.0, "fr");
  summary.print(en, RunCounts{3, 3, 2, 1, 0, 1}, 1.0, "en");
  EXPECT_NE(fr.str().find("\nConformes à vérifier par une personne : 1 photo\n"), std::string::npos) << fr.str();
  EXPECT_NE(fr.str().find("       1  tête tournée  [pose.yaw]\n"), std::string::npos) << fr.str();
  EXPECT_NE(fr.str().find("[head.height]"), std::string::npos) << fr.str();
  EXPECT_LT(fr.str().find("[pose.yaw]"), fr.str().find("Contrôles en échec :")) << fr.str();
  EXPECT_NE(en.str().find("\nPassing photos a person should check: 1\n"), std::string::npos) << en.str();
  std::ostringstream none;
  Summary nothing_to_check;
  nothing_to_check.add(plain);
  nothing_to_check.print(none, RunCounts{1, 1, 1, 0, 0}, 1.0, "en");
  EXPECT_EQ(none.str().find("should check"), std::string::npos) << none.str();
}

TEST(Wording, SummaryCountsInFrench) {
  Summary summary;
  std::ostringstream one, many;
  summary.print(one, RunCounts{1, 1, 0, 1, 0}, 0.74, "fr");
  EXPECT_EQ(one.str().substr(0, one.str().find('\n')),
            "1 entrée, 1 photo : 0 conforme, 1 non conforme, 0 erreur (0,7 s, 1,4 photo/s)");
  summary.print(many, RunCounts{3, 4, 2, 1, 1}, 2.0, "fr");
  EXPECT_TRUE(french_problems(many.str()).empty()) << many.str() << joined(french_problems(many.str()));
  EXPECT_NE(many.str().find("3 entrées, 4 photos : 2 conformes"), std::string::npos) << many.str();
}

TEST(Wording, HumanVerdictReadsAsFrench) {
  const Profile profile = load_profile("fr-ants");
  PhotoReport report;
  report.input = "dossier/photo.jpg";
  report.status = PhotoStatus::fail;
  Measurement yaw;
  yaw.values.push_back({"angle", -12.92, "deg"});
  report.checks.push_back(judge(*profile.rule("pose.yaw"), yaw));
  report.checks.push_back(judge(*profile.rule("bg.colour"), Measurement::skipped("too little background visible")));
  // A planche's check on a single photo does not apply: neither counted nor listed.
  report.checks.push_back(judge(*profile.rule("sheet.uncut"), Measurement::skipped("single photo input, not a sheet")));
  const std::string text = human_verdict(report, true);
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "NON CONFORME  dossier/photo.jpg (1 contrôle non conforme, 1 contrôle non vérifié)");
  // The check not measured is listed with why; the planche's check is not.
  EXPECT_NE(text.find("\n  ? couleur du fond — non mesurable : trop peu de fond visible\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("planche"), std::string::npos) << text;
  EXPECT_NE(human_verdict(report, false).find("\n  ? background colour — not measurable: too little background visible\n"),
            std::string::npos) << human_verdict(report, false);
  EXPECT_NE(text.find("  ✗ tête tournée — La tête doit être face à l'objectif"), std::string::npos) << text;
  EXPECT_NE(text.find("rotation de la tête : 12,9° vers la gauche de l'image"), std::string::npos) << text;
  EXPECT_TRUE(french_problems(text).empty()) << text << joined(french_problems(text));
  EXPECT_EQ(human_verdict(report, false).substr(0, 27), "FAIL  dossier/photo.jpg (1 ");

  // A photo converted from its file's colour profile says so, in the verdict and in the record.
  report.colour_profile = "Adobe RGB (1998)";
  const std::string converted = human_verdict(report, true);
  EXPECT_NE(converted.find("  couleurs converties en sRGB depuis le profil du fichier « Adobe RGB (1998) »"),
            std::string::npos) << converted;
  EXPECT_TRUE(french_problems(converted).empty()) << converted << joined(french_problems(converted));
  EXPECT_NE(human_verdict(report, false).find("colours converted to sRGB from the file's profile \"Adobe RGB (1998)\""),
            std::string::npos);
  EXPECT_EQ(to_json(report, RunIdentity{}).value("converted_to_srgb_from", ""), "Adobe RGB (1998)");
  report.colour_profile.clear();
  EXPECT_FALSE(to_json(report, RunIdentity{}).contains("converted_to_srgb_from"));
}

}  // namespace
}  // namespace conforme::test
