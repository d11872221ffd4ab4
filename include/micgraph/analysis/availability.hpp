#pragma once
/// \file analysis/availability.hpp
/// Which nodes can be produced at all: the boolean least fixpoint of the AND/OR rule of
/// DESIGN §2 (a node is available when it is alive and every slot has a live edge from an
/// available source). Cycles cannot lift themselves.

#include <deque>
#include <vector>

#include "micgraph/graph.hpp"

namespace micgraph {

/// Availability of every node, given which edges are live and which nodes are alive.
/// `edge_live(e)` and `node_alive(v)` return bool. O(n + m): each edge is looked at once.
template <class EdgeLive, class NodeAlive>
std::vector<bool> available_nodes(const graph& g, EdgeLive&& edge_live, NodeAlive&& node_alive) {
  const std::size_t n = g.node_count();
  std::vector<bool> available(n, false);
  std::vector<bool> slot_met(g.slot_count(), false);
  std::vector<std::uint32_t> unmet(n);
  std::vector<node_index> ready;
  for (node_index v = 0; v < n; ++v) {
    unmet[v] = static_cast<std::uint32_t>(g.slots(v).size());
    if (unmet[v] == 0 && node_alive(v)) {
      available[v] = true;
      ready.push_back(v);
    }
  }
  const auto slots = g.edge_slots();
  const auto targets = g.edge_targets();
  while (!ready.empty()) {
    node_index v = ready.back();
    ready.pop_back();
    for (edge_index e : g.out_edges(v)) {
      slot_index s = slots[e];
      if (s == no_index || slot_met[s] || !edge_live(e)) continue;
      slot_met[s] = true;
      node_index t = targets[e];
      if (--unmet[t] == 0 && !available[t] && node_alive(t)) {
        available[t] = true;
        ready.push_back(t);
      }
    }
  }
  return available;
}

/// Availability with every edge live and every node alive (no cuts, no evidence filters).
inline std::vector<bool> available_nodes(const graph& g) {
  return available_nodes(
      g, [](edge_index) { return true; }, [](node_index) { return true; });
}

}  // namespace micgraph
