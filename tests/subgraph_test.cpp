// Readable subsets: neighbourhoods equal a brute-force shortest-path oracle on random graphs;
// induced subgraphs keep exactly the nodes, the edges among them and every field.

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <micgraph/io/json.hpp>
#include <micgraph/subgraph.hpp>
#include <random>

#include "support/random_graph.hpp"

using namespace micgraph;

// In a namespace of its own: the unity build compiles several test files as one.
namespace subgraph_test_cases {

namespace {

constexpr std::size_t far = std::numeric_limits<std::size_t>::max();

/// Dependency-edge distances from the focus nodes, by relaxing every edge n times (no BFS).
std::vector<std::size_t> oracle_distances(const graph& g, const std::vector<node_index>& focus,
                                          bool forwards) {
  std::vector<std::size_t> distance(g.node_count(), far);
  for (node_index v : focus) distance[v] = 0;
  for (std::size_t round = 0; round < g.node_count(); ++round)
    for (edge_index e : g.edges()) {
      edge_view edge = g.edge(e);
      if (!is_dependency(edge.kind())) continue;
      node_index from = forwards ? edge.source() : edge.target();
      node_index to = forwards ? edge.target() : edge.source();
      if (distance[from] != far) distance[to] = std::min(distance[to], distance[from] + 1);
    }
  return distance;
}

std::vector<node_index> oracle(const graph& g, const std::vector<node_index>& focus,
                               const neighbourhood_options& options) {
  std::vector<std::size_t> up = oracle_distances(g, focus, false);
  std::vector<std::size_t> down = oracle_distances(g, focus, true);
  std::vector<node_index> out;
  for (node_index v : g.nodes()) {
    bool in_focus = std::find(focus.begin(), focus.end(), v) != focus.end();
    bool kept = in_focus || (options.upstream && up[v] != far && up[v] <= options.depth) ||
                (options.downstream && down[v] != far && down[v] <= options.depth);
    if (kept) out.push_back(v);
  }
  return out;
}

}  // namespace

TEST(Subgraph, NeighbourhoodsEqualABruteForceTraversal) {
  for (std::uint64_t seed = 1; seed <= 400; ++seed) {
    SCOPED_TRACE(seed);
    graph g = micgraph::testing::random_graph(seed, {.back_edge_fraction = 0.2});
    std::mt19937_64 rng(seed);
    std::vector<node_index> focus;
    for (std::size_t k = 1 + rng() % 3; k > 0; --k)
      focus.push_back(static_cast<node_index>(rng() % g.node_count()));
    const std::size_t depths[] = {0, 1, 2, 3, 5, far};
    neighbourhood_options options{.depth = depths[rng() % std::size(depths)],
                                  .upstream = rng() % 4 != 0,
                                  .downstream = rng() % 2 == 0};
    ASSERT_EQ(neighbourhood(g, focus, options), oracle(g, focus, options))
        << "depth " << options.depth << " up " << options.upstream << " down "
        << options.downstream;
  }
}

TEST(Subgraph, OwnsEdgesAreNotFollowed) {
  graph g = io::read_json(MICGRAPH_SOURCE_DIR "/tests/data/tiny.json");
  std::vector<node_index> plant = {g.find("ru-plant")};
  std::vector<node_index> cone = neighbourhood(g, plant);
  EXPECT_EQ(std::count(cone.begin(), cone.end(), g.find("ru-holding")), 0);
  EXPECT_EQ(std::count(cone.begin(), cone.end(), g.find("de-maker")), 1);
  EXPECT_EQ(std::count(cone.begin(), cone.end(), g.find("missile")), 0);
  std::vector<node_index> both = neighbourhood(g, plant, {.depth = 1, .downstream = true});
  std::vector<std::string_view> ids;
  for (node_index v : both) ids.push_back(g.node(v).id());
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string_view>{"cn-5axis", "de-5axis", "missile", "ru-plant"}));
  std::vector<node_index> bad = {static_cast<node_index>(g.node_count())};
  EXPECT_THROW(neighbourhood(g, bad), error);
}

TEST(Subgraph, InducedSubgraphsKeepNodesEdgesAndFields) {
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    SCOPED_TRACE(seed);
    graph g = micgraph::testing::random_graph(seed, {.fancy_strings = seed % 2 == 0});
    std::mt19937_64 rng(seed);
    std::vector<node_index> nodes;
    for (node_index v : g.nodes())
      if (rng() % 2 == 0) nodes.push_back(v);
    std::shuffle(nodes.begin(), nodes.end(), rng);
    induced_subgraph part = make_induced_subgraph(g, nodes);
    ASSERT_EQ(part.graph.node_count(), nodes.size());
    ASSERT_EQ(part.original_nodes.size(), nodes.size());
    for (node_index v : part.graph.nodes())
      ASSERT_TRUE(part.graph.node(v).record() == g.node(part.original_nodes[v]).record());
    std::vector<std::uint8_t> kept(g.node_count(), 0);
    for (node_index v : nodes) kept[v] = 1;
    std::size_t expected_edges = 0;
    for (edge_index e : g.edges())
      expected_edges += kept[g.edge_sources()[e]] && kept[g.edge_targets()[e]];
    ASSERT_EQ(part.graph.edge_count(), expected_edges);
    std::vector<edge_index> originals = part.original_edges;
    for (edge_index e : part.graph.edges())
      ASSERT_TRUE(part.graph.edge(e).record() == g.edge(part.original_edges[e]).record());
    std::sort(originals.begin(), originals.end());
    ASSERT_TRUE(std::adjacent_find(originals.begin(), originals.end()) == originals.end());
    EXPECT_EQ(part.graph.metadata(), g.metadata());
  }
  graph g = micgraph::testing::random_graph(3);
  std::vector<node_index> twice = {0, 0};
  EXPECT_THROW(make_induced_subgraph(g, twice), error);
}

}  // namespace subgraph_test_cases
