// Ownership propagation (analysis/ownership.hpp): an independent brute force (rounds of plain
// loops to the fixpoint) on many random ownership graphs, the examples of OFAC's published
// guidance, the EU and UK presets side by side, dates, hop limits, cycles and explanations.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <micgraph/analysis/ownership.hpp>
#include <micgraph/builder.hpp>
#include <micgraph/import/ftm.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace micgraph;

// In a namespace of its own: the unity build compiles several test files as one.
namespace analysis_ownership_test_cases {

namespace {

/// The round definition, evaluated by brute force: round 0 is the listed nodes; in round k a
/// node not yet blocked is blocked when the owners blocked in earlier rounds hold stakes in it
/// that reach the threshold (summed, or one owner's alone), or one of them controls it; stop
/// after max_hops rounds or when a round adds nothing. Returns the round of every node.
std::vector<std::uint32_t> brute_force(const graph& g, const std::vector<node_index>& listed,
                                       const ownership_rule& rule) {
  const std::size_t n = g.node_count();
  std::vector<std::uint32_t> round(n, no_index);
  for (node_index v : listed) round[v] = 0;
  auto in_force = [&](edge_index e) {
    if (!rule.as_of) return true;
    return micgraph::in_force(g.edge(e).start_date(), g.edge(e).end_date(), *rule.as_of);
  };
  auto reaches = [&](double stake) {  // the documented comparison, written out
    if (stake <= 0.0) return false;
    if (rule.threshold == 0.0) return true;
    return rule.inclusive ? stake >= rule.threshold - 1e-9 : stake > rule.threshold + 1e-9;
  };
  for (std::uint32_t k = 1; rule.max_hops == ownership_rule::unlimited_hops || k <= rule.max_hops;
       ++k) {
    std::vector<node_index> added;
    for (node_index v = 0; v < n; ++v) {
      if (round[v] != no_index) continue;
      std::map<node_index, double> stake_of;  // blocked owner -> its stakes in v
      bool controlled = false;
      for (edge_index e = 0; e < g.edge_count(); ++e) {
        const edge_view edge = g.edge(e);
        if (edge.target() != v || round[edge.source()] == no_index || round[edge.source()] >= k ||
            !in_force(e))
          continue;
        if (edge.kind() == edge_kind::owns) stake_of[edge.source()] += edge.share();
        if (edge.kind() == edge_kind::controls && rule.control) controlled = true;
      }
      double total = 0.0;
      bool one_alone = false;
      for (const auto& [owner, stake] : stake_of)
        total += stake, one_alone = one_alone || reaches(stake);
      if (controlled || (rule.aggregate ? reaches(total) : one_alone)) added.push_back(v);
    }
    if (added.empty()) break;
    for (node_index v : added) round[v] = k;
  }
  return round;
}

/// A random ownership graph: persons and firms, stakes often at 25/50/100%, several owners
/// per entity, parallel stakes, cross-holdings (cycles), control, dated edges.
graph random_ownership(std::mt19937_64& rng, std::size_t nodes) {
  auto below = [&](std::size_t bound) { return static_cast<std::size_t>(rng() % bound); };
  graph_builder b;
  for (std::size_t i = 0; i < nodes; ++i) {
    std::string id = "e";
    id.append(std::to_string(i));  // (GCC 12's -Wrestrict misreads "e" + to_string(i))
    b.add_node(id, {.kind = below(4) == 0 ? node_kind::person : node_kind::firm});
  }
  static const double stakes[] = {0.5,  0.25, 0.5, 1.0,  0.1,  0.2,   0.3,  0.4,
                                  0.49, 0.51, 0.6, 0.75, 0.05, 0.125, 0.375};
  const std::size_t edges = below(3 * nodes + 1);
  const day_number base = days_from_civil(2010, 1, 1);
  for (std::size_t j = 0; j < edges; ++j) {
    const auto from = static_cast<node_index>(below(nodes)),
               to = static_cast<node_index>(below(nodes));
    edge_fields fields{.kind = below(6) == 0 ? edge_kind::controls : edge_kind::owns};
    if (fields.kind == edge_kind::owns)
      fields.share = below(4) == 0 ? 0.01 + 0.99 * static_cast<double>(below(1000)) / 1000.0
                                   : stakes[below(15)];
    if (below(3) == 0) fields.start_date = base + static_cast<day_number>(below(3000));
    if (below(3) == 0)
      fields.end_date = fields.start_date.value_or(base) + static_cast<day_number>(below(3000));
    if (below(10) == 0)
      fields.kind = edge_kind::supplies, fields.start_date.reset(), fields.end_date.reset();
    b.add_edge(from, to, fields);
  }
  return b.freeze();
}

ownership_rule random_rule(std::mt19937_64& rng) {
  auto below = [&](std::size_t bound) { return static_cast<std::size_t>(rng() % bound); };
  if (below(2) == 0)  // a preset
    return *ownership_rule::preset(
        ownership_rule::preset_names[below(std::size(ownership_rule::preset_names))]);
  static const double thresholds[] = {0.0, 0.25, 0.5, 0.5, 0.51, 0.75, 1.0};
  ownership_rule rule{.threshold = thresholds[below(7)],
                      .inclusive = below(2) == 0,
                      .aggregate = below(2) == 0,
                      .control = below(2) == 0};
  if (below(3) == 0) rule.max_hops = static_cast<std::uint32_t>(below(4));
  if (below(2) == 0)
    rule.as_of = days_from_civil(2010, 1, 1) + static_cast<day_number>(below(6000));
  return rule;
}

/// Every blocked entity's explanation is a valid proof: holdings of owners blocked fewer hops
/// away whose stakes reach the threshold (or who control it), down to listed nodes.
void expect_sound_explanations(const graph& g, const ownership_result& r) {
  const std::vector<ownership_reason> reasons = ownership_reasons(g, r);
  ASSERT_EQ(reasons.size(), r.blocked.size());
  for (std::size_t i = 0; i < r.blocked.size(); ++i) {
    const node_index v = r.blocked[i];
    const ownership_explanation why = explain_ownership(g, r, v);
    ASSERT_FALSE(why.entities.empty());
    ASSERT_EQ(why.entities[0].entity, v);
    // The one-step reasons of every blocked entity agree with the explanation's first step.
    ASSERT_EQ(reasons[i].entity, v);
    ASSERT_EQ(reasons[i].counted, why.entities[0].counted);
    ASSERT_EQ(reasons[i].holdings.size(), why.entities[0].holdings.size());
    for (std::size_t k = 0; k < reasons[i].holdings.size(); ++k)
      ASSERT_EQ(r.blocked[reasons[i].holdings[k].owner_reason], why.entities[0].holdings[k].owner);
    for (const ownership_reason& reason : why.entities) {
      ASSERT_EQ(reason.hops, r.hops[reason.entity]);
      if (reason.listed) {
        EXPECT_TRUE(std::binary_search(r.listed.begin(), r.listed.end(), reason.entity));
        continue;
      }
      ASSERT_FALSE(reason.holdings.empty());
      double counted = 0.0;
      bool controlled = false;
      for (const ownership_holding& h : reason.holdings) {
        ASSERT_LT(r.hops[h.owner], reason.hops);
        ASSERT_EQ(why.entities[h.owner_reason].entity, h.owner);
        counted = r.rule.aggregate ? counted + h.stake : std::max(counted, h.stake);
        controlled = controlled || h.controls;
        for (edge_index e : h.edges) {
          EXPECT_EQ(g.edge(e).source(), h.owner);
          EXPECT_EQ(g.edge(e).target(), reason.entity);
        }
      }
      if (reason.by_control)
        EXPECT_TRUE(controlled && r.rule.control);
      else
        EXPECT_TRUE(r.rule.reached(counted)) << counted;
    }
  }
}

/// True when v can reach itself over `owns` edges (it is in a cross-holding).
bool on_ownership_cycle(const graph& g, node_index v) {
  std::vector<bool> seen(g.node_count(), false);
  std::vector<node_index> stack{v};
  while (!stack.empty()) {
    const node_index u = stack.back();
    stack.pop_back();
    for (edge_index e : g.out_edges(u)) {
      if (g.edge(e).kind() != edge_kind::owns) continue;
      const node_index t = g.edge(e).target();
      if (t == v) return true;
      if (!seen[t]) seen[t] = true, stack.push_back(t);
    }
  }
  return false;
}

std::string ids(const graph& g, const ownership_result& r) {
  std::vector<std::string> out;
  for (node_index v : r.blocked) out.emplace_back(g.node(v).id());
  std::sort(out.begin(), out.end());
  std::string text;
  for (const std::string& id : out) {
    if (!text.empty()) text.push_back(' ');
    text.append(id);
  }
  return text;
}

/// Builds an ownership graph from (owner, asset, stake) triples; stake 0 means `controls`.
struct holding_list {
  std::vector<std::tuple<std::string, std::string, double>> stakes;
  graph build() const {
    graph_builder b;
    std::set<std::string> seen;
    for (const auto& [owner, asset, stake] : stakes)
      for (const std::string& id : {owner, asset})
        if (seen.insert(id).second)
          b.add_node(id,
                     {.kind = id[0] == 'X' || id[0] == 'Y' ? node_kind::person : node_kind::firm});
    for (const auto& [owner, asset, stake] : stakes)
      b.add_edge(owner, asset,
                 stake == 0.0 ? edge_fields{.kind = edge_kind::controls}
                              : edge_fields{.kind = edge_kind::owns, .share = stake});
    return b.freeze();
  }
};

std::string blocked_ids(const holding_list& h, std::vector<std::string> listed,
                        const ownership_rule& rule) {
  graph g = h.build();
  std::vector<node_index> numbers;
  for (const std::string& id : listed) numbers.push_back(g.find(id));
  ownership_result r = ownership_blocked(g, numbers, rule);
  EXPECT_EQ(r.hops, brute_force(g, r.listed, rule));
  expect_sound_explanations(g, r);
  return ids(g, r);
}

}  // namespace

TEST(Ownership, MatchesTheBruteForceOnRandomGraphs) {
  std::mt19937_64 rng(20140813);
  std::size_t graphs = 0, runs = 0, blocked_beyond_listed = 0, at_exactly_half = 0, joint_only = 0,
              limited = 0, dated = 0, cyclic = 0;
  for (int i = 0; i < 5000; ++i) {
    const std::size_t nodes = 2 + static_cast<std::size_t>(rng() % 28);
    const graph g = random_ownership(rng, nodes);
    ++graphs;
    for (int j = 0; j < 4; ++j) {
      std::vector<node_index> listed;
      const std::size_t count = 1 + rng() % std::max<std::size_t>(1, nodes / 4);
      for (std::size_t k = 0; k < count; ++k)
        listed.push_back(static_cast<node_index>(rng() % nodes));
      const ownership_rule rule = random_rule(rng);
      SCOPED_TRACE(::testing::Message()
                   << "graph " << i << " run " << j << " threshold " << rule.threshold
                   << (rule.inclusive ? " >=" : " >") << (rule.aggregate ? " aggregate" : "")
                   << (rule.control ? " control" : "") << " hops " << rule.max_hops);
      const ownership_result r = ownership_blocked(g, listed, rule);
      const std::vector<std::uint32_t> expected = brute_force(g, r.listed, rule);
      ASSERT_EQ(r.hops, expected);
      ++runs;
      blocked_beyond_listed += r.blocked.size() - r.listed.size();
      limited += rule.max_hops != ownership_rule::unlimited_hops;
      dated += rule.as_of.has_value();
      if (i % 10 == 0) expect_sound_explanations(g, r);
      // What the run exercised: entities at exactly the threshold, entities only a joint
      // holding blocks, blocked members of ownership cycles.
      for (node_index v : r.blocked) {
        if (r.hops[v] == 0) continue;
        double total = 0.0, largest = 0.0;
        std::map<node_index, double> by_owner;
        for (edge_index e : g.edges())
          if (g.edge(e).target() == v && g.edge(e).kind() == edge_kind::owns &&
              r.is_blocked(g.edge(e).source()) && r.hops[g.edge(e).source()] < r.hops[v])
            by_owner[g.edge(e).source()] += g.edge(e).share();
        for (const auto& [owner, stake] : by_owner)
          total += stake, largest = std::max(largest, stake);
        at_exactly_half += std::abs(total - 0.5) < 1e-12;
        joint_only += rule.aggregate && !rule.reached(largest) && rule.reached(total);
        cyclic += on_ownership_cycle(g, v);
      }
    }
  }
  std::cout << "ownership oracle: " << runs << " runs on " << graphs << " random graphs agree; "
            << blocked_beyond_listed << " entities blocked beyond the listed, " << at_exactly_half
            << " at exactly 50%, " << joint_only << " only by a joint holding, " << cyclic
            << " members of ownership cycles, " << limited << " runs with a hop limit, " << dated
            << " with an as-of date\n";
  EXPECT_GT(at_exactly_half, 100u);
  EXPECT_GT(joint_only, 100u);
  EXPECT_GT(cyclic, 100u);
}

TEST(Ownership, AnyStakeIsReachabilityOverOwnsEdges) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 500; ++i) {
    const std::size_t nodes = 2 + static_cast<std::size_t>(rng() % 40);
    const graph g = random_ownership(rng, nodes);
    const node_index start = static_cast<node_index>(rng() % nodes);
    std::vector<bool> reached(nodes, false);
    std::vector<node_index> stack{start};
    reached[start] = true;
    while (!stack.empty()) {
      node_index v = stack.back();
      stack.pop_back();
      for (edge_index e : g.out_edges(v))
        if (g.edge(e).kind() == edge_kind::owns && !reached[g.edge(e).target()])
          reached[g.edge(e).target()] = true, stack.push_back(g.edge(e).target());
    }
    const ownership_result r =
        ownership_blocked(g, std::vector<node_index>{start}, ownership_rule::any_stake());
    for (node_index v = 0; v < nodes; ++v) ASSERT_EQ(r.is_blocked(v), reached[v]) << v;
  }
}

// The examples of OFAC's "Revised Guidance on Entity Property and Interests in Property
// Blocked" (2014) and FAQs 398-401, under OFAC, EU (2024), EU before 2024 and UK rules.
TEST(Ownership, OfacGuidanceExamples) {
  const ownership_rule ofac = ownership_rule::ofac(), eu = ownership_rule::eu(),
                       eu_before = ownership_rule::eu_until_2024(), uk = ownership_rule::uk();
  // Entity X owned 50% by blocked Person A is blocked (the rule's threshold: 50% or more).
  holding_list half{{{"XA", "Entity X", 0.5}}};
  EXPECT_EQ(blocked_ids(half, {"XA"}, ofac), "Entity X XA");
  EXPECT_EQ(blocked_ids(half, {"XA"}, eu), "Entity X XA");
  EXPECT_EQ(blocked_ids(half, {"XA"}, uk), "XA");  // UK: more than 50%
  EXPECT_EQ(blocked_ids(half, {"XA"}, eu_before), "XA");
  // Aggregation (FAQ 399): blocked A 25% and blocked B 25% -> blocked; UK does not aggregate.
  holding_list joint{{{"XA", "Entity X", 0.25}, {"XB", "Entity X", 0.25}, {"Z", "Entity X", 0.5}}};
  EXPECT_EQ(blocked_ids(joint, {"XA", "XB"}, ofac), "Entity X XA XB");
  EXPECT_EQ(blocked_ids(joint, {"XA", "XB"}, eu), "Entity X XA XB");
  EXPECT_EQ(blocked_ids(joint, {"XA", "XB"}, uk), "XA XB");
  EXPECT_EQ(blocked_ids(joint, {"XA"}, ofac), "XA");  // 25% alone is not enough
  // FAQ 401 example 1: X owns 50% of A, A owns 50% of B: both blocked (indirect ownership).
  holding_list chain{{{"X", "A", 0.5}, {"A", "B", 0.5}}};
  EXPECT_EQ(blocked_ids(chain, {"X"}, ofac), "A B X");
  // Example 2: X owns 50% of A and of B, A and B each 25% of C: C blocked (A and B are).
  holding_list fork{{{"X", "A", 0.5}, {"X", "B", 0.5}, {"A", "C", 0.25}, {"B", "C", 0.25}}};
  EXPECT_EQ(blocked_ids(fork, {"X"}, ofac), "A B C X");
  EXPECT_EQ(blocked_ids(fork, {"X"}, uk), "X");
  // Example 3: X owns 50% of A and 10% of B, A owns 40% of B: B blocked (10% + 40%).
  holding_list mixed{{{"X", "A", 0.5}, {"X", "B", 0.1}, {"A", "B", 0.4}}};
  EXPECT_EQ(blocked_ids(mixed, {"X"}, ofac), "A B X");
  // FAQ 401: X owns 25% of A and of B, A and B each own 50% of C. A and B are not blocked, so
  // their stakes in C do not count (X's look-through share of C, 25%, is not what counts).
  holding_list minority{{{"X", "A", 0.25}, {"X", "B", 0.25}, {"A", "C", 0.5}, {"B", "C", 0.5}}};
  EXPECT_EQ(blocked_ids(minority, {"X"}, ofac), "X");
  // Stakes are not multiplied along chains: 60% of 60% (36% look-through) blocks under OFAC.
  holding_list deep{{{"X", "A", 0.6}, {"A", "B", 0.6}, {"B", "C", 0.6}}};
  EXPECT_EQ(blocked_ids(deep, {"X"}, ofac), "A B C X");
  EXPECT_EQ(blocked_ids(deep, {"X"}, uk), "A B C X");
  // FAQ 398: control without 50% ownership does not block under OFAC; it does under EU and UK.
  holding_list director{{{"X", "D", 0.1}, {"X", "D", 0.0}, {"D", "E", 1.0}}};
  EXPECT_EQ(blocked_ids(director, {"X"}, ofac), "X");
  EXPECT_EQ(blocked_ids(director, {"X"}, eu), "D E X");
  EXPECT_EQ(blocked_ids(director, {"X"}, uk), "D E X");
}

TEST(Ownership, CrossHoldingsAreBlockedOnlyFromOutside) {
  // A and B hold 60% of each other: no listing, nothing blocked; X's 50% of A blocks A, then A's
  // 60% blocks B. A cycle that only blocked owners could push over the threshold stays free.
  holding_list cross{{{"A", "B", 0.6},
                      {"B", "A", 0.6},
                      {"X", "A", 0.5},
                      {"Y", "C", 0.3},
                      {"C", "D", 0.3},
                      {"D", "C", 0.3}}};
  EXPECT_EQ(blocked_ids(cross, {"X"}, ownership_rule::ofac()), "A B X");
  EXPECT_EQ(blocked_ids(cross, {"Y"}, ownership_rule::ofac()),
            "Y");  // C, D: 30% + 30% of each other, neither blocked
  EXPECT_EQ(blocked_ids(cross, {"Y", "D"}, ownership_rule::ofac()), "C D Y");
}

// The walk fetches ahead the stakes of nodes later in the worklist; a node with no out-edges
// numbered after every owner starts its row at the edge count. With 64 edges (one word of the
// stakes' bitmap) that must not read past the bitmap (the sanitizer build checks).
TEST(Ownership, FetchingAheadStaysInsideTheStakes) {
  graph_builder b;
  b.add_node("owner", {.kind = node_kind::firm});
  for (int i = 0; i < 64; ++i) {
    b.add_node("held-" + std::to_string(i), {.kind = node_kind::firm});
    b.add_edge("owner", "held-" + std::to_string(i), {.kind = edge_kind::owns, .share = 0.3});
  }
  const graph g = b.freeze();
  ASSERT_EQ(g.edge_count(), 64u);
  const auto last = static_cast<node_index>(g.node_count() - 1);
  ASSERT_EQ(g.forward().m_forward.m_rowstart[last], 64u) << "the last node owns nothing";
  const node_index owner = g.find("owner");
  std::vector<node_index> listed{owner == 0 ? node_index{1} : node_index{0}, owner, last};
  std::sort(listed.begin(), listed.end());
  listed.erase(std::unique(listed.begin(), listed.end()), listed.end());
  ASSERT_EQ(listed.size(), 3u);
  for (const ownership_rule& rule : {ownership_rule::ofac(), ownership_rule::uk()}) {
    const ownership_result r = ownership_blocked(g, listed, rule);
    EXPECT_EQ(r.blocked.size(), 3u) << "30% stakes block nothing more";
  }
  ownership_rule low = ownership_rule::ofac();
  low.threshold = 0.25;
  EXPECT_EQ(ownership_blocked(g, listed, low).blocked.size(), 65u);
}

TEST(Ownership, DatesAndHopLimits) {
  graph_builder b;
  for (const char* id : {"X", "A", "B", "C"}) b.add_node(id, {});
  const day_number y2010 = days_from_civil(2010, 1, 1), y2015 = days_from_civil(2015, 12, 31);
  b.add_edge("X", "A",
             {.kind = edge_kind::owns, .share = 0.51, .start_date = y2010, .end_date = y2015});
  b.add_edge("X", "A", {.kind = edge_kind::owns, .share = 0.2, .start_date = y2015 + 1});
  b.add_edge("A", "B", {.kind = edge_kind::owns, .share = 1.0});
  b.add_edge("B", "C", {.kind = edge_kind::owns, .share = 1.0});
  const graph g = b.freeze();
  const std::vector<node_index> x{g.find("X")};
  ownership_rule rule = ownership_rule::ofac();
  rule.as_of = days_from_civil(2012, 6, 1);
  EXPECT_EQ(ids(g, ownership_blocked(g, x, rule)), "A B C X");
  rule.as_of = days_from_civil(2016, 1, 1);  // only the 20% stake is in force
  EXPECT_EQ(ids(g, ownership_blocked(g, x, rule)), "X");
  rule.as_of.reset();  // no date: every edge counts, 51% + 20%
  EXPECT_EQ(ids(g, ownership_blocked(g, x, rule)), "A B C X");
  rule.max_hops = 2;
  const ownership_result two = ownership_blocked(g, x, rule);
  EXPECT_EQ(ids(g, two), "A B X");
  EXPECT_EQ(two.hops[g.find("B")], 2u);
  rule.max_hops = 0;
  EXPECT_EQ(ids(g, ownership_blocked(g, x, rule)), "X");
}

TEST(Ownership, ExplanationsNameTheOwnersTheirStakesAndTheSum) {
  holding_list h{
      {{"XA", "H", 0.3}, {"XB", "H", 0.25}, {"Z", "H", 0.45}, {"H", "P", 0.7}, {"Q", "P", 0.3}}};
  const graph g = h.build();
  const std::vector<node_index> listed{g.find("XA"), g.find("XB")};
  const ownership_result r = ownership_blocked(g, listed, ownership_rule::ofac());
  const ownership_explanation why = explain_ownership(g, r, g.find("P"));
  ASSERT_EQ(why.entities.size(), 4u);  // P, H, XA, XB
  EXPECT_EQ(why.entities[0].hops, 2u);
  ASSERT_EQ(why.entities[0].holdings.size(), 1u);
  EXPECT_EQ(why.entities[0].holdings[0].owner, g.find("H"));
  EXPECT_DOUBLE_EQ(why.entities[0].counted, 0.7);
  const ownership_reason& holding = why.entities[why.entities[0].holdings[0].owner_reason];
  EXPECT_EQ(holding.entity, g.find("H"));
  EXPECT_DOUBLE_EQ(holding.counted, 0.55);
  ASSERT_EQ(holding.holdings.size(), 2u);  // XA 30%, XB 25%: Z is not blocked
  EXPECT_EQ(holding.holdings[0].owner, g.find("XA"));
  EXPECT_DOUBLE_EQ(holding.holdings[1].stake, 0.25);
  EXPECT_TRUE(why.entities[holding.holdings[0].owner_reason].listed);
  EXPECT_TRUE(explain_ownership(g, r, g.find("Q")).entities.empty());  // not blocked
}

TEST(Ownership, RejectsBadRulesAndNodes) {
  holding_list h{{{"X", "A", 0.5}}};
  const graph g = h.build();
  EXPECT_THROW(ownership_blocked(g, std::vector<node_index>{7}, ownership_rule::ofac()), error);
  ownership_rule bad = ownership_rule::ofac();
  bad.threshold = 1.5;
  EXPECT_THROW(ownership_blocked(g, std::vector<node_index>{0}, bad), error);
  bad.threshold = std::nan("");
  EXPECT_THROW(ownership_blocked(g, std::vector<node_index>{0}, bad), error);
  EXPECT_EQ(ownership_rule::preset("ofac"), ownership_rule::ofac());
  EXPECT_EQ(ownership_rule::preset("nope"), std::nullopt);
  for (std::string_view name : ownership_rule::preset_names)  // uk and eu-until-2024 coincide
    EXPECT_EQ(ownership_rule::preset(ownership_rule::preset(name)->preset_name()),
              ownership_rule::preset(name));
  EXPECT_EQ(ownership_rule::uk().preset_name(), "uk");
  ownership_rule dated = ownership_rule::uk();
  dated.as_of = 0;
  EXPECT_EQ(dated.preset_name(), "");
}

// The KEK media ownership graph (real percentages, chains of up to 16 firms, cross-holdings):
// the worklist against the brute force, listing the largest holders.
TEST(Ownership, MatchesTheBruteForceOnTheKekOwnershipGraph) {
  const std::string file = MICGRAPH_SHARED_DIR "/data/ftm/kek.ftm.json";
  std::ifstream probe(file);
  if (!probe) GTEST_SKIP() << file << " absent";
  const graph g = io::import_ftm(file).graph;
  std::vector<std::pair<std::size_t, node_index>> by_holdings;
  for (node_index v : g.nodes()) by_holdings.emplace_back(g.out_edges(v).size(), v);
  std::sort(by_holdings.rbegin(), by_holdings.rend());
  std::size_t deepest = 0;
  for (std::size_t listed_count : {1u, 5u, 30u}) {
    std::vector<node_index> listed;
    for (std::size_t k = 0; k < listed_count; ++k) listed.push_back(by_holdings[k].second);
    for (const ownership_rule& rule :
         {ownership_rule::ofac(), ownership_rule::uk(), ownership_rule::any_stake()}) {
      const ownership_result r = ownership_blocked(g, listed, rule);
      ASSERT_EQ(r.hops, brute_force(g, r.listed, rule));
      for (node_index v : r.blocked) deepest = std::max<std::size_t>(deepest, r.hops[v]);
    }
  }
  EXPECT_GE(deepest, 4u);
}

}  // namespace analysis_ownership_test_cases
