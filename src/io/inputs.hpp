#pragma once
// Turning command-line arguments into the ordered list of inputs.
#include <cstddef>
#include <cstdint>
#include <istream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "io/input_error.hpp"

namespace conforme {

struct InputItem {
  InputItem() = default;
  InputItem(std::string path, std::optional<InputError> problem = std::nullopt,
            std::optional<std::size_t> index = std::nullopt)
      : path(std::move(path)), problem(std::move(problem)), index(index) {}

  std::string path;
  // Set when the input failed before reading (e.g. an unreadable directory): it still gets its
  // one error record.
  std::optional<InputError> problem;
  // Position in the full expanded input list, before --shard and --resume keep part of it; it
  // becomes the record's `input_index`. Unset: the item's position in the list being run.
  std::optional<std::size_t> index;
};

// File extensions taken when walking a directory (case-insensitive): the formats read (JPEG, PNG,
// TIFF, BMP, WebP)...
bool has_image_extension(const std::string& path);
// ...and photos or scans in formats that are not read (HEIC, HEIF, AVIF, JPEG XL, JPEG 2000, GIF,
// PDF, Photoshop, SVG, ICO, TGA, OpenEXR, Radiance HDR, Netpbm, camera raw), so that each gets its
// error record naming the format instead of being passed over. Files named explicitly are always
// taken, whatever their extension, and judged by their content.
bool has_unread_photo_extension(const std::string& path);

// Expands each argument: a file stays as is; a directory is walked recursively, its image files
// in sorted (byte-wise) path order; a missing path stays and becomes a not_found record.
// Symbolic links to directories met while walking are not followed (a link loop cannot make the
// walk endless, and no file is listed twice); a subdirectory that cannot be listed becomes one
// error item at its place in the order. Every argument and every file found is one item, so a
// path given twice is two items, each with its own record. ensures: item k has index k.
// Directories in `skip_dirs` (compared by device and inode: the --annotate directory) are not
// walked into: the drawings of an earlier run never become inputs. The files met while walking
// that are not taken (no image extension; hidden files, named with a leading dot, aside) are
// appended to `not_taken` when it is given, in walking order, so that a caller can say so.
std::vector<InputItem> expand_inputs(const std::vector<std::string>& args,
                                     const std::vector<std::string>& skip_dirs = {},
                                     std::vector<std::string>* not_taken = nullptr);

// A list of paths that is not one (a line longer than any path, more paths than a batch holds:
// `--from /dev/zero` would otherwise grow without end). The message names the line.
struct PathListError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct PathListLimits {
  std::size_t max_line_bytes = 4096;      // PATH_MAX on Linux
  std::size_t max_paths = 10'000'000;     // about 1 GB of paths in memory
};

// Reads one path per line (blank lines and lines starting with '#' are skipped).
// Throws PathListError past the limits.
std::vector<std::string> read_path_list(std::istream& in, const PathListLimits& limits = {});

// The path as it appears in reports: valid UTF-8 is kept byte for byte; each byte that is not
// part of a valid UTF-8 sequence (a Latin-1 file name, say) is written as the four characters
// \xNN (lower-case hex), so the JSONL stays valid UTF-8 and distinct names stay distinct; a
// backslash is written \x5c, so a name holding the characters "\xe9" stays distinct from 0xE9.
std::string printable_path(std::string_view path);

}  // namespace conforme
