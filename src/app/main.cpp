// conforme: command-line shell over libconforme (see cli.cpp for the subcommands).
#include "app/cli.hpp"
#include "core/allocator.hpp"

int main(int argc, char** argv) {
  // The command checks photo after photo: freed photo-sized blocks are kept for the next one
  // instead of being mapped and zeroed afresh (core/allocator.hpp).
  conforme::keep_freed_photo_memory();
  return conforme::cli::run(argc, argv);
}
