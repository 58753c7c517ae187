#include "core/allocator.hpp"

#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

namespace conforme {

bool keep_freed_photo_memory() {
#ifdef M_MMAP_THRESHOLD
  // 100 photos checked on 2 threads took 0.81 of the CPU and 0.82 of the time, for 6 MB more
  // peak memory (BENCHMARKS.md, "Latest measure").
  return mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024) == 1 && mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024) == 1;
#else
  return false;
#endif
}

}  // namespace conforme
