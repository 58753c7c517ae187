#include "face/dlib_format.hpp"

#include <algorithm>
#include <utility>

#include <dlib/serialize.h>

namespace conforme::dlib_format {

Reader::Reader(std::span<const unsigned char> bytes)
    : ended_(true), begin_(bytes.data()), p_(bytes.data()), end_(bytes.data() + bytes.size()), size_(bytes.size()) {}

Reader::Reader(Fill fill, std::size_t size, std::size_t chunk)
    : fill_(std::move(fill)),
      // No larger than the data (and one byte to see its end), no smaller than the reads need.
      chunk_(std::max(size < chunk ? size + 1 : chunk, 2 * fast_margin)),
      begin_(nullptr),
      p_(nullptr),
      end_(nullptr),
      size_(size) {
  buffer_ = std::make_unique_for_overwrite<unsigned char[]>(chunk_);
  begin_ = p_ = end_ = buffer_.get();
}

Reader::~Reader() = default;

bool Reader::refill(std::size_t n) {
  if (ended_ || !fill_ || n > chunk_) return static_cast<std::size_t>(end_ - p_) >= n;
  // The bytes not read yet go to the front of the buffer, the rest of it is filled after them.
  const std::size_t kept = static_cast<std::size_t>(end_ - p_);
  base_ += static_cast<std::size_t>(p_ - begin_);
  unsigned char* buffer = buffer_.get();
  std::memmove(buffer, p_, kept);
  begin_ = p_ = buffer;
  std::size_t filled = kept;
  while (filled < n) {
    const std::size_t got = fill_(buffer + filled, chunk_ - filled);
    if (got == 0) {
      ended_ = true;
      break;
    }
    filled += got;
  }
  end_ = buffer + filled;
  return filled >= n;
}

void Reader::fail(const char* what, const std::string& problem, std::size_t at) const {
  throw dlib::serialization_error(problem + " at byte " + std::to_string(at) + " of " + std::to_string(size_) +
                                  ", reading " + what);
}

void Reader::cut_short(const char* what, std::size_t needed) const {
  const std::size_t at_hand = static_cast<std::size_t>(end_ - p_);
  fail(what, "cut short: the data ends (" + std::to_string(needed) + " more bytes needed, " +
                 std::to_string(at_hand) + " left)");
}

void Reader::bad_size(const char* what, unsigned size) const {
  fail(what, "corrupt integer (a size of " + std::to_string(size) + " bytes)", offset() - 1);
}

void Reader::old_float_format(const char* what) const {
  fail(what, "a float in dlib's old text format, or corrupt data");
}

void Reader::too_many(const char* what, unsigned long n, std::size_t at) const {
  fail(what, "cut short or corrupt: a size of " + std::to_string(n) + " elements cannot fit in the " +
                 std::to_string(left()) + " bytes left",
       at);
}

}  // namespace conforme::dlib_format
