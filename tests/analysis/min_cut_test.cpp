// The cheapest cut that stops a target, checked against a brute-force oracle (every subset of
// the cuttable nodes of the target's upstream cone, each checked with available_nodes) on random
// AND/OR graphs with cycles, evidence filters and costs that include +infinity; on OR-only graphs
// (always exact); on larger graphs (valid, minimal cuts); and on hand cases from the seeds.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <micgraph/analysis/availability.hpp>
#include <micgraph/analysis/min_cut.hpp>
#include <micgraph/builder.hpp>
#include <micgraph/error.hpp>
#include <random>
#include <string>
#include <vector>

#include "support/and_or_graphs.hpp"
#include "support/graph_queries.hpp"
#include "support/missile_fixtures.hpp"
#include "support/or_only_graphs.hpp"
#include "support/random_graph.hpp"
#include "support/small_fixtures.hpp"
#include "support/strings.hpp"

using namespace micgraph;
using namespace micgraph::testing;

// In a namespace of its own: the unity build compiles several test files as one.
namespace analysis_min_cut_test_cases {

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

/// The nodes with a path of present dependency edges to the target (the target included).
std::vector<node_index> upstream_cone(const graph& g, node_index target,
                                      const edge_filter& filter) {
  std::vector<bool> seen(g.node_count(), false);
  std::vector<node_index> out{target};
  seen[target] = true;
  for (std::size_t i = 0; i < out.size(); ++i)
    for (edge_index e : g.in_edges(out[i])) {
      node_index u = g.edge_sources()[e];
      if (present(filter, e) && !seen[u]) seen[u] = true, out.push_back(u);
    }
  std::sort(out.begin(), out.end());
  return out;
}

bool target_available(const graph& g, node_index target, const edge_filter& filter,
                      const std::vector<bool>& removed) {
  return available_nodes(
      g, [&](edge_index e) { return present(filter, e); },
      [&](node_index v) { return !removed[v]; })[target];
}

/// Oracle: the least total cost of a set of cuttable nodes other than the target whose removal
/// makes the target unavailable; +infinity when none does. Every subset of the cone's cuttable
/// nodes cheaper than the best so far is checked with available_nodes.
double brute_force_minimum(const graph& g, node_index target, const edge_filter& filter,
                           const std::vector<double>& cost) {
  std::vector<node_index> cuttable;
  for (node_index v : upstream_cone(g, target, filter))
    if (v != target && std::isfinite(cost[v])) cuttable.push_back(v);
  double best = infinity;
  std::vector<bool> removed(g.node_count(), false);
  for (std::uint32_t subset = 0; subset < (1u << cuttable.size()); ++subset) {
    double sum = 0.0;
    for (std::size_t i = 0; i < cuttable.size(); ++i)
      if (subset >> i & 1u) sum += cost[cuttable[i]];
    if (sum >= best) continue;
    for (std::size_t i = 0; i < cuttable.size(); ++i)
      removed[cuttable[i]] = (subset >> i & 1u) != 0;
    if (!target_available(g, target, filter, removed)) best = sum;
  }
  return best;
}

std::size_t cuttable_cone_size(const graph& g, node_index target, const edge_filter& filter,
                               const std::vector<double>& cost) {
  std::size_t count = 0;
  for (node_index v : upstream_cone(g, target, filter))
    count += v != target && std::isfinite(cost[v]);
  return count;
}

/// Random costs: small integers (many ties), or reals in [0.1, 10); some nodes may not be cut.
std::vector<double> random_costs(const graph& g, std::uint64_t seed) {
  std::mt19937_64 rng(seed * 7919 + 13);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const double uncuttable = (seed % 3) * 0.08;  // 0, 8 or 16 % of the nodes
  const bool integers = seed % 2 == 0;
  std::vector<double> cost(g.node_count());
  for (double& c : cost) {
    if (unit(rng) < uncuttable)
      c = infinity;
    else
      c = integers ? static_cast<double>(1 + rng() % 4) : 0.1 + 9.9 * unit(rng);
  }
  return cost;
}

// Cycle-heavy AND/OR graphs: every non-source node needs one to three named slots, each with one
// to three providers, one in six drawn from anywhere; one edge in five of low confidence.
graph and_or_graph(std::uint64_t seed) {
  return and_or_slot_graph(seed, {.max_nodes = 16,
                                  .max_slots = 3,
                                  .backwards_one_in = 6,
                                  .draw = slot_edge_draw::low_confidence});
}

struct tally {
  std::size_t graphs = 0, cyclic_graphs = 0, cases = 0, impossible = 0, unavailable = 0;
  std::size_t exact = 0, upper_bound = 0, upper_bound_at_minimum = 0;
  std::size_t heuristic_exact = 0, heuristic_upper_bound = 0, heuristic_at_minimum = 0;
};

/// The properties every answer must have, whatever the method: a valid cut of the right cost,
/// minimal by inclusion, never the target, only cuttable members.
void check_cut(const graph& g, node_index target, const edge_filter& filter,
               const std::vector<double>& cost, const min_cut_result& result, double minimum,
               const std::string& where) {
  ASSERT_EQ(result.target, target) << where;
  ASSERT_FALSE(result.unavailable) << where;
  if (std::isinf(minimum)) {
    ASSERT_TRUE(result.impossible) << where;
    ASSERT_TRUE(result.cut.empty()) << where;
    ASSERT_TRUE(std::isinf(result.cost)) << where;
    ASSERT_TRUE(result.exact) << where;
    return;
  }
  ASSERT_FALSE(result.impossible) << where;
  ASSERT_TRUE(std::is_sorted(result.cut.begin(), result.cut.end())) << where;
  ASSERT_TRUE(std::adjacent_find(result.cut.begin(), result.cut.end()) == result.cut.end())
      << where;
  double sum = 0.0;
  std::vector<bool> removed(g.node_count(), false);
  for (node_index v : result.cut) {
    ASSERT_NE(v, target) << where;
    ASSERT_TRUE(std::isfinite(cost[v])) << where << ": node " << v << " may not be cut";
    sum += cost[v];
    removed[v] = true;
  }
  ASSERT_NEAR(result.cost, sum, 1e-9) << where;
  ASSERT_TRUE(stops_target(g, target, result.cut, filter)) << where;
  ASSERT_FALSE(target_available(g, target, filter, removed)) << where;
  for (node_index v : result.cut) {  // minimal by inclusion
    removed[v] = false;
    ASSERT_TRUE(target_available(g, target, filter, removed))
        << where << ": member " << v << " is not needed";
    removed[v] = true;
  }
  if (result.exact) {
    ASSERT_TRUE(result.reason.empty()) << where;
    ASSERT_NEAR(result.cost, minimum, 1e-9) << where;
  } else {
    ASSERT_FALSE(result.reason.empty()) << where;
    ASSERT_GE(result.cost, minimum - 1e-9) << where;
  }
}

/// Checks cheapest_cut (exact budget and a budget of one choice) on up to three available
/// targets with small cones, and on one unavailable target, against the oracle.
void check_graph(const graph& g, std::uint64_t seed, const edge_filter& filter,
                 const std::vector<double>& cost, bool unit_costs, tally& count) {
  ++count.graphs;
  count.cyclic_graphs += has_cycle(g);
  const std::vector<bool> base = available_nodes(
      g, [&](edge_index e) { return present(filter, e); }, [](node_index) { return true; });
  std::vector<std::pair<std::size_t, node_index>> candidates;  // (cone size, target)
  bool checked_unavailable = false;
  for (node_index t : g.nodes()) {
    if (!base[t]) {
      if (checked_unavailable) continue;
      checked_unavailable = true;
      min_cut_result result = cheapest_cut(g, t, {.edge_present = filter});
      ASSERT_TRUE(result.unavailable) << "seed " << seed;
      ASSERT_TRUE(result.cut.empty() && result.cost == 0.0 && !result.impossible);
      ++count.unavailable;
      continue;
    }
    std::size_t size = cuttable_cone_size(g, t, filter, cost);
    if (size <= 14) candidates.emplace_back(size, t);
  }
  std::sort(candidates.begin(), candidates.end(), std::greater<>());
  if (candidates.size() > 3) candidates.resize(3);
  std::function<double(node_index)> cost_of;
  if (!unit_costs) cost_of = [&cost](node_index v) { return cost[v]; };
  for (auto [size, t] : candidates) {
    const std::string where = "seed " + std::to_string(seed) + " target " + std::to_string(t);
    const double minimum = brute_force_minimum(g, t, filter, cost);
    ++count.cases;
    count.impossible += std::isinf(minimum);

    min_cut_result result = cheapest_cut(g, t, {.edge_present = filter, .cost = cost_of});
    check_cut(g, t, filter, cost, result, minimum, where + " (default budget)");
    if (result.exact) {
      ++count.exact;
    } else {
      ++count.upper_bound;
      count.upper_bound_at_minimum += std::abs(result.cost - minimum) <= 1e-9;
    }

    min_cut_result bound =
        cheapest_cut(g, t, {.edge_present = filter, .cost = cost_of, .max_exact_choices = 1});
    check_cut(g, t, filter, cost, bound, minimum, where + " (budget 1)");
    if (bound.exact)
      ++count.heuristic_exact;
    else
      ++count.heuristic_upper_bound;
    count.heuristic_at_minimum += std::isfinite(minimum) && std::abs(bound.cost - minimum) <= 1e-9;
  }
}

void report(const char* name, const tally& count) {
  std::printf(
      "[%s] graphs %zu (%zu with cycles), available targets %zu (%zu impossible), unavailable "
      "targets %zu\n  default budget: exact %zu, upper bound %zu (%zu of them at the minimum)\n"
      "  budget 1: exact %zu, upper bound %zu; at the minimum %zu\n",
      name, count.graphs, count.cyclic_graphs, count.cases, count.impossible, count.unavailable,
      count.exact, count.upper_bound, count.upper_bound_at_minimum, count.heuristic_exact,
      count.heuristic_upper_bound, count.heuristic_at_minimum);
}

}  // namespace

// ---- against brute force

TEST(CheapestCut, MatchesBruteForceOnRandomAndOrGraphs) {
  tally count;
  for (std::uint64_t seed = 1; seed <= 1200; ++seed) {
    // Two graphs of the shared generator (every kind, named and default slots, cycles) for one
    // cycle-heavy AND/OR graph with up to three slots per node.
    graph g = seed % 3 == 0
                  ? and_or_graph(seed)
                  : micgraph::testing::random_graph(
                        seed, {.min_nodes = 4,
                               .max_nodes = 18,
                               .edges_per_node = 1.5 + static_cast<double>(seed % 4) * 0.4,
                               .back_edge_fraction = static_cast<double>(seed % 4) * 0.1});
    edge_filter filter;  // every other graph: an evidence filter drops the low-confidence edges
    if (seed % 2 == 1) filter = [&g](edge_index e) { return g.edge_confidences()[e] >= 0.5; };
    const bool unit_costs = seed % 5 == 0;
    std::vector<double> cost =
        unit_costs ? std::vector<double>(g.node_count(), 1.0) : random_costs(g, seed);
    check_graph(g, seed, filter, cost, unit_costs, count);
    if (HasFatalFailure()) return;
  }
  report("AND/OR", count);
  EXPECT_EQ(count.graphs, 1200u);
  EXPECT_GE(count.cyclic_graphs, 200u);
  EXPECT_GE(count.cases, 2000u);
  EXPECT_GE(count.impossible, 50u);
  EXPECT_GE(count.unavailable, 200u);
  // Cones of at most 14 cuttable nodes: the default budget nearly always enumerates every choice.
  EXPECT_GE(count.exact, count.cases * 95 / 100);
  // A budget of one choice takes the upper bound wherever AND requirements matter.
  EXPECT_GE(count.heuristic_upper_bound, 200u);
}

TEST(CheapestCut, AlwaysExactOnOrOnlyGraphs) {
  tally count;
  for (std::uint64_t seed = 1; seed <= 400; ++seed) {
    graph g = or_only_random_edge_graph(seed);
    edge_filter filter;
    if (seed % 2 == 0) filter = [&g](edge_index e) { return g.edge_confidences()[e] >= 0.5; };
    const bool unit_costs = seed % 4 == 0;
    std::vector<double> cost =
        unit_costs ? std::vector<double>(g.node_count(), 1.0) : random_costs(g, seed);
    check_graph(g, seed, filter, cost, unit_costs, count);
    if (HasFatalFailure()) return;
  }
  report("OR-only", count);
  EXPECT_EQ(count.upper_bound, 0u);
  EXPECT_EQ(count.heuristic_upper_bound, 0u);  // one max-flow, whatever the budget
  EXPECT_EQ(count.exact, count.cases);
  EXPECT_GE(count.cases, 600u);
  EXPECT_GE(count.cyclic_graphs, 100u);
}

TEST(CheapestCut, ValidAndMinimalOnLargerGraphs) {
  std::size_t cases = 0, exact = 0;
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    graph g = micgraph::testing::random_graph(
        seed,
        {.min_nodes = 150, .max_nodes = 300, .edges_per_node = 2.5, .back_edge_fraction = 0.1});
    std::vector<double> cost = random_costs(g, seed);
    const std::vector<bool> base = available_nodes(g);
    // The last available nodes in node order have the largest upstream cones.
    std::size_t taken = 0;
    for (node_index t = static_cast<node_index>(g.node_count()); t-- > 0 && taken < 3;) {
      if (!base[t]) continue;
      ++taken;
      for (std::size_t budget : {std::size_t{4096}, std::size_t{1}}) {
        min_cut_result result = cheapest_cut(
            g, t, {.cost = [&cost](node_index v) { return cost[v]; }, .max_exact_choices = budget});
        ++cases;
        exact += result.exact;
        if (result.impossible) {
          std::vector<bool> removed(g.node_count(), false);
          for (node_index v : upstream_cone(g, t, {}))
            removed[v] = v != t && std::isfinite(cost[v]);
          EXPECT_TRUE(target_available(g, t, {}, removed)) << "seed " << seed;
          continue;
        }
        ASSERT_TRUE(stops_target(g, t, result.cut)) << "seed " << seed << " target " << t;
        std::vector<bool> removed(g.node_count(), false);
        double sum = 0.0;
        for (node_index v : result.cut) removed[v] = true, sum += cost[v];
        EXPECT_NEAR(result.cost, sum, 1e-9);
        for (node_index v : result.cut) {
          removed[v] = false;
          EXPECT_TRUE(target_available(g, t, {}, removed)) << "seed " << seed;
          removed[v] = true;
        }
      }
    }
  }
  std::printf("[larger graphs] cases %zu, exact %zu, upper bound %zu\n", cases, exact,
              cases - exact);
  EXPECT_GE(cases, 150u);
}

// ---- hand cases from the seeds

namespace {

/// Costs by id; every other node costs `otherwise`.
std::function<double(node_index)> costs(const graph& g,
                                        std::vector<std::pair<std::string, double>> by_id,
                                        double otherwise = 1.0) {
  std::vector<double> cost(g.node_count(), otherwise);
  for (const auto& [id, value] : by_id) cost[g.find(id)] = value;
  return [cost](node_index v) { return cost[v]; };
}

// Costs of the missile case: makers 6, controller support 0.75 each, machining centres 4, the
// airframe plant 3, the airframe 3.5, chip makers 1 each, the chip 5.
std::vector<std::pair<std::string, double>> missile_costs(double support) {
  return {{"de-cnc-maker", 6},
          {"jp-cnc-maker", 6},
          {"de-controller-support", support},
          {"jp-controller-support", support},
          {"de-5-axis", 4},
          {"jp-5-axis", 4},
          {"airframe-plant", 3},
          {"machined-airframe", 3.5},
          {"us-chip-maker", 1},
          {"tw-chip-maker", 1},
          {"guidance-chip", 5}};
}

}  // namespace

TEST(CheapestCut, ServicingCutBeatsTheChipMakers) {
  graph g = missile_with_airframe_and_guidance_chip();
  node_index missile = g.find("cruise-missile");
  // Stopping the airframe: both controller-support services 0.75 + 0.75 = 1.5, the plant 3,
  // the airframe 3.5, both machining centres 8, both makers 12. Stopping the chip: both chip
  // makers 1 + 1 = 2, the chip 5. Cheapest: the servicing cut, 1.5.
  min_cut_result result = cheapest_cut(g, missile, {.cost = costs(g, missile_costs(0.75))});
  EXPECT_TRUE(result.exact);
  EXPECT_FALSE(result.impossible);
  EXPECT_FALSE(result.unavailable);
  EXPECT_DOUBLE_EQ(result.cost, 1.5);
  EXPECT_EQ(sorted_ids(g, result.cut),
            (std::vector<std::string>{"de-controller-support", "jp-controller-support"}));
  // Slot choices that matter: the missile's two (airframe, chip); under the airframe, each
  // machining centre's two (maker, support): 2 * 2 + 1 = 5 reduced graphs, not all 2^3 = 8.
  EXPECT_EQ(result.max_flows, 5u);
  EXPECT_TRUE(stops_target(g, missile, result.cut));
}

TEST(CheapestCut, ChipMakersWinWhenServicingCostsMore) {
  graph g = missile_with_airframe_and_guidance_chip();
  // Support at 1.25 each: the servicing cut costs 2.5 > 2 for the two chip makers.
  min_cut_result result =
      cheapest_cut(g, g.find("cruise-missile"), {.cost = costs(g, missile_costs(1.25))});
  EXPECT_TRUE(result.exact);
  EXPECT_DOUBLE_EQ(result.cost, 2.0);
  EXPECT_EQ(sorted_ids(g, result.cut),
            (std::vector<std::string>{"tw-chip-maker", "us-chip-maker"}));
}

TEST(CheapestCut, NodesThatMayNotBeCutAreAvoided) {
  graph g = missile_with_airframe_and_guidance_chip();
  // Japan does not join: its maker and its support may not be cut; the chip makers cost 4 each
  // (8 together). Left: the plant 3, the airframe 3.5, German support + Japanese centre
  // 0.75 + 4 = 4.75, the chip 5. Cheapest: the plant, 3.
  auto cost = missile_costs(0.75);
  cost.push_back({"jp-cnc-maker", infinity});
  cost.push_back({"jp-controller-support", infinity});
  cost.push_back({"us-chip-maker", 4});
  cost.push_back({"tw-chip-maker", 4});
  min_cut_result result = cheapest_cut(g, g.find("cruise-missile"), {.cost = costs(g, cost)});
  EXPECT_TRUE(result.exact);
  EXPECT_DOUBLE_EQ(result.cost, 3.0);
  EXPECT_EQ(sorted_ids(g, result.cut), (std::vector<std::string>{"airframe-plant"}));
}

TEST(CheapestCut, UnitCostsFindASinglePointOfFailure) {
  graph g = missile_with_airframe_and_guidance_chip();
  // One node per cut: the plant, the airframe and the chip each stop the missile alone.
  min_cut_result result = cheapest_cut(g, g.find("cruise-missile"));
  EXPECT_TRUE(result.exact);
  EXPECT_DOUBLE_EQ(result.cost, 1.0);
  ASSERT_EQ(result.cut.size(), 1u);
  std::string id(g.node(result.cut.front()).id());
  EXPECT_TRUE(id == "airframe-plant" || id == "machined-airframe" || id == "guidance-chip") << id;
}

TEST(CheapestCut, NoBudgetGivesAnUpperBoundWithAReason) {
  graph g = missile_with_airframe_and_guidance_chip();
  // The per-node cheapest slot: each machining centre is cheapest to stop through its support
  // (0.75 < 6), the airframe plant through both centres (1.5 < 3), the missile through its
  // airframe (1.5 < 2): the heuristic finds the optimum but cannot prove it (a cut could cost
  // as little as its cheapest member, 0.75).
  min_cut_result result = cheapest_cut(
      g, g.find("cruise-missile"), {.cost = costs(g, missile_costs(0.75)), .max_exact_choices = 0});
  EXPECT_FALSE(result.exact);
  EXPECT_NE(result.reason.find("AND requirements at 3 nodes"), std::string::npos) << result.reason;
  EXPECT_NE(result.reason.find("upper bound"), std::string::npos) << result.reason;
  EXPECT_DOUBLE_EQ(result.cost, 1.5);
  EXPECT_TRUE(stops_target(g, g.find("cruise-missile"), result.cut));
}

TEST(CheapestCut, ToolmakerCycleCannotLiftItself) {
  // A lathe plant makes lathes on its own lathes; imports from a German dealer fill the gap.
  // Without the importer the cycle cannot lift itself, so the importer (2) stops the shells,
  // cheaper than the lathes (5); the lathe plant (3) alone does not (imports continue).
  graph g = shell_toolmaker_cycle();
  node_index shell = g.find("shell");
  auto cost = costs(g, {{"de-importer", 2}, {"lathes", 5}, {"lathe-plant", 3}});
  min_cut_result result = cheapest_cut(g, shell, {.cost = cost});
  EXPECT_TRUE(result.exact);
  EXPECT_EQ(sorted_ids(g, result.cut), (std::vector<std::string>{"de-importer"}));
  EXPECT_DOUBLE_EQ(result.cost, 2.0);
  // The importer may not be cut: only the lathes themselves (5) stop the shells.
  result = cheapest_cut(
      g, shell, {.cost = costs(g, {{"de-importer", infinity}, {"lathes", 5}, {"lathe-plant", 3}})});
  EXPECT_EQ(sorted_ids(g, result.cut), (std::vector<std::string>{"lathes"}));
  EXPECT_DOUBLE_EQ(result.cost, 5.0);
}

TEST(CheapestCut, EvidenceFilterDropsAnAlternative) {
  // A drone's FPGA comes from a US maker (2) or, by a low-confidence report, a Hong Kong
  // distributor (1). With every edge: both, 3 (cheaper than the FPGA itself, 10). Trusting only
  // confidence >= 0.5: the US maker alone, 2.
  graph g = drone_with_weak_fpga_channel();
  auto cost = costs(g, {{"us-fpga-maker", 2}, {"hk-distributor", 1}, {"fpga", 10}});
  min_cut_result all = cheapest_cut(g, g.find("drone"), {.cost = cost});
  EXPECT_DOUBLE_EQ(all.cost, 3.0);
  EXPECT_EQ(sorted_ids(g, all.cut), (std::vector<std::string>{"hk-distributor", "us-fpga-maker"}));
  edge_filter trusted = [&g](edge_index e) { return g.edge_confidences()[e] >= 0.5; };
  min_cut_result filtered =
      cheapest_cut(g, g.find("drone"), {.edge_present = trusted, .cost = cost});
  EXPECT_DOUBLE_EQ(filtered.cost, 2.0);
  EXPECT_EQ(sorted_ids(g, filtered.cut), (std::vector<std::string>{"us-fpga-maker"}));
  EXPECT_TRUE(stops_target(g, g.find("drone"), filtered.cut, trusted));
  EXPECT_FALSE(stops_target(g, g.find("drone"), filtered.cut));
}

TEST(CheapestCut, DomesticSupplyCannotBeCut) {
  // Artillery shells from a domestic plant on domestic steel, with an imported-steel alternative:
  // nothing that may be cut stops them.
  graph_builder b;
  b.add_node("ru-steel", {.kind = node_kind::material, .country = "RU"});
  b.add_node("imported-steel", {.kind = node_kind::material, .country = "CN"});
  b.add_node("shell-plant", {.kind = node_kind::facility, .country = "RU"});
  b.add_node("shell", {.kind = node_kind::product, .country = "RU"});
  b.add_edge("ru-steel", "shell-plant", {.kind = edge_kind::supplies});
  b.add_edge("imported-steel", "shell-plant", {.kind = edge_kind::supplies});
  b.add_edge("shell-plant", "shell", {.kind = edge_kind::produces});
  graph g = b.freeze();
  min_cut_result result =
      cheapest_cut(g, g.find("shell"),
                   {.cost = costs(g, {{"ru-steel", infinity}, {"shell-plant", infinity}}, 1.0)});
  EXPECT_TRUE(result.impossible);
  EXPECT_TRUE(result.exact);
  EXPECT_TRUE(result.cut.empty());
  EXPECT_TRUE(std::isinf(result.cost));
  // A source can never be stopped by anything but itself.
  EXPECT_TRUE(cheapest_cut(g, g.find("ru-steel")).impossible);
}

TEST(CheapestCut, UnavailableTargetNeedsNoCut) {
  // A seeker line that needs the seekers it makes never starts.
  graph_builder b;
  b.add_node("seeker", {.kind = node_kind::component});
  b.add_node("seeker-line", {.kind = node_kind::machine_tool});
  b.add_node("missile", {.kind = node_kind::product});
  b.add_edge("seeker-line", "seeker", {.kind = edge_kind::tooling});
  b.add_edge("seeker", "seeker-line", {.kind = edge_kind::produces});
  b.add_edge("seeker", "missile", {.kind = edge_kind::component_of});
  graph g = b.freeze();
  min_cut_result result = cheapest_cut(g, g.find("missile"));
  EXPECT_TRUE(result.unavailable);
  EXPECT_TRUE(result.exact);
  EXPECT_FALSE(result.impossible);
  EXPECT_TRUE(result.cut.empty());
  EXPECT_EQ(result.cost, 0.0);
  EXPECT_TRUE(stops_target(g, g.find("missile"), {}));
}

TEST(CheapestCut, RejectsBadCostsAndTargets) {
  graph g = missile_with_airframe_and_guidance_chip();
  node_index missile = g.find("cruise-missile");
  for (double bad : {0.0, -1.0, -infinity, std::numeric_limits<double>::quiet_NaN()}) {
    auto cost = costs(g, {{"us-chip-maker", bad}});
    EXPECT_THROW(cheapest_cut(g, missile, {.cost = cost}), micgraph::error) << bad;
  }
  try {
    cheapest_cut(g, missile, {.cost = costs(g, {{"us-chip-maker", -2.0}})});
    FAIL() << "expected micgraph::error";
  } catch (const micgraph::error& e) {
    EXPECT_NE(std::string(e.what()).find("us-chip-maker"), std::string::npos) << e.what();
  }
  EXPECT_THROW(cheapest_cut(g, static_cast<node_index>(g.node_count())), micgraph::error);
  std::vector<node_index> bad_cut{static_cast<node_index>(g.node_count())};
  EXPECT_THROW(stops_target(g, missile, bad_cut), micgraph::error);
  // The target's own cost is never asked for.
  std::function<double(node_index)> only_others = [missile](node_index v) {
    return v == missile ? -1.0 : 1.0;
  };
  EXPECT_NO_THROW(cheapest_cut(g, missile, {.cost = only_others}));
}

TEST(CheapestCut, UpperBoundSeesThroughAToolmakerCycle) {
  // A glide-bomb plant (may not be cut) needs domestic steel (may not be cut) and lathes. The
  // lathes (may not be cut) come from a lathe plant (may not be cut) that runs on its own
  // lathes, or from a German importer (1). The importer alone stops everything: the cycle cannot
  // lift itself. The bottom-up estimate cannot see that (the cycle's members look unstoppable),
  // so the per-node cheapest slot of the bomb plant is a tie that picks the steel, whose reduced
  // graph has no finite cut; the answer comes from re-choosing the slots that cutting every
  // cuttable node leaves unmet.
  graph_builder b;
  b.add_node("domestic-steel", {.kind = node_kind::material, .country = "RU"});
  b.add_node("de-importer", {.kind = node_kind::firm, .country = "DE"});
  b.add_node("lathes", {.kind = node_kind::machine_tool});
  b.add_node("lathe-plant", {.kind = node_kind::facility, .country = "RU"});
  b.add_node("bomb-plant", {.kind = node_kind::facility, .country = "RU"});
  b.add_node("glide-bomb", {.kind = node_kind::product, .country = "RU"});
  b.add_edge("domestic-steel", "bomb-plant", {.kind = edge_kind::supplies, .input = "steel"});
  b.add_edge("lathes", "bomb-plant", {.kind = edge_kind::tooling, .input = "machining"});
  b.add_edge("de-importer", "lathes", {.kind = edge_kind::supplies});
  b.add_edge("lathe-plant", "lathes", {.kind = edge_kind::produces});
  b.add_edge("lathes", "lathe-plant", {.kind = edge_kind::tooling});
  b.add_edge("bomb-plant", "glide-bomb", {.kind = edge_kind::produces});
  graph g = b.freeze();
  auto cost = costs(g, {{"de-importer", 1.0}}, infinity);
  for (std::size_t budget : {std::size_t{4096}, std::size_t{1}}) {
    min_cut_result result =
        cheapest_cut(g, g.find("glide-bomb"), {.cost = cost, .max_exact_choices = budget});
    EXPECT_FALSE(result.impossible);
    EXPECT_TRUE(result.exact) << budget;  // one member, the cheapest cuttable node
    EXPECT_EQ(sorted_ids(g, result.cut), (std::vector<std::string>{"de-importer"})) << budget;
    EXPECT_DOUBLE_EQ(result.cost, 1.0);
  }
}

TEST(CheapestCut, DeepChainOfAndRequirements) {
  // 100,000 assembly stages, each needing the stage before (10 to cut) and one export licence
  // shared by all (5 to cut): the licence stops the last stage. Every stage has two slots
  // (2^99,999 choice functions, 100,000 of them matter), so the enumeration, depth-first with an
  // explicit stack as deep as the chain, gives up after the budget; the upper bound, the
  // licence, is certified by being the cheapest cuttable node.
  const std::size_t stages = 100000;
  graph_builder b;
  b.reserve(stages + 1, 2 * stages);
  b.add_node("licence", {.kind = node_kind::service, .country = "DE"});
  for (std::size_t i = 0; i < stages; ++i)
    b.add_node(numbered("stage-", i), {.kind = node_kind::facility});
  for (std::size_t i = 1; i < stages; ++i) {
    b.add_edge(static_cast<node_index>(i), static_cast<node_index>(i + 1),
               {.kind = edge_kind::supplies, .input = "previous"});
    b.add_edge(0, static_cast<node_index>(i + 1), {.kind = edge_kind::services});
  }
  graph g = b.freeze();
  node_index last = g.find(numbered("stage-", stages - 1));
  auto cost = costs(g, {{"licence", 5.0}}, 10.0);
  min_cut_result result = cheapest_cut(g, last, {.cost = cost});
  EXPECT_EQ(sorted_ids(g, result.cut), (std::vector<std::string>{"licence"}));
  EXPECT_DOUBLE_EQ(result.cost, 5.0);
  EXPECT_TRUE(result.exact);
  EXPECT_TRUE(result.reason.empty());
}

}  // namespace analysis_min_cut_test_cases
