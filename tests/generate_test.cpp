// The synthetic supply graphs: determinism, exact size, every node producible, hubs,
// single-source inputs, cycles and country concentration.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <micgraph/analysis/availability.hpp>
#include <micgraph/analysis/stats.hpp>
#include <micgraph/generate.hpp>

using namespace micgraph;

// In a namespace of its own: the unity build compiles several test files as one.
namespace generate_test_cases {

TEST(Generate, SameSeedSameGraphOtherSeedOtherGraph) {
  graph a = generate({.nodes = 3000, .seed = 5});
  graph b = generate({.nodes = 3000, .seed = 5});
  graph c = generate({.nodes = 3000, .seed = 6});
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(a == c);
}

TEST(Generate, ExactSizeAndEveryNodeProducible) {
  for (std::size_t nodes : {10u, 11u, 50u, 333u, 2000u, 20000u}) {
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
      for (unsigned tiers : {3u, 5u, 8u}) {
        if (nodes < 6 + tiers - 2) continue;
        SCOPED_TRACE(::testing::Message() << nodes << " nodes, seed " << seed << ", " << tiers);
        graph g = generate({.nodes = nodes, .seed = seed, .tiers = tiers});
        ASSERT_EQ(g.node_count(), nodes);
        std::vector<bool> available = available_nodes(g);
        ASSERT_EQ(std::count(available.begin(), available.end(), false), 0);
      }
    }
  }
}

TEST(Generate, RejectsBadOptions) {
  EXPECT_THROW(generate({.nodes = 5}), error);
  EXPECT_THROW(generate({.nodes = 100, .tiers = 2}), error);
  EXPECT_THROW(generate({.nodes = 100, .single_source = 1.5}), error);
  EXPECT_THROW(generate({.nodes = 100, .single_source = -0.1}), error);
}

TEST(Generate, LooksLikeADefenceIndustrialBase) {
  graph g = generate({.nodes = 20000, .seed = 11});
  graph_stats s = compute_stats(g);
  // Every kind of a supply chain; persons and control come from generate_ownership.
  for (std::size_t k = 0; k < node_kind_count; ++k)
    EXPECT_TRUE(s.by_kind[k] > 0 || static_cast<node_kind>(k) == node_kind::person) << k;
  for (std::size_t k = 0; k < edge_kind_count; ++k)
    EXPECT_TRUE(s.by_edge_kind[k] > 0 || static_cast<edge_kind>(k) == edge_kind::controls) << k;
  EXPECT_GT(s.cyclic_components, 0u);
  const double edges_per_node = static_cast<double>(s.edges) / static_cast<double>(s.nodes);
  EXPECT_GT(edges_per_node, 3.0);
  EXPECT_LT(edges_per_node, 5.0);

  // Hubs: the busiest supplier has far more out-edges than the mean.
  std::size_t busiest = 0;
  for (node_index v : g.nodes()) busiest = std::max<std::size_t>(busiest, g.out_edges(v).size());
  EXPECT_GT(static_cast<double>(busiest), 50 * edges_per_node);

  // Countries concentrated: the top country holds more than a fifth of the firms.
  std::map<std::string, std::size_t> firms_by_country;
  std::size_t firms = 0;
  for (node_index v : g.nodes())
    if (g.node(v).kind() == node_kind::firm) ++firms_by_country[std::string(g.node(v).country())], ++firms;
  std::size_t top = 0;
  for (auto& [country, count] : firms_by_country) top = std::max(top, count);
  EXPECT_GT(static_cast<double>(top), 0.2 * static_cast<double>(firms));

  // Substitutes: some edges have quality < 1, lead times, views and confidences below 1.
  std::size_t substitutes = 0, lead_times = 0, viewed = 0;
  for (edge_index e : g.edges()) {
    substitutes += g.edge(e).quality() < 1.0;
    lead_times += g.edge(e).lead_time_months().has_value();
    viewed += !g.edge(e).view().empty() && g.edge(e).confidence() < 1.0;
  }
  EXPECT_GT(substitutes, 0u);
  EXPECT_GT(lead_times, 0u);
  EXPECT_GT(viewed, 0u);
}

TEST(Generate, SingleSourceFractionAsAsked) {
  for (double fraction : {0.0, 0.15, 0.5, 1.0}) {
    graph g = generate({.nodes = 20000, .seed = 3, .single_source = fraction});
    // Provider slots of items (the `providers` slot of materials, tools, services, components).
    std::size_t slots = 0, single = 0;
    for (node_index v : g.nodes()) {
      node_kind kind = g.node(v).kind();
      if (kind == node_kind::firm || kind == node_kind::facility || kind == node_kind::product)
        continue;
      for (slot_index s : g.slots(v)) {
        if (g.slot_name(s) != "providers") continue;
        ++slots;
        single += g.slot_edges(s).size() == 1;
      }
    }
    double measured = static_cast<double>(single) / static_cast<double>(slots);
    EXPECT_NEAR(measured, fraction, 0.03) << fraction;
  }
}

TEST(Generate, OwnershipGraphsHoldStakesControlDatesAndCycles) {
  const graph g = generate_ownership({.entities = 5000, .edges = 15000, .seed = 4});
  EXPECT_TRUE(g == generate_ownership({.entities = 5000, .edges = 15000, .seed = 4}));
  ASSERT_EQ(g.node_count(), 5000u);
  ASSERT_EQ(g.edge_count(), 15000u);
  const graph_stats s = compute_stats(g);
  EXPECT_EQ(s.by_kind[static_cast<std::size_t>(node_kind::person)], 500u);
  EXPECT_EQ(s.by_edge_kind[static_cast<std::size_t>(edge_kind::controls)], 750u);
  EXPECT_EQ(s.by_edge_kind[static_cast<std::size_t>(edge_kind::owns)], 14250u);
  EXPECT_GT(s.partial_stakes, 10000u);
  EXPECT_GT(s.dated_edges, 2000u);
  EXPECT_EQ(s.slots, 0u);  // structural edges only
  // Stakes of exactly one half, and cross-holdings: some firm owns one of its own owners.
  std::size_t halves = 0, cycles = 0;
  for (edge_index e : g.edges()) {
    halves += g.edge(e).kind() == edge_kind::owns && g.edge(e).share() == 0.5;
    cycles += g.edge(e).kind() == edge_kind::owns && g.edge(e).source() > g.edge(e).target() &&
              g.node(g.edge(e).source()).kind() == node_kind::firm;
  }
  EXPECT_GT(halves, 100u);
  EXPECT_GT(cycles, 50u);
  EXPECT_THROW(generate_ownership({.entities = 1}), error);
  EXPECT_THROW(generate_ownership({.entities = 10, .edges = 5, .dated = 1.5}), error);
}

}  // namespace generate_test_cases
