// parallel_for: every index once, worker numbers in range, the first failure rethrown; and the
// analyses that use it give the same answers on any number of threads.

#include <gtest/gtest.h>

#include <atomic>
#include <micgraph/analysis/chokepoints.hpp>
#include <micgraph/analysis/design.hpp>
#include <micgraph/analysis/structure.hpp>
#include <micgraph/generate.hpp>
#include <micgraph/parallel.hpp>
#include <stdexcept>
#include <vector>

#include "support/graph_queries.hpp"

using namespace micgraph;
using namespace micgraph::testing;

// In a namespace of its own: the unity build compiles several test files as one.
namespace parallel_test_cases {

TEST(ParallelFor, EveryIndexOnceOnEveryThreadCountAndChunk) {
  for (unsigned threads : {1u, 2u, 3u, 8u})
    for (std::size_t chunk : {1u, 3u, 64u})
      for (std::size_t count : {0u, 1u, 7u, 1000u}) {
        std::vector<std::atomic<int>> seen(count);
        std::atomic<bool> bad_worker{false};
        parallel_for(
            count, threads,
            [&](std::size_t i, unsigned worker) {
              seen[i].fetch_add(1);
              if (worker >= threads) bad_worker = true;
            },
            chunk);
        for (std::size_t i = 0; i < count; ++i) ASSERT_EQ(seen[i].load(), 1) << threads << " " << chunk;
        EXPECT_FALSE(bad_worker);
      }
}

TEST(ParallelFor, TheFirstFailureIsRethrownAfterEveryWorkerStopped) {
  for (unsigned threads : {1u, 2u, 4u}) {
    std::atomic<int> running{0};
    EXPECT_THROW(parallel_for(500, threads,
                              [&](std::size_t i, unsigned) {
                                ++running;
                                if (i == 37) throw std::runtime_error("bad evidence");
                                --running;
                              }),
                 std::runtime_error);
    EXPECT_LE(running.load(), 1);  // only the failed call did not finish
  }
}

TEST(ParallelFor, ThreadCountIsBoundedByTheWork) {
  EXPECT_EQ(thread_count(4, 2), 2u);
  EXPECT_EQ(thread_count(4, 0), 1u);
  EXPECT_EQ(thread_count(1, 100), 1u);
  EXPECT_GE(thread_count(0, 100), 1u);
}

TEST(Threads, SinglePointsAreTheSameOnAnyThreadCount) {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    graph g = generate({.nodes = 3000, .seed = seed});
    std::vector<node_index> targets = all_nodes(g);  // enough targets for several groups
    single_points_result one = single_points(g, targets, {.threads = 1});
    for (unsigned threads : {2u, 3u, 5u}) {
      single_points_result many = single_points(g, targets, {.threads = threads});
      ASSERT_EQ(many.unavailable_targets, one.unavailable_targets);
      ASSERT_EQ(many.targets.size(), one.targets.size());
      for (std::size_t i = 0; i < one.targets.size(); ++i) {
        ASSERT_EQ(many.targets[i].target, one.targets[i].target);
        ASSERT_EQ(many.targets[i].single_points, one.targets[i].single_points) << seed << " " << threads;
      }
    }
    ASSERT_GT(one.targets.size(), 1000u);
  }
}

TEST(Threads, SampledBetweennessIsBitForBitOnAnyThreadCount) {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    graph g = generate({.nodes = 4000, .seed = seed});
    betweenness_result one = betweenness(g, {.samples = 50, .seed = seed, .threads = 1});
    for (unsigned threads : {2u, 3u, 8u}) {
      betweenness_result many = betweenness(g, {.samples = 50, .seed = seed, .threads = threads});
      ASSERT_EQ(many.score, one.score) << seed << " " << threads;  // every bit
    }
  }
}

TEST(Threads, SanctionDesignPicksTheSameOnAnyThreadCount) {
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    graph g = generate({.nodes = 2500, .seed = seed});
    const std::vector<node_index> targets = products(g);
    for (auto cut : {design_options::cut_kind::nodes, design_options::cut_kind::edges})
      for (bool lazy : {true, false}) {
        design_options options{.cut = cut, .budget = 4, .enforcement = 0.8, .lazy = lazy, .threads = 1};
        design_result one = design_sanctions(g, targets, options);
        ASSERT_GE(one.candidates, 256u);
        for (unsigned threads : {2u, 3u}) {
          options.threads = threads;
          design_result many = design_sanctions(g, targets, options);
          ASSERT_EQ(many.picks.size(), one.picks.size());
          EXPECT_EQ(many.evaluations, one.evaluations);
          for (std::size_t i = 0; i < one.picks.size(); ++i) {
            EXPECT_EQ(many.picks[i].element, one.picks[i].element);
            EXPECT_EQ(many.picks[i].gain, one.picks[i].gain);
            EXPECT_EQ(many.picks[i].remaining, one.picks[i].remaining);
          }
        }
      }
  }
}

}  // namespace parallel_test_cases
