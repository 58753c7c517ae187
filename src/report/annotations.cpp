#include "report/annotations.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "io/output_file.hpp"

namespace conforme {
namespace {

// The longest file name most file systems take (NAME_MAX); longer stems are cut.
constexpr std::size_t max_file_name = 255;

// Written with O_NOFOLLOW: a symbolic link planted in the directory is refused, never written
// through. Throws std::runtime_error naming the file and why.
void write_drawing(const std::filesystem::path& path, const std::vector<unsigned char>& jpeg) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error(path.string() + ": " + std::strerror(errno));
  int error = write_all(fd, jpeg.data(), jpeg.size());
  if (::close(fd) != 0 && !error) error = errno;
  if (error) throw std::runtime_error(path.string() + ": " + std::strerror(error));
}

}  // namespace

AnnotationsWriter::AnnotationsWriter(std::string dir, std::function<void(const std::string& message)> on_failure)
    : dir_(std::move(dir)), on_failure_(std::move(on_failure)) {}

std::filesystem::path AnnotationsWriter::file_path(const std::string& dir, std::size_t input_index,
                                                   const std::string& input, int copy) {
  char prefix[32];
  std::snprintf(prefix, sizeof prefix, "%06zu_", input_index);
  const std::string suffix = (copy >= 0 ? "_copy" + std::to_string(copy) : "") + ".jpg";
  std::string stem = std::filesystem::path(input).stem().string();
  const std::size_t room = max_file_name - std::strlen(prefix) - suffix.size();
  if (stem.size() > room) {
    std::size_t cut = room;
    while (cut > 0 && (static_cast<unsigned char>(stem[cut]) & 0xC0) == 0x80) --cut;
    stem.resize(cut);
  }
  return std::filesystem::path(dir) / (prefix + stem + suffix);
}

void AnnotationsWriter::write(const PhotoReport& report) {
  if (!pending_.empty() && report.input_index != input_index_) flush();
  input_index_ = report.input_index;
  pending_.push_back({report.input, report.drawing_jpeg});
}

void AnnotationsWriter::finish(const RunCounts&) { flush(); }

void AnnotationsWriter::flush() {
  const bool copies = pending_.size() > 1;
  for (std::size_t i = 0; i < pending_.size(); ++i) {
    if (pending_[i].jpeg.empty()) continue;
    const auto path = file_path(dir_, input_index_, pending_[i].input, copies ? static_cast<int>(i) : -1);
    try {
      write_drawing(path, pending_[i].jpeg);
    } catch (const std::exception& e) {
      ++failures_;
      if (on_failure_) on_failure_("--annotate: cannot write " + std::string(e.what()));
    }
  }
  pending_.clear();
}

}  // namespace conforme
