#pragma once
// Random cycle-heavy AND/OR supply graphs: every non-source node needs one or more named input
// slots (AND), each met by one of up to three providers (OR), some providers drawn from anywhere
// so that cycles close. The same seed and options always give the same graph.

#include <micgraph/builder.hpp>
#include <random>

#include "support/strings.hpp"

namespace micgraph::testing {

/// What and_or_slot_graph draws for each edge besides its endpoints.
enum class slot_edge_draw {
  share,           ///< share 0.2, 0.4, ..., 1.0
  low_confidence,  ///< confidence 0.3 one time in five, 1 otherwise (for evidence filters)
};

struct and_or_slot_options {
  std::size_t min_nodes = 5;         ///< min_nodes to max_nodes nodes
  std::size_t max_nodes = 30;
  std::size_t max_slots = 2;         ///< each non-source node needs 1 to max_slots input slots
  std::size_t backwards_one_in = 4;  ///< one provider in this many is drawn from any node
  slot_edge_draw draw = slot_edge_draw::share;
};

/// Nodes "n0", "n1", ...; the first and a fifth of the others are sources; every other node v
/// needs slots "input0", "input1", ..., each with one to three `supplies` providers drawn from
/// the nodes before v, or from any node (backwards: cycles). O(n).
inline graph and_or_slot_graph(std::uint64_t seed, const and_or_slot_options& options = {}) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](std::size_t lo, std::size_t hi) { return lo + rng() % (hi - lo + 1); };
  const std::size_t n = uniform(options.min_nodes, options.max_nodes);
  graph_builder b;
  for (std::size_t i = 0; i < n; ++i) b.add_node(numbered("n", i), {});
  for (std::size_t v = 1; v < n; ++v) {
    if (uniform(0, 9) < 2) continue;  // a source
    for (std::size_t slot = 0, slots = uniform(1, options.max_slots); slot < slots; ++slot)
      for (std::size_t k = 0, providers = uniform(1, 3); k < providers; ++k) {
        const bool backwards = uniform(0, options.backwards_one_in - 1) == 0;
        std::size_t u = backwards ? uniform(0, n - 1) : uniform(0, v - 1);
        edge_fields fields{.kind = edge_kind::supplies, .input = numbered("input", slot)};
        if (options.draw == slot_edge_draw::share)
          fields.share = 0.2 * static_cast<double>(uniform(1, 5));
        else
          fields.confidence = uniform(0, 4) == 0 ? 0.3 : 1.0;
        b.add_edge(static_cast<node_index>(u), static_cast<node_index>(v), fields);
      }
  }
  return b.freeze();
}

}  // namespace micgraph::testing
