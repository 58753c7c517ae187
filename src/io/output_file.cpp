#include "io/output_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <streambuf>
#include <vector>

namespace conforme {
namespace {

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISLNK(mode)) return "a symbolic link";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  return "not a regular file";
}

std::string refusal(const std::string& role, const std::string& path, mode_t mode) {
  return role + " " + path + ": is " + kind_of(mode) +
         ", not a regular file: reports are only written to regular files (give another path)";
}

}  // namespace

// The stream's buffer: bytes go to the file descriptor on flush (one write(2) per record when
// the record fits), and the errno of a failed write is kept for the message.
class OutputFile::Buffer : public std::streambuf {
 public:
  explicit Buffer(int fd) : fd_(fd), bytes_(1 << 16) { setp(bytes_.data(), bytes_.data() + bytes_.size()); }
  int error() const { return error_; }

 protected:
  int_type overflow(int_type c) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  bool drain() {
    const int error = write_all(fd_, pbase(), static_cast<std::size_t>(pptr() - pbase()));
    setp(bytes_.data(), bytes_.data() + bytes_.size());  // on an error, what was not written is lost
    if (error) error_ = error;
    return !error;
  }

  int fd_;
  std::vector<char> bytes_;
  int error_ = 0;
};

int write_all(int fd, const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  const char* const end = p + size;
  while (p < end) {
    const ssize_t n = ::write(fd, p, static_cast<std::size_t>(end - p));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n < 0 ? errno : EIO;
    p += n;
  }
  return 0;
}

void refuse_unless_regular_or_absent(const std::string& path, const std::string& role) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return;  // absent (or unreachable: opening it will say why)
  if (!S_ISREG(st.st_mode)) throw OutputError(refusal(role, path, st.st_mode));
}

OutputFile::OutputFile(std::string path, std::string role) : path_(std::move(path)), role_(std::move(role)) {
  // Looked at before opening: opening a FIFO or a device has effects of its own (a FIFO
  // without a reader blocks, a tape rewinds).
  refuse_unless_regular_or_absent(path_, role_);
  // O_NOFOLLOW: a symbolic link planted between the look and the open is refused too.
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    const int e = errno;
    if (e == ELOOP) throw OutputError(role_ + " " + path_ + ": is a symbolic link, not a regular file: reports are only written to regular files (give another path)");
    std::string why = std::strerror(e);
    if (e == ENOENT) {  // the file is created, so what is missing is its directory
      const auto slash = path_.find_last_of('/');
      if (slash != std::string::npos) why += " (the directory " + path_.substr(0, slash == 0 ? 1 : slash) + " does not exist)";
    }
    throw OutputError(role_ + " " + path_ + ": cannot create the file: " + why);
  }
  struct stat st {};
  if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
    const mode_t mode = st.st_mode;
    ::close(fd_);
    fd_ = -1;
    throw OutputError(refusal(role_, path_, mode));
  }
  ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) & ~O_NONBLOCK);
  device_ = st.st_dev;
  inode_ = st.st_ino;
  // Held until close or exit; the kernel drops it when the process dies, so a killed run
  // never leaves a stale lock behind.
  while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int e = errno;
    if (e == EINTR) continue;
    ::close(fd_);
    fd_ = -1;
    if (e == EWOULDBLOCK)
      throw OutputError(role_ + " " + path_ +
                        ": another conforme run is writing this file (it holds its lock); wait for it to end, "
                        "or write to another file");
    throw OutputError(role_ + " " + path_ + ": cannot lock the file: " + std::strerror(e));
  }
  buffer_ = std::make_unique<Buffer>(fd_);
  stream_ = std::make_unique<std::ostream>(buffer_.get());
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) ::close(fd_);
}

void OutputFile::fail(std::string_view what, int error) const {
  throw OutputError(role_ + " " + path_ + ": " + std::string(what) + ": " + std::strerror(error));
}

void OutputFile::truncate(std::uint64_t size) {
  if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) fail("cannot truncate the file", errno);
  if (::lseek(fd_, static_cast<off_t>(size), SEEK_SET) < 0) fail("cannot seek", errno);
}

void OutputFile::seek_end() {
  if (::lseek(fd_, 0, SEEK_END) < 0) fail("cannot seek", errno);
}

std::ostream& OutputFile::stream() { return *stream_; }

void OutputFile::check() const {
  if (!*stream_) fail("write failed", buffer_->error() ? buffer_->error() : EIO);
}

void OutputFile::close() {
  if (fd_ < 0) return;
  stream_->flush();
  check();
  if (::fsync(fd_) != 0 && errno != EINVAL) fail("write failed (fsync)", errno);
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail("write failed (close)", errno);
}

}  // namespace conforme
