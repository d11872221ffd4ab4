// Monte Carlo over confidence and enforcement, and source views side by side: the deterministic
// impact when nothing is uncertain, closed forms for independent suppliers and uniform
// enforcement, thread-count independence, and views against filtering the graph by hand.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <micgraph/analysis/impact.hpp>
#include <micgraph/analysis/uncertainty.hpp>
#include <micgraph/builder.hpp>
#include <micgraph/io/load.hpp>
#include <micgraph/io/scenario.hpp>
#include <micgraph/report/impact.hpp>
#include <micgraph/scenario.hpp>
#include <random>
#include <string>
#include <vector>

#include "support/graph_copies.hpp"
#include "support/random_cuts.hpp"
#include "support/random_graph.hpp"

using namespace micgraph;
using namespace micgraph::testing;

// In a namespace of its own: the unity build compiles several test files as one.
namespace analysis_uncertainty_test_cases {

namespace {

/// Random cuts by id: node listings and supply-edge bans, enforced in tenths.
scenario random_cuts(const graph& g, std::uint64_t seed) {
  std::mt19937_64 rng(seed * 17 + 3);
  return random_id_cuts(
      g, rng, [](std::mt19937_64& draw) { return static_cast<double>(draw() % 11) / 10.0; });
}

/// The same graph with every edge at one confidence.
graph with_confidence(const graph& g, double confidence) {
  return edited_copy(g, keep_record{},
                     [confidence](edge_record& r) { r.fields.confidence = confidence; });
}

}  // namespace

TEST(MonteCarlo, CertainEvidenceGivesTheDeterministicImpact) {
  for (std::uint64_t seed = 1; seed <= 150; ++seed) {
    graph g = with_confidence(micgraph::testing::random_graph(seed), 1.0);
    compiled_scenario s = compile(g, random_cuts(g, seed));
    impact_result expected = impact(g, s, {.attribute = false});
    monte_carlo_result r = monte_carlo(g, s, {.samples = 20, .seed = seed});
    for (std::size_t i = 0; i < r.nodes.size(); ++i) {
      const capacity_distribution& d = r.distributions[i];
      double c = expected.capacity[r.nodes[i]];
      ASSERT_NEAR(d.mean, c, 1e-6) << seed;
      ASSERT_NEAR(d.p05, c, 1e-6);
      ASSERT_NEAR(d.p95, c, 1e-6);
      ASSERT_NEAR(d.baseline_mean, expected.baseline[r.nodes[i]], 1e-6);
      ASSERT_EQ(d.p_stop, c <= 0.0 ? 1.0 : 0.0) << seed;
    }
  }
}

TEST(MonteCarlo, TwoUncertainSuppliersStopWithTheProductOfTheirDoubts) {
  // A plant buys FPGAs from a US maker (confidence p) or through a Hong Kong distributor
  // (confidence q): it stops in a sample when neither link exists, (1-p)(1-q).
  for (auto [p, q] : {std::pair{0.7, 0.4}, std::pair{0.5, 0.5}, std::pair{0.9, 0.2}}) {
    graph_builder b;
    b.add_node("us-maker", {.kind = node_kind::firm, .country = "US"});
    b.add_node("hk-distributor", {.kind = node_kind::firm, .country = "HK"});
    b.add_node("plant", {.kind = node_kind::facility, .country = "RU"});
    b.add_edge("us-maker", "plant", {.kind = edge_kind::supplies, .confidence = p});
    b.add_edge("hk-distributor", "plant", {.kind = edge_kind::supplies, .confidence = q});
    graph g = b.freeze();
    const std::size_t samples = 40000;
    monte_carlo_result r = monte_carlo(g, compile_baseline(g), {.samples = samples, .seed = 11});
    const double expected = (1 - p) * (1 - q);
    const double tolerance = 5 * std::sqrt(expected * (1 - expected) / samples);
    EXPECT_NEAR(r.distributions[g.find("plant")].p_stop, expected, tolerance) << p << " " << q;
  }
}

TEST(MonteCarlo, UniformEnforcementGivesUniformCapacity) {
  // Listing the only supplier with enforcement drawn from [0.2, 0.6]: capacity 1 - e is uniform
  // on [0.4, 0.8]: mean 0.6, 5th percentile 0.42, 95th 0.78.
  graph_builder b;
  b.add_node("supplier", {.kind = node_kind::firm});
  b.add_node("plant", {.kind = node_kind::facility});
  b.add_edge("supplier", "plant", {.kind = edge_kind::supplies});
  graph g = b.freeze();
  scenario s{.rules = {{.select = scenario_rule::selection::nodes,
                        .nodes = {.ids = {"supplier"}},
                        .enforcement = 0.4,
                        .enforcement_range = std::pair{0.2, 0.6}}}};
  monte_carlo_result r = monte_carlo(g, compile(g, s), {.samples = 20000, .seed = 5});
  const capacity_distribution& d = r.distributions[g.find("plant")];
  EXPECT_NEAR(d.mean, 0.6, 0.005);
  EXPECT_NEAR(d.p05, 0.42, 0.005);
  EXPECT_NEAR(d.p95, 0.78, 0.005);
  EXPECT_EQ(d.p_stop, 0.0);
}

TEST(MonteCarlo, SameSeedSameResultForAnyThreadCount) {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    graph g = micgraph::testing::random_graph(seed);
    scenario cuts = random_cuts(g, seed);
    for (auto& rule : cuts.rules) rule.enforcement_range = std::pair{0.3, 0.9};
    compiled_scenario s = compile(g, cuts);
    monte_carlo_result one = monte_carlo(g, s, {.samples = 64, .seed = 9, .threads = 1});
    monte_carlo_result two = monte_carlo(g, s, {.samples = 64, .seed = 9, .threads = 2});
    monte_carlo_result three = monte_carlo(g, s, {.samples = 64, .seed = 9, .threads = 3});
    for (std::size_t i = 0; i < one.nodes.size(); ++i) {
      for (const monte_carlo_result* other : {&two, &three}) {
        const capacity_distribution &a = one.distributions[i], &b = other->distributions[i];
        ASSERT_EQ(a.mean, b.mean);
        ASSERT_EQ(a.p05, b.p05);
        ASSERT_EQ(a.p95, b.p95);
        ASSERT_EQ(a.p_stop, b.p_stop);
        ASSERT_EQ(a.loss_mean, b.loss_mean);
        ASSERT_EQ(a.loss_p95, b.loss_p95);
        ASSERT_EQ(a.p_scenario_stop, b.p_scenario_stop);
      }
    }
  }
}

// The effect columns: each sampled world evaluated without and with the scenario.

TEST(MonteCarlo, AnEmptyScenarioHasNoEffectInAnyWorld) {
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    graph g = with_confidence(micgraph::testing::random_graph(seed), 0.6);
    monte_carlo_result r = monte_carlo(g, compile(g, scenario{}), {.samples = 40, .seed = seed});
    for (const capacity_distribution& d : r.distributions) {
      ASSERT_EQ(d.loss_mean, 0.0) << seed;
      ASSERT_EQ(d.loss_p05, 0.0);
      ASSERT_EQ(d.loss_p95, 0.0);
      ASSERT_EQ(d.p_scenario_stop, 0.0);
      ASSERT_NEAR(d.mean, d.baseline_mean, 1e-12);
    }
  }
}

TEST(MonteCarlo, NodesNoCutReachesHaveNoEffect) {
  std::size_t untouched = 0, touched = 0;
  for (std::uint64_t seed = 1; seed <= 80; ++seed) {
    graph g = with_confidence(micgraph::testing::random_graph(seed), 0.7);
    compiled_scenario s = compile(g, random_cuts(g, seed));
    // Everything downstream of a cut node or of a cut edge's target, by a plain search.
    std::vector<char> reached(g.node_count(), 0);
    std::vector<node_index> stack;
    auto reach = [&](node_index v) {
      if (!reached[v]) reached[v] = 1, stack.push_back(v);
    };
    for (const auto& hit : s.node_hits()) reach(hit.element);
    for (const auto& hit : s.edge_hits()) reach(g.edge_targets()[hit.element]);
    while (!stack.empty()) {
      node_index v = stack.back();
      stack.pop_back();
      for (edge_index e : g.out_edges(v)) reach(g.edge_targets()[e]);
    }
    monte_carlo_result r = monte_carlo(g, s, {.samples = 30, .seed = seed});
    for (std::size_t i = 0; i < r.nodes.size(); ++i) {
      const capacity_distribution& d = r.distributions[i];
      if (reached[r.nodes[i]]) {
        ++touched;
        ASSERT_GE(d.loss_p05, 0.0);  // cutting never raises capacity, world by world
        ASSERT_LE(d.loss_p05, d.loss_p95);
        continue;
      }
      ++untouched;
      ASSERT_EQ(d.loss_mean, 0.0) << seed << " " << g.node(r.nodes[i]).id();
      ASSERT_EQ(d.loss_p95, 0.0);
      ASSERT_EQ(d.p_scenario_stop, 0.0);
    }
  }
  EXPECT_GT(untouched, 100u);
  EXPECT_GT(touched, 100u);
}

TEST(MonteCarlo, CertainEvidenceGivesTheDeterministicEffect) {
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    graph g = with_confidence(micgraph::testing::random_graph(seed), 1.0);
    compiled_scenario s = compile(g, random_cuts(g, seed));
    impact_result expected = impact(g, s, {.attribute = false});
    monte_carlo_result r = monte_carlo(g, s, {.samples = 10, .seed = seed});
    for (std::size_t i = 0; i < r.nodes.size(); ++i) {
      const capacity_distribution& d = r.distributions[i];
      const node_index v = r.nodes[i];
      ASSERT_NEAR(d.loss_mean, expected.baseline[v] - expected.capacity[v], 1e-6) << seed;
      ASSERT_NEAR(d.loss_p05, d.loss_mean, 1e-6);
      ASSERT_EQ(d.p_scenario_stop,
                expected.baseline[v] > 0.0 && expected.capacity[v] <= 0.0 ? 1.0 : 0.0);
    }
  }
}

TEST(MonteCarlo, TheGeranIsNotHitByAMachineToolBanItDoesNotNeed) {
  // The issue that asked for the effect columns: the evidence alone stops the missiles in some
  // sampled worlds, which the capacity columns show and the effect columns must not.
  const graph g = io::load_graph(MICGRAPH_SOURCE_DIR "/data/cruise-missile-cnc.json");
  const scenario ban = io::read_scenario(MICGRAPH_SOURCE_DIR
                                         "/data/scenarios/cruise-missile-cnc-g7-ban-uncertain.json");
  const node_index kh101 = g.find("kh-101"), geran = g.find("geran-2");
  ASSERT_NE(kh101, no_index);
  ASSERT_NE(geran, no_index);
  monte_carlo_result none = monte_carlo(g, compile(g, scenario{}), {.samples = 400});
  monte_carlo_result r = monte_carlo(g, compile(g, ban), {.samples = 400});
  auto of = [](const monte_carlo_result& result, node_index v) {
    return result.distributions[static_cast<std::size_t>(
        std::find(result.nodes.begin(), result.nodes.end(), v) - result.nodes.begin())];
  };
  EXPECT_GT(of(none, kh101).p_stop, 0.0);  // doubt about the evidence, no sanction at all
  EXPECT_EQ(of(none, kh101).p_scenario_stop, 0.0);
  EXPECT_EQ(of(r, geran).loss_mean, 0.0);
  EXPECT_EQ(of(r, geran).p_scenario_stop, 0.0);
  EXPECT_GT(of(r, kh101).loss_mean, 0.2);
  EXPECT_NEAR(of(r, kh101).mean + of(r, kh101).loss_mean, of(r, kh101).baseline_mean, 1e-9);
}

TEST(CompareViews, EachViewEqualsTheGraphFilteredByHand) {
  std::size_t checked = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    graph g = micgraph::testing::random_graph(seed);
    scenario s = random_cuts(g, seed);
    std::vector<std::string> views(g.views().begin() + 1, g.views().end());
    if (views.empty()) continue;
    std::vector<view_impact> per_view = compare_views(g, s, views);
    ASSERT_EQ(per_view.size(), views.size());
    compiled_scenario cuts = compile(g, s);  // the cuts, without any view filter
    for (const view_impact& result : per_view) {
      // By hand: edges of other views deliver nothing, but their slots still count (filters
      // remove evidence, never requirements); sweep every node from zero to the fixpoint.
      auto sweep = [&](bool with_cuts) {
        std::vector<double> cap(g.node_count(), 0.0);
        for (int round = 0; round < 100000; ++round) {
          double moved = 0.0;
          for (node_index v : g.nodes()) {
            double w = 1.0;
            for (slot_index sl : g.slots(v)) {
              double sum = 0.0;
              for (edge_index e : g.slot_edges(sl)) {
                std::string view(g.edge(e).view());
                if (!view.empty() && view != result.view) continue;
                double x = g.edge(e).share() * g.edge(e).quality() * cap[g.edge(e).source()];
                sum += with_cuts ? x * cuts.edge_cut(e) : x;
              }
              w = std::min(w, sum);
            }
            double next = (with_cuts ? cuts.node_alive()[v] : 1.0) * w;
            moved = std::max(moved, std::abs(next - cap[v]));
            cap[v] = next;
          }
          if (moved <= 1e-15) break;
        }
        return cap;
      };
      std::vector<double> base = sweep(false), cap = sweep(true);
      for (node_index v : g.nodes()) {
        ASSERT_NEAR(result.capacity[v], cap[v], 1e-9) << seed << " " << result.view;
        ASSERT_NEAR(result.baseline[v], base[v], 1e-9);
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, 300u);
}

// A text table asks Monte Carlo for its rows only (`micgraph impact --samples` without --json):
// the same bands for those nodes as when every node is recorded, and the same table.
TEST(MonteCarloReport, ATableRecordsItsRowsOnlyWithTheSameBands) {
  std::size_t compared = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    graph g = micgraph::testing::random_graph(seed);
    scenario cuts = random_cuts(g, seed);
    for (auto& rule : cuts.rules) rule.enforcement_range = std::pair{0.2, 0.8};
    const compiled_scenario s = compile(g, cuts);
    impact_report_options options{.samples = 32, .seed = 5, .threads = 2};
    const impact_report all = make_impact_report(g, s, options);
    ASSERT_EQ(all.monte_carlo->nodes.size(), g.node_count());
    for (const std::size_t rows : {std::size_t{0}, std::size_t{1}, std::size_t{3}}) {
      options.monte_carlo_ranked = rows;
      const impact_report some = make_impact_report(g, s, options);
      const std::vector<node_index>& ranked = all.result.ranked;
      const std::size_t kept = rows == 0 ? ranked.size() : std::min(rows, ranked.size());
      if (kept == 0) continue;  // nothing ranked: every node is recorded
      ASSERT_EQ(some.monte_carlo->nodes,
                std::vector<node_index>(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(kept)));
      for (node_index v : g.nodes()) {
        const capacity_distribution* a = all.monte_carlo->distribution_of(v);
        const capacity_distribution* b = some.monte_carlo->distribution_of(v);
        ASSERT_NE(a, nullptr);
        const bool recorded = std::find(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(kept), v) !=
                              ranked.begin() + static_cast<std::ptrdiff_t>(kept);
        ASSERT_EQ(b != nullptr, recorded) << "seed " << seed << " node " << v;
        if (b == nullptr) continue;
        EXPECT_EQ(a->mean, b->mean);
        EXPECT_EQ(a->p05, b->p05);
        EXPECT_EQ(a->p95, b->p95);
        EXPECT_EQ(a->p_stop, b->p_stop);
        EXPECT_EQ(a->baseline_mean, b->baseline_mean);
        EXPECT_EQ(a->loss_mean, b->loss_mean);
        EXPECT_EQ(a->loss_p05, b->loss_p05);
        EXPECT_EQ(a->loss_p95, b->loss_p95);
        EXPECT_EQ(a->p_scenario_stop, b->p_scenario_stop);
        ++compared;
      }
      EXPECT_EQ(to_text(some, {.top = rows}), to_text(all, {.top = rows})) << "seed " << seed;
    }
  }
  EXPECT_GT(compared, 100u);
}

}  // namespace analysis_uncertainty_test_cases
