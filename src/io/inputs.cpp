#include "io/inputs.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace fs = std::filesystem;

namespace conforme {

bool has_image_extension(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  static const char* known[] = {".jpg", ".jpeg", ".jpe", ".png", ".tif", ".tiff", ".bmp", ".webp"};
  return std::any_of(std::begin(known), std::end(known), [&](const char* k) { return ext == k; });
}

namespace {

void walk(const fs::path& dir, std::vector<InputItem>& out) {
  std::vector<InputItem> found;
  std::error_code ec;
  // follow_directory_symlink is off: a link loop cannot make the walk endless.
  fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec), end;
  if (ec) {
    out.push_back({dir.string(), InputError("read_failed", dir.string() + ": cannot list directory: " + ec.message())});
    return;
  }
  for (; it != end; it.increment(ec)) {
    if (ec) {
      found.push_back({dir.string(), InputError("read_failed", dir.string() + ": directory walk failed: " + ec.message())});
      break;
    }
    std::error_code sec;
    const auto& entry = *it;
    if (entry.is_directory(sec)) continue;
    if (has_image_extension(entry.path().string())) found.push_back({entry.path().string(), std::nullopt});
  }
  std::sort(found.begin(), found.end(), [](const InputItem& a, const InputItem& b) { return a.path < b.path; });
  for (auto& f : found) out.push_back(std::move(f));
}

}  // namespace

std::vector<InputItem> expand_inputs(const std::vector<std::string>& args) {
  std::vector<InputItem> out;
  for (const auto& arg : args) {
    std::error_code ec;
    if (fs::is_directory(arg, ec))
      walk(arg, out);
    else
      out.push_back({arg, std::nullopt});
  }
  return out;
}

std::vector<std::string> read_path_list(std::istream& in) {
  std::vector<std::string> paths;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    paths.push_back(line);
  }
  return paths;
}

}  // namespace conforme
