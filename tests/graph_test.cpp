// The frozen graph against brute force on random graphs: numbering, components, slots, lookup,
// availability; and the builder's checks.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <span>
#include <map>
#include <micgraph/analysis/availability.hpp>
#include <micgraph/builder.hpp>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "support/errors.hpp"
#include "support/graph_copies.hpp"
#include "support/graph_queries.hpp"
#include "support/random_graph.hpp"
#include "support/strings.hpp"

using namespace micgraph;
using namespace micgraph::testing;

// In a namespace of its own: the unity build compiles several test files as one.
namespace graph_test_cases {

namespace {

std::vector<edge_record> all_edges(const graph& g) {
  std::vector<edge_record> out;
  for (edge_index e : g.edges()) out.push_back(g.edge(e).record());
  return out;
}

// Mutual reachability over dependency edges by Floyd–Warshall.
std::vector<std::vector<bool>> reachability(const graph& g) {
  const std::size_t n = g.node_count();
  std::vector<std::vector<bool>> reach(n, std::vector<bool>(n, false));
  for (std::size_t v = 0; v < n; ++v) reach[v][v] = true;
  for (edge_index e : g.edges())
    if (is_dependency(g.edge(e).kind())) reach[g.edge(e).source()][g.edge(e).target()] = true;
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t i = 0; i < n; ++i)
      if (reach[i][k])
        for (std::size_t j = 0; j < n; ++j)
          if (reach[k][j]) reach[i][j] = true;
  return reach;
}

// Availability by repeated relaxation from "nothing available" until nothing changes.
std::vector<bool> available_by_relaxation(const graph& g) {
  std::vector<bool> available(g.node_count(), false);
  for (bool changed = true; changed;) {
    changed = false;
    for (node_index v : g.nodes()) {
      if (available[v]) continue;
      // Group dependency in-edges by the DESIGN §2 rule, straight from the edge fields.
      std::map<std::string, bool> slot_met;
      for (edge_index e : g.edges()) {
        edge_view edge = g.edge(e);
        if (edge.target() != v || !is_dependency(edge.kind())) continue;
        std::string key = !edge.input().empty()               ? "in:" + std::string(edge.input())
                          : shares_provider_slot(edge.kind()) ? "providers"
                                                              : "own:" + std::to_string(e);
        slot_met[key] = slot_met[key] || available[edge.source()];
      }
      bool all = std::all_of(slot_met.begin(), slot_met.end(), [](auto& kv) { return kv.second; });
      if (all) available[v] = changed = true;
    }
  }
  return available;
}

}  // namespace

TEST(Graph, FreezeAgreesWithBruteForceOnRandomGraphs) {
  std::size_t graphs_with_cycles = 0, graphs_with_unavailable_nodes = 0;
  for (std::uint64_t seed = 1; seed <= 400; ++seed) {
    SCOPED_TRACE(seed);
    graph g = micgraph::testing::random_graph(seed, {.back_edge_fraction = 0.2});
    const std::size_t n = g.node_count();

    // Lookup by id.
    for (node_index v : g.nodes()) ASSERT_EQ(g.find(g.node(v).id()), v);
    ASSERT_EQ(g.find("no such node"), no_index);

    // Components: same component iff mutually reachable; numbering topological between them.
    auto reach = reachability(g);
    for (node_index a = 0; a < n; ++a)
      for (node_index b = 0; b < n; ++b)
        ASSERT_EQ(g.component(a) == g.component(b), reach[a][b] && reach[b][a]);
    for (edge_index e : g.edges()) {
      edge_view edge = g.edge(e);
      if (!is_dependency(edge.kind())) continue;
      ASSERT_LE(g.component(edge.source()), g.component(edge.target()));
      if (g.component(edge.source()) == g.component(edge.target())) {
        ASSERT_TRUE(g.component_is_cyclic(g.component(edge.source())));
      }
    }
    for (std::uint32_t c = 0; c < g.component_count(); ++c)
      for (node_index v : g.component_nodes(c)) ASSERT_EQ(g.component(v), c);

    // Out-edges are contiguous by source; in-edges are the dependency edges into v.
    std::size_t dependency_edges = 0;
    for (node_index v : g.nodes()) {
      for (edge_index e : g.out_edges(v)) ASSERT_EQ(g.edge(e).source(), v);
      std::set<edge_index> expected;
      for (edge_index e : g.edges())
        if (g.edge(e).target() == v && is_dependency(g.edge(e).kind())) expected.insert(e);
      auto in = g.in_edges(v);
      ASSERT_EQ(std::set<edge_index>(in.begin(), in.end()), expected);
      dependency_edges += expected.size();
      // Slots partition the in-edges by the DESIGN §2 rule.
      std::map<std::string, std::set<edge_index>> by_rule;
      for (edge_index e : expected) {
        edge_view edge = g.edge(e);
        std::string key = !edge.input().empty()               ? "in:" + std::string(edge.input())
                          : shares_provider_slot(edge.kind()) ? "providers"
                                                              : "own:" + std::to_string(e);
        by_rule[key].insert(e);
      }
      std::set<std::set<edge_index>> expected_slots, slots;
      for (auto& [key, edges] : by_rule) expected_slots.insert(edges);
      for (slot_index s : g.slots(v)) {
        auto edges = g.slot_edges(s);
        ASSERT_FALSE(edges.empty());
        ASSERT_EQ(g.slot_target(s), v);
        for (edge_index e : edges) ASSERT_EQ(g.edge(e).slot(), s);
        slots.insert(std::set<edge_index>(edges.begin(), edges.end()));
      }
      ASSERT_EQ(slots, expected_slots);
    }
    ASSERT_EQ(g.in_edge_order().size(), dependency_edges);
    for (edge_index e : g.edges()) {
      if (!is_dependency(g.edge(e).kind())) {
        ASSERT_EQ(g.edge(e).slot(), no_index);
      }
    }

    // Availability: the worklist algorithm equals repeated relaxation.
    std::vector<bool> available = available_nodes(g);
    ASSERT_EQ(available, available_by_relaxation(g));
    graphs_with_unavailable_nodes += std::count(available.begin(), available.end(), false) > 0;
    graphs_with_cycles += has_cycle(g);
  }
  // The random graphs exercise both cycles and unavailable nodes.
  EXPECT_GT(graphs_with_cycles, 100u);
  EXPECT_GT(graphs_with_unavailable_nodes, 100u);
}

TEST(Graph, TheQueueOfReadyComponentsGivesUpItsLeastFirst) {
  // freeze() orders ready components by their first members through detail::min_bit_queue:
  // against a std::set, on random pushes and pops over ranges around the sizes of its levels.
  std::mt19937_64 random(11);
  for (std::size_t size : {1, 2, 63, 64, 65, 4095, 4096, 4097, 262145, 1000000}) {
    SCOPED_TRACE(size);
    detail::min_bit_queue queue(size);
    std::set<std::uint32_t> expected;
    for (int step = 0; step < 20000; ++step) {
      const bool push = expected.empty() || random() % 3 != 0;
      if (push) {
        const auto x = static_cast<std::uint32_t>(step % 7 == 0 ? size - 1 - random() % std::min<std::size_t>(size, 70)
                                                                : random() % size);
        if (expected.insert(x).second) queue.push(x);
      } else {
        ASSERT_FALSE(queue.empty());
        ASSERT_EQ(queue.pop(), *expected.begin());
        expected.erase(expected.begin());
      }
      ASSERT_EQ(queue.empty(), expected.empty());
    }
    while (!expected.empty()) {
      ASSERT_EQ(queue.pop(), *expected.begin());
      expected.erase(expected.begin());
    }
    EXPECT_TRUE(queue.empty());
  }
}

TEST(Graph, ALargeGraphsNodesKeepTheirFieldsWhenPermutedBesideItsEdges) {
  // From 65,536 nodes freeze() permutes the node columns on a thread of its own while it
  // renumbers the edges: every node, found by its id, keeps every field it was given.
  const std::size_t n = 70000;
  const std::vector<std::string> countries = {"", "RU", "CN", "DE", "US"};
  graph_builder b;
  for (std::size_t i = 0; i < n; ++i) {
    node_fields fields{.kind = static_cast<node_kind>(i % node_kind_count),
                       .name = "node " + std::to_string(i),
                       .country = countries[i % countries.size()],
                       .category = "c/" + std::to_string(i % 13),
                       .tags = {},
                       .capacity = static_cast<double>(i % 100),
                       .stock_months = static_cast<double>(i % 7),
                       .attrs = i % 11 == 0 ? R"({"i": )" + std::to_string(i) + "}" : ""};
    for (std::size_t t = 0; t < i % 3; ++t) fields.tags.push_back("t" + std::to_string((i + t) % 5));
    b.add_node("n" + std::to_string(i), fields);
  }
  // Edges that reorder the nodes, cycles among them.
  for (std::size_t i = 0; i < n; ++i)
    b.add_edge("n" + std::to_string(i), "n" + std::to_string((i * 7919 + 13) % n), {.kind = edge_kind::supplies});
  const graph g = b.freeze();
  ASSERT_EQ(g.node_count(), n);
  std::size_t moved = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const node_index v = g.find("n" + std::to_string(i));
    ASSERT_NE(v, no_index);
    moved += v != i;
    const node_view node = g.node(v);
    ASSERT_EQ(node.id(), "n" + std::to_string(i));
    ASSERT_EQ(node.kind(), static_cast<node_kind>(i % node_kind_count));
    ASSERT_EQ(node.name(), "node " + std::to_string(i));
    ASSERT_EQ(node.country(), countries[i % countries.size()]);
    ASSERT_EQ(node.category(), "c/" + std::to_string(i % 13));
    std::vector<std::string> tags;
    for (std::string_view tag : node.tags()) tags.emplace_back(tag);
    std::vector<std::string> expected_tags;
    for (std::size_t t = 0; t < i % 3; ++t) expected_tags.push_back("t" + std::to_string((i + t) % 5));
    ASSERT_EQ(tags, expected_tags);
    ASSERT_EQ(node.capacity(), static_cast<double>(i % 100));
    ASSERT_EQ(node.stock_months(), static_cast<double>(i % 7));
    ASSERT_EQ(node.attrs(), i % 11 == 0 ? R"({"i": )" + std::to_string(i) + "}" : "");
  }
  EXPECT_GT(moved, n / 2);
  EXPECT_EQ(g.find("n70000"), no_index);
}

TEST(Graph, RefreezingInGraphOrderReproducesTheGraph) {
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    SCOPED_TRACE(seed);
    graph g = micgraph::testing::random_graph(seed, {.fancy_strings = true});
    graph_builder builder = builder_copy(g, keep_record{}, keep_record{});
    builder.set_metadata(std::string(g.metadata()));
    graph again = builder.freeze();
    ASSERT_TRUE(again == g);
    for (node_index v : g.nodes()) ASSERT_EQ(again.node(v).id(), g.node(v).id());
  }
}

TEST(Graph, FreezeKeepsEveryRecordWhateverTheInputOrder) {
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    SCOPED_TRACE(seed);
    graph g = micgraph::testing::random_graph(seed);
    std::vector<node_record> nodes;
    for (node_index v : g.nodes()) nodes.push_back(g.node(v).record());
    std::vector<edge_record> edges = all_edges(g);
    // Edges first, nodes in reverse: endpoints resolve at freeze.
    graph_builder builder;
    std::reverse(edges.begin(), edges.end());
    for (const edge_record& edge : edges) builder.add_edge(edge);
    for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) builder.add_node(*it);
    graph shuffled = builder.freeze();
    ASSERT_EQ(shuffled.node_count(), g.node_count());
    for (const node_record& node : nodes) {
      node_index v = shuffled.find(node.id);
      ASSERT_NE(v, no_index);
      ASSERT_EQ(shuffled.node(v).record(), node);
    }
    auto key = [](const edge_record& r) {
      return std::tuple(r.source, r.target, to_string(r.fields.kind), r.fields.input, r.fields.share,
                        r.fields.quality, r.fields.confidence, r.fields.view, r.fields.sources,
                        r.fields.lead_time_months.value_or(-1), r.fields.attrs);
    };
    std::vector<decltype(key(edges[0]))> want, got;
    for (const auto& r : edges) want.push_back(key(r));
    for (const auto& r : all_edges(shuffled)) got.push_back(key(r));
    std::sort(want.begin(), want.end());
    std::sort(got.begin(), got.end());
    ASSERT_EQ(want, got);
  }
}

// add_edge takes the source of the edge before again without a lookup: with a supplier's
// edges together, nodes added between edges (before and after the ones naming them), and a
// builder used again after freeze, every edge still joins the nodes its ids name.
TEST(Graph, EdgesBySourceResolveWhereverTheirNodesAreAdded) {
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    SCOPED_TRACE(seed);
    graph g = micgraph::testing::random_graph(seed);
    std::vector<node_record> nodes;
    for (node_index v : g.nodes()) nodes.push_back(g.node(v).record());
    std::vector<edge_record> edges = all_edges(g);
    std::stable_sort(edges.begin(), edges.end(),
                     [](const edge_record& a, const edge_record& b) { return a.source < b.source; });
    std::mt19937_64 rng(seed);
    std::shuffle(nodes.begin(), nodes.end(), rng);
    graph_builder builder;
    for (int use = 0; use < 2; ++use) {
      // Nodes and edges interleaved at random, each in its own order.
      std::size_t next_node = 0, next_edge = 0;
      while (next_node < nodes.size() || next_edge < edges.size()) {
        const bool node_now = next_edge == edges.size() ||
                              (next_node < nodes.size() && std::uniform_int_distribution<int>(0, 3)(rng) == 0);
        if (node_now)
          builder.add_node(nodes[next_node++]);
        else
          builder.add_edge(edges[next_edge++]);
      }
      graph built = builder.freeze();
      std::vector<std::tuple<std::string, std::string, std::string>> want, got;
      for (const edge_record& r : edges) want.emplace_back(r.source, r.target, r.fields.input);
      for (const edge_record& r : all_edges(built)) got.emplace_back(r.source, r.target, r.fields.input);
      std::sort(want.begin(), want.end());
      std::sort(got.begin(), got.end());
      ASSERT_EQ(want, got) << "use " << use;
    }
  }
}

TEST(Graph, SlotsFollowTheEdgeKindRules) {
  // A plant needs machining (two alternative machine tools in a named slot), an FPGA
  // (component_of, a slot of its own) and controller software (services, its own slot); its
  // makers (produces) share one slot.
  graph_builder b;
  b.add_node("plant", {.kind = node_kind::facility});
  b.add_node("de-5axis", {.kind = node_kind::machine_tool, .country = "DE"});
  b.add_node("cn-5axis", {.kind = node_kind::machine_tool, .country = "CN"});
  b.add_node("fpga", {.kind = node_kind::component});
  b.add_node("software", {.kind = node_kind::service});
  b.add_node("state-corp", {.kind = node_kind::firm});
  b.add_node("holding", {.kind = node_kind::firm});
  b.add_edge("de-5axis", "plant", {.kind = edge_kind::tooling, .input = "machining"});
  b.add_edge("cn-5axis", "plant", {.kind = edge_kind::tooling, .input = "machining", .quality = 0.4});
  b.add_edge("fpga", "plant", {.kind = edge_kind::component_of});
  b.add_edge("software", "plant", {.kind = edge_kind::services});
  b.add_edge("state-corp", "plant", {.kind = edge_kind::produces});
  b.add_edge("holding", "plant", {.kind = edge_kind::supplies});
  b.add_edge("holding", "state-corp", {.kind = edge_kind::owns});
  graph g = b.freeze();
  node_index plant = g.find("plant");
  ASSERT_EQ(g.slots(plant).size(), 4u);
  std::vector<std::string> names;
  for (slot_index s : g.slots(plant)) names.push_back(g.slot_name(s));
  EXPECT_EQ(names, (std::vector<std::string>{"machining", "component_of:fpga", "services:software",
                                              "providers"}));
  EXPECT_EQ(g.slot_edges(g.slots(plant)[0]).size(), 2u);
  EXPECT_EQ(g.slot_edges(g.slots(plant)[3]).size(), 2u);
  EXPECT_TRUE(g.slots(g.find("holding")).empty());
  // Plant comes after everything it depends on.
  for (const char* input : {"de-5axis", "cn-5axis", "fpga", "software", "state-corp", "holding"})
    EXPECT_LT(g.find(input), plant);
}

TEST(Graph, CyclesCannotLiftThemselves) {
  // A machine-tool maker that needs its own machines: with no outside supply nothing is made;
  // with an outside alternative the cycle is available.
  graph_builder b;
  b.add_node("maker", {.kind = node_kind::firm});
  b.add_node("machine", {.kind = node_kind::machine_tool});
  b.add_edge("maker", "machine", {.kind = edge_kind::produces});
  b.add_edge("machine", "maker", {.kind = edge_kind::tooling});
  graph closed = b.freeze();
  EXPECT_EQ(available_nodes(closed), (std::vector<bool>{false, false}));
  EXPECT_EQ(closed.component_count(), 1u);
  EXPECT_TRUE(closed.component_is_cyclic(0));

  b.add_node("maker", {.kind = node_kind::firm});
  b.add_node("machine", {.kind = node_kind::machine_tool});
  b.add_node("importer", {.kind = node_kind::firm});
  b.add_edge("maker", "machine", {.kind = edge_kind::produces});
  b.add_edge("importer", "machine", {.kind = edge_kind::supplies});
  b.add_edge("machine", "maker", {.kind = edge_kind::tooling});
  graph open = b.freeze();
  EXPECT_EQ(available_nodes(open), (std::vector<bool>{true, true, true}));
}

namespace {

/// The message of the build_error that building (and freezing) throws.
template <class Build>
std::string error_of(Build&& build) {
  return error_message<build_error>([&] {
    graph_builder b;
    build(b);
    b.freeze();
  });
}

}  // namespace

TEST(Graph, BuilderRejectsBadFields) {
  EXPECT_EQ(error_of([](graph_builder& b) {
              b.add_node("a", {});
              b.add_node("a", {});
            }),
            "node 1.id: duplicate id 'a' (first given as node 0)");
  EXPECT_EQ(error_of([](graph_builder& b) { b.add_node("", {}); }),
            "node 0.id: expected a non-empty id");
  EXPECT_EQ(error_of([](graph_builder& b) { b.add_node("a", {.country = "Russia"}); }),
            "node 0.country: expected an ISO 3166-1 alpha-2 code (two capital letters), got "
            "'Russia'");
  EXPECT_EQ(error_of([](graph_builder& b) { b.add_node("a", {.capacity = -1}); }),
            "node 0.capacity: expected units per year in [0, 1e12], got -1");
  EXPECT_EQ(error_of([](graph_builder& b) { b.add_node("a", {.capacity = 2e12}); }),
            "node 0.capacity: expected units per year in [0, 1e12], got 2e12");
  EXPECT_EQ(error_of([](graph_builder& b) { b.add_node("a", {.stock_months = 1200.5}); }),
            "node 0.stock_months: expected months in [0, 1200], got 1200.5");
  EXPECT_EQ(error_of([](graph_builder& b) {
              b.add_node("a", {.capacity = max_capacity, .stock_months = max_months});
            }),
            "no error");
  EXPECT_EQ(error_of([](graph_builder& b) { b.add_node("a", {.stock_months = NAN}); }),
            "node 0.stock_months: expected months in [0, 1200], got nan");
  EXPECT_EQ(error_of([](graph_builder& b) {
              b.add_node("a", {});
              b.add_edge("a", "b", {});
            }),
            "edge 0.target: unknown node id 'b'");
  EXPECT_EQ(error_of([](graph_builder& b) { b.add_edge("a", "b", {.share = 0}); }),
            "edge 0.share: expected a number in (0,1], got 0");
  EXPECT_EQ(error_of([](graph_builder& b) { b.add_edge("a", "b", {.quality = 1.5}); }),
            "edge 0.quality: expected a number in (0,1], got 1.5");
  EXPECT_EQ(error_of([](graph_builder& b) { b.add_edge("a", "b", {.confidence = -0.1}); }),
            "edge 0.confidence: expected a number in [0,1], got -0.1");
  EXPECT_EQ(error_of([](graph_builder& b) { b.add_edge("a", "b", {.lead_time_months = -3}); }),
            "edge 0.lead_time_months: expected months in [0, 1200], got -3");
  EXPECT_EQ(error_of([](graph_builder& b) {
              b.add_edge("a", "b", {.kind = edge_kind::owns, .input = "x"});
            }),
            "edge 0.input: an owns edge is structural and takes no input slot");
  EXPECT_EQ(error_of([](graph_builder& b) { b.add_edge("", "b", {}); }),
            "edge 0.source: expected a non-empty id");
}

// add_edge looks targets up a batch at a time (4096): with edges across many batches, some
// naming nodes added only later, every edge still joins the nodes its ids name, and the unknown
// id reported is the first by edge (its source before its target), whichever batch held it.
TEST(Graph, TargetsLookedUpInBatchesJoinTheirNodes) {
  std::mt19937_64 rng(11);
  const int nodes = 3000, edges = 20000;
  auto id = [](int i) { return "node-" + std::to_string(i); };
  std::vector<std::pair<std::string, std::string>> want, got;
  graph_builder builder;
  int added = 0;
  for (; added < nodes / 2; ++added) builder.add_node(id(added), {});
  for (int e = 0; e < edges; ++e) {
    if (added < nodes && e % 10 == 0) builder.add_node(id(added++), {});
    std::uniform_int_distribution<int> any(0, nodes - 1);
    want.emplace_back(id(any(rng)), id(any(rng)));
    builder.add_edge(want.back().first, want.back().second, {.kind = edge_kind::supplies});
  }
  graph g = builder.freeze();
  for (const edge_record& r : all_edges(g)) got.emplace_back(r.source, r.target);
  std::sort(want.begin(), want.end());
  std::sort(got.begin(), got.end());
  ASSERT_EQ(want, got);

  auto unknown = [](int edges_before, const char* source, const char* target, int edges_after) {
    return error_of([&](graph_builder& b) {
      b.add_node("a", {});
      for (int e = 0; e < edges_before; ++e) b.add_edge("a", "a", {});
      b.add_edge(source, target, {});
      for (int e = 0; e < edges_after; ++e) b.add_edge("elsewhere", "a", {});
    });
  };
  EXPECT_EQ(unknown(5000, "a", "missing", 3000), "edge 5000.target: unknown node id 'missing'");
  EXPECT_EQ(unknown(4095, "a", "missing", 1), "edge 4095.target: unknown node id 'missing'");
  EXPECT_EQ(unknown(7000, "gone", "missing", 10), "edge 7000.source: unknown node id 'gone'");
  EXPECT_EQ(unknown(0, "a", "a", 5), "edge 1.source: unknown node id 'elsewhere'");
}

TEST(Graph, OwnershipEdgesCheckStakesDatesAndKinds) {
  const day_number start = days_from_civil(2014, 3, 1);
  EXPECT_EQ(error_of([&](graph_builder& b) {
              b.add_edge("a", "b", {.kind = edge_kind::produces, .start_date = start});
            }),
            "edge 0.start_date: only owns and controls edges carry dates, this is a produces edge");
  EXPECT_EQ(error_of([&](graph_builder& b) {
              b.add_edge("a", "b", {.kind = edge_kind::owns, .start_date = start, .end_date = start - 1});
            }),
            "edge 0.end_date: ends (2014-02-28) before it starts (2014-03-01)");
  EXPECT_EQ(error_of([&](graph_builder& b) {
              b.add_edge("a", "b", {.kind = edge_kind::controls, .end_date = last_day + 1});
            }),
            "edge 0.end_date: expected a date from 0001-01-01 to 9999-12-31, got day " +
                std::to_string(last_day + 1) + " after 1970-01-01");
  EXPECT_EQ(error_of([](graph_builder& b) { b.add_edge("a", "b", {.kind = edge_kind::controls, .share = 0.5}); }),
            "edge 0.share: a controls edge carries no stake: expected share 1 (left out), got 0.5");
  EXPECT_EQ(error_of([](graph_builder& b) { b.add_edge("a", "b", {.kind = edge_kind::owns, .share = 1.01}); }),
            "edge 0.share: expected a number in (0,1], got 1.01");
  // A stake dated to one day, and open-ended control: kept, structural, no slots.
  graph_builder b;
  b.add_node("state", {.kind = node_kind::person});
  b.add_node("holding", {.kind = node_kind::firm});
  b.add_edge("state", "holding", {.kind = edge_kind::owns, .share = 0.5, .start_date = start, .end_date = start});
  b.add_edge("state", "holding", {.kind = edge_kind::controls, .end_date = start});
  graph g = b.freeze();
  EXPECT_EQ(g.slot_count(), 0u);
  EXPECT_EQ(g.edge(0).start_date(), start);
  EXPECT_EQ(g.edge(0).end_date(), start);
  EXPECT_EQ(g.edge(1).start_date(), std::nullopt);
  EXPECT_EQ(g.edge(1).end_date(), start);
  EXPECT_EQ(g.edge(0).record().fields.share, 0.5);
}

TEST(Graph, DatesParseAndFormatEveryDayOfTheCalendar) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(parse_date("2000-02-29"), days_from_civil(2000, 2, 29));
  EXPECT_EQ(format_date(first_day), "0001-01-01");
  EXPECT_EQ(format_date(last_day), "9999-12-31");
  // Every day: formatting and parsing agree, and consecutive days format in increasing order.
  std::string previous;
  for (day_number day = first_day; day <= last_day; ++day) {
    std::string text = format_date(day);
    ASSERT_EQ(parse_date(text), day) << text;
    ASSERT_LT(previous, text);
    previous = std::move(text);
  }
  for (const char* bad : {"", "2014", "2014-03", "2014-3-01", "2014-03-1", "2014/03/01", "0000-01-01",
                          "2014-00-10", "2014-13-01", "2014-04-31", "1900-02-29", "2023-02-29",
                          "2014-03-01T00:00", " 2014-03-01", "20140301", "+014-03-01", "2014-03-0a"})
    EXPECT_EQ(parse_date(bad), std::nullopt) << bad;
  EXPECT_TRUE(in_force(std::nullopt, std::nullopt, 0));
  EXPECT_TRUE(in_force(5, 5, 5));
  EXPECT_FALSE(in_force(6, std::nullopt, 5));
  EXPECT_FALSE(in_force(std::nullopt, 4, 5));
}

TEST(Graph, EmptyGraphFreezes) {
  graph g = graph_builder().freeze();
  EXPECT_EQ(g.node_count(), 0u);
  EXPECT_EQ(g.edge_count(), 0u);
  EXPECT_EQ(g.slot_count(), 0u);
  EXPECT_EQ(g.component_count(), 0u);
  EXPECT_TRUE(available_nodes(g).empty());
}

// ---- sparse edge columns (detail/sparse_column.hpp) against plain arrays

namespace {

template <class T>
void expect_column_matches(const detail::sparse_column<T>& column, const std::vector<T>& dense) {
  auto same = [](T a, T b) {
    if constexpr (std::is_floating_point_v<T>)
      return (std::isnan(a) && std::isnan(b)) || (a == b && std::signbit(a) == std::signbit(b));
    else
      return a == b;
  };
  ASSERT_EQ(column.size(), dense.size());
  std::vector<std::size_t> differing;
  for (std::size_t i = 0; i < dense.size(); ++i) {
    ASSERT_TRUE(same(column[i], dense[i])) << i;
    const bool differs = !same(dense[i], column.fallback());
    ASSERT_EQ(column.stored(i), differs) << i;
    if (differs) differing.push_back(i);
  }
  ASSERT_EQ(column.values().size(), differing.size());
  ASSERT_EQ(column.present().count(), differing.size());
  std::size_t k = 0;
  column.for_each_stored([&](std::size_t i, T value) {
    ASSERT_LT(k, differing.size());
    EXPECT_EQ(i, differing[k]);
    EXPECT_TRUE(same(value, dense[i]));
    EXPECT_EQ(column.present().rank(i), k);
    ++k;
  });
  EXPECT_EQ(k, differing.size());
  const std::vector<T> back = column.dense();
  for (std::size_t i = 0; i < dense.size(); ++i) ASSERT_TRUE(same(back[i], dense[i])) << i;
  // Rebuilt from its parts (as the .mgb reader does), it is the same column.
  std::vector<std::uint64_t> words(column.present().words().begin(), column.present().words().end());
  auto again = detail::sparse_column<T>::from_parts(
      column.fallback(), detail::rank_bitmap::from_words(dense.size(), std::move(words)),
      std::vector<T>(column.values().begin(), column.values().end()));
  EXPECT_TRUE(again == column);
  if (differing.empty()) {
    EXPECT_TRUE(column.present().words().empty());  // holds nothing
  }
}

}  // namespace

TEST(SparseColumn, MatchesPlainArraysOnRandomColumns) {
  std::mt19937_64 rng(77);
  std::size_t checked = 0, stored = 0;
  for (int round = 0; round < 400; ++round) {
    const std::size_t sizes[] = {0, 1, 63, 64, 65, 127, 128, 129};
    const std::size_t size = round < 64 ? sizes[round % 8] : rng() % 700;
    const double densities[] = {0.0, 0.02, 0.3, 0.9, 1.0};
    const double density = densities[round % 5];
    auto differs = [&] { return std::uniform_real_distribution<double>(0, 1)(rng) < density; };
    std::vector<double> shares(size), lead_times(size);
    std::vector<std::uint16_t> views(size);
    for (std::size_t i = 0; i < size; ++i) {
      shares[i] = differs() ? (rng() % 7 == 0 ? -0.0 : static_cast<double>(rng() % 1000) / 1000) : 1.0;
      lead_times[i] = differs() ? static_cast<double>(rng() % 25) : std::nan("");
      views[i] = differs() ? static_cast<std::uint16_t>(1 + rng() % 3) : 0;
    }
    auto share_column = detail::sparse_column<double>::from_dense(shares, 1.0);
    auto lead_column = detail::sparse_column<double>::from_dense(lead_times, std::nan(""));
    auto view_column = detail::sparse_column<std::uint16_t>::from_dense(views, 0);
    expect_column_matches(share_column, shares);
    expect_column_matches(lead_column, lead_times);
    expect_column_matches(view_column, views);
    checked += 3 * size;
    stored += share_column.values().size() + lead_column.values().size() + view_column.values().size();
  }
  EXPECT_GT(stored, checked / 5);
}

TEST(SparseColumn, ListsAndStringsMatchPlainArrays) {
  std::mt19937_64 rng(78);
  for (int round = 0; round < 200; ++round) {
    const std::size_t size = rng() % 300;
    std::vector<std::uint32_t> offsets{0}, items;
    detail::string_table strings;
    for (std::size_t i = 0; i < size; ++i) {
      const std::size_t length = rng() % 3 == 0 ? 1 + rng() % 3 : 0;
      for (std::size_t k = 0; k < length; ++k) items.push_back(static_cast<std::uint32_t>(1 + rng() % 9));
      offsets.push_back(static_cast<std::uint32_t>(items.size()));
      strings.push_back(std::string(rng() % 4 == 0 ? 1 + rng() % 5 : 0, 'a'));
    }
    auto lists = detail::sparse_lists::from_offsets(offsets, items);
    auto sparse = detail::sparse_strings::from_table(strings);
    ASSERT_EQ(lists.size(), size);
    ASSERT_EQ(sparse.size(), size);
    for (std::size_t i = 0; i < size; ++i) {
      auto list = lists[i];
      ASSERT_TRUE(std::ranges::equal(list, std::span(items).subspan(offsets[i], offsets[i + 1] - offsets[i])));
      ASSERT_EQ(sparse[i], strings[i]);
    }
    std::vector<std::uint64_t> words(lists.present().words().begin(), lists.present().words().end());
    auto again = detail::sparse_lists::from_parts(
        detail::rank_bitmap::from_words(size, std::move(words)),
        std::vector<std::uint32_t>(lists.offsets().begin(), lists.offsets().end()), items);
    EXPECT_TRUE(again == lists);
  }
}

TEST(SparseColumn, InconsistentPartsAreRejected) {
  using detail::rank_bitmap;
  EXPECT_THROW(rank_bitmap::from_words(100, {1}), std::invalid_argument);             // 2 words needed
  EXPECT_THROW(rank_bitmap::from_words(100, {0, std::uint64_t{1} << 40}), std::invalid_argument);  // past 100
  EXPECT_NO_THROW(rank_bitmap::from_words(100, {0, std::uint64_t{1} << 35}));
  EXPECT_EQ(rank_bitmap::from_words(100, {0, 0}).words().size(), 0u);  // nothing set: nothing held
  auto two = [] { return rank_bitmap::from_words(10, {0b101}); };
  EXPECT_THROW(detail::sparse_column<double>::from_parts(1.0, two(), {0.5}), std::invalid_argument);
  EXPECT_THROW(detail::sparse_column<double>::from_parts(1.0, two(), {0.5, 1.0}), std::invalid_argument);
  EXPECT_THROW(detail::sparse_column<double>::from_parts(std::nan(""), two(), {2.0, std::nan("")}),
               std::invalid_argument);
  auto column = detail::sparse_column<double>::from_parts(1.0, two(), {0.5, -0.0});
  EXPECT_EQ(column[0], 0.5);
  EXPECT_EQ(column[1], 1.0);
  EXPECT_TRUE(std::signbit(column[2]));
  EXPECT_THROW(detail::sparse_lists::from_parts(two(), {0, 2}, {1, 2}), std::invalid_argument);
  EXPECT_THROW(detail::sparse_lists::from_parts(two(), {0, 2, 2}, {1, 2}), std::invalid_argument);
  EXPECT_THROW(detail::sparse_lists::from_parts(two(), {0, 1, 3}, {1, 2}), std::invalid_argument);
  EXPECT_NO_THROW(detail::sparse_lists::from_parts(two(), {0, 1, 2}, {1, 2}));
  detail::string_table table;
  table.push_back("{}");
  EXPECT_THROW(detail::sparse_strings::from_parts(two(), table), std::invalid_argument);
  table.push_back("");
  EXPECT_THROW(detail::sparse_strings::from_parts(two(), table), std::invalid_argument);
}

TEST(SparseColumn, GraphsStoreOnlyWhatDiffersFromTheDefaults) {
  // The same topology with every edge at the defaults, and with every edge carrying values.
  auto id = [](int v) { return numbered("n", v); };
  graph_builder plain, full;
  for (graph_builder* b : {&plain, &full}) {
    for (int v = 0; v < 200; ++v) b->add_node(id(v), {.kind = node_kind::component});
  }
  for (int e = 0; e < 1000; ++e) {
    const std::string from = id(e % 150), to = id(150 + e % 50);
    plain.add_edge(from, to, {.kind = edge_kind::component_of});
    full.add_edge(from, to, {.kind = edge_kind::component_of, .input = numbered("in", e % 7),
                             .share = 0.5, .quality = 0.25, .confidence = 0.75, .view = "western",
                             .sources = {"seed"}, .lead_time_months = 3.0,
                             .attrs = R"({"k":1})"});
  }
  const graph a = plain.freeze(), b = full.freeze();
  EXPECT_LT(a.memory().edge_properties, b.memory().edge_properties);
  // Edge sources and kinds (5 bytes) and nothing else per edge.
  EXPECT_LE(a.memory().edge_properties, 5 * a.edge_count() + 64);
  for (edge_index e : b.edges()) {
    EXPECT_EQ(a.edge(e).share(), 1.0);
    EXPECT_FALSE(a.edge(e).lead_time_months());
    EXPECT_TRUE(a.edge(e).sources().empty());
    EXPECT_EQ(a.edge(e).attrs(), "");
    EXPECT_EQ(b.edge(e).share(), 0.5);
    EXPECT_EQ(b.edge(e).quality(), 0.25);
    EXPECT_EQ(b.edge(e).confidence(), 0.75);
    EXPECT_EQ(b.edge(e).view(), "western");
    EXPECT_EQ(*b.edge(e).lead_time_months(), 3.0);
    EXPECT_EQ(b.edge(e).attrs(), R"({"k":1})");
    EXPECT_EQ(std::vector<std::string_view>(b.edge(e).sources().begin(), b.edge(e).sources().end()),
              std::vector<std::string_view>{"seed"});
  }
}

}  // namespace graph_test_cases
