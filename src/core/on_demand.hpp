#pragma once
// A value of one photo computed when it is first asked for, then kept and shared by every later
// reader: evidence that several checks read (Face::on_demand) is computed only when an enabled
// check asks for it, and once however many ask.
//
// THREAD SAFETY
//   The checks of one photo may ask at the same time (core/side_by_side.hpp): the first computes,
//   the others wait on its lock and then read the same value. The computation runs isolated
//   (tbb::this_task_arena::isolate): while it waits for the TBB work OpenCV spawns inside it, its
//   thread takes no other check's task, which could ask for the same value and wait on the lock
//   it holds. (tbb::collaborative_call_once, which lets the waiters help instead, made all the
//   checks of a photo 1.08-1.23 times slower on one thread than computing the evidence again in
//   each, BM_JudgeContext_IdPhoto over four paired runs: it enters a task arena and a task group
//   for every computation.) Copying or assigning is not thread-safe: do it while no check reads.
#include <atomic>
#include <cassert>
#include <memory>
#include <mutex>

#include <tbb/task_arena.h>

namespace conforme {

template <class T>  // T may be incomplete where the slot is declared (core/face_context.hpp)
class OnDemand {
 public:
  OnDemand() : slot_(std::make_unique<Slot>()) {}
  // A copy starts empty: it is computed again from the copy's own photo, which its owner may have
  // changed since (tests change a context's landmarks or pixels and measure again).
  OnDemand(const OnDemand&) : OnDemand() {}
  OnDemand& operator=(const OnDemand&) {
    slot_ = std::make_unique<Slot>();
    return *this;
  }
  OnDemand(OnDemand&&) noexcept = default;
  OnDemand& operator=(OnDemand&&) noexcept = default;
  ~OnDemand() = default;

  // The value: `compute()` (which returns a T) on the first call, what it returned afterwards.
  // If `compute` throws, the slot stays empty and the next call tries again.
  template <class Compute>
  const T& get(const Compute& compute) const {
    assert(slot_ && "read after being moved from");
    Slot& s = *slot_;
    if (!s.ready.load(std::memory_order_acquire)) {
      const std::lock_guard<std::mutex> lock(s.mutex);
      if (!s.ready.load(std::memory_order_relaxed)) {
        s.value = std::make_shared<const T>(tbb::this_task_arena::isolate([&] { return compute(); }));
        s.ready.store(true, std::memory_order_release);
      }
    }
    return *s.value;
  }

  // Whether the value has been computed: for tests, which ask it after the checks have run.
  bool computed() const { return slot_ && slot_->ready.load(std::memory_order_acquire); }

 private:
  struct Slot {
    std::mutex mutex;
    std::atomic<bool> ready{false};
    std::shared_ptr<const T> value;  // a shared_ptr deletes an incomplete T where the slot dies
  };
  std::unique_ptr<Slot> slot_;
};

}  // namespace conforme
