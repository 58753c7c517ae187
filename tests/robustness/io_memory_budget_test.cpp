// The run's decoding budget (io/memory_budget.hpp), on its own: the pipeline parks and resumes
// inputs through it (--max-memory).
#include <vector>

#include <gtest/gtest.h>

#include "io/memory_budget.hpp"

namespace conforme::test {
namespace {

// The run's budget (--max-memory): what does not fit waits, in arrival order, and resumes when
// enough is released; one input alone is always admitted, whatever its size.
TEST(IoLimits, MemoryBudgetParksWhatDoesNotFitAndResumesInOrder) {
  MemoryBudget budget(100);
  std::vector<int> resumed;
  EXPECT_TRUE(budget.reserve_or_park(60, [] {}));
  EXPECT_FALSE(budget.reserve_or_park(50, [&] { resumed.push_back(1); }));
  EXPECT_FALSE(budget.reserve_or_park(10, [&] { resumed.push_back(2); }));  // fits, but behind 1
  EXPECT_EQ(budget.held(), 60u);
  budget.release(60);
  EXPECT_EQ(resumed, (std::vector<int>{1, 2}));
  EXPECT_EQ(budget.held(), 60u);
  budget.release(50);
  budget.release(10);
  EXPECT_EQ(budget.held(), 0u);
  EXPECT_TRUE(budget.reserve_or_park(1000, [] {}));  // alone: admitted over the limit
  EXPECT_FALSE(budget.reserve_or_park(1, [&] { resumed.push_back(3); }));
  budget.release(1000);
  EXPECT_EQ(resumed.back(), 3);
  EXPECT_EQ(budget.peak(), 1000u);
}

}  // namespace
}  // namespace conforme::test
