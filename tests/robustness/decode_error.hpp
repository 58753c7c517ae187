#pragma once
// The error code decoding gives an input (io/decode.hpp), for the I/O tests.
#include <string>

#include "image_bytes.hpp"
#include "io/decode.hpp"
#include "io/input_error.hpp"

namespace conforme::test {

// The code of the InputError decode_image throws for `bytes`, or "" when it decodes.
inline std::string decode_error_code(const Bytes& bytes, const DecodeLimits& limits = {}) {
  try {
    decode_image(bytes, "input", limits);
  } catch (const InputError& e) {
    return e.code;
  }
  return "";
}

}  // namespace conforme::test
