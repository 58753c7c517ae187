#include "core/side_by_side.hpp"

namespace conforme {
namespace {
thread_local bool steps_side_by_side = true;
}  // namespace

bool side_by_side() { return steps_side_by_side; }

bool set_side_by_side(bool allowed) {
  const bool previous = steps_side_by_side;
  steps_side_by_side = allowed;
  return previous;
}

}  // namespace conforme
