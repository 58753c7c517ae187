#include "profile/wording.hpp"

#include <cmath>
#include <cstdio>
#include <regex>

namespace conforme {
namespace {

struct Title {
  std::string_view id, fr, en;
};

const Title titles[] = {
    {"photo.aspect", "format de la photo", "photo format"},
    {"photo.resolution", "résolution", "resolution"},
    {"face.count", "nombre de visages", "number of faces"},
    {"head.height", "taille du visage", "face size"},
    {"head.center_x", "centrage du visage", "face centring"},
    {"eyes.line", "hauteur des yeux", "eye height"},
    {"pose.yaw", "tête tournée", "head turned"},
    {"pose.pitch", "tête levée ou baissée", "head raised or lowered"},
    {"pose.roll", "tête penchée", "head tilted"},
    {"eyes.open", "yeux ouverts", "eyes open"},
    {"expr.mouth_closed", "bouche fermée", "mouth closed"},
    {"expr.neutral", "expression neutre", "neutral expression"},
    {"bg.uniform", "fond uni", "plain background"},
    {"bg.colour", "couleur du fond", "background colour"},
    {"light.exposure", "exposition", "exposure"},
    {"colour.is_colour", "photo en couleur", "colour photo"},
    {"sharp.focus", "netteté", "sharpness"},
    {"photo.size_mm", "taille imprimée", "printed size"},
    {"sheet.uncut", "planche entière", "whole sheet"},
    {"sheet.copies_identical", "photos identiques", "identical photos"},
    {"glasses", "lunettes", "glasses"},
    {"glasses.tinted", "verres teintés", "tinted lenses"},
    {"glasses.reflection", "reflets sur les verres", "reflections on the lenses"},
    {"face.occlusion", "visage découvert", "face uncovered"},
    {"head.covering", "tête nue", "bare head"},
    {"light.face_shadow", "ombre sur le visage", "shadow on the face"},
    {"bg.shadow", "ombre sur le fond", "shadow on the background"},
    {"eyes.red", "yeux rouges", "red eyes"},
    {"jpeg.quality", "compression JPEG", "JPEG compression"},
    {"print.marks", "pliures et traces", "folds and marks"},
};

using S = Shown;
const std::vector<ValueWords> words = {
    {"photo.aspect", "ratio", "rapport largeur/hauteur de la photo", "photo width/height ratio", S::number},
    {"photo.resolution", "inter_eye", "distance entre les centres des yeux", "distance between the eye centres", S::pixels},
    {"face.count", "faces", "nombre de visages détectés", "number of faces found", S::count},
    {"head.height", "ratio", "hauteur du visage, du menton au sommet du crâne", "face height, chin to top of skull", S::percent_height},
    {"head.height", "height_mm", "hauteur du visage imprimée", "printed face height", S::millimetres},
    {"head.center_x", "ratio", "milieu du visage", "face mid-line", S::percent_width},
    {"eyes.line", "ratio", "hauteur des yeux", "eye height", S::percent_height_from_bottom},
    {"pose.yaw", "angle", "rotation de la tête", "head turn", S::yaw},
    {"pose.pitch", "angle", "inclinaison de la tête vers le haut ou le bas", "head tilt up or down", S::pitch},
    {"pose.roll", "angle", "inclinaison de la tête sur le côté", "head tilt to one side", S::roll},
    {"eyes.open", "min_ear", "ouverture de l'œil le moins ouvert (hauteur sur largeur)", "opening of the less open eye (height over width)", S::number},
    {"eyes.open", "left_ear", "ouverture de l'œil à gauche sur l'image", "opening of the eye on the image left", S::number},
    {"eyes.open", "right_ear", "ouverture de l'œil à droite sur l'image", "opening of the eye on the image right", S::number},
    {"expr.mouth_closed", "teeth_share", "dents visibles entre les lèvres (surface sur le carré de la largeur de la bouche)", "teeth visible between the lips (area over the squared mouth width)", S::number},
    {"expr.mouth_closed", "gap_ratio", "écart entre les lèvres (sur la largeur de la bouche)", "gap between the lips (over the mouth width)", S::number},
    {"expr.neutral", "corner_lift", "relèvement des coins de la bouche (sur l'écart entre les yeux)", "lift of the mouth corners (over the eye distance)", S::number},
    {"expr.neutral", "mouth_width", "largeur de la bouche (sur l'écart entre les yeux)", "mouth width (over the eye distance)", S::number},
    {"expr.neutral", "teeth_share", "dents visibles entre les lèvres (surface sur le carré de la largeur de la bouche)", "teeth visible between the lips (area over the squared mouth width)", S::number},
    {"bg.uniform", "texture", "texture du fond", "background texture", S::grey_levels},
    {"bg.uniform", "spread", "écart de luminosité sur le fond", "brightness spread of the background", S::grey_levels},
    {"bg.colour", "lightness", "clarté du fond", "background lightness", S::lightness},
    {"bg.colour", "chroma", "saturation du fond", "background saturation", S::chroma},
    {"bg.colour", "off_blue_chroma", "couleur du fond autre que bleu clair", "background colour other than light blue", S::chroma},
    {"bg.colour", "a", "composante rouge-vert du fond", "red-green component of the background", S::chroma},
    {"bg.colour", "b", "composante jaune-bleu du fond", "yellow-blue component of the background", S::chroma},
    {"light.exposure", "face_lightness", "clarté du visage", "face lightness", S::lightness},
    {"light.exposure", "clipped_high", "part du visage brûlée (blanc pur)", "share of the face burnt out (pure white)", S::percent},
    {"light.exposure", "clipped_low", "part du visage bouchée (noir pur)", "share of the face blocked up (pure black)", S::percent},
    {"colour.is_colour", "face_chroma", "saturation des couleurs du visage", "colour saturation of the face", S::chroma},
    {"colour.is_colour", "photo_chroma", "saturation des couleurs de la photo", "colour saturation of the photo", S::chroma},
    {"sharp.focus", "sharpness", "netteté", "sharpness", S::number},
    {"sharp.focus", "horizontal", "netteté horizontale", "horizontal sharpness", S::number},
    {"sharp.focus", "vertical", "netteté verticale", "vertical sharpness", S::number},
    {"photo.size_mm", "width_mm", "largeur imprimée", "printed width", S::millimetres},
    {"photo.size_mm", "height_mm", "hauteur imprimée", "printed height", S::millimetres},
    {"sheet.uncut", "copies", "nombre de photos sur la planche", "number of photos on the sheet", S::count},
    {"sheet.copies_identical", "difference", "différence entre les photos de la planche", "difference between the photos of the sheet", S::percent},
    {"glasses", "frame_score", "indice de monture de lunettes", "spectacle-frame score", S::grey_levels},
    {"glasses", "bridge_edge", "trace de monture sur le nez", "frame edge across the nose bridge", S::grey_levels},
    {"glasses", "rim_edge", "trace de monture sous les yeux", "frame edge below the eyes", S::grey_levels},
    {"glasses", "net_probability", "probabilité de lunettes selon le réseau de détection", "probability of glasses from the detection network", S::percent},
    {"glasses.tinted", "lens_transmission", "clarté de la peau derrière les verres (sur celle des joues)", "skin brightness behind the lenses (over the cheeks)", S::number},
    {"glasses.tinted", "lens_colour", "écart de couleur derrière les verres", "colour shift behind the lenses", S::chroma},
    {"glasses.tinted", "glasses_found", "lunettes détectées", "glasses found", S::flag},
    {"face.occlusion", "net_probability", "probabilité d'un masque ou d'un objet sur le bas du visage selon le réseau de détection", "probability of a mask or object over the lower face from the detection network", S::percent},
    {"glasses.reflection", "glare_share", "part des verres couverte de reflets", "share of the lenses covered by reflections", S::percent},
    {"glasses.reflection", "glasses_found", "lunettes détectées", "glasses found", S::flag},
    {"head.covering", "forehead_band", "bord horizontal marqué sur le front", "strong horizontal edge across the forehead", S::grey_levels},
    {"head.covering", "accessory_colour", "part du haut de la tête ni peau ni cheveux", "share of the top of the head neither skin nor hair", S::percent},
    {"light.face_shadow", "cheek_ratio", "luminosité de la joue la plus sombre (sur celle de l'autre joue)", "brightness of the darker cheek (over the other cheek)", S::percent},
    {"light.face_shadow", "dark_share", "part des joues dans l'ombre", "share of the cheeks in shadow", S::percent},
    {"bg.shadow", "shadow_share", "part du fond ombrée à côté de la tête", "share of the background shaded beside the head", S::percent},
    {"eyes.red", "red_share", "part de la pupille rouge", "share of the pupil that is red", S::percent},
    {"jpeg.quality", "estimated_quality", "qualité JPEG estimée", "estimated JPEG quality", S::number},
    {"jpeg.quality", "blockiness", "effet de blocs de la compression", "compression blockiness", S::number},
    {"print.marks", "fold_lines", "pliures détectées", "folds found", S::count},
    {"print.marks", "mark_length", "longueur de la plus longue trace (en écarts entre les yeux)", "length of the longest mark (in eye distances)", S::number},
};

struct Reason {
  std::string_view en, fr;
};

const Reason reasons[] = {
    {"no face found", "aucun visage détecté"},
    {"too little background visible", "trop peu de fond visible"},
    {"too little background beside the head", "trop peu de fond visible à côté de la tête"},
    {"resolution unknown", "résolution inconnue, la taille imprimée ne peut pas être calculée"},
    {"single photo input, not a sheet", "photo seule, pas une planche"},
    {"fewer than two copies on the sheet", "moins de deux photos sur la planche"},
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

const ValueWords* value_words(std::string_view check_id, std::string_view value_name) {
  for (const auto& w : words)
    if (w.check_id == check_id && w.value_name == value_name) return &w;
  return nullptr;
}

const std::vector<ValueWords>& all_value_words() { return words; }

std::string check_title(std::string_view check_id, bool french) {
  for (const auto& t : titles)
    if (t.id == check_id) return std::string(french ? t.fr : t.en);
  return std::string(check_id);
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
  static const std::regex faces("([0-9]+) faces found");
  std::smatch m;
  if (std::regex_match(reason_en, m, faces)) return m[1].str() + " visages détectés, un seul attendu";
  // A check that threw (checks/check.hpp, run_check): the exception's words, in English, stay in
  // the record's `reason` and the English explanation.
  if (reason_en.starts_with("measurement failed: ")) return "la mesure a échoué (erreur interne du programme)";
  return reason_en;
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
  out.emplace_back("2 faces found");
  out.push_back(not_judged_reason("face.occlusion"));
  return out;
}

std::string format_number(double v, int decimals, bool french) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
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
