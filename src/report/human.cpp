#include "report/human.hpp"

#include "checks/not_a_sheet.hpp"
#include "io/inputs.hpp"
#include "profile/wording.hpp"

namespace conforme {

std::string human_verdict(const PhotoReport& r, bool fr) {
  std::string name = printable_path(r.input);
  if (r.box || r.photo_index > 0) name += (fr ? ", photo " : ", photo ") + std::to_string(r.photo_index + 1);
  const char* status = r.status == PhotoStatus::pass   ? (fr ? "CONFORME" : "PASS")
                       : r.status == PhotoStatus::fail ? (fr ? "NON CONFORME" : "FAIL")
                                                       : (fr ? "ERREUR" : "ERROR");
  std::string out = std::string(status) + "  " + name;
  if (r.status == PhotoStatus::error) {
    // Error messages are written in English (SPEC, Reports); the title says the kind of problem
    // in the verdict's language.
    out += " (" + error_title(r.error_code, fr) + ")\n  " + printable_path(r.error_message) + "\n";
    return out;
  }
  // A planche's checks on a single photo do not apply: they are neither counted nor listed as
  // checks not measured (the record keeps them, with their reason).
  const auto not_measured = [](const CheckResult& c) {
    return c.verdict == Verdict::skipped && c.measurement.not_measured_reason != not_a_sheet_reason.en;
  };
  std::size_t failed = 0, warned = 0, skipped = 0;
  for (const auto& c : r.checks) {
    failed += c.verdict == Verdict::fail;
    warned += c.verdict == Verdict::warn;
    skipped += not_measured(c);
  }
  std::string counts;
  const auto add = [&](std::size_t n, std::string_view one, std::string_view many) {
    if (!n) return;
    counts += (counts.empty() ? "" : ", ") + std::to_string(n) + " " + plural(n, one, many, fr);
  };
  if (fr) {
    add(failed, "contrôle non conforme", "contrôles non conformes");
    add(warned, "point à vérifier", "points à vérifier");
    add(skipped, "contrôle non vérifié", "contrôles non vérifiés");
  } else {
    add(failed, "check failed", "checks failed");
    add(warned, "point to check", "points to check");
    add(skipped, "check not measured", "checks not measured");
  }
  if (!counts.empty()) out += " (" + counts + ")";
  out += "\n";
  for (int pass = 0; pass < 2; ++pass)
    for (const auto& c : r.checks) {
      if (c.verdict != (pass == 0 ? Verdict::fail : Verdict::warn)) continue;
      out += std::string(pass == 0 ? "  ✗ " : "  ! ") + check_title(c.id, fr) + " — " +
             (fr ? c.requirement_fr : c.requirement_en);
      const std::string& why = fr ? c.explanation_fr : c.explanation_en;
      if (!why.empty()) out += "\n      " + why;
      out += "\n";
    }
  // Then each check not measured, with why ("non mesurable : résolution inconnue…").
  for (const auto& c : r.checks)
    if (not_measured(c)) out += "  ? " + check_title(c.id, fr) + " — " + (fr ? c.explanation_fr : c.explanation_en) + "\n";
  if (r.unclear_layout) out += "  " + read_as_one_photo(*r.unclear_layout, fr) + "\n";
  if (!r.colour_profile.empty())
    out += fr ? "  couleurs converties en sRGB depuis le profil du fichier « " + r.colour_profile + " »\n"
              : "  colours converted to sRGB from the file's profile \"" + r.colour_profile + "\"\n";
  for (const auto& w : r.warnings)
    out += fr ? "  avertissement du décodeur d'image (texte de la bibliothèque) : « " + w + " »\n"
              : "  image decoder warning: " + w + "\n";
  return out;
}

void HumanWriter::write(const PhotoReport& report) {
  const std::string text = human_verdict(report, french_);
  out_.write(text.data(), static_cast<std::streamsize>(text.size()));
  out_.flush();
}

}  // namespace conforme
