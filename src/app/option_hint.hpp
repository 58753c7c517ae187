#pragma once
// "Did you mean --output?" for a mistyped option of any command (check, eval, merge, ...).
#include <string>

#include <boost/program_options.hpp>

#include "core/suggest.hpp"

namespace conforme::cli {

// "; did you mean --output?" for a mistyped option `given` ("--ouput", "--ouput=x"), among the
// long options of `options`; empty when none is close. Positional arguments (options without a
// description of their own) are never suggested.
inline std::string option_hint(const std::string& given, const boost::program_options::options_description& options) {
  std::vector<std::string> names;
  for (const auto& o : options.options())
    if (!o->long_name().empty() && !o->description().empty() && o->description() != o->long_name())
      names.push_back("--" + o->long_name());
  std::string word = given.substr(0, given.find('='));
  if (!word.starts_with("-")) word = "--" + word;
  const auto guess = closest(word, names);
  return guess ? "; did you mean " + *guess + "?" : "";
}

}  // namespace conforme::cli
