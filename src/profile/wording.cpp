#include "profile/wording.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <regex>
#include <system_error>

namespace conforme {
namespace {

struct Title {
  std::string_view id, fr, en;
};

// The reasons that belong to no check: run_check's (checks/registry.cpp) and the judge's.
const ReasonWords reasons[] = {
    {"no face found", "aucun visage détecté"},
    {"face too small to measure", "visage trop petit pour être mesuré"},
    {"photo upside down", "photo à l'envers"},
    {"photo on its side", "photo couchée sur le côté"},
    {"no judged value was measured", "aucune des valeurs jugées n'a pu être mesurée"},
};

const Title error_titles[] = {
    {"not_found", "fichier introuvable", "file not found"},
    {"symlink_loop", "boucle de liens symboliques", "symbolic link loop"},
    {"permission_denied", "lecture refusée par les droits du fichier", "permission denied"},
    {"is_directory", "un dossier, pas un fichier", "a directory, not a file"},
    {"not_a_file", "pas un fichier ordinaire", "not a regular file"},
    {"empty_file", "fichier vide", "empty file"},
    {"too_large", "image trop grande", "image too large"},
    {"not_an_image", "pas une image", "not an image"},
    {"unsupported_format", "format d'image non pris en charge", "unsupported image format"},
    {"truncated", "fichier tronqué", "truncated file"},
    {"corrupt", "image corrompue", "corrupt image"},
    {"unsupported_shape", "proportions impossibles pour une photo d'identité", "proportions impossible for an ID photo"},
    {"out_of_memory", "mémoire insuffisante", "out of memory"},
    {"read_failed", "lecture impossible", "read failed"},
    {"analysis_failed", "analyse impossible", "analysis failed"},
    {"sheet_layout_unclear", "disposition de la planche indécidable", "sheet layout cannot be decided"},
};

}  // namespace

const ValueSpec* value_words(std::string_view check_id, std::string_view value_name) {
  const Check* check = find_check(check_id);
  if (!check) return nullptr;
  for (const auto& v : check->values)
    if (v.name == value_name) return &v;
  return nullptr;
}

std::string check_title(std::string_view check_id, bool french) {
  const Check* check = find_check(check_id);
  if (!check) return std::string(check_id);
  return std::string(french ? check->title.fr : check->title.en);
}

std::string not_judged_reason(std::string_view failed_check_id) {
  return "hidden: " + std::string(failed_check_id) + " failed";
}

std::string reason_text(const std::string& reason_en, bool french) {
  static const std::regex hidden("hidden: (\\S+) failed");
  if (std::smatch m; std::regex_match(reason_en, m, hidden)) {
    const std::string title = check_title(m[1].str(), french);
    return french ? "masqué (contrôle « " + title + " » non conforme)" : "hidden (check \u201c" + title + "\u201d failed)";
  }
  if (!french) return reason_en;
  for (const auto& r : reasons)
    if (r.en == reason_en) return std::string(r.fr);
  for (const Check& c : all_checks())
    for (const auto& r : c.reasons)
      if (r.en == reason_en) return std::string(r.fr);
  static const std::regex faces("([0-9]+) faces found");
  std::smatch m;
  if (std::regex_match(reason_en, m, faces)) return m[1].str() + " visages détectés, un seul attendu";
  static const std::regex small_faces("([0-9]+) faces too small to measure");
  if (std::regex_match(reason_en, m, small_faces)) return m[1].str() + " visages trop petits pour être mesurés";
  // A check that threw (checks/check.hpp, run_check): the exception's words, in English, stay in
  // the record's `reason` and the English explanation.
  if (reason_en.starts_with("measurement failed: ")) return "la mesure a échoué (erreur interne du programme)";
  return reason_en;
}

std::string read_as_one_photo(std::string_view detail, bool french) {
  return (french ? "lue comme une seule photo, l'image ne montrant qu'un visage : ses copies, si c'est une planche, "
                   "ne se distinguent pas ("
                 : "read as one photo, the image showing one face: as a planche, its copies cannot be told apart (") +
         std::string(detail) + ")";
}

std::string error_title(std::string_view code, bool french) {
  for (const auto& t : error_titles)
    if (t.id == code) return std::string(french ? t.fr : t.en);
  return std::string(code);
}

std::vector<std::string> known_error_codes() {
  std::vector<std::string> out;
  for (const auto& t : error_titles) out.emplace_back(t.id);
  return out;
}

std::vector<std::string> known_reasons() {
  std::vector<std::string> out;
  for (const auto& r : reasons) out.emplace_back(r.en);
  for (const Check& c : all_checks())
    for (const auto& r : c.reasons)
      if (std::find(out.begin(), out.end(), r.en) == out.end()) out.emplace_back(r.en);
  out.emplace_back("2 faces found");
  out.emplace_back("3 faces too small to measure");
  out.push_back(not_judged_reason("face.occlusion"));
  return out;
}

std::string format_number(double v, int decimals, bool french) {
  // std::to_chars gives printf's "%.*f" digits (both round the exact binary value correctly),
  // several times faster: every report formats some two hundred numbers.
  char buf[400];  // the longest fixed-point double (309 digits), its sign, point and decimals
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, std::clamp(decimals, 0, 60));
  std::string s = ec == std::errc() ? std::string(buf, end) : std::to_string(v);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  if (french)
    for (char& c : s)
      if (c == '.') c = ',';
  return s;
}

std::string plural(std::size_t n, std::string_view one, std::string_view many, bool french) {
  return std::string(french ? (n < 2 ? one : many) : (n == 1 ? one : many));
}

}  // namespace conforme
