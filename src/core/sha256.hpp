#pragma once
#include <string>
#include <string_view>

namespace conforme {

// Lower-case hex SHA-256 of a file's bytes; throws std::runtime_error naming the file.
std::string sha256_file(const std::string& path);
std::string sha256_bytes(std::string_view bytes);

}  // namespace conforme
