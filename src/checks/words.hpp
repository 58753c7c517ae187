#pragma once
// The words a check carries for people (issue 20): its title, each value's name and how its
// number is shown, its reasons for not measuring, in French and English. profile/wording.hpp
// reads them; the messages, the review page and the drawings show them.
#include <string_view>

namespace conforme {

// A text in French and in English.
struct Words {
  std::string_view fr, en;
};

// How a value is shown: its unit, and for some a phrase placing it.
enum class Shown {
  number,          // a bare number (ratios, scores)
  percent,         // a share 0..1 shown as a percentage
  percent_height,  // a fraction of the photo height, "65,2 % de la hauteur de la photo"
  percent_height_from_bottom,
  percent_width,   // a fraction of the photo width from its left edge
  percent_of_width,  // a fraction of the photo width, "3,1 % de la largeur de la photo"
  yaw,             // degrees, > 0 towards the image right
  pitch,           // degrees, > 0 looking up
  roll,            // degrees, tilt to one side (direction not told)
  millimetres,
  pixels,
  count,
  flag,            // 1 yes, 0 no
  lightness,       // CIELAB L*
  chroma,          // CIELAB C*ab (and a*, b*)
  grey_levels,     // grey levels (per pixel for edges)
};

// A reason for not measuring (the report's English `reason`) and its French words.
struct ReasonWords {
  std::string_view en, fr;
};

}  // namespace conforme
