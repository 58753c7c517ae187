#include "io/shard.hpp"

#include <charconv>
#include <stdexcept>

namespace conforme {

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  Shard s;
  auto number = [&](std::string_view digits, std::size_t& out) {
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    return !digits.empty() && ec == std::errc() && end == digits.data() + digits.size();
  };
  const std::string_view t(text);
  if (slash == std::string::npos || !number(t.substr(0, slash), s.index) || !number(t.substr(slash + 1), s.count))
    throw std::invalid_argument("--shard must be I/N, e.g. 0/4 (shards are numbered from 0), not '" + text + "'");
  if (s.count == 0) throw std::invalid_argument("--shard " + text + ": N must be at least 1");
  if (s.index >= s.count)
    throw std::invalid_argument("--shard " + text + ": I must be between 0 and " + std::to_string(s.count - 1) +
                                " (shards are numbered from 0)");
  return s;
}

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  return h;
}

bool in_shard(std::string_view path, const Shard& shard) { return fnv1a64(path) % shard.count == shard.index; }

std::vector<InputItem> select_shard(const std::vector<InputItem>& inputs, const Shard& shard) {
  std::vector<InputItem> kept;
  for (std::size_t i = 0; i < inputs.size(); ++i)
    if (in_shard(inputs[i].path, shard)) {
      kept.push_back(inputs[i]);
      if (!kept.back().index) kept.back().index = i;
    }
  return kept;
}

}  // namespace conforme
