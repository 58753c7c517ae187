#pragma once
// One photo's independent steps (its checks, the parts of its geometry, a planche's copy
// comparison beside copy 0's analysis) run side by side on TBB's threads when a caller checks one
// photo through the library, so its idle cores shorten the wait; and one after the other on the
// calling thread inside run_pipeline, where every core already has a photo of its own
// (pipeline/checker.hpp, ChecksOnCallingThread). The results are the same either way: the steps
// only read what they share and write their own outputs.
#include <cstddef>

#include <tbb/parallel_for.h>
#include <tbb/parallel_invoke.h>
#include <tbb/task_arena.h>

namespace conforme {

// False while the calling thread asked for its steps one after the other.
bool side_by_side();
// Sets the calling thread's choice; returns the previous one.
bool set_side_by_side(bool allowed);

// Runs every step, side by side when side_by_side() (isolated: a thread waiting for one of them
// does not pick up unrelated work meanwhile), else in the order given.
template <class... Steps>
void run_steps(const Steps&... steps) {
  if (side_by_side())
    tbb::this_task_arena::isolate([&] { tbb::parallel_invoke(steps...); });
  else
    (steps(), ...);
}

// Runs step(i) for every i in [0, count): side by side as run_steps does, else in order.
template <class Step>
void run_for_each(std::size_t count, const Step& step) {
  if (side_by_side())
    tbb::this_task_arena::isolate([&] { tbb::parallel_for(std::size_t{0}, count, step); });
  else
    for (std::size_t i = 0; i < count; ++i) step(i);
}

}  // namespace conforme
