#pragma once
/// \file io/export.hpp
/// What a picture or an interchange file shows of a graph (DESIGN §4): a subset of its nodes and
/// the analysis results to mark on them. Shared by the DOT/SVG/PNG writer (render/dot.hpp) and the
/// GraphML writer (io/graphml.hpp). The writers only style what they are given; the analyses
/// are run by the caller on the whole graph.

#include <span>

#include "micgraph/analysis/chokepoints.hpp"
#include "micgraph/graph.hpp"
#include "micgraph/scenario.hpp"

namespace micgraph::io {

/// A view of a graph for export. Every member is optional; results are indexed by the node and
/// edge numbers of the whole graph, so one loaded graph and one set of results serve any
/// subset. The spans and the scenario must outlive the call they are passed to.
struct export_view {
  /// The nodes exported, with every edge between two of them (the induced subgraph); no
  /// repeats, any order. Empty: every node.
  std::span<const node_index> nodes;
  /// The subject of the picture (`--focus`): drawn with a double border.
  std::span<const node_index> focus;
  /// A compiled scenario: edges and nodes its rules cut are marked with the rules' names, and
  /// edges its evidence filters drop are drawn as absent.
  const compiled_scenario* scenario = nullptr;
  /// Per node, the capacity fraction without cuts and under the scenario (impact_result's
  /// `baseline` and `capacity`): nodes are shaded by the fraction of their baseline lost.
  /// Both or neither; one entry per node of the whole graph.
  std::span<const double> baseline;
  std::span<const double> capacity;
  /// Single points of failure per target (single_points_result::targets): drawn with a thick
  /// border, their targets named.
  std::span<const target_single_points> single_points;
};

}  // namespace micgraph::io
