#pragma once
// dlib's serialisation format (dlib/serialize.h, dlib 19.24), read from bytes in memory.
//
// dlib's own deserialisers read a std::istream one byte at a time through its streambuf; for the
// 100 MB landmark model that cost most of the program's start-up. This reader takes the same bytes
// from a buffer, filled a chunk at a time from a file or stream (or given whole), with a bounds
// check before every read, and turns them into the same values dlib would: integers the way
// ser_helper::unpack_int rebuilds them, floats the way float_details::operator float() computes
// them (to the bit, see to_float).
//
// The format, as dlib writes it:
//   - an integer of type T: a control byte, then its magnitude in `size` bytes, least significant
//     first. For a signed T the control byte is 0x80 (negative) | size, and dlib reads the size
//     from its low 4 bits; for an unsigned T dlib keeps the bits 0x8F, so 0x80 makes it invalid.
//     A size of 0 or above sizeof(T) is an error; 0 itself is written with size 1.
//   - a float: float_details, a 64-bit signed mantissa then a 16-bit signed exponent, both as
//     above; the value is mantissa * 2^exponent, except exponent 32000 (+inf), 32001 (-inf) and
//     above (NaN). dlib's older text format for floats (first byte with a bit of 0x70 set) is not
//     read here: dlib stopped writing it before shape_predictor existed.
//   - std::vector<T>: its size (unsigned long), then each element.
//   - dlib::matrix: rows and columns (long, both negated by the current format), then the
//     elements row by row.
//   - dlib::vector<T,2>: x then y.
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <span>
#include <string>

#include <dlib/float_details.h>

namespace conforme::dlib_format {

// The float dlib::float_details{mantissa, exponent} converts to: std::ldexp((float)mantissa,
// exponent), or inf, -inf, NaN for the special exponents.
//
// For an exponent in [-126, 127], 2^exponent is a normal float, so (float)mantissa * 2^exponent is
// one IEEE multiplication: the exact product rounded once to nearest (to a subnormal, zero or
// infinity when it falls there). ldexpf (glibc's scalbnf) returns that same correctly rounded
// product of the same (float)mantissa, so the two agree on every input; the unit tests check it
// on every exponent of that range against dlib's own conversion, and on every value of the
// landmark model. Other exponents go through std::ldexp itself.
inline float to_float(std::int64_t mantissa, std::int16_t exponent) {
  constexpr std::int16_t is_inf = dlib::float_details::is_inf;
  constexpr std::int16_t is_ninf = dlib::float_details::is_ninf;
  if (exponent >= is_inf) {
    if (exponent == is_inf) return std::numeric_limits<float>::infinity();
    if (exponent == is_ninf) return -std::numeric_limits<float>::infinity();
    return std::numeric_limits<float>::quiet_NaN();
  }
  const float m = static_cast<float>(mantissa);
  if (exponent >= -126 && exponent <= 127)
    return m * std::bit_cast<float>(static_cast<std::uint32_t>(exponent + 127) << 23);
  return std::ldexp(m, exponent);
}

// Reads dlib-serialised values front to back. Every read checks the bytes it needs first and
// throws dlib::serialization_error naming what it was reading and at which byte, so no input,
// however cut or corrupted, reads outside the buffer.
class Reader {
 public:
  // Fills `to` with up to `max` next bytes and returns how many (0 at the end, throws on error).
  using Fill = std::function<std::size_t(unsigned char* to, std::size_t max)>;

  // Over bytes in memory, all of them.
  explicit Reader(std::span<const unsigned char> bytes);
  // Over bytes that `fill` gives, `chunk` bytes at a time, which should come to `size` bytes in
  // all: `size` bounds what a size read from the data may claim (see read_count); fewer bytes
  // are an error like any cut, more are left unread.
  Reader(Fill fill, std::size_t size, std::size_t chunk = std::size_t{1} << 20);
  ~Reader();

  std::size_t offset() const { return base_ + static_cast<std::size_t>(p_ - begin_); }
  std::size_t size() const { return size_; }
  // The bytes still to come, if the data is `size` bytes long.
  std::size_t left() const { return size_ > offset() ? size_ - offset() : 0; }

  // An unsigned integer (unsigned long, unsigned int, ...), as dlib's unpack_int reads it.
  template <class T>
  T read_unsigned(const char* what) {
    static_assert(!std::numeric_limits<T>::is_signed && sizeof(T) <= 8);
    const unsigned size = control_byte(what) & 0x8F;  // dlib masks out the 3 reserved bits
    if (size == 0 || size > sizeof(T)) bad_size(what, size);
    return static_cast<T>(magnitude(size, what));
  }

  // A signed integer (int, long, short, ...), as dlib's unpack_int reads it: the magnitude, then
  // negated when the control byte says so, both modulo 2^bits (as dlib's shifts and *= -1 do).
  template <class T>
  T read_signed(const char* what) {
    static_assert(std::numeric_limits<T>::is_signed && sizeof(T) <= 8);
    using U = std::make_unsigned_t<T>;
    const unsigned control = control_byte(what);
    const unsigned size = control & 0x0F;
    if (size == 0 || size > sizeof(T)) bad_size(what, size);
    const U value = static_cast<U>(magnitude(size, what));
    return static_cast<T>((control & 0x80) ? static_cast<U>(U{0} - value) : value);
  }

  // A float written by dlib::serialize(float or double): float_details, mantissa then exponent.
  float read_float(const char* what) {
    if (!have(1)) cut_short(what, 1);
    if ((*p_ & 0x70) != 0) old_float_format(what);
    const std::int64_t mantissa = read_signed<std::int64_t>(what);
    const std::int16_t exponent = read_signed<std::int16_t>(what);
    return to_float(mantissa, exponent);
  }

  // `n` floats one after the other (a matrix's elements) into out[0] to out[n - 1]: the same as
  // n read_float calls, but with the read position in a register and, while fast_margin bytes are
  // at hand, one bounds check per float instead of one per byte.
  void read_floats(float* out, std::size_t n, const char* what) {
    std::size_t i = 0;
    if constexpr (std::endian::native == std::endian::little) {
      while (i < n) {
        if (!have(fast_margin)) break;  // the last few bytes of the data: the checked path
        const unsigned char* p = p_;
        const unsigned char* const stop = end_ - fast_margin;
        for (; i < n && p <= stop; ++i) {
          // Most of the landmark model's floats have a 3-byte mantissa and a 1-byte exponent.
          // Their own branch, with the next float's position a constant away, lets the CPU go on
          // to the next floats before it has this one's control bytes (the general case below
          // makes the next position wait for two loads).
          if ((p[0] & 0x7F) == 0x03 && (p[4] & 0x0F) == 0x01) [[likely]] {
            std::uint32_t magnitude;
            std::memcpy(&magnitude, p + 1, 4);
            magnitude &= 0xFFFFFF;
            const auto mantissa = static_cast<std::int64_t>((p[0] & 0x80) ? -std::int64_t{magnitude} : magnitude);
            const auto exponent = static_cast<std::int16_t>((p[4] & 0x80) ? -p[5] : p[5]);
            p += 6;
            out[i] = to_float(mantissa, exponent);
            continue;
          }
          // The mantissa: control byte, then `size` of the 8 bytes loaded (all in the buffer).
          const unsigned control = p[0];
          const unsigned size = control & 0x0F;
          if ((control & 0x70) != 0 || size == 0 || size > 8) break;  // the checked path says why
          std::uint64_t magnitude;
          std::memcpy(&magnitude, p + 1, 8);
          magnitude &= ~std::uint64_t{0} >> (64 - 8 * size);
          const auto mantissa =
              static_cast<std::int64_t>((control & 0x80) ? std::uint64_t{0} - magnitude : magnitude);
          // The exponent: control byte, then 1 or 2 bytes.
          const unsigned char* e = p + 1 + size;
          const unsigned e_size = e[0] & 0x0F;
          if (e_size == 0 || e_size > 2) break;
          const auto e_magnitude = static_cast<std::uint16_t>(e[1] | (e_size == 2 ? e[2] << 8 : 0));
          const auto exponent = static_cast<std::int16_t>(
              (e[0] & 0x80) ? static_cast<std::uint16_t>(0U - e_magnitude) : e_magnitude);
          p = e + 1 + e_size;
          out[i] = to_float(mantissa, exponent);
        }
        const bool stopped_on_bad_bytes = i < n && p <= stop;
        p_ = p;
        if (stopped_on_bad_bytes) break;
      }
    }
    for (; i < n; ++i) out[i] = read_float(what);
  }

  // The size of a std::vector whose elements take at least `min_bytes_each` bytes each: an error
  // when that many cannot fit in the bytes left (so a corrupt size cannot claim more memory than
  // the data's size).
  std::size_t read_count(std::size_t min_bytes_each, const char* what) {
    const std::size_t at = offset();
    const unsigned long n = read_unsigned<unsigned long>(what);
    if (n > left() / min_bytes_each) too_many(what, n, at);
    return n;
  }

  // Throws dlib::serialization_error: "<problem> at byte <at> of <size>, reading <what>".
  [[noreturn]] void fail(const char* what, const std::string& problem, std::size_t at) const;
  [[noreturn]] void fail(const char* what, const std::string& problem) const { fail(what, problem, offset()); }

 private:
  // The longest float takes 1 + 8 + 1 + 2 bytes; the mantissa's 8-byte load reads at most 9
  // bytes from the float's start.
  static constexpr std::size_t fast_margin = 16;

  // At least `n` (at most chunk_) bytes at p_, refilling the buffer when needed; false when the
  // data ends first.
  bool have(std::size_t n) { return static_cast<std::size_t>(end_ - p_) >= n || refill(n); }
  bool refill(std::size_t n);

  unsigned control_byte(const char* what) {
    if (!have(1)) cut_short(what, 1);
    return *p_++;
  }

  // `size` (1 to 8) bytes, least significant first.
  std::uint64_t magnitude(unsigned size, const char* what) {
    if (!have(size)) cut_short(what, size);
    std::uint64_t v = 0;
    if constexpr (std::endian::native == std::endian::little) {
      if (end_ - p_ >= 8) {
        std::memcpy(&v, p_, 8);
        v &= ~std::uint64_t{0} >> (64 - 8 * size);
        p_ += size;
        return v;
      }
    }
    for (unsigned i = 0; i < size; ++i) v |= std::uint64_t{p_[i]} << (8 * i);
    p_ += size;
    return v;
  }

  [[noreturn]] void cut_short(const char* what, std::size_t needed) const;
  [[noreturn]] void bad_size(const char* what, unsigned size) const;
  [[noreturn]] void old_float_format(const char* what) const;
  [[noreturn]] void too_many(const char* what, unsigned long n, std::size_t at) const;

  Fill fill_;                                // empty: all the data is in [begin_, end_)
  std::unique_ptr<unsigned char[]> buffer_;  // when filled from fill_
  std::size_t chunk_ = 0;
  bool ended_ = false;                       // fill_ has given its last byte
  const unsigned char* begin_;
  const unsigned char* p_;
  const unsigned char* end_;
  std::size_t base_ = 0;  // offset of begin_ in the data
  std::size_t size_;
};

}  // namespace conforme::dlib_format
