#pragma once
// Random OR-only supply graphs: every node needs one provider slot at most, so a node is
// available when any provider is, and single points of failure are dominators. Two shapes:
// providers drawn node by node (single points, dominators) and edges drawn at random with some
// low-confidence evidence (cheapest cuts under evidence filters). The same seed always gives the
// same graph.

#include <micgraph/builder.hpp>
#include <random>
#include <string>
#include <utility>

#include "support/strings.hpp"

namespace micgraph::testing {

/// 5 to max_nodes nodes (every third a firm, the rest components); the first node and a fifth
/// of the others are sources, every other node draws one to three providers (produces and
/// supplies alternately, shares 0.5, 0.6, 0.7) from the nodes before it, a fifth of them from
/// anywhere (cycles). O(n).
inline graph or_only_provider_graph(std::uint64_t seed, std::size_t max_nodes = 40) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](std::size_t lo, std::size_t hi) { return lo + rng() % (hi - lo + 1); };
  const std::size_t n = uniform(5, max_nodes);
  graph_builder b;
  for (std::size_t i = 0; i < n; ++i)
    b.add_node(numbered("n", i), {.kind = i % 3 == 0 ? node_kind::firm : node_kind::component});
  for (std::size_t v = 1; v < n; ++v) {
    if (uniform(0, 9) < 2) continue;  // a source
    std::size_t providers = uniform(1, 3);
    for (std::size_t k = 0; k < providers; ++k) {
      std::size_t u = uniform(0, v - 1);
      if (uniform(0, 9) < 2) u = uniform(0, n - 1);  // backwards: may close a cycle
      b.add_edge(static_cast<node_index>(u), static_cast<node_index>(v),
                 {.kind = k % 2 ? edge_kind::supplies : edge_kind::produces,
                  .share = 0.5 + 0.1 * static_cast<double>(k)});
    }
  }
  return b.freeze();
}

/// 5 to 18 nodes and n to 3n `supplies` edges between random nodes into the one shared
/// provider slot of their target; an edge drawn backwards is turned forwards four times in five
/// (the rest may close cycles); one in six has confidence 0.3 (for evidence filters). O(n).
inline graph or_only_random_edge_graph(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](std::size_t lo, std::size_t hi) { return lo + rng() % (hi - lo + 1); };
  const std::size_t n = uniform(5, 18);
  graph_builder b;
  for (std::size_t i = 0; i < n; ++i) b.add_node(numbered("n", i), {});
  const std::size_t m = uniform(n, 3 * n);
  for (std::size_t j = 0; j < m; ++j) {
    std::size_t u = uniform(0, n - 1), v = uniform(0, n - 1);
    if (u > v && uniform(0, 4) != 0) std::swap(u, v);
    b.add_edge(static_cast<node_index>(u), static_cast<node_index>(v),
               {.kind = edge_kind::supplies, .confidence = uniform(0, 5) == 0 ? 0.3 : 1.0});
  }
  return b.freeze();
}

}  // namespace micgraph::testing
