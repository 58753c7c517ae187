#pragma once
// Report files as `check` and `merge` write them (issue 17): no lost write looks like success.
//
// requires: nothing. ensures:
// - an output is a regular file or a new one: a directory, device, FIFO, socket or symbolic link
//   at its path is refused (a planted link or /dev/sda is never written through);
// - an output is locked (flock, exclusive) for as long as the process holds it: a second run
//   writing the same report (a requeued Slurm job, a retried pod) is refused, never interleaved;
// - opening does not truncate: the caller opens and locks every output first, then truncates
//   them (a later output that cannot be opened leaves the earlier reports as they were);
// - every write is checked; a failed write (full disk, EFBIG, EIO) throws OutputError naming the
//   file and the system's reason, and so does a failed fsync or close at the end.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace conforme {

// An output that cannot be opened, locked or written: the message names the file and why.
struct OutputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class OutputFile {
 public:
  // Opens (creating with mode 0644 when absent) and locks `path`, without truncating it.
  // `role` names the option in messages ("--output", "--csv"). Throws OutputError.
  OutputFile(std::string path, std::string role);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Cuts the file to `size` bytes and puts the write position there (0: a fresh report).
  void truncate(std::uint64_t size = 0);
  // Moves the write position to the end (--resume appends after the records kept).
  void seek_end();

  // The stream the report writers write to; a write that fails sets its badbit, and check()
  // turns that into an OutputError naming the file and errno's text.
  std::ostream& stream();
  void check() const;

  // Flushes, fsyncs and closes; throws OutputError when any of them fails.
  void close();

  const std::string& path() const { return path_; }
  // Device and inode, to tell two paths naming one file apart.
  std::uint64_t device() const { return device_; }
  std::uint64_t inode() const { return inode_; }

 private:
  class Buffer;
  [[noreturn]] void fail(std::string_view what, int error) const;

  std::string path_, role_;
  int fd_ = -1;
  std::uint64_t device_ = 0, inode_ = 0;
  std::unique_ptr<Buffer> buffer_;
  std::unique_ptr<std::ostream> stream_;
};

// Writes all `size` bytes to `fd`, again after EINTR and short writes. Returns 0, or the errno of
// the write that failed (EIO when a write wrote nothing).
int write_all(int fd, const void* data, std::size_t size);

// Throws OutputError when `path` exists and is not a regular file (a directory, device, FIFO,
// socket or symbolic link), for outputs written through a temporary file and a rename.
void refuse_unless_regular_or_absent(const std::string& path, const std::string& role);

}  // namespace conforme
