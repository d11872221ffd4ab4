#pragma once
// Copies of a frozen graph with some fields changed (no stocks, every edge at one confidence,
// ...), for tests that compare an analysis on a graph and on its variant.

#include <micgraph/builder.hpp>

namespace micgraph::testing {

/// An edit that keeps a record as it is.
struct keep_record {
  template <class Record>
  void operator()(Record&) const {}
};

/// A builder holding the graph's nodes and edges (not its metadata) in node and edge order, each
/// record passed through edit_node(node_record&) or edit_edge(edge_record&) first. O(n + m).
template <class EditNode, class EditEdge>
graph_builder builder_copy(const graph& g, EditNode&& edit_node, EditEdge&& edit_edge) {
  graph_builder b;
  for (node_index v : g.nodes()) {
    node_record r = g.node(v).record();
    edit_node(r);
    b.add_node(r);
  }
  for (edge_index e : g.edges()) {
    edge_record r = g.edge(e).record();
    edit_edge(r);
    b.add_edge(r);
  }
  return b;
}

/// The graph refrozen with each record edited as builder_copy does. O(n + m) and a freeze.
template <class EditNode, class EditEdge>
graph edited_copy(const graph& g, EditNode&& edit_node, EditEdge&& edit_edge) {
  return builder_copy(g, edit_node, edit_edge).freeze();
}

}  // namespace micgraph::testing
