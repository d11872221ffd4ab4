#pragma once
/// \file subgraph.hpp
/// Readable subsets of a large graph (DESIGN §4, `--focus ID --depth N`): the neighbourhood of
/// some focus nodes over dependency edges, upstream (what they need) and/or downstream (what
/// needs them), and the induced subgraph of a set of nodes as a graph of its own.

#include <algorithm>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "micgraph/builder.hpp"
#include "micgraph/error.hpp"
#include "micgraph/graph.hpp"

namespace micgraph {

struct neighbourhood_options {
  /// Dependency edges walked from a focus node at most; 0 keeps the focus nodes only.
  std::size_t depth = std::numeric_limits<std::size_t>::max();
  /// Follow dependency edges backwards: the inputs, tools, services and providers a focus node
  /// needs, and theirs (its upstream cone).
  bool upstream = true;
  /// Follow dependency edges forwards: what needs a focus node (its downstream cone).
  bool downstream = false;
};

/// The focus nodes and every node within `depth` dependency edges of one of them, upstream
/// and/or downstream (the union of both cones when both are asked for; `owns` edges are
/// structural and never followed), in ascending node order. Breadth-first from all focus nodes
/// at once: O(nodes + edges of the result's cone). Throws micgraph::error for a focus number
/// that is not a node.
inline std::vector<node_index> neighbourhood(const graph& g, std::span<const node_index> focus,
                                             const neighbourhood_options& options = {}) {
  const std::size_t n = g.node_count();
  for (node_index v : focus)
    if (v >= n) throw error("neighbourhood: node number " + std::to_string(v) + " is not a node");
  std::vector<std::uint8_t> seen(n, 0);
  std::vector<node_index> out;
  auto walk = [&](bool forwards) {
    // One breadth-first search per direction: a node reached upstream at depth 3 may lie
    // downstream at depth 1, so the two cones are searched separately and merged.
    std::vector<std::size_t> depth(n, std::numeric_limits<std::size_t>::max());
    std::vector<node_index> frontier;
    for (node_index v : focus)
      if (depth[v] != 0) depth[v] = 0, frontier.push_back(v);
    const auto kinds = g.edge_kinds();
    const auto targets = g.edge_targets();
    const auto sources = g.edge_sources();
    for (std::size_t level = 0; !frontier.empty(); ++level) {
      for (node_index v : frontier)
        if (!seen[v]) seen[v] = 1, out.push_back(v);
      if (level == options.depth) break;
      std::vector<node_index> next;
      auto reach = [&](node_index u) {
        if (depth[u] == std::numeric_limits<std::size_t>::max()) {
          depth[u] = level + 1;
          next.push_back(u);
        }
      };
      for (node_index v : frontier) {
        if (forwards) {
          for (edge_index e : g.out_edges(v))
            if (is_dependency(kinds[e])) reach(targets[e]);
        } else {
          for (edge_index e : g.in_edges(v)) reach(sources[e]);
        }
      }
      frontier = std::move(next);
    }
  };
  if (options.upstream) walk(false);
  if (options.downstream) walk(true);
  if (!options.upstream && !options.downstream)
    for (node_index v : focus)
      if (!seen[v]) seen[v] = 1, out.push_back(v);
  std::sort(out.begin(), out.end());
  return out;
}

/// A part of a graph frozen as a graph of its own, with the way back to the whole.
struct induced_subgraph {
  micgraph::graph graph;
  std::vector<node_index> original_nodes;  ///< per node of `graph`: its number in the whole
  std::vector<edge_index> original_edges;  ///< per edge of `graph`: its number in the whole
};

/// The given nodes and every edge (of any kind) between two of them, with all their fields and
/// the graph's metadata, frozen into a new graph (node numbers change: the new graph has its own
/// topological order). O((k + m_k) log k) for k nodes and the m_k edges among them. Throws
/// micgraph::error for a repeated node or a number that is not a node.
inline induced_subgraph make_induced_subgraph(const graph& g, std::span<const node_index> nodes) {
  std::vector<node_index> position(g.node_count(), no_index);
  graph_builder builder;
  builder.reserve(nodes.size(), nodes.size() * 2);
  for (node_index v : nodes) {
    if (v >= g.node_count())
      throw error("induced subgraph: node number " + std::to_string(v) + " is not a node");
    if (position[v] != no_index)
      throw error("induced subgraph: node '" + std::string(g.node(v).id()) + "' given twice");
    position[v] = builder.add_node(g.node(v).record());
  }
  std::vector<edge_index> kept;
  std::vector<node_index> sorted(nodes.begin(), nodes.end());
  std::sort(sorted.begin(), sorted.end());
  const auto targets = g.edge_targets();
  for (node_index v : sorted)
    for (edge_index e : g.out_edges(v))
      if (position[targets[e]] != no_index) {
        edge_view edge = g.edge(e);
        builder.add_edge(position[v], position[targets[e]], edge.record().fields);
        kept.push_back(e);
      }
  builder.set_metadata(std::string(g.metadata()));
  induced_subgraph out;
  out.graph = builder.freeze();
  // freeze() renumbers nodes and sorts edges by source; find each again by id, then match the
  // edges of each source in order (freeze keeps the order of one source's edges).
  out.original_nodes.resize(out.graph.node_count());
  for (node_index v : nodes) out.original_nodes[out.graph.find(g.node(v).id())] = v;
  out.original_edges.resize(out.graph.edge_count());
  std::vector<std::vector<edge_index>> kept_by_source(out.graph.node_count());
  for (edge_index e : kept)
    kept_by_source[out.graph.find(g.node(g.edge_sources()[e]).id())].push_back(e);
  for (node_index v : out.graph.nodes()) {
    std::size_t i = 0;
    for (edge_index e : out.graph.out_edges(v)) out.original_edges[e] = kept_by_source[v][i++];
  }
  return out;
}

}  // namespace micgraph
