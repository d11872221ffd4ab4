// Single points of failure, order-2 pairs and the chokepoint ranking, each checked against a
// brute-force oracle (remove nodes, recompute availability or capacity) on random AND/OR graphs
// with cycles, against Boost's dominator tree on OR-only graphs, and on hand cases from the seeds.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dominator_tree.hpp>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <micgraph/analysis/availability.hpp>
#include <micgraph/analysis/chokepoints.hpp>
#include <micgraph/analysis/impact.hpp>
#include <micgraph/builder.hpp>
#include <micgraph/scenario.hpp>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "support/and_or_graphs.hpp"
#include "support/graph_queries.hpp"
#include "support/missile_fixtures.hpp"
#include "support/or_only_graphs.hpp"
#include "support/random_graph.hpp"
#include "support/small_fixtures.hpp"

using namespace micgraph;
using namespace micgraph::testing;

// In a namespace of its own: the unity build compiles several test files as one.
namespace analysis_chokepoints_test_cases {

namespace {

/// Availability of every node with the nodes in `removed` cut.
std::vector<bool> available_without(const graph& g, const edge_filter& filter,
                                    std::vector<node_index> removed) {
  return available_nodes(
      g, [&](edge_index e) { return present(filter, e); },
      [&](node_index v) { return std::find(removed.begin(), removed.end(), v) == removed.end(); });
}

/// Oracle: stops[u][t] = removing u alone makes the (baseline-available) node t unavailable.
std::vector<std::vector<bool>> brute_stops(const graph& g, const edge_filter& filter) {
  const std::size_t n = g.node_count();
  std::vector<bool> base = available_without(g, filter, {});
  std::vector<std::vector<bool>> stops(n, std::vector<bool>(n, false));
  for (node_index u = 0; u < n; ++u) {
    std::vector<bool> now = available_without(g, filter, {u});
    for (node_index t = 0; t < n; ++t) stops[u][t] = t != u && base[t] && !now[t];
  }
  return stops;
}

std::vector<node_index> brute_single_points(const std::vector<std::vector<bool>>& stops,
                                            node_index t) {
  std::vector<node_index> out;
  for (node_index u = 0; u < stops.size(); ++u)
    if (stops[u][t]) out.push_back(u);
  return out;
}

micgraph::testing::random_graph_options small_graph(std::uint64_t seed, std::size_t max_nodes) {
  return {.min_nodes = 5,
          .max_nodes = max_nodes,
          .edges_per_node = 1.5 + static_cast<double>(seed % 5) * 0.4,
          .back_edge_fraction = static_cast<double>(seed % 4) * 0.1};
}

}  // namespace

// ---- single points against brute force

TEST(SinglePoints, MatchBruteForceOnRandomGraphsWithCycles) {
  std::size_t graphs = 0, cyclic = 0, points = 0, points_in_cyclic = 0;
  for (std::uint64_t seed = 1; seed <= 3000; ++seed) {
    // Four random graphs for every cycle-heavy one.
    graph g = seed % 5 == 4 ? tangled_graph(seed)
                            : micgraph::testing::random_graph(seed, small_graph(seed, 40));
    // Every other graph with an evidence filter (as a scenario's min_confidence would be).
    edge_filter filter;
    if (seed % 2 == 0) filter = [&g](edge_index e) { return g.edge_confidences()[e] >= 0.5; };
    auto stops = brute_stops(g, filter);
    std::vector<bool> base = available_without(g, filter, {});
    std::vector<node_index> targets = all_nodes(g);
    single_points_result result = single_points(g, targets, {.edge_present = filter});

    std::vector<node_index> unavailable;
    for (node_index v : g.nodes())
      if (!base[v]) unavailable.push_back(v);
    ASSERT_EQ(result.unavailable_targets, unavailable) << "seed " << seed;
    ASSERT_EQ(result.targets.size() + unavailable.size(), g.node_count());
    for (const target_single_points& entry : result.targets) {
      ASSERT_EQ(entry.single_points, brute_single_points(stops, entry.target))
          << "seed " << seed << " target " << g.node(entry.target).id();
      points += entry.single_points.size();
      if (has_cycle(g)) points_in_cyclic += entry.single_points.size();
    }
    ++graphs;
    cyclic += has_cycle(g);
  }
  EXPECT_GE(graphs, 2000u);
  EXPECT_GE(cyclic, 800u);
  EXPECT_GE(points_in_cyclic, 1000u);
  std::printf("[ oracle   ] single points: %zu graphs (%zu with cycles), %zu single points\n",
              graphs, cyclic, points);
}

TEST(SinglePoints, SubsetsOfTargetsGiveTheSameAnswer) {
  for (std::uint64_t seed = 5000; seed < 5300; ++seed) {
    graph g = micgraph::testing::random_graph(seed, small_graph(seed, 40));
    auto stops = brute_stops(g, {});
    std::mt19937_64 rng(seed);
    std::vector<node_index> targets;
    for (node_index v : g.nodes())
      if (rng() % 4 == 0) targets.push_back(v);
    if (!targets.empty()) targets.push_back(targets.front());  // repeats count once
    single_points_result result = single_points(g, targets);
    std::size_t seen = result.targets.size() + result.unavailable_targets.size();
    EXPECT_EQ(seen, targets.empty() ? 0 : targets.size() - 1);
    for (const target_single_points& entry : result.targets)
      ASSERT_EQ(entry.single_points, brute_single_points(stops, entry.target)) << "seed " << seed;
  }
}

TEST(SinglePoints, FewTargetsInALargeGraphMatchAllTargets) {
  // Few targets take a search from the targets, many a sweep over the whole graph.
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    graph g = micgraph::testing::random_graph(
        seed, {.min_nodes = 1500,
               .max_nodes = 2000,
               .edges_per_node = 2.0,
               .back_edge_fraction = 0.05 * static_cast<double>(seed % 3)});
    single_points_result all = single_points(g, all_nodes(g));
    std::map<node_index, std::vector<node_index>> expected;
    for (const auto& entry : all.targets) expected[entry.target] = entry.single_points;
    auto stops = brute_stops(g, {});
    std::mt19937_64 rng(seed);
    for (int round = 0; round < 5; ++round) {
      std::vector<node_index> targets{static_cast<node_index>(rng() % g.node_count()),
                                      static_cast<node_index>(rng() % g.node_count())};
      for (const auto& entry : single_points(g, targets).targets) {
        ASSERT_EQ(entry.single_points, expected[entry.target]) << "seed " << seed;
        ASSERT_EQ(entry.single_points, brute_single_points(stops, entry.target));
      }
    }
  }
}

TEST(SinglePoints, RejectsTargetsOutOfRange) {
  graph g = micgraph::testing::random_graph(7);
  std::vector<node_index> targets{static_cast<node_index>(g.node_count())};
  EXPECT_THROW(single_points(g, targets), micgraph::error);
}

// ---- dominators on OR-only graphs

namespace {

using dominator_graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;

/// The dominators of t in its upstream cone, with a virtual root feeding every source; nullopt
/// when the root does not reach t.
std::optional<std::vector<node_index>> dominators(const graph& g, node_index t) {
  // Upstream cone of t.
  std::vector<std::uint32_t> local(g.node_count(), no_index);
  std::vector<node_index> cone{t}, stack{t};
  local[t] = 0;
  const auto sources = g.edge_sources();
  while (!stack.empty()) {
    node_index v = stack.back();
    stack.pop_back();
    for (edge_index e : g.in_edges(v))
      if (local[sources[e]] == no_index) {
        local[sources[e]] = static_cast<std::uint32_t>(cone.size());
        cone.push_back(sources[e]);
        stack.push_back(sources[e]);
      }
  }
  const std::size_t root = cone.size();
  dominator_graph dg(cone.size() + 1);
  for (node_index v : cone) {
    if (g.slots(v).empty()) boost::add_edge(root, local[v], dg);
    for (edge_index e : g.in_edges(v)) boost::add_edge(local[sources[e]], local[v], dg);
  }
  using vertex = boost::graph_traits<dominator_graph>::vertex_descriptor;
  const vertex none = boost::graph_traits<dominator_graph>::null_vertex();
  // Boost 1.74's three-argument overload numbers unreachable vertices 0 instead of masking them
  // as its precondition asks, and then gets dominators wrong behind unavailable providers:
  // call the full overload with the mask.
  const std::size_t size = cone.size() + 1;
  auto index = boost::get(boost::vertex_index, dg);
  std::vector<std::size_t> dfnum(size, std::numeric_limits<std::size_t>::max());
  std::vector<vertex> parent(size, none), by_dfnum(size, none), idom(size, none);
  boost::lengauer_tarjan_dominator_tree(
      dg, root, index, boost::make_iterator_property_map(dfnum.begin(), index),
      boost::make_iterator_property_map(parent.begin(), index), by_dfnum,
      boost::make_iterator_property_map(idom.begin(), index));
  if (idom[0] == none) return std::nullopt;
  std::vector<node_index> out;
  for (vertex x = idom[0]; x != root; x = idom[x]) out.push_back(cone[x]);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST(SinglePoints, EqualDominatorsOnOrOnlyGraphs) {
  std::size_t targets_checked = 0, unavailable = 0, cyclic = 0;
  for (std::uint64_t seed = 1; seed <= 1500; ++seed) {
    graph g = or_only_provider_graph(seed);
    for (node_index v : g.nodes()) ASSERT_LE(g.slots(v).size(), 1u);
    cyclic += has_cycle(g);
    std::vector<node_index> targets = all_nodes(g);
    single_points_result result = single_points(g, targets);
    for (const target_single_points& entry : result.targets) {
      auto expected = dominators(g, entry.target);
      ASSERT_TRUE(expected.has_value()) << "seed " << seed;
      ASSERT_EQ(entry.single_points, *expected)
          << "seed " << seed << " target " << g.node(entry.target).id();
      ++targets_checked;
    }
    for (node_index t : result.unavailable_targets) {
      EXPECT_FALSE(dominators(g, t).has_value()) << "seed " << seed;
      ++unavailable;
    }
  }
  EXPECT_GE(cyclic, 500u);
  std::printf(
      "[ oracle   ] dominators: 1500 OR-only graphs (%zu with cycles), %zu targets, %zu "
      "unavailable\n",
      cyclic, targets_checked, unavailable);
}

// ---- order-2 pairs against brute force

namespace {

/// Oracle: {a, b} -> number of targets it stops while neither member stops that target alone.
std::map<std::pair<node_index, node_index>, std::size_t> brute_pairs(
    const graph& g, const edge_filter& filter, const std::vector<node_index>& targets) {
  auto stops = brute_stops(g, filter);
  std::vector<bool> base = available_without(g, filter, {});
  std::map<std::pair<node_index, node_index>, std::size_t> out;
  for (node_index a = 0; a < g.node_count(); ++a)
    for (node_index b = a + 1; b < g.node_count(); ++b) {
      std::vector<bool> now = available_without(g, filter, {a, b});
      for (node_index t : targets)
        if (base[t] && !now[t] && t != a && t != b && !stops[a][t] && !stops[b][t]) ++out[{a, b}];
    }
  return out;
}

}  // namespace

TEST(SinglePointPairs, MatchBruteForce) {
  std::size_t graphs = 0, pairs = 0, cyclic = 0;
  for (std::uint64_t seed = 1; seed <= 1500; ++seed) {
    // Random, cycle-heavy and OR-only graphs in turn (the last have many more pairs).
    graph g = seed % 3 == 2 ? or_only_provider_graph(seed + 100000, 25)
              : seed % 3 == 1
                  ? tangled_graph(seed + 100000)
                  : micgraph::testing::random_graph(seed + 100000, small_graph(seed, 25));
    edge_filter filter;
    if (seed % 3 == 0) filter = [&g](edge_index e) { return g.edge_confidences()[e] >= 0.5; };
    std::vector<node_index> targets;
    std::mt19937_64 rng(seed);
    for (node_index v : g.nodes())
      if (seed % 2 == 0 || rng() % 3 == 0) targets.push_back(v);
    auto expected = brute_pairs(g, filter, targets);
    pairs_result result =
        single_point_pairs(g, targets, {.max_pairs = 1000000, .edge_present = filter});
    EXPECT_FALSE(result.truncated);
    std::map<std::pair<node_index, node_index>, std::size_t> got;
    for (const single_point_pair& p : result.pairs) {
      ASSERT_LT(p.a, p.b);
      ASSERT_TRUE(got.emplace(std::pair{p.a, p.b}, p.targets_stopped).second) << "repeated pair";
    }
    ASSERT_EQ(got, expected) << "seed " << seed;
    for (std::size_t i = 1; i < result.pairs.size(); ++i)
      ASSERT_GE(result.pairs[i - 1].targets_stopped, result.pairs[i].targets_stopped);

    // Truncated: a prefix of the search, each pair with its full count.
    if (expected.size() > 3) {
      pairs_result few = single_point_pairs(g, targets, {.max_pairs = 3, .edge_present = filter});
      EXPECT_TRUE(few.truncated);
      ASSERT_EQ(few.pairs.size(), 3u);
      for (const single_point_pair& p : few.pairs)
        EXPECT_EQ(p.targets_stopped, (expected[{p.a, p.b}])) << "seed " << seed;
    }
    ++graphs;
    pairs += expected.size();
    cyclic += has_cycle(g);
  }
  EXPECT_GE(pairs, 4000u);
  std::printf("[ oracle   ] pairs: %zu graphs (%zu with cycles), %zu pairs\n", graphs, cyclic,
              pairs);
}

// ---- ranking against brute-force propagation

TEST(RankChokepoints, CapacityRemovedMatchesFullPropagation) {
  std::size_t graphs = 0, ranked = 0, cyclic = 0;
  for (std::uint64_t seed = 1; seed <= 600; ++seed) {
    graph g = micgraph::testing::random_graph(seed + 200000, small_graph(seed, 40));
    // Half the graphs through a scenario's evidence filter.
    std::optional<compiled_scenario> filtered;
    if (seed % 2 == 1) filtered = compile(g, scenario{.min_confidence = 0.5});
    edge_filter filter;
    if (filtered) filter = [&](edge_index e) { return filtered->edge_present(e); };
    std::vector<double> weights = filtered
                                      ? std::vector<double>(filtered->baseline_weights().begin(),
                                                            filtered->baseline_weights().end())
                                      : share_quality_weights(g);

    std::vector<node_index> targets;
    for (node_index v : g.nodes())
      if (g.node_kinds()[v] == node_kind::product || v % 5 == 0) targets.push_back(v);
    single_points_result spof = single_points(g, targets, {.edge_present = filter});
    const std::size_t candidates = seed % 3 == 0 ? 1000 : seed % 3 == 1 ? 3 : 0;
    ranking_result result = rank_chokepoints(
        g, targets, spof, {.candidates = candidates, .scenario = filtered ? &*filtered : nullptr});

    std::vector<double> base = propagate(g, {}, weights);
    std::vector<std::size_t> stopped(g.node_count(), 0);
    for (const auto& entry : spof.targets)
      for (node_index u : entry.single_points) ++stopped[u];
    auto removed_by = [&](node_index u) {
      std::vector<double> alive(g.node_count(), 1.0);
      alive[u] = 0.0;
      std::vector<double> cap = propagate(g, alive, weights);
      double sum = 0.0;
      for (node_index t : targets)
        if (t != u) sum += base[t] - cap[t];
      return sum;
    };
    std::set<node_index> listed;
    for (const ranked_node& entry : result.ranking) {
      ASSERT_TRUE(listed.insert(entry.node).second);
      EXPECT_EQ(entry.targets_stopped, stopped[entry.node]);
      ASSERT_NEAR(entry.capacity_removed, removed_by(entry.node), 1e-9)
          << "seed " << seed << " node " << g.node(entry.node).id();
      ++ranked;
    }
    // Every single point of failure is ranked; with room for every candidate, so is every node
    // whose loss removes target capacity.
    for (node_index v : g.nodes()) {
      if (stopped[v] > 0) {
        EXPECT_TRUE(listed.count(v)) << "seed " << seed;
      }
      if (candidates == 1000 && removed_by(v) > 1e-9) {
        EXPECT_TRUE(listed.count(v)) << "seed " << seed;
      }
    }
    for (std::size_t i = 1; i < result.ranking.size(); ++i) {
      const ranked_node &x = result.ranking[i - 1], &y = result.ranking[i];
      ASSERT_TRUE(x.targets_stopped > y.targets_stopped ||
                  (x.targets_stopped == y.targets_stopped &&
                   (x.capacity_removed > y.capacity_removed ||
                    (x.capacity_removed == y.capacity_removed && x.node < y.node))));
    }
    // A single point of failure takes its targets' whole baseline away.
    for (const ranked_node& entry : result.ranking)
      if (entry.targets_stopped > 0) {
        double whole = 0.0;
        for (const auto& t : spof.targets)
          if (std::binary_search(t.single_points.begin(), t.single_points.end(), entry.node))
            whole += base[t.target];
        EXPECT_GE(entry.capacity_removed, whole - 1e-9);
      }
    ++graphs;
    cyclic += has_cycle(g);
  }
  EXPECT_GE(cyclic, 250u);
  std::printf("[ oracle   ] ranking: %zu graphs (%zu with cycles), %zu ranked nodes checked\n",
              graphs, cyclic, ranked);
}

TEST(RankChokepoints, EveryRemovalMatchesFullPropagationOnEveryNode) {
  std::size_t graphs = 0, removals = 0, largest_cycle = 0;
  for (std::uint64_t seed = 1; seed <= 600; ++seed) {
    graph g = seed % 2 ? tangled_graph(seed)
                       : micgraph::testing::random_graph(seed + 300000, small_graph(seed, 30));
    for (std::uint32_t c = 0; c < g.component_count(); ++c)
      largest_cycle = std::max<std::size_t>(largest_cycle, g.component_nodes(c).size());
    std::vector<double> weights = share_quality_weights(g);
    std::vector<double> base = propagate(g, {}, weights);
    detail::removal_propagation probe(g, weights, base, {});
    for (node_index u : g.nodes()) {
      std::vector<double> got = base;
      probe.remove(u, [&](node_index v, double capacity) { got[v] = capacity; });
      std::vector<double> alive(g.node_count(), 1.0);
      alive[u] = 0.0;
      std::vector<double> expected = propagate(g, alive, weights);
      for (node_index v : g.nodes())
        ASSERT_NEAR(got[v], expected[v], 1e-9)
            << "seed " << seed << " removing " << g.node(u).id() << " at " << g.node(v).id();
      ++removals;
    }
    ++graphs;
  }
  EXPECT_GE(largest_cycle, 15u);
  std::printf("[ oracle   ] removals: %zu graphs, %zu single-node removals, largest cycle %zu\n",
              graphs, removals, largest_cycle);
}

TEST(RankChokepoints, CandidatesAreTheLargestDownstreamCones) {
  // A chain a -> b -> c -> d (each a slot of its own) plus loose single nodes: with room for two
  // candidates besides the single points, the ranking evaluates the two largest cones.
  graph_builder b;
  for (const char* id : {"a", "b", "c", "d", "x", "y"})
    b.add_node(id, {.kind = node_kind::component});
  b.add_node("t1", {.kind = node_kind::product});
  b.add_node("t2", {.kind = node_kind::product});
  b.add_edge("a", "b", {.kind = edge_kind::component_of});
  b.add_edge("b", "c", {.kind = edge_kind::component_of});
  b.add_edge("c", "d", {.kind = edge_kind::component_of});
  // t1 has two alternative providers d and x, so neither is a single point.
  b.add_edge("d", "t1", {.kind = edge_kind::produces, .share = 0.5});
  b.add_edge("x", "t1", {.kind = edge_kind::produces, .share = 0.5});
  b.add_edge("y", "t2", {.kind = edge_kind::produces, .share = 0.5});
  b.add_edge("x", "t2", {.kind = edge_kind::produces, .share = 0.5});
  graph g = b.freeze();
  std::vector<node_index> targets{g.find("t1"), g.find("t2")};
  single_points_result spof = single_points(g, targets);
  EXPECT_TRUE(spof.targets[0].single_points.empty());
  EXPECT_TRUE(spof.targets[1].single_points.empty());
  ranking_result result = rank_chokepoints(g, targets, spof, {.candidates = 2});
  EXPECT_FALSE(result.cones_estimated);
  // Cones: a 5 (a b c d t1), b 4, x 3, c 3: a and b are chosen (x ties c; both lose to b).
  ASSERT_EQ(result.ranking.size(), 2u);
  EXPECT_EQ(result.ranking[0].node, g.find("a"));
  EXPECT_EQ(result.ranking[1].node, g.find("b"));
  EXPECT_DOUBLE_EQ(result.ranking[0].capacity_removed, 0.5);
}

TEST(RankChokepoints, TheRankingIsTheSameOnEveryThreadCount) {
  // 3,000 nodes with cycles, 400 candidates: enough for the evaluations to be shared out.
  graph g = micgraph::testing::random_graph(
      98, {.min_nodes = 3000, .max_nodes = 3000, .edges_per_node = 2.0, .back_edge_fraction = 0.05});
  std::vector<node_index> targets;
  for (node_index v : g.nodes())
    if (g.node_kinds()[v] == node_kind::product) targets.push_back(v);
  ASSERT_FALSE(targets.empty());
  const single_points_result spof = single_points(g, targets);
  const ranking_result one = rank_chokepoints(g, targets, spof, {.candidates = 400, .threads = 1});
  ASSERT_GE(one.ranking.size(), 64u);
  for (unsigned threads : {2u, 3u, 8u}) {
    SCOPED_TRACE(threads);
    std::size_t calls = 0, last = 0, total = 0;
    const ranking_result many = rank_chokepoints(
        g, targets, spof,
        {.candidates = 400,
         .progress = [&](std::size_t done, std::size_t of) {
           EXPECT_EQ(done, last + 1);  // one call per evaluation, in order
           last = done, total = of, ++calls;
         },
         .threads = threads});
    EXPECT_EQ(calls, total);
    EXPECT_GE(total, one.ranking.size());
    ASSERT_EQ(many.ranking.size(), one.ranking.size());
    for (std::size_t i = 0; i < one.ranking.size(); ++i) {
      EXPECT_EQ(many.ranking[i].node, one.ranking[i].node);
      EXPECT_EQ(many.ranking[i].targets_stopped, one.ranking[i].targets_stopped);
      EXPECT_EQ(many.ranking[i].capacity_removed, one.ranking[i].capacity_removed);  // exactly
    }
  }
}

TEST(RankChokepoints, SketchedConeSizesTrackExactOnes) {
  graph g = micgraph::testing::random_graph(
      99,
      {.min_nodes = 3000, .max_nodes = 3000, .edges_per_node = 2.0, .back_edge_fraction = 0.02});
  std::vector<double> weights = share_quality_weights(g);
  std::vector<double> base = propagate(g, {}, weights);
  bool estimated = true;
  auto exact = detail::downstream_cone_sizes(g, weights, base, estimated, 1e12);
  EXPECT_FALSE(estimated);
  auto sketched = detail::downstream_cone_sizes(g, weights, base, estimated, 0.0);
  EXPECT_TRUE(estimated);
  double error = 0.0;
  std::size_t counted = 0;
  for (node_index v : g.nodes()) {
    if (exact[v] < 20) continue;  // estimates of tiny cones are coarse; they do not matter here
    error += std::abs(sketched[v] - exact[v]) / exact[v];
    ++counted;
  }
  ASSERT_GT(counted, 100u);
  EXPECT_LT(error / static_cast<double>(counted), 0.4);
}

// The sketches drawn on several threads and pushed up the condensation are the ranks one
// engine draws sketch after sketch, minimised over each node's cone exactly as a plain
// reverse-order pass over its out-edges does.
TEST(RankChokepoints, SketchesAreTheSameOnEveryThreadCountAndMatchAPlainPass) {
  graph g = micgraph::testing::random_graph(
      7,
      {.min_nodes = 20000, .max_nodes = 20000, .edges_per_node = 2.0, .back_edge_fraction = 0.02});
  std::vector<double> weights = share_quality_weights(g);
  std::vector<double> base = propagate(g, {}, weights);
  const std::size_t n = g.node_count();
  // The plain pass: 16 ranks per live node from one engine, sketch-major; each component takes
  // the least over its live members and the passing out-edges of those.
  std::vector<std::uint32_t> position(g.edge_count(), no_index);
  for (std::size_t p = 0; p < g.in_edge_order().size(); ++p)
    position[g.in_edge_order()[p]] = static_cast<std::uint32_t>(p);
  std::vector<std::array<float, 16>> least(n);
  std::mt19937_64 rng(0x6d6963677261706bULL);
  std::exponential_distribution<float> rank(1.0f);
  for (int k = 0; k < 16; ++k)
    for (node_index v = 0; v < n; ++v)
      least[v][k] = base[v] > 0.0 ? rank(rng) : std::numeric_limits<float>::infinity();
  for (std::uint32_t c = static_cast<std::uint32_t>(g.component_count()); c-- > 0;) {
    std::array<float, 16> m;
    m.fill(std::numeric_limits<float>::infinity());
    for (node_index v : g.component_nodes(c)) {
      if (base[v] <= 0.0) continue;
      for (int k = 0; k < 16; ++k) m[k] = std::min(m[k], least[v][k]);
      for (edge_index e : g.out_edges(v)) {
        node_index t = g.edge_targets()[e];
        if (position[e] == no_index || weights[position[e]] <= 0.0 || base[t] <= 0.0 ||
            g.component(t) == c)
          continue;
        for (int k = 0; k < 16; ++k) m[k] = std::min(m[k], least[t][k]);
      }
    }
    for (node_index v : g.component_nodes(c))
      if (base[v] > 0.0) least[v] = m;
  }
  std::vector<double> plain(n, 0.0);
  for (node_index v = 0; v < n; ++v)
    if (base[v] > 0.0) {
      double sum = 0.0;
      for (float x : least[v]) sum += x;
      plain[v] = sum > 0.0 ? 15.0 / sum : static_cast<double>(n);
    }
  for (unsigned threads : {1u, 2u, 3u, 4u}) {
    bool estimated = false;
    auto sketched = detail::downstream_cone_sizes(g, weights, base, estimated, 0.0, threads);
    EXPECT_TRUE(estimated);
    ASSERT_EQ(sketched.size(), n);
    std::size_t differing = 0;
    for (node_index v = 0; v < n; ++v) differing += sketched[v] != plain[v] ? 1 : 0;
    EXPECT_EQ(differing, 0u) << threads << " threads";
  }
}

// ---- hand cases from the seeds

TEST(Chokepoints, ControllerSoftwareSupportStopsTheMissile) {
  graph g = missile_with_one_software_vendor();
  std::vector<node_index> targets{g.find("cruise-missile")};
  single_points_result spof = single_points(g, targets);
  ASSERT_EQ(spof.targets.size(), 1u);
  EXPECT_EQ(sorted_ids(g, spof.targets[0].single_points),
            (std::vector<std::string>{"5-axis-centre", "controller-software", "controller-vendor",
                                      "fpga", "missile-plant"}));

  // Neither FPGA supplier alone stops the missile, the pair does; likewise the machine makers.
  pairs_result pairs = single_point_pairs(g, targets);
  std::set<std::vector<std::string>> found;
  for (const single_point_pair& p : pairs.pairs) {
    found.insert(sorted_ids(g, {p.a, p.b}));
    EXPECT_EQ(p.targets_stopped, 1u);
  }
  EXPECT_EQ(found, (std::set<std::vector<std::string>>{{"de-machine-maker", "jp-machine-maker"},
                                                       {"hk-distributor", "us-fpga-maker"}}));

  // Each FPGA supplier covers 0.6 of the need: losing one leaves the missile at 0.6.
  ranking_result ranking = rank_chokepoints(g, targets, spof);
  ASSERT_GE(ranking.ranking.size(), 6u);
  std::map<std::string, ranked_node> by_id;
  for (const ranked_node& entry : ranking.ranking)
    by_id[std::string(g.node(entry.node).id())] = entry;
  EXPECT_EQ(by_id["controller-software"].targets_stopped, 1u);
  EXPECT_DOUBLE_EQ(by_id["controller-software"].capacity_removed, 1.0);
  EXPECT_EQ(by_id["us-fpga-maker"].targets_stopped, 0u);
  EXPECT_NEAR(by_id["us-fpga-maker"].capacity_removed, 0.4, 1e-12);
  EXPECT_NEAR(by_id["hk-distributor"].capacity_removed, 0.4, 1e-12);
  EXPECT_FALSE(by_id.count("de-machine-maker"));  // a spare maker removes nothing
  EXPECT_EQ(ranking.ranking.back().node, g.find("hk-distributor"));  // ties: node order
}

TEST(Chokepoints, EvidenceFilterDropsAnAlternative) {
  // With the Hong Kong channel asserted only by low-confidence reporting, the US maker becomes
  // a single point of failure once a min_confidence filter applies.
  graph g = drone_with_weak_fpga_channel();
  std::vector<node_index> targets{g.find("drone")};
  EXPECT_EQ(sorted_ids(g, single_points(g, targets).targets[0].single_points),
            (std::vector<std::string>{"fpga"}));
  compiled_scenario s = compile(g, scenario{.min_confidence = 0.5});
  single_points_result filtered =
      single_points(g, targets, {.edge_present = [&](edge_index e) { return s.edge_present(e); }});
  EXPECT_EQ(sorted_ids(g, filtered.targets[0].single_points),
            (std::vector<std::string>{"fpga", "us-fpga-maker"}));
  ranking_result ranking = rank_chokepoints(g, targets, filtered, {.scenario = &s});
  ASSERT_FALSE(ranking.ranking.empty());
  EXPECT_EQ(ranking.ranking[0].targets_stopped, 1u);
  for (const ranked_node& entry : ranking.ranking)
    EXPECT_NE(entry.node, g.find("hk-distributor"));  // absent under the filter: removes nothing
}

TEST(Chokepoints, ToolmakerCycleCannotLiftItself) {
  // A domestic machine-tool plant makes lathes on lathes; imported lathes got it started. The
  // importer is a single point of failure of the plant and of everything it tools: without it
  // the plant-lathe cycle cannot lift itself.
  graph g = shell_toolmaker_cycle();
  std::vector<node_index> targets{g.find("lathe-plant"), g.find("shell")};
  single_points_result spof = single_points(g, targets);
  ASSERT_EQ(spof.targets.size(), 2u);
  EXPECT_EQ(sorted_ids(g, spof.targets[0].single_points),
            (std::vector<std::string>{"de-importer", "lathes"}));
  EXPECT_EQ(sorted_ids(g, spof.targets[1].single_points),
            (std::vector<std::string>{"de-importer", "lathes"}));
  ranking_result ranking = rank_chokepoints(g, targets, spof);
  ASSERT_FALSE(ranking.ranking.empty());
  EXPECT_EQ(ranking.ranking[0].node, g.find("de-importer"));  // node order breaks the tie
  EXPECT_EQ(ranking.ranking[0].targets_stopped, 2u);
  EXPECT_DOUBLE_EQ(ranking.ranking[0].capacity_removed, 2.0);
}

TEST(Chokepoints, UnavailableTargetsAreReportedApart) {
  // A seeker nobody makes: the missile is unavailable with no cuts and has no single points.
  graph_builder b;
  b.add_node("plant", {.kind = node_kind::facility});
  b.add_node("seeker", {.kind = node_kind::component});
  b.add_node("seeker-line", {.kind = node_kind::machine_tool});
  b.add_node("missile", {.kind = node_kind::product});
  b.add_node("drone", {.kind = node_kind::product});
  b.add_edge("seeker-line", "seeker", {.kind = edge_kind::tooling});
  b.add_edge("seeker", "seeker-line", {.kind = edge_kind::produces});
  b.add_edge("seeker", "missile", {.kind = edge_kind::component_of});
  b.add_edge("plant", "missile", {.kind = edge_kind::produces});
  b.add_edge("plant", "drone", {.kind = edge_kind::produces});
  graph g = b.freeze();
  std::vector<node_index> targets{g.find("missile"), g.find("drone")};
  single_points_result spof = single_points(g, targets);
  EXPECT_EQ(spof.unavailable_targets, std::vector<node_index>{g.find("missile")});
  ASSERT_EQ(spof.targets.size(), 1u);
  EXPECT_EQ(spof.targets[0].target, g.find("drone"));
  EXPECT_EQ(sorted_ids(g, spof.targets[0].single_points), std::vector<std::string>{"plant"});
  EXPECT_TRUE(single_point_pairs(g, targets).pairs.empty());
}

}  // namespace analysis_chokepoints_test_cases
