// conforme: command-line shell over libconforme (see cli.cpp for the subcommands).
#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

#include "app/cli.hpp"

int main(int argc, char** argv) {
#ifdef M_MMAP_THRESHOLD
  // Every photo allocates a few of its own size (the decoded pixels, grey, masks, reduced
  // copies) and frees them. glibc hands blocks over 128 kB to the kernel on free and maps fresh
  // pages for the next photo, each page then faulted in and zeroed: on a virtual machine that
  // was a fifth of a photo's CPU. Kept in the process instead (blocks up to 32 MB, glibc's
  // largest, and freed memory up to 256 MB before any is returned): 100 photos checked on 2
  // threads take 0.81 of the CPU and 0.82 of the time, for 6 MB more peak memory (BENCHMARKS.md).
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
#endif
  return conforme::cli::run(argc, argv);
}
