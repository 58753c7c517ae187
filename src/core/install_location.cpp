#include "core/install_location.hpp"

#include <dlfcn.h>

#include <string>

#include "conforme/build_info.hpp"

namespace fs = std::filesystem;

namespace conforme {

fs::path library_file() {
  Dl_info info{};
  if (::dladdr(reinterpret_cast<const void*>(&library_file), &info) == 0 || !info.dli_fname) return {};
  std::error_code ec;
  fs::path file = fs::weakly_canonical(info.dli_fname, ec);
  return ec ? fs::path(info.dli_fname) : file;
}

bool running_from_build_tree() {
  const std::string file = library_file().string();
  std::error_code ec;
  const std::string build = fs::weakly_canonical(build::binary_dir, ec).string() + "/";
  return !ec && file.compare(0, build.size(), build) == 0;
}

std::vector<fs::path> installed_data_dirs() {
  std::vector<fs::path> dirs;
  auto add = [&](const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return;
    for (const auto& d : dirs)
      if (fs::equivalent(d, dir, ec)) return;
    dirs.push_back(dir);
  };
  // bin/conforme, lib/libconforme_c.so, lib/x86_64-linux-gnu/…, lib/python3/dist-packages/…:
  // the prefix is at most four levels up.
  fs::path dir = library_file().parent_path();
  for (int up = 0; up < 4 && !dir.empty() && dir != dir.root_path(); ++up, dir = dir.parent_path())
    add(dir / "share" / "conforme");
  add(build::data_dir);
  return dirs;
}

}  // namespace conforme
