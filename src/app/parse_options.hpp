#pragma once
// The option parsing every command shares: Boost.Program_options' errors become one UsageError
// (exit 2, "conforme <command>: <what>"), a mistyped option gets its "did you mean".
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "app/option_hint.hpp"
#include "io/decode.hpp"

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

// --max-pixels, --max-decode-memory and --max-memory (MiB), as `check` and `serve` take them, into
// the decoding limits and the budget of decoding memory in flight. Throws UsageError.
inline void read_memory_limits(const boost::program_options::variables_map& vm, DecodeLimits& limits,
                               std::uint64_t& max_memory) {
  // Signed: an unsigned option would take "-5" as 2^64 - 5.
  if (vm["max-pixels"].as<long long>() < 1) throw UsageError("--max-pixels must be at least 1");
  limits.max_pixels = static_cast<std::uint64_t>(vm["max-pixels"].as<long long>());
  const long long decode_mib = vm["max-decode-memory"].as<long long>();
  if (decode_mib < 1 || decode_mib > (1ll << 30)) throw UsageError("--max-decode-memory must be between 1 and 2^30 MiB");
  limits.max_decode_bytes = static_cast<std::uint64_t>(decode_mib) << 20;
  const long long memory_mib = vm["max-memory"].as<long long>();
  if (memory_mib < 1 || memory_mib > (1ll << 30)) throw UsageError("--max-memory must be between 1 and 2^30 MiB");
  max_memory = static_cast<std::uint64_t>(memory_mib) << 20;
}

}  // namespace conforme::cli
