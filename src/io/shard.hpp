#pragma once
// Deterministic sharding of a batch over machines (--shard I/N): each input belongs to exactly
// one of N shards, decided by its path alone, so every machine agrees whatever order it listed
// the files in, and no coordination is needed (Kubernetes Indexed Jobs, Slurm arrays, GNU
// parallel run the shards; `conforme merge` joins their reports).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/inputs.hpp"

namespace conforme {

struct Shard {
  std::size_t index = 0;  // 0-based: 0 .. count-1
  std::size_t count = 1;
};

// Parses "I/N" with 0 <= I < N, N >= 1 (0-based, like JOB_COMPLETION_INDEX). Throws
// std::invalid_argument with a message saying what is wrong.
Shard parse_shard(const std::string& text);

// 64-bit FNV-1a of the bytes: fixed by its definition, unlike std::hash, so the same on every
// machine, compiler and standard library.
std::uint64_t fnv1a64(std::string_view bytes);

// True when `path` belongs to `shard`: fnv1a64(path) mod N == I. The path is compared as given
// (or as found while walking), so every machine must be given the same arguments.
bool in_shard(std::string_view path, const Shard& shard);

// The items of `inputs` that belong to `shard`, in order, keeping their index.
std::vector<InputItem> select_shard(const std::vector<InputItem>& inputs, const Shard& shard);

}  // namespace conforme
