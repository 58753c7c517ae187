#include "io/inputs.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <filesystem>
#include <initializer_list>

namespace fs = std::filesystem;

namespace conforme {

namespace {

bool extension_is_one_of(const std::string& path, std::initializer_list<const char*> known) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return std::any_of(known.begin(), known.end(), [&](const char* k) { return ext == k; });
}

}  // namespace

bool has_image_extension(const std::string& path) {
  return extension_is_one_of(path, {".jpg", ".jpeg", ".jpe", ".png", ".tif", ".tiff", ".bmp", ".webp"});
}

bool has_unread_photo_extension(const std::string& path) {
  return extension_is_one_of(path, {".heic", ".heif", ".hif", ".avif", ".jxl", ".jp2", ".j2k", ".jpf", ".jpx",
                                    ".gif", ".pdf", ".psd", ".svg", ".ico", ".tga", ".exr", ".hdr", ".pbm",
                                    ".pgm", ".ppm", ".pnm", ".dng", ".cr2", ".cr3", ".nef", ".arw", ".orf",
                                    ".rw2", ".raf"});
}

namespace {

InputError listing_error(const fs::path& dir, const std::error_code& ec) {
  if (ec == std::errc::permission_denied)
    return InputError("permission_denied", dir.string() + ": cannot list directory: permission denied");
  return InputError("read_failed", dir.string() + ": cannot list directory: " + ec.message());
}

struct FileId {
  dev_t device;
  ino_t inode;
};

bool is_one_of(const fs::path& dir, const std::vector<FileId>& ids) {
  struct stat st {};
  if (ids.empty() || ::stat(dir.c_str(), &st) != 0) return false;
  return std::any_of(ids.begin(), ids.end(), [&](const FileId& id) { return id.device == st.st_dev && id.inode == st.st_ino; });
}

// Collects the image files under `dir`, and one error item per directory that cannot be listed;
// the other files (hidden ones aside) go to `not_taken` when given.
void walk(const fs::path& dir, std::vector<InputItem>& found, const std::vector<FileId>& skip,
          std::vector<std::string>* not_taken) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    found.push_back({dir.string(), listing_error(dir, ec)});
    return;
  }
  for (const fs::directory_iterator end; it != end; it.increment(ec)) {
    if (ec) {
      found.push_back({dir.string(), listing_error(dir, ec)});
      return;
    }
    const fs::directory_entry& entry = *it;
    std::error_code sec;
    if (entry.is_directory(sec)) {
      if (!entry.is_symlink(sec) && !is_one_of(entry.path(), skip)) walk(entry.path(), found, skip, not_taken);
      continue;
    }
    // Broken links and link loops with an image name are kept: they get their error record. So
    // does a photo in a format that is not read (a phone's HEIC, a scan saved as PDF): its record
    // says what it is, rather than the walk passing over it.
    const std::string path = entry.path().string();
    if (has_image_extension(path) || has_unread_photo_extension(path)) found.push_back({path, std::nullopt});
    else if (not_taken && entry.path().filename().string().rfind('.', 0) != 0) not_taken->push_back(path);
  }
}

}  // namespace

std::vector<InputItem> expand_inputs(const std::vector<std::string>& args, const std::vector<std::string>& skip_dirs,
                                     std::vector<std::string>* not_taken) {
  std::vector<FileId> skip;
  for (const auto& d : skip_dirs) {
    struct stat st {};
    if (::stat(d.c_str(), &st) == 0) skip.push_back({st.st_dev, st.st_ino});
  }
  std::vector<InputItem> out;
  for (const auto& arg : args) {
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      std::vector<InputItem> found;
      walk(arg, found, skip, not_taken);
      std::stable_sort(found.begin(), found.end(), [](const InputItem& a, const InputItem& b) { return a.path < b.path; });
      for (auto& f : found) out.push_back(std::move(f));
    } else {
      out.push_back({arg, std::nullopt});
    }
  }
  for (std::size_t i = 0; i < out.size(); ++i) out[i].index = i;
  return out;
}

std::vector<std::string> read_path_list(std::istream& in, const PathListLimits& limits) {
  std::vector<std::string> paths;
  std::vector<char> buffer(limits.max_line_bytes + 2);  // the line, a '\r' and the terminating NUL
  for (std::size_t line_number = 1;; ++line_number) {
    in.getline(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (in.eof() && got == 0) break;
    if (in.fail() && !in.eof())
      throw PathListError("line " + std::to_string(line_number) + " is longer than " +
                          std::to_string(limits.max_line_bytes) + " bytes: not a list of paths");
    std::string line(buffer.data(), in.eof() ? got : got - 1);  // without the newline
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    if (paths.size() == limits.max_paths)
      throw PathListError("line " + std::to_string(line_number) + ": more than " + std::to_string(limits.max_paths) +
                          " paths: split the batch into several lists");
    paths.push_back(line);
  }
  return paths;
}

namespace {

// Length of the valid UTF-8 sequence starting at s[i] (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF), or 0.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  std::size_t n;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c == 0xE0) n = 3, lo = 0xA0;
  else if (c == 0xED) n = 3, hi = 0x9F;
  else if (c >= 0xE1 && c <= 0xEF) n = 3;
  else if (c == 0xF0) n = 4, lo = 0x90;
  else if (c >= 0xF1 && c <= 0xF3) n = 4;
  else if (c == 0xF4) n = 4, hi = 0x8F;
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return 0;
  }
  return n;
}

}  // namespace

std::string printable_path(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (std::size_t i = 0; i < path.size();) {
    // A backslash is escaped too (\x5c): a name holding the four characters \xe9 must not read
    // like the Latin-1 byte 0xE9.
    if (const std::size_t n = path[i] == '\\' ? 0 : utf8_sequence(path, i)) {
      out.append(path.substr(i, n));
      i += n;
    } else {
      static const char hex[] = "0123456789abcdef";
      const auto c = static_cast<unsigned char>(path[i++]);
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
  }
  return out;
}

}  // namespace conforme
