#pragma once
// A value of one photo computed when it is first asked for, then kept and shared by every later
// reader: evidence that several checks read (Face::on_demand) is computed only when an enabled
// check asks for it, and once however many ask.
//
// THREAD SAFETY
//   The checks of one photo may ask at the same time (core/side_by_side.hpp): the first computes,
//   the others wait and then read the same value. tbb::collaborative_call_once lets a waiting
//   thread help with any TBB work the computation spawns, so a check waiting inside a TBB task
//   cannot deadlock the pool. Copying or assigning is not thread-safe: do it while no check reads.
#include <cassert>
#include <memory>

#include <tbb/collaborative_call_once.h>

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
    tbb::collaborative_call_once(slot_->once, [&] { slot_->value = std::make_shared<const T>(compute()); });
    return *slot_->value;
  }

  // Whether the value has been computed: for tests, which ask it after the checks have run.
  bool computed() const { return slot_ && slot_->value != nullptr; }

 private:
  struct Slot {
    tbb::collaborative_once_flag once;
    std::shared_ptr<const T> value;  // a shared_ptr deletes an incomplete T where the slot dies
  };
  std::unique_ptr<Slot> slot_;
};

}  // namespace conforme
