// Minimal cut sets of any order, checked against a brute-force oracle (remove every set of up to
// four nodes, recompute availability) on thousands of small random graphs with cycles, evidence
// filters, cuttable filters and k-of-n voting structures; against single_points() and
// single_point_pairs() for orders 1 and 2; and on hand cases from the seeds.

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdio>
#include <functional>
#include <map>
#include <micgraph/analysis/availability.hpp>
#include <micgraph/analysis/chokepoints.hpp>
#include <micgraph/analysis/cut_sets.hpp>
#include <micgraph/builder.hpp>
#include <micgraph/generate.hpp>
#include <micgraph/io/load.hpp>
#include <micgraph/scenario.hpp>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "support/random_graph.hpp"

using namespace micgraph;

// In a namespace of its own: the unity build compiles several test files as one.
namespace analysis_cut_sets_test_cases {

namespace {

using edge_filter = std::function<bool(edge_index)>;
using node_filter_fn = std::function<bool(node_index)>;
using set_map = std::map<std::vector<node_index>, std::vector<node_index>>;  // members -> targets

/// Oracle: every set of up to max_order cuttable nodes is removed in turn (smaller sets first);
/// a set is a minimal cut set of target t when t, available with no cuts, is unavailable
/// without it and available without each of its subsets one node smaller.
struct brute_force {
  set_map sets;
  std::map<node_index, std::vector<std::uint64_t>> per_target;  // available targets
  std::vector<std::uint64_t> distinct;
};

brute_force brute_cut_sets(const graph& g, const std::vector<node_index>& targets,
                           const edge_filter& filter, const node_filter_fn& cuttable,
                           std::size_t max_order) {
  const std::size_t n = g.node_count();
  EXPECT_LE(n, 20u);
  auto present = [&](edge_index e) { return !filter || filter(e); };
  std::vector<node_index> candidates;
  for (node_index v : g.nodes())
    if (!cuttable || cuttable(v)) candidates.push_back(v);
  const std::vector<bool> base = available_nodes(g, present, [](node_index) { return true; });
  // cut[mask]: bit i set when the set `mask` stops targets[i].
  std::unordered_map<std::uint32_t, std::uint32_t> cut;
  cut[0] = 0;
  brute_force out;
  out.distinct.assign(max_order + 1, 0);
  for (node_index t : targets)
    if (base[t]) out.per_target[t].assign(max_order + 1, 0);
  std::vector<std::uint32_t> layer{0};
  for (std::size_t order = 1; order <= max_order; ++order) {
    std::vector<std::uint32_t> next;
    for (std::uint32_t mask : layer) {
      // Extend by candidates above the highest member: each set made once.
      const int top = mask == 0 ? -1 : 31 - std::countl_zero(mask);
      for (node_index v : candidates) {
        if (static_cast<int>(v) <= top) continue;
        const std::uint32_t bigger = mask | (1u << v);
        std::vector<bool> now = available_nodes(g, present, [&](node_index x) {
          return (bigger >> x & 1u) == 0;
        });
        std::uint32_t stops = 0;
        std::vector<node_index> members, stopped;
        for (node_index x = 0; x < n; ++x)
          if (bigger >> x & 1u) members.push_back(x);
        for (std::size_t i = 0; i < targets.size(); ++i) {
          const node_index t = targets[i];
          if (!base[t] || (bigger >> t & 1u) || now[t]) continue;
          stops |= 1u << i;
          bool minimal = true;
          for (node_index x : members)
            if (cut[bigger & ~(1u << x)] >> i & 1u) minimal = false;
          if (minimal) {
            stopped.push_back(t);
            ++out.per_target[t][order];
          }
        }
        cut[bigger] = stops;
        next.push_back(bigger);
        if (!stopped.empty()) {
          out.sets[members] = stopped;
          ++out.distinct[order];
        }
      }
    }
    layer = std::move(next);
  }
  return out;
}

set_map as_map(const cut_sets_result& r) {
  set_map out;
  for (const cut_set& s : r.sets) {
    EXPECT_TRUE(std::is_sorted(s.members.begin(), s.members.end()));
    EXPECT_TRUE(out.emplace(s.members, s.targets).second) << "set listed twice";
  }
  return out;
}

micgraph::testing::random_graph_options small_graph(std::uint64_t seed) {
  return {.min_nodes = 4,
          .max_nodes = 13,
          .edges_per_node = 1.2 + static_cast<double>(seed % 6) * 0.3,
          .back_edge_fraction = static_cast<double>(seed % 4) * 0.12};
}

using micgraph::testing::tangled_graph;

// k-of-n voting, as an Open-PSA ATLEAST gate becomes in micgraph: a node that needs any j of its
// n suppliers has one provider slot whose alternatives are intermediate nodes, each needing one
// j-subset of the suppliers (one component_of slot per supplier). Suppliers have sources or
// other suppliers below them, some pointing back.
graph voting_graph(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](std::size_t lo, std::size_t hi) { return lo + rng() % (hi - lo + 1); };
  graph_builder b;
  const std::size_t base_nodes = uniform(3, 7);
  for (std::size_t i = 0; i < base_nodes; ++i) b.add_node("s" + std::to_string(i), {});
  std::size_t count = base_nodes, gates = 0;
  while (count < 14) {
    const std::string gate = "vote" + std::to_string(gates++);
    const std::size_t inputs = uniform(2, std::min<std::size_t>(4, count)), needed = uniform(1, inputs);
    if (count + 1 > 14) break;
    std::vector<std::size_t> chosen;
    while (chosen.size() < inputs) {
      std::size_t x = uniform(0, count - 1);
      if (std::find(chosen.begin(), chosen.end(), x) == chosen.end()) chosen.push_back(x);
    }
    b.add_node(gate, {.kind = node_kind::product});
    ++count;
    // Each j-subset of the inputs is one alternative (bounded by the node budget).
    for (std::uint32_t mask = 1; mask < (1u << inputs) && count < 16; ++mask) {
      if (static_cast<std::size_t>(std::popcount(mask)) != needed) continue;
      const std::string way = gate + "-way" + std::to_string(mask);
      b.add_node(way, {});
      ++count;
      for (std::size_t i = 0; i < inputs; ++i)
        if (mask >> i & 1u)
          b.add_edge(static_cast<node_index>(chosen[i]), b.find(way),
                     {.kind = edge_kind::component_of});
      b.add_edge(b.find(way), b.find(gate), {.kind = edge_kind::supplies});
    }
    if (uniform(0, 3) == 0)  // a supplier that needs the gate's output: a cycle
      b.add_edge(b.find(gate), static_cast<node_index>(chosen[0]),
                 {.kind = edge_kind::supplies, .input = "feedback"});
  }
  return b.freeze();
}

// Redundant supply webs: every node but the sources has one slot of two to four alternative
// providers (a few pointing backwards), so its cut sets are vertex cuts of orders 2 to 4.
graph redundant_graph(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](std::size_t lo, std::size_t hi) { return lo + rng() % (hi - lo + 1); };
  const std::size_t n = uniform(8, 14);
  graph_builder b;
  for (std::size_t i = 0; i < n; ++i) b.add_node("n" + std::to_string(i), {});
  for (std::size_t v = 3; v < n; ++v)
    for (std::size_t k = 0, providers = uniform(2, 4); k < providers; ++k) {
      std::size_t u = uniform(0, 5) == 0 ? uniform(0, n - 1) : uniform(0, v - 1);
      b.add_edge(static_cast<node_index>(u), static_cast<node_index>(v),
                 {.kind = k == 0 ? edge_kind::produces : edge_kind::supplies});
    }
  return b.freeze();
}

bool has_cycle(const graph& g) {
  for (std::uint32_t c = 0; c < g.component_count(); ++c)
    if (g.component_is_cyclic(c)) return true;
  return false;
}

}  // namespace

// ---- against brute force

TEST(MinimalCutSets, MatchBruteForceOnRandomGraphs) {
  std::size_t graphs = 0, cyclic = 0, sets = 0, with_filter = 0, cuttable_limited = 0;
  std::vector<std::size_t> by_order(5, 0);
  for (std::uint64_t seed = 1; seed <= 2400; ++seed) {
    graph g = seed % 4 == 1   ? tangled_graph(seed, 4, 13)
              : seed % 4 == 3 ? (seed % 8 == 3 ? voting_graph(seed) : redundant_graph(seed))
                              : micgraph::testing::random_graph(seed, small_graph(seed));
    if (g.node_count() > 20) continue;
    edge_filter filter;
    if (seed % 3 == 0) filter = [&g](edge_index e) { return g.edge_confidences()[e] >= 0.5; };
    node_filter_fn cuttable;
    if (seed % 5 >= 3) {
      static const std::set<std::string> western = {"DE", "JP", "TW", "US", "KR", "CH", ""};
      if (seed % 5 == 3)
        cuttable = [&g](node_index v) { return western.count(std::string(g.node(v).country())) > 0; };
      else
        cuttable = [seed](node_index v) { return (v * 7 + seed) % 3 != 0; };
    }
    std::vector<node_index> targets;
    std::mt19937_64 rng(seed);
    for (node_index v : g.nodes())
      if (seed % 2 == 0 || rng() % 3 == 0) targets.push_back(v);
    std::shuffle(targets.begin(), targets.end(), rng);
    const std::size_t order = 4;
    brute_force expected = brute_cut_sets(g, targets, filter, cuttable, order);
    cut_sets_result r = minimal_cut_sets(
        g, targets,
        {.max_order = order, .edge_present = filter, .cuttable = cuttable, .max_sets = 0,
         .threads = static_cast<unsigned>(1 + seed % 3)});
    ASSERT_EQ(as_map(r), expected.sets) << "seed " << seed;
    ASSERT_EQ(r.count_by_order, expected.distinct) << "seed " << seed;
    ASSERT_EQ(r.listed_order, order);
    ASSERT_FALSE(r.truncated);
    ASSERT_EQ(r.targets.size(), expected.per_target.size());
    std::size_t at = 0;
    for (node_index t : targets) {
      if (!expected.per_target.count(t)) {
        ASSERT_NE(std::find(r.unavailable_targets.begin(), r.unavailable_targets.end(), t),
                  r.unavailable_targets.end());
        continue;
      }
      ASSERT_EQ(r.targets[at].target, t);
      ASSERT_EQ(r.targets[at].by_order, expected.per_target[t]) << "seed " << seed;
      ++at;
    }
    // Listed by order, then most targets stopped, then members.
    for (std::size_t i = 1; i < r.sets.size(); ++i) {
      const cut_set &x = r.sets[i - 1], &y = r.sets[i];
      ASSERT_TRUE(x.members.size() < y.members.size() ||
                  (x.members.size() == y.members.size() &&
                   (x.targets.size() > y.targets.size() ||
                    (x.targets.size() == y.targets.size() && x.members < y.members))));
    }
    ++graphs;
    cyclic += has_cycle(g);
    with_filter += static_cast<bool>(filter);
    cuttable_limited += static_cast<bool>(cuttable);
    sets += expected.sets.size();
    for (const auto& [members, stopped] : expected.sets) ++by_order[members.size()];
  }
  EXPECT_GE(graphs, 2000u);
  EXPECT_GE(cyclic, 500u);
  EXPECT_GE(by_order[1], 3000u);
  EXPECT_GE(by_order[2], 1000u);
  EXPECT_GE(by_order[3], 600u);
  EXPECT_GE(by_order[4], 300u);
  std::printf(
      "[ oracle   ] cut sets: %zu graphs (%zu with cycles, %zu filtered, %zu with cuttable "
      "filters), %zu sets: %zu / %zu / %zu / %zu of orders 1-4\n",
      graphs, cyclic, with_filter, cuttable_limited, sets, by_order[1], by_order[2], by_order[3],
      by_order[4]);
}

TEST(MinimalCutSets, LargerOrdersOnVotingStructures) {
  // Five of six, four of five, ... up to order 6: a k-of-n need of a node is stopped by exactly
  // the (n - k + 1)-subsets of its suppliers, and by nothing smaller.
  for (std::size_t n = 2; n <= 6; ++n)
    for (std::size_t needed = 1; needed <= n; ++needed) {
      graph_builder b;
      for (std::size_t i = 0; i < n; ++i) b.add_node("supplier" + std::to_string(i), {});
      b.add_node("plant", {.kind = node_kind::facility});
      for (std::uint32_t mask = 1; mask < (1u << n); ++mask) {
        if (static_cast<std::size_t>(std::popcount(mask)) != needed) continue;
        std::string way = "way" + std::to_string(mask);
        b.add_node(way, {});
        for (std::size_t i = 0; i < n; ++i)
          if (mask >> i & 1u)
            b.add_edge("supplier" + std::to_string(i), way, {.kind = edge_kind::component_of});
        b.add_edge(way, "plant", {.kind = edge_kind::supplies});
      }
      graph g = b.freeze();
      std::vector<node_index> target{g.find("plant")};
      const std::size_t order = n - needed + 1;
      cut_sets_result r = minimal_cut_sets(g, target, {.max_order = 6, .cuttable = [&](node_index v) {
                                                         return g.node(v).id().starts_with("supplier");
                                                       }});
      std::uint64_t binomial = 1;
      for (std::size_t i = 0; i < order; ++i) binomial = binomial * (n - i) / (i + 1);
      for (std::size_t j = 0; j <= 6; ++j)
        EXPECT_EQ(r.count_by_order[j], j == order ? binomial : 0u) << n << " " << needed << " " << j;
      for (const cut_set& s : r.sets) EXPECT_EQ(s.members.size(), order);
    }
}

// ---- orders 1 and 2 against single_points and single_point_pairs

TEST(MinimalCutSets, OrdersOneAndTwoAreSinglePointsAndPairs) {
  std::size_t graphs = 0, points = 0, pairs = 0;
  for (std::uint64_t seed = 1; seed <= 600; ++seed) {
    graph g = seed % 3 == 0 ? tangled_graph(seed + 7000, 5, 40)
                            : micgraph::testing::random_graph(
                                  seed + 7000, {.min_nodes = 10,
                                                .max_nodes = 60,
                                                .edges_per_node = 1.5 + (seed % 4) * 0.4,
                                                .back_edge_fraction = (seed % 3) * 0.1});
    edge_filter filter;
    if (seed % 2 == 0) filter = [&g](edge_index e) { return g.edge_confidences()[e] >= 0.5; };
    std::vector<node_index> targets;
    for (node_index v : g.nodes())
      if (seed % 4 == 0 || v % 3 == seed % 3) targets.push_back(v);
    cut_sets_result r =
        minimal_cut_sets(g, targets, {.max_order = 2, .edge_present = filter, .max_sets = 0});
    single_points_result spof = single_points(g, targets, {.edge_present = filter});
    pairs_result expected_pairs =
        single_point_pairs(g, targets, {.max_pairs = 1000000, .edge_present = filter});
    ASSERT_FALSE(expected_pairs.truncated);
    ASSERT_EQ(r.unavailable_targets, spof.unavailable_targets);
    ASSERT_EQ(r.targets.size(), spof.targets.size());
    std::map<node_index, std::vector<node_index>> by_target;  // order-1 sets by target
    std::map<std::pair<node_index, node_index>, std::size_t> got_pairs;
    for (const cut_set& s : r.sets) {
      if (s.members.size() == 1)
        for (node_index t : s.targets) by_target[t].push_back(s.members[0]);
      else
        got_pairs[{s.members[0], s.members[1]}] = s.targets.size();
    }
    for (std::size_t i = 0; i < spof.targets.size(); ++i) {
      const target_single_points& entry = spof.targets[i];
      ASSERT_EQ(r.targets[i].target, entry.target);
      std::vector<node_index> mine = by_target[entry.target];
      std::sort(mine.begin(), mine.end());
      ASSERT_EQ(mine, entry.single_points) << "seed " << seed;
      ASSERT_EQ(r.targets[i].by_order[1], entry.single_points.size());
      points += mine.size();
    }
    std::map<std::pair<node_index, node_index>, std::size_t> want_pairs;
    for (const single_point_pair& p : expected_pairs.pairs) want_pairs[{p.a, p.b}] = p.targets_stopped;
    ASSERT_EQ(got_pairs, want_pairs) << "seed " << seed;
    pairs += want_pairs.size();
    ++graphs;
  }
  EXPECT_GE(points, 3000u);
  EXPECT_GE(pairs, 2500u);
  std::printf("[ oracle   ] orders 1-2 vs single points and pairs: %zu graphs, %zu points, %zu pairs\n",
              graphs, points, pairs);
}

// ---- options

TEST(MinimalCutSets, ThreadsDoNotChangeTheAnswer) {
  graph g = generate({.nodes = 3000, .seed = 5});
  std::vector<node_index> products;
  for (node_index v : g.nodes())
    if (g.node_kinds()[v] == node_kind::product) products.push_back(v);
  auto western = [&g](node_index v) {
    static const std::set<std::string_view> codes = {"DE", "JP", "TW", "US", "KR", "CH", "IT", "GB", "FR"};
    return codes.count(g.node(v).country()) > 0;
  };
  cut_sets_result one = minimal_cut_sets(g, products, {.max_order = 3, .cuttable = western, .max_sets = 0});
  cut_sets_result three =
      minimal_cut_sets(g, products, {.max_order = 3, .cuttable = western, .max_sets = 0, .threads = 3});
  EXPECT_EQ(as_map(one), as_map(three));
  EXPECT_EQ(one.count_by_order, three.count_by_order);
  ASSERT_EQ(one.targets.size(), three.targets.size());
  for (std::size_t i = 0; i < one.targets.size(); ++i) {
    EXPECT_EQ(one.targets[i].target, three.targets[i].target);
    EXPECT_EQ(one.targets[i].by_order, three.targets[i].by_order);
  }
  EXPECT_GT(one.count_by_order[3], 0u);
  for (const cut_set& s : one.sets)
    for (node_index v : s.members) EXPECT_TRUE(western(v));
}

TEST(MinimalCutSets, MaxSetsListsWholeOrdersAndCountOnlyListsNone) {
  graph g = generate({.nodes = 2000, .seed = 9});
  std::vector<node_index> products;
  for (node_index v : g.nodes())
    if (g.node_kinds()[v] == node_kind::product) products.push_back(v);
  cut_sets_result all = minimal_cut_sets(g, products, {.max_order = 3, .max_sets = 0});
  ASSERT_GT(all.count_by_order[1], 0u);
  ASSERT_GT(all.count_by_order[3], 0u);
  const std::size_t first_two = all.count_by_order[1] + all.count_by_order[2];
  cut_sets_result some = minimal_cut_sets(g, products, {.max_order = 3, .max_sets = first_two});
  EXPECT_TRUE(some.truncated);
  EXPECT_EQ(some.listed_order, 2u);
  EXPECT_EQ(some.sets.size(), first_two);
  EXPECT_EQ(some.count_by_order, all.count_by_order);
  for (std::size_t i = 0; i < some.sets.size(); ++i) {
    EXPECT_EQ(some.sets[i].members, all.sets[i].members);
    EXPECT_EQ(some.sets[i].targets, all.sets[i].targets);
  }
  cut_sets_result none = minimal_cut_sets(g, products, {.max_order = 3, .max_sets = first_two - 1});
  EXPECT_EQ(none.listed_order, 1u);
  cut_sets_result counted = minimal_cut_sets(g, products, {.max_order = 3, .count_only = true});
  EXPECT_TRUE(counted.sets.empty());
  EXPECT_FALSE(counted.truncated);
  EXPECT_EQ(counted.count_by_order, all.count_by_order);
  std::size_t progress_calls = 0;
  minimal_cut_sets(g, products, {.max_order = 2, .count_only = true,
                                 .progress = [&](std::size_t done, std::size_t total) {
                                   ++progress_calls;
                                   EXPECT_LE(done, total);
                                 }});
  EXPECT_EQ(progress_calls, all.targets.size());
}

TEST(MinimalCutSets, RejectsBadArguments) {
  graph_builder b;
  b.add_node("a", {});
  graph g = b.freeze();
  std::vector<node_index> bad{5};
  EXPECT_THROW(minimal_cut_sets(g, bad), error);
  std::vector<node_index> good{0};
  EXPECT_THROW(minimal_cut_sets(g, good, {.max_order = 0}), error);
  cut_sets_result r = minimal_cut_sets(g, good);
  ASSERT_EQ(r.targets.size(), 1u);
  EXPECT_EQ(r.targets[0].by_order, (std::vector<std::uint64_t>{0, 0, 0, 0}));
}

// ---- hand cases from the seeds

namespace {

std::set<std::vector<std::string>> named_sets(const graph& g, const cut_sets_result& r,
                                              std::size_t order) {
  std::set<std::vector<std::string>> out;
  for (const cut_set& s : r.sets) {
    if (s.members.size() != order) continue;
    std::vector<std::string> names;
    for (node_index v : s.members) names.emplace_back(g.node(v).id());
    std::sort(names.begin(), names.end());
    out.insert(names);
  }
  return out;
}

// A Russian missile plant machines airframes on imported 5-axis centres: German, Japanese or
// Swiss makers, or a Chinese substitute. Every centre runs one controller (Siemens-like, DE)
// whose software support comes from one vendor. Warheads need explosives from a domestic plant,
// and guidance needs FPGAs from a US maker or through a Hong Kong distributor.
graph missile_plant() {
  graph_builder b;
  for (auto [id, country] : {std::pair{"de-machine-maker", "DE"}, {"jp-machine-maker", "JP"},
                             {"ch-machine-maker", "CH"}, {"cn-machine-maker", "CN"},
                             {"de-controller-vendor", "DE"}, {"us-fpga-maker", "US"},
                             {"hk-distributor", "HK"}, {"ru-explosives", "RU"}})
    b.add_node(id, {.kind = node_kind::firm, .country = country});
  b.add_node("5-axis-centre", {.kind = node_kind::machine_tool, .category = "machine_tool/5-axis"});
  b.add_node("controller-software", {.kind = node_kind::service, .country = "DE",
                                     .category = "service/cnc-software"});
  b.add_node("fpga", {.kind = node_kind::component, .category = "microelectronics/fpga"});
  b.add_node("explosive", {.kind = node_kind::material});
  b.add_node("missile-plant", {.kind = node_kind::facility, .country = "RU"});
  b.add_node("cruise-missile", {.kind = node_kind::product, .country = "RU"});
  for (const char* maker : {"de-machine-maker", "jp-machine-maker", "ch-machine-maker", "cn-machine-maker"})
    b.add_edge(maker, "5-axis-centre", {.kind = edge_kind::produces});
  b.add_edge("de-controller-vendor", "controller-software", {.kind = edge_kind::produces});
  b.add_edge("controller-software", "5-axis-centre", {.kind = edge_kind::services});
  b.add_edge("5-axis-centre", "missile-plant", {.kind = edge_kind::tooling});
  b.add_edge("us-fpga-maker", "fpga", {.kind = edge_kind::produces});
  b.add_edge("hk-distributor", "fpga", {.kind = edge_kind::supplies});
  b.add_edge("ru-explosives", "explosive", {.kind = edge_kind::produces});
  b.add_edge("fpga", "cruise-missile", {.kind = edge_kind::component_of});
  b.add_edge("explosive", "cruise-missile", {.kind = edge_kind::component_of});
  b.add_edge("missile-plant", "cruise-missile", {.kind = edge_kind::produces});
  return b.freeze();
}

}  // namespace

TEST(MinimalCutSets, MissilePlantWithAlternativeMachineMakers) {
  graph g = missile_plant();
  std::vector<node_index> target{g.find("cruise-missile")};
  cut_sets_result r = minimal_cut_sets(g, target, {.max_order = 4});
  // Alone: the plant, its machines, their controller software and its one vendor, the FPGA,
  // the explosive and its one maker.
  EXPECT_EQ(named_sets(g, r, 1),
            (std::set<std::vector<std::string>>{{"5-axis-centre"}, {"controller-software"},
                                                {"de-controller-vendor"}, {"explosive"},
                                                {"fpga"}, {"missile-plant"}, {"ru-explosives"}}));
  EXPECT_EQ(named_sets(g, r, 2),
            (std::set<std::vector<std::string>>{{"hk-distributor", "us-fpga-maker"}}));
  EXPECT_TRUE(named_sets(g, r, 3).empty());
  EXPECT_EQ(named_sets(g, r, 4),
            (std::set<std::vector<std::string>>{
                {"ch-machine-maker", "cn-machine-maker", "de-machine-maker", "jp-machine-maker"}}));

  // A coalition of Western countries can cut its own firms only: the controller vendor alone,
  // or the US maker with nothing else, as Hong Kong and China keep supplying.
  static const std::set<std::string_view> coalition = {"DE", "JP", "CH", "US"};
  cut_sets_result western = minimal_cut_sets(
      g, target, {.max_order = 4, .cuttable = [&](node_index v) { return coalition.count(g.node(v).country()) > 0; }});
  EXPECT_EQ(named_sets(g, western, 1),
            (std::set<std::vector<std::string>>{{"controller-software"}, {"de-controller-vendor"}}));
  EXPECT_EQ(western.count_by_order, (std::vector<std::uint64_t>{0, 2, 0, 0, 0}));
}

TEST(MinimalCutSets, ToolmakerCycleCannotLiftItself) {
  // A domestic lathe plant makes lathes on lathes; lathes come from it, from a German importer
  // or, under a licence that needs the German importer's servicing, from a Belarusian plant.
  // Losing the importer stops the shells: the plant-lathe cycle cannot lift itself.
  graph_builder b;
  b.add_node("de-importer", {.kind = node_kind::firm, .country = "DE"});
  b.add_node("by-plant", {.kind = node_kind::facility, .country = "BY"});
  b.add_node("lathes", {.kind = node_kind::machine_tool});
  b.add_node("lathe-plant", {.kind = node_kind::facility, .country = "RU"});
  b.add_node("shell", {.kind = node_kind::product, .country = "RU"});
  b.add_edge("de-importer", "lathes", {.kind = edge_kind::supplies});
  b.add_edge("by-plant", "lathes", {.kind = edge_kind::supplies});
  b.add_edge("de-importer", "by-plant", {.kind = edge_kind::services});
  b.add_edge("lathe-plant", "lathes", {.kind = edge_kind::produces});
  b.add_edge("lathes", "lathe-plant", {.kind = edge_kind::tooling});
  b.add_edge("lathes", "shell", {.kind = edge_kind::tooling});
  graph g = b.freeze();
  std::vector<node_index> target{g.find("shell")};
  cut_sets_result r = minimal_cut_sets(g, target, {.max_order = 3});
  EXPECT_EQ(named_sets(g, r, 1), (std::set<std::vector<std::string>>{{"de-importer"}, {"lathes"}}));
  EXPECT_EQ(named_sets(g, r, 2), (std::set<std::vector<std::string>>{}));
  // The lathe plant is stopped by the importer too, though it is in the cycle itself.
  std::vector<node_index> plant{g.find("lathe-plant")};
  cut_sets_result p = minimal_cut_sets(g, plant, {.max_order = 3});
  EXPECT_EQ(named_sets(g, p, 1), (std::set<std::vector<std::string>>{{"de-importer"}, {"lathes"}}));
}

// The bundled cruise-missile data: every Kh-101 input that the coalition of the G7 CNC scenario
// (data/scenarios/g7-cnc-ban.json) supplies has a Chinese substitute, so no set of coalition
// cuts stops it, however large; with Chinese firms cuttable too, each smallest package pairs a
// coalition supplier with the Chinese substitute of the same input.
TEST(MinimalCutSets, Kh101UnderTheCoalitionNeedsChineseCuts) {
  const graph g = io::load_graph(MICGRAPH_SOURCE_DIR "/data/cruise-missile-cnc.json");
  static const std::set<std::string_view> coalition = {"DE", "JP", "TW", "CH", "IT", "KR",
                                                       "US", "SE", "AT", "FR", "GB", "IL"};
  auto in = [&g](const std::set<std::string_view>& countries) {
    return [&g, &countries](node_index v) { return countries.count(g.node(v).country()) > 0; };
  };
  std::vector<node_index> target{g.find("kh-101")};
  ASSERT_NE(target[0], no_index);
  // Every coalition node lost at once: still available.
  EXPECT_TRUE(available_nodes(
      g, [](edge_index) { return true; },
      [&](node_index v) { return !in(coalition)(v); })[target[0]]);
  cut_sets_result western = minimal_cut_sets(g, target, {.max_order = 6, .cuttable = in(coalition)});
  EXPECT_EQ(western.count_by_order, (std::vector<std::uint64_t>(7, 0)));

  std::set<std::string_view> with_china = coalition;
  with_china.insert({"CN", "HK"});
  cut_sets_result r = minimal_cut_sets(g, target, {.max_order = 4, .cuttable = in(with_china), .max_sets = 0});
  EXPECT_EQ(r.count_by_order, (std::vector<std::uint64_t>{0, 0, 26, 228, 1419}));
  for (const cut_set& s : r.sets) {
    std::size_t chinese = 0;
    for (node_index v : s.members) chinese += g.node(v).country() == "CN";
    EXPECT_GE(chinese, 1u);  // the coalition alone stops nothing
    if (s.members.size() == 2) {
      EXPECT_EQ(chinese, 1u);
    }
  }
  EXPECT_TRUE(named_sets(g, r, 2).count({"cn-tooling", "se-sandvik"}));
  EXPECT_TRUE(named_sets(g, r, 3).count({"cn-machine-tool-group", "kr-dn-solutions", "tw-victor"}));
  // Hong Kong's distributors add nothing: the same sets with CN alone.
  std::set<std::string_view> with_cn = coalition;
  with_cn.insert("CN");
  EXPECT_EQ(minimal_cut_sets(g, target, {.max_order = 4, .cuttable = in(with_cn), .count_only = true})
                .count_by_order,
            r.count_by_order);
}

}  // namespace analysis_cut_sets_test_cases
