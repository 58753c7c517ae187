#pragma once
// The option parsing every command shares: Boost.Program_options' errors become one UsageError
// (exit 2, "conforme <command>: <what>"), a mistyped option gets its "did you mean".
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "app/option_hint.hpp"

namespace conforme::cli {

// A command line that cannot be run; what() says what is wrong, in a sentence.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Parses `args` (the words after the command) against `options`; positional words go to the
// names of `positional` when given. Throws UsageError.
inline boost::program_options::variables_map parse_options(
    const std::vector<std::string>& args, const boost::program_options::options_description& options,
    const boost::program_options::positional_options_description* positional = nullptr) {
  namespace po = boost::program_options;
  po::variables_map vm;
  try {
    po::command_line_parser parser(args);
    parser.options(options);
    if (positional) parser.positional(*positional);
    po::store(parser.run(), vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    throw UsageError(std::string(e.what()) + option_hint(e.get_option_name(), options));
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  return vm;
}

}  // namespace conforme::cli
