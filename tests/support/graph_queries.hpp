#pragma once
// Small questions the tests ask of a frozen graph: which edges an evidence filter keeps, whether
// it has a cycle, its nodes, products and ids, and the plain share x quality edge weights.

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <micgraph/graph.hpp>
#include <set>
#include <string>
#include <vector>

namespace micgraph::testing {

/// An evidence filter over edges, as the analyses' options take it; empty keeps every edge.
using edge_filter = std::function<bool(edge_index)>;

/// Whether the filter keeps edge e (an empty filter keeps all). O(1) plus the filter's cost.
inline bool present(const edge_filter& filter, edge_index e) { return !filter || filter(e); }

/// Whether any strongly connected component of the graph holds a cycle. O(components).
inline bool has_cycle(const graph& g) {
  for (std::uint32_t c = 0; c < g.component_count(); ++c)
    if (g.component_is_cyclic(c)) return true;
  return false;
}

/// Every node, in node order. O(n).
inline std::vector<node_index> all_nodes(const graph& g) {
  std::vector<node_index> out;
  for (node_index v : g.nodes()) out.push_back(v);
  return out;
}

/// The product nodes, in node order. O(n).
inline std::vector<node_index> products(const graph& g) {
  std::vector<node_index> out;
  for (node_index v : g.nodes())
    if (g.node_kinds()[v] == node_kind::product) out.push_back(v);
  return out;
}

/// The ids of the nodes, sorted. O(k log k).
inline std::vector<std::string> sorted_ids(const graph& g, const std::vector<node_index>& nodes) {
  std::vector<std::string> out;
  for (node_index v : nodes) out.emplace_back(g.node(v).id());
  std::sort(out.begin(), out.end());
  return out;
}

/// The ids of the nodes as a set. O(k log k).
inline std::set<std::string> id_set(const graph& g, const std::vector<node_index>& nodes) {
  std::set<std::string> out;
  for (node_index v : nodes) out.emplace(g.node(v).id());
  return out;
}

/// The node numbers of the ids, in the order given (no_index for an unknown id). O(k).
inline std::vector<node_index> nodes_named(const graph& g, std::initializer_list<const char*> ids) {
  std::vector<node_index> out;
  for (const char* id : ids) out.push_back(g.find(id));
  return out;
}

/// The plain edge weights share x quality, in in-edge order (as propagate takes them). O(m).
inline std::vector<double> share_quality_weights(const graph& g) {
  std::vector<double> w;
  for (edge_index e : g.in_edge_order()) w.push_back(g.edge_shares()[e] * g.edge_qualities()[e]);
  return w;
}

}  // namespace micgraph::testing
