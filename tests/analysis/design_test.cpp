// Sanction design: the incremental evaluator against full propagations, the greedy picks against
// a brute-force greedy on random AND/OR graphs with cycles, lazy against plain greedy where the
// objective is submodular, and a hand case from the seeds.

#include <gtest/gtest.h>

#include <algorithm>
#include <micgraph/analysis/design.hpp>
#include <micgraph/analysis/impact.hpp>
#include <micgraph/builder.hpp>
#include <micgraph/scenario.hpp>
#include <random>
#include <string>
#include <vector>

#include "support/graph_queries.hpp"
#include "support/missile_fixtures.hpp"
#include "support/random_graph.hpp"
#include "support/strings.hpp"

using namespace micgraph;
using namespace micgraph::testing;

// In a namespace of its own: the unity build compiles several test files as one.
namespace analysis_design_test_cases {

namespace {

/// The products, or the last node when there is none.
std::vector<node_index> products_or_last(const graph& g) {
  std::vector<node_index> out = products(g);
  if (out.empty()) out.push_back(static_cast<node_index>(g.node_count() - 1));
  return out;
}

double total(const std::vector<double>& cap, const std::vector<node_index>& targets) {
  double sum = 0.0;
  for (node_index t : targets) sum += cap[t];
  return sum;
}

/// Oracle: the state of a cut set as plain multipliers, evaluated by a full propagation.
struct brute_state {
  const graph* graph_;
  std::vector<double> alive, weights;
  std::vector<double> capacity() const { return propagate(*graph_, alive, weights); }
  void cut(bool node, std::uint32_t x, double enforcement) {
    if (node) {
      alive[x] *= 1.0 - enforcement;
    } else {
      const auto order = graph_->in_edge_order();
      auto it = std::find(order.begin(), order.end(), x);
      if (it != order.end()) weights[static_cast<std::size_t>(it - order.begin())] *= 1.0 - enforcement;
    }
  }
};

}  // namespace

TEST(DesignEvaluator, IncrementalCapacitiesEqualFullPropagations) {
  std::size_t checks = 0;
  for (std::uint64_t seed = 1; seed <= 600; ++seed) {
    graph g = micgraph::testing::random_graph(seed);
    std::vector<node_index> targets = products_or_last(g);
    brute_state oracle{&g, std::vector<double>(g.node_count(), 1.0), share_quality_weights(g)};
    // Odd seeds find an edge's position by a search of its slot instead of a map of every edge.
    using positions = detail::cut_evaluator::edge_positions;
    detail::cut_evaluator state(g, oracle.alive, oracle.weights, targets, {}, {},
                                seed % 2 == 1 ? positions::searched : positions::mapped);
    ASSERT_EQ(std::vector<double>(state.capacity().begin(), state.capacity().end()),
              oracle.capacity());
    const auto order = g.in_edge_order();
    for (edge_index e : g.edges()) {
      const auto at = std::find(order.begin(), order.end(), e);
      ASSERT_EQ(state.position(e), at == order.end() ? no_index : static_cast<std::uint32_t>(at - order.begin()))
          << "seed " << seed << " edge " << e;
    }
    std::mt19937_64 rng(seed);
    for (int step = 0; step < 6; ++step) {
      bool node = rng() % 2 == 0 || g.edge_count() == 0;
      std::uint32_t x = static_cast<std::uint32_t>(rng() % (node ? g.node_count() : g.edge_count()));
      double enforcement = rng() % 3 == 0 ? 1.0 : static_cast<double>(rng() % 10) / 10.0;
      std::vector<double> before = oracle.capacity();
      brute_state after = oracle;
      after.cut(node, x, enforcement);
      std::vector<double> expected = after.capacity();
      // try: the loss it reports, and nothing changed.
      double gain = node ? state.try_node(x, enforcement) : state.try_edge(x, enforcement);
      ASSERT_NEAR(gain, total(before, targets) - total(expected, targets), 1e-9) << seed;
      ASSERT_EQ(std::vector<double>(state.capacity().begin(), state.capacity().end()), before);
      // apply: bit for bit the full propagation.
      double kept = node ? state.apply_node(x, enforcement) : state.apply_edge(x, enforcement);
      ASSERT_EQ(kept, gain) << seed;
      ASSERT_EQ(std::vector<double>(state.capacity().begin(), state.capacity().end()), expected)
          << seed << " step " << step;
      oracle = after;
      ++checks;
    }
  }
  EXPECT_EQ(checks, 3600u);
}

TEST(DesignGreedy, PicksAgreeWithBruteForceGreedy) {
  // Plain greedy (lazy = false) against a greedy that evaluates every candidate by a full
  // propagation. Candidates whose gains differ by rounding only are ties: the engine's pick must
  // be one of the best, with the best gain; the oracle then follows the engine's pick.
  std::size_t graphs = 0, picks = 0;
  for (std::uint64_t seed = 1; seed <= 500; ++seed) {
    graph g = micgraph::testing::random_graph(seed, {.max_nodes = 25});
    std::vector<node_index> targets = products_or_last(g);
    const bool nodes = seed % 2 == 0;
    const double enforcement = seed % 3 == 0 ? 0.7 : 1.0;
    design_result r = design_sanctions(
        g, targets,
        {.cut = nodes ? design_options::cut_kind::nodes : design_options::cut_kind::edges,
         .budget = 3,
         .enforcement = enforcement,
         .lazy = false});
    ++graphs;
    brute_state oracle{&g, std::vector<double>(g.node_count(), 1.0), share_quality_weights(g)};
    std::vector<std::uint8_t> is_target(g.node_count(), 0);
    for (node_index t : targets) is_target[t] = 1;
    std::vector<std::uint32_t> candidates;
    for (std::uint32_t x = 0; x < (nodes ? g.node_count() : g.edge_count()); ++x)
      if (!nodes || !is_target[x]) candidates.push_back(x);
    std::vector<std::uint32_t> chosen;
    for (std::size_t round = 0;; ++round) {
      std::vector<double> now = oracle.capacity();
      double best = 0.0;
      std::vector<double> gains(candidates.size(), 0.0);
      for (std::size_t i = 0; i < candidates.size(); ++i) {
        if (std::find(chosen.begin(), chosen.end(), candidates[i]) != chosen.end()) continue;
        brute_state trial = oracle;
        trial.cut(nodes, candidates[i], enforcement);
        gains[i] = total(now, targets) - total(trial.capacity(), targets);
        best = std::max(best, gains[i]);
      }
      if (round == 3 || best <= 1e-9) {
        // The engine stops when nothing gains (it may find a gain the oracle rounds to zero).
        if (round < 3) {
          EXPECT_TRUE(r.picks.size() == round || r.picks[round].gain <= 1e-9) << seed;
        }
        break;
      }
      ASSERT_LT(round, r.picks.size()) << seed;
      const design_pick& pick = r.picks[round];
      auto at = std::find(candidates.begin(), candidates.end(), pick.element);
      ASSERT_NE(at, candidates.end()) << seed;
      EXPECT_NEAR(gains[static_cast<std::size_t>(at - candidates.begin())], best, 1e-9) << seed;
      EXPECT_NEAR(pick.gain, best, 1e-9) << seed;
      oracle.cut(nodes, pick.element, enforcement);
      EXPECT_NEAR(pick.remaining, total(oracle.capacity(), targets), 1e-9) << seed;
      chosen.push_back(pick.element);
      ++picks;
    }
  }
  EXPECT_EQ(graphs, 500u);
  EXPECT_GT(picks, 500u);
}

namespace {

/// Random supply chains without alternatives: every input is its own slot (`component_of`), so
/// a target stops when anything upstream is cut and the objective is a coverage (submodular).
graph and_only_graph(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  graph_builder b;
  const std::size_t n = 6 + rng() % 20;
  for (std::size_t i = 0; i < n; ++i)
    b.add_node(numbered("n", i),
               {.kind = i + 3 >= n ? node_kind::product : node_kind::component});
  for (std::size_t i = 1; i < n; ++i)
    for (int k = 0; k < 2; ++k) {
      std::size_t from = rng() % i;
      b.add_edge(static_cast<node_index>(from), static_cast<node_index>(i),
                 {.kind = edge_kind::component_of, .share = 0.5 + 0.5 * static_cast<double>(rng() % 2)});
    }
  return b.freeze();
}

}  // namespace

TEST(DesignGreedy, LazyEqualsPlainGreedyWhereGainsOnlyShrink) {
  std::size_t cases = 0;
  for (std::uint64_t seed = 1; seed <= 400; ++seed) {
    graph g = and_only_graph(seed);
    std::vector<node_index> targets = products_or_last(g);
    for (auto cut : {design_options::cut_kind::nodes, design_options::cut_kind::edges}) {
      design_result lazy = design_sanctions(g, targets, {.cut = cut, .budget = 4, .lazy = true});
      design_result plain = design_sanctions(g, targets, {.cut = cut, .budget = 4, .lazy = false});
      ASSERT_EQ(lazy.picks.size(), plain.picks.size()) << seed;
      for (std::size_t i = 0; i < lazy.picks.size(); ++i) {
        EXPECT_EQ(lazy.picks[i].element, plain.picks[i].element) << seed;
        EXPECT_EQ(lazy.picks[i].gain, plain.picks[i].gain) << seed;
      }
      EXPECT_LE(lazy.evaluations, plain.evaluations);
      ++cases;
    }
  }
  EXPECT_EQ(cases, 800u);
}

TEST(DesignGreedy, MoreBudgetNeverLeavesMoreCapacity) {
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    graph g = micgraph::testing::random_graph(seed);
    std::vector<node_index> targets = products_or_last(g);
    design_result r = design_sanctions(g, targets, {.budget = 5});
    double previous = r.start;
    for (const design_pick& pick : r.picks) {
      EXPECT_GT(pick.gain, 1e-12);
      EXPECT_LE(pick.remaining, previous + 1e-12);
      previous = pick.remaining;
    }
    EXPECT_EQ(r.start, r.baseline);  // no scenario: nothing cut before the first pick
  }
}

TEST(DesignHandCases, MissileChainPicks) {
  graph g = missile_with_machining_shares();
  std::vector<node_index> missile = {g.find("missile")};
  // Unrestricted: the first pick stops the missile (gain 1); the lowest-numbered of the nodes
  // whose loss alone does it wins the tie; nothing is left to gain afterwards.
  design_result any = design_sanctions(g, missile, {.budget = 3});
  ASSERT_EQ(any.picks.size(), 1u);
  EXPECT_TRUE(any.exhausted);
  EXPECT_DOUBLE_EQ(any.picks[0].gain, 1.0);
  EXPECT_EQ(any.picks[0].targets_stopped, 1u);

  // Only the machine-tool makers and servicing, at 90% enforcement. Cutting de-maker leaves the
  // plant 0.06 (leak) + 0.4 = 0.46 of its machining: gain 0.54 (jp-maker alone: 0.6 + 0.04 =
  // 0.64, gain 0.36). Then jp-maker: 0.06 + 0.04 = 0.1, gain 0.36. Then de-service (the German
  // centre already at 10% via its maker): it multiplies that 10% by 10% again: 0.006 + 0.04 =
  // 0.046, gain 0.054 — the same as jp-service, de-service wins as the smaller node number.
  design_result cnc = design_sanctions(
      g, missile,
      {.budget = 3,
       .enforcement = 0.9,
       .candidates = nodes_named(g, {"de-maker", "jp-maker", "de-service", "jp-service"})});
  ASSERT_EQ(cnc.picks.size(), 3u);
  EXPECT_EQ(cnc.picks[0].element, g.find("de-maker"));
  EXPECT_NEAR(cnc.picks[0].gain, 0.54, 1e-12);
  EXPECT_EQ(cnc.picks[1].element, g.find("jp-maker"));
  EXPECT_NEAR(cnc.picks[1].gain, 0.36, 1e-12);
  EXPECT_NEAR(cnc.picks[1].remaining, 0.1, 1e-12);
  EXPECT_NEAR(cnc.picks[2].gain, 0.054, 1e-12);
  EXPECT_NEAR(cnc.picks[2].remaining, 0.046, 1e-12);

  // The distributors are alternatives covering 0.7 + 0.5 of the channel (capped at 1). Cutting
  // HK leaves 0.5 of the channel, so the plant and the missile keep 50% (gain 0.5); cutting SZ
  // leaves 0.7 (gain 0.3). Greedy takes HK, then SZ stops the missile (gain 0.5).
  design_result channel = design_sanctions(
      g, missile,
      {.budget = 2, .candidates = nodes_named(g, {"hk-distributor", "sz-distributor"})});
  ASSERT_EQ(channel.picks.size(), 2u);
  EXPECT_EQ(channel.picks[0].element, g.find("hk-distributor"));
  EXPECT_NEAR(channel.picks[0].gain, 0.5, 1e-12);
  EXPECT_NEAR(channel.picks[1].gain, 0.5, 1e-12);
  EXPECT_EQ(channel.picks[1].targets_stopped, 1u);
}

TEST(DesignHandCases, StartsFromAScenario) {
  graph g = missile_with_machining_shares();
  std::vector<node_index> missile = {g.find("missile")};
  // With the German maker already banned (enforcement 1), the plant keeps the Japanese 40%.
  scenario s{.rules = {{.select = scenario_rule::selection::nodes,
                        .nodes = {.ids = {"de-maker"}}}}};
  compiled_scenario cs = compile(g, s);
  design_result r = design_sanctions(
      g, missile,
      {.budget = 1, .candidates = nodes_named(g, {"jp-maker", "hk-distributor"}), .scenario = &cs});
  EXPECT_DOUBLE_EQ(r.baseline, 1.0);
  EXPECT_NEAR(r.start, 0.4, 1e-12);
  ASSERT_EQ(r.picks.size(), 1u);
  EXPECT_EQ(r.picks[0].element, g.find("jp-maker"));
  EXPECT_NEAR(r.picks[0].gain, 0.4, 1e-12);
  EXPECT_EQ(r.picks[0].targets_stopped, 1u);
}

TEST(DesignHandCases, BadOptionsAreErrors) {
  graph g = missile_with_machining_shares();
  std::vector<node_index> missile = {g.find("missile")};
  EXPECT_THROW(design_sanctions(g, missile, {.enforcement = 1.5}), error);
  EXPECT_THROW(design_sanctions(g, missile, {.candidates = {999}}), error);
  std::vector<node_index> bad = {999};
  EXPECT_THROW(design_sanctions(g, bad), error);
}

}  // namespace analysis_design_test_cases
