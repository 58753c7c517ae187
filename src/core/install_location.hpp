#pragma once
// Where the running copy of libconforme was installed, so that its data (profiles/, models/) is
// found beside it wherever the prefix was moved: `cmake --install build --prefix /opt/x`, then
// /opt/x moved to /srv/y, still finds /srv/y/share/conforme.
#include <filesystem>
#include <optional>
#include <vector>

namespace conforme {

// The file holding this library's code: the program it is linked into (static library), the
// shared C library or the Python module. Empty when the system cannot say.
std::filesystem::path library_file();

// True when that file lies in the build tree the library was built in (then the source tree's
// profiles/ are the ones to use, not an older installed copy).
bool running_from_build_tree();

// The data directories to search, best first: <prefix>/share/conforme of the installed copy,
// found by walking up from library_file() (bin/, lib/, lib/<arch>/, lib/python3/dist-packages/),
// then the prefix configured at build time (CONFORME_DATA_DIR). Only existing directories.
std::vector<std::filesystem::path> installed_data_dirs();

}  // namespace conforme
